//! Instruction builders for every Ballast instruction, made from the program's own Anchor
//! types (`ballast::accounts::*` for the accounts, `ballast::instruction::*` for the data),
//! so a change to the program's accounts or arguments is a compile error here.
//!
//! Most builders take a [`VaultAccounts`]: the vault's PDAs and, per asset, its mint,
//! reserve, escrow, token program and the Pyth price account to read. The vault stores only
//! each asset's feed id, so the price accounts are the caller's choice.

use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use ballast::instructions::{
    AssetInit, ConfigureRebalanceArgs, CreateEscrowArgs, DepositArgs, InitializeVaultArgs,
    RebalanceArgs, WithdrawArgs,
};
use ballast::state::Vault;
use solana_instruction::{AccountMeta, Instruction};

use crate::error::{SdkError, SdkResult};
use crate::pda::{self, VaultPdas};

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
                authority: state.authority,
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

    fn asset(&self, index: usize) -> SdkResult<&AssetAccounts> {
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

fn ballast_instruction(
    mut accounts: Vec<AccountMeta>,
    remaining: Vec<AccountMeta>,
    data: Vec<u8>,
) -> Instruction {
    accounts.extend(remaining);
    Instruction {
        program_id: ballast::ID,
        accounts,
        data,
    }
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

/// `initialize_vault`: `manager` creates its vault `vault_id` holding `assets`.
pub fn initialize_vault(
    manager: &Pubkey,
    vault_id: u64,
    assets: &[NewAsset],
    max_oracle_age_secs: u32,
    max_conf_bps: u16,
) -> Instruction {
    let p = VaultPdas::new(manager, vault_id);
    let accounts = ballast::accounts::InitializeVault {
        manager: *manager,
        vault: p.vault,
        vault_authority: p.authority,
        swap_authority: p.swap_authority,
        share_mint: p.share_mint,
        token_program: anchor_spl::token::ID,
        token_2022_program: Some(anchor_spl::token_2022::ID),
        system_program: anchor_lang::system_program::ID,
    };
    let remaining = assets
        .iter()
        .flat_map(|a| {
            [
                AccountMeta::new_readonly(a.mint, false),
                AccountMeta::new(pda::reserve(&p.vault, &a.mint), false),
            ]
        })
        .collect();
    let args = InitializeVaultArgs {
        vault_id,
        max_oracle_age_secs,
        max_conf_bps,
        assets: assets
            .iter()
            .map(|a| AssetInit {
                feed_id: a.feed_id,
                target_weight_bps: a.target_weight_bps,
            })
            .collect(),
    };
    ballast_instruction(
        accounts.to_account_metas(None),
        remaining,
        ballast::instruction::InitializeVault { args }.data(),
    )
}

/// `create_escrow` of asset `asset_index`, paid by `payer`.
pub fn create_escrow(
    vault: &VaultAccounts,
    asset_index: usize,
    payer: &Pubkey,
) -> SdkResult<Instruction> {
    let a = vault.asset(asset_index)?;
    let accounts = ballast::accounts::CreateEscrow {
        payer: *payer,
        vault: vault.vault(),
        swap_authority: vault.pdas.swap_authority,
        mint: a.mint,
        escrow: a.escrow,
        token_program: a.token_program,
        system_program: anchor_lang::system_program::ID,
    };
    let args = CreateEscrowArgs {
        asset_index: index_u8(asset_index)?,
    };
    Ok(ballast_instruction(
        accounts.to_account_metas(None),
        Vec::new(),
        ballast::instruction::CreateEscrow { args }.data(),
    ))
}

/// `set_lookup_table`: the manager publishes `table` as the vault's address lookup table.
pub fn set_lookup_table(manager: &Pubkey, vault: &Pubkey, table: &Pubkey) -> Instruction {
    let accounts = ballast::accounts::SetLookupTable {
        manager: *manager,
        vault: *vault,
        lookup_table: *table,
    };
    ballast_instruction(
        accounts.to_account_metas(None),
        Vec::new(),
        ballast::instruction::SetLookupTable {}.data(),
    )
}

/// `configure_rebalance`, signed by the vault's manager.
pub fn configure_rebalance(
    manager: &Pubkey,
    vault: &Pubkey,
    args: ConfigureRebalanceArgs,
) -> Instruction {
    let accounts = ballast::accounts::ConfigureRebalance {
        manager: *manager,
        vault: *vault,
    };
    ballast_instruction(
        accounts.to_account_metas(None),
        Vec::new(),
        ballast::instruction::ConfigureRebalance { args }.data(),
    )
}

/// `deposit`: `user` deposits `amount` of asset `asset_index` from `user_token`, receiving
/// at least `min_shares_out` shares in `user_shares`.
pub fn deposit(
    vault: &VaultAccounts,
    user: &Pubkey,
    user_token: &Pubkey,
    user_shares: &Pubkey,
    asset_index: usize,
    amount: u64,
    min_shares_out: u64,
) -> SdkResult<Instruction> {
    let a = vault.asset(asset_index)?;
    let accounts = ballast::accounts::Deposit {
        user: *user,
        vault: vault.vault(),
        vault_authority: vault.pdas.authority,
        share_mint: vault.pdas.share_mint,
        user_token: *user_token,
        user_shares: *user_shares,
        asset_mint: a.mint,
        asset_token_program: a.token_program,
        token_program: anchor_spl::token::ID,
    };
    let remaining = vault
        .assets
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            let reserve = if i == asset_index {
                AccountMeta::new(a.reserve, false)
            } else {
                AccountMeta::new_readonly(a.reserve, false)
            };
            [reserve, AccountMeta::new_readonly(a.price_account, false)]
        })
        .collect();
    let args = DepositArgs {
        asset_index: index_u8(asset_index)?,
        amount,
        min_shares_out,
    };
    Ok(ballast_instruction(
        accounts.to_account_metas(None),
        remaining,
        ballast::instruction::Deposit { args }.data(),
    ))
}

/// `withdraw`: `user` burns `shares` from `user_shares` and receives its part of every
/// asset not in `skip_assets` (bit `i` = asset `i`) in `user_tokens[i]`.
pub fn withdraw(
    vault: &VaultAccounts,
    user: &Pubkey,
    user_shares: &Pubkey,
    user_tokens: &[Pubkey],
    shares: u64,
    min_amounts_out: Vec<u64>,
    skip_assets: u16,
) -> SdkResult<Instruction> {
    if user_tokens.len() != vault.assets.len() {
        return Err(SdkError::InvalidInput(format!(
            "{} user token accounts for {} assets",
            user_tokens.len(),
            vault.assets.len()
        )));
    }
    let accounts = ballast::accounts::Withdraw {
        user: *user,
        vault: vault.vault(),
        vault_authority: vault.pdas.authority,
        share_mint: vault.pdas.share_mint,
        user_shares: *user_shares,
        token_program: anchor_spl::token::ID,
        token_2022_program: Some(anchor_spl::token_2022::ID),
    };
    let remaining = vault
        .assets
        .iter()
        .zip(user_tokens)
        .flat_map(|(a, token)| {
            [
                AccountMeta::new(a.reserve, false),
                AccountMeta::new(*token, false),
                AccountMeta::new_readonly(a.mint, false),
            ]
        })
        .collect();
    let args = WithdrawArgs {
        shares,
        min_amounts_out,
        skip_assets,
    };
    Ok(ballast_instruction(
        accounts.to_account_metas(None),
        remaining,
        ballast::instruction::Withdraw { args }.data(),
    ))
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

/// `rebalance`: `keeper` sells `amount_in` of asset `sell` for asset `buy` through `dex`;
/// the reward goes to `keeper_reward_account` (a token account of the bought mint).
pub fn rebalance(
    vault: &VaultAccounts,
    keeper: &Pubkey,
    keeper_reward_account: &Pubkey,
    sell: usize,
    buy: usize,
    amount_in: u64,
    dex: DexCall,
) -> SdkResult<Instruction> {
    let (s, b) = (vault.asset(sell)?, vault.asset(buy)?);
    let accounts = ballast::accounts::Rebalance {
        keeper: *keeper,
        vault: vault.vault(),
        vault_authority: vault.pdas.authority,
        swap_authority: vault.pdas.swap_authority,
        sell_escrow: s.escrow,
        buy_escrow: b.escrow,
        sell_mint: s.mint,
        buy_mint: b.mint,
        keeper_reward_account: *keeper_reward_account,
        token_program: anchor_spl::token::ID,
        token_2022_program: Some(anchor_spl::token_2022::ID),
        dex_program: dex.program,
    };
    let mut remaining: Vec<AccountMeta> = vault
        .assets
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            let reserve = if i == sell || i == buy {
                AccountMeta::new(a.reserve, false)
            } else {
                AccountMeta::new_readonly(a.reserve, false)
            };
            [reserve, AccountMeta::new_readonly(a.price_account, false)]
        })
        .collect();
    remaining.extend(dex.accounts);
    let args = RebalanceArgs {
        sell_index: index_u8(sell)?,
        buy_index: index_u8(buy)?,
        amount_in,
        dex_data: dex.data,
    };
    Ok(ballast_instruction(
        accounts.to_account_metas(None),
        remaining,
        ballast::instruction::Rebalance { args }.data(),
    ))
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
