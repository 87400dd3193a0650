//! Instruction builders for every Ballast instruction, one struct per instruction and one
//! file each, made from the program's own Anchor types (`ballast::accounts::*` for the
//! accounts, `ballast::instruction::*` for the data), so a change to the program's
//! accounts or arguments is a compile error here.
//!
//! Each builder holds the program's accounts struct, the remaining accounts and the
//! arguments as public fields, and [`instruction`](Deposit::instruction) turns it into an
//! [`Instruction`]. A convenience constructor fills every field from a [`VaultAccounts`]
//! (`Deposit::new(&vault, &user, ...)`); a test may then change any field before sending
//! (another price account, a missing signer, a foreign escrow) to see the program refuse.
//!
//! [`VaultAccounts`] holds the vault's PDAs and, per asset, its mint, reserve, escrow,
//! token program and the Pyth price account to read. The vault stores only each asset's
//! feed id, so the price accounts are the caller's choice.

use anchor_lang::prelude::Pubkey;
use ballast::state::Vault;
use solana_instruction::{AccountMeta, Instruction};

use crate::error::{SdkError, SdkResult};
use crate::pda::{self, VaultPdas};

mod changes;
mod collect_fees;
mod create_escrow;
mod deposit;
mod expect_config;
mod initialize_vault;
mod open_round;
mod pause;
mod rebalance;
mod remove_asset;
mod set_lookup_table;
mod withdraw;

pub use changes::{ApplyChange, CancelChange, DiscardChange, ExecuteChange, QueueChange};
pub use collect_fees::CollectFees;
pub use create_escrow::CreateEscrow;
pub use deposit::Deposit;
pub use expect_config::ExpectConfig;
pub use initialize_vault::InitializeVault;
pub use open_round::OpenRound;
pub use pause::Pause;
pub use rebalance::Rebalance;
pub use remove_asset::RemoveAsset;
pub use set_lookup_table::SetLookupTable;
pub use withdraw::Withdraw;

/// The classic SPL Token program, which owns every vault's share mint.
pub const SHARE_TOKEN_PROGRAM: Pubkey = anchor_spl::token::ID;

/// Compute units every builder's transaction may request at most (the runtime's maximum).
pub const MAX_COMPUTE_UNITS: u32 = 1_400_000;

/// The compute-budget instruction setting the transaction's compute-unit limit.
pub fn compute_unit_limit(units: u32) -> Instruction {
    solana_compute_budget_interface::ComputeBudgetInstruction::set_compute_unit_limit(units)
}

/// The accounts of one vault asset a client passes to instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssetAccounts {
    /// The asset's mint.
    pub mint: Pubkey,
    /// The vault's reserve of it.
    pub reserve: Pubkey,
    /// Its swap escrow.
    pub escrow: Pubkey,
    /// Its token program (SPL Token or Token-2022).
    pub token_program: Pubkey,
    /// The Pyth `PriceUpdateV2` account to price it with.
    pub price_account: Pubkey,
}

/// Everything instructions need to name a vault's accounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultAccounts {
    /// The vault-wide PDAs.
    pub pdas: VaultPdas,
    /// One entry per asset, in vault order.
    pub assets: Vec<AssetAccounts>,
    /// The address lookup table the manager published for the vault (`set_lookup_table`),
    /// if any: transactions naming these accounts should use it ([`crate::lookup`]).
    pub lookup_table: Option<Pubkey>,
}

impl VaultAccounts {
    /// From a decoded vault and one price account per asset (in vault order).
    pub fn from_state(vault: Pubkey, state: &Vault, price_accounts: &[Pubkey]) -> SdkResult<Self> {
        let assets = state.assets();
        if price_accounts.len() != assets.len() {
            return Err(SdkError::InvalidInput(format!(
                "vault {vault} has {} assets but {} price accounts were given",
                assets.len(),
                price_accounts.len()
            )));
        }
        Ok(VaultAccounts {
            pdas: VaultPdas {
                vault,
                authority: state.vault_authority,
                swap_authority: state.swap_authority,
                share_mint: state.share_mint,
            },
            assets: assets
                .iter()
                .zip(price_accounts)
                .map(|(a, &price_account)| AssetAccounts {
                    mint: a.mint,
                    reserve: a.reserve,
                    escrow: pda::escrow(&vault, &a.mint),
                    token_program: a.token_program_kind().program_id(),
                    price_account,
                })
                .collect(),
            lookup_table: (state.lookup_table != Pubkey::default()).then_some(state.lookup_table),
        })
    }

    /// Derived from the mints (with their token programs) and price accounts, before the
    /// vault exists.
    pub fn derive(vault: Pubkey, mints: &[(Pubkey, Pubkey)], price_accounts: &[Pubkey]) -> Self {
        VaultAccounts {
            pdas: VaultPdas::of(vault),
            assets: mints
                .iter()
                .zip(price_accounts)
                .map(|(&(mint, token_program), &price_account)| AssetAccounts {
                    mint,
                    reserve: pda::reserve(&vault, &mint),
                    escrow: pda::escrow(&vault, &mint),
                    token_program,
                    price_account,
                })
                .collect(),
            lookup_table: None,
        }
    }

    /// The vault account.
    pub fn vault(&self) -> Pubkey {
        self.pdas.vault
    }

    /// Asset `index`'s accounts.
    pub fn asset(&self, index: usize) -> SdkResult<&AssetAccounts> {
        self.assets.get(index).ok_or_else(|| {
            SdkError::InvalidInput(format!(
                "asset index {index} outside the vault's {} assets",
                self.assets.len()
            ))
        })
    }
}

fn index_u8(index: usize) -> SdkResult<u8> {
    u8::try_from(index).map_err(|_| SdkError::InvalidInput(format!("asset index {index}")))
}

/// A Ballast instruction: the accounts struct's metas, then the remaining accounts.
fn ballast_instruction(
    accounts: &impl anchor_lang::ToAccountMetas,
    remaining: &[AccountMeta],
    data: Vec<u8>,
) -> Instruction {
    let mut metas = accounts.to_account_metas(None);
    metas.extend_from_slice(remaining);
    Instruction {
        program_id: ballast::ID,
        accounts: metas,
        data,
    }
}

/// `[reserve, price account]` of every asset, in vault order, the reserves in `writable`
/// writable (what `deposit` and `rebalance` take after their named accounts).
fn reserves_and_prices(vault: &VaultAccounts, writable: &[usize]) -> Vec<AccountMeta> {
    vault
        .assets
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            let reserve = if writable.contains(&i) {
                AccountMeta::new(a.reserve, false)
            } else {
                AccountMeta::new_readonly(a.reserve, false)
            };
            [reserve, AccountMeta::new_readonly(a.price_account, false)]
        })
        .collect()
}

/// One asset of a new vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewAsset {
    /// Its mint.
    pub mint: Pubkey,
    /// The mint's token program.
    pub token_program: Pubkey,
    /// Its Pyth feed id.
    pub feed_id: [u8; 32],
    /// Target weight in bps (the vault's weights sum to 10,000).
    pub target_weight_bps: u16,
}

/// A venue call `rebalance` forwards: the DEX program, its accounts (in its order) and data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DexCall {
    /// The DEX program (must be on the vault's allowlist).
    pub program: Pubkey,
    /// Its instruction's accounts. The vault's swap authority signs for itself in the CPI:
    /// pass it as a non-signer.
    pub accounts: Vec<AccountMeta>,
    /// Its instruction data.
    pub data: Vec<u8>,
}

/// The associated token account of `owner` for `mint` under `token_program`.
pub fn associated_token_address(owner: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    anchor_spl::associated_token::get_associated_token_address_with_program_id(
        owner,
        mint,
        token_program,
    )
}

/// Creates `owner`'s associated token account for `mint` unless it exists (paid by `payer`).
pub fn create_associated_token_account_idempotent(
    payer: &Pubkey,
    owner: &Pubkey,
    mint: &Pubkey,
    token_program: &Pubkey,
) -> Instruction {
    anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
        payer,
        owner,
        mint,
        token_program,
    )
}
