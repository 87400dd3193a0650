//! The SDK's instruction builders (`ballast_sdk::ix`) made from the harness's fixtures. Each
//! builder holds the `ballast::accounts::*` struct, the remaining accounts and the arguments
//! as public fields, so an attack test can substitute any of them before calling
//! `instruction()`.

use anchor_lang::prelude::Pubkey;
use ballast_sdk::ix::NewAsset;
use solana_instruction::Instruction;
use solana_signer::Signer;

pub use ballast_sdk::ix::{
    ApplyChange, CancelChange, CollectFees, CreateEscrow, Deposit, DexCall, ExecuteChange,
    InitializeVault, OpenRound, Pause, QueueChange, Rebalance, RemoveAsset, SetLookupTable,
    Withdraw,
};

use ballast::state::{Change, RebalanceRules};

use crate::fixtures::{User, VaultFixture, TEST_PARAMS};

/// `initialize_vault` creating `vault` as described by its fixture (the harness's
/// [`TEST_PARAMS`]; reserves derived from the mints).
pub fn initialize_vault(vault: &VaultFixture) -> InitializeVault {
    let assets: Vec<NewAsset> = vault
        .assets
        .iter()
        .map(|a| NewAsset {
            mint: a.mint,
            token_program: a.kind.id(),
            feed_id: a.feed_id,
            target_weight_bps: a.spec.weight_bps,
        })
        .collect();
    InitializeVault::new(
        &vault.manager.pubkey(),
        vault.vault_id,
        &assets,
        TEST_PARAMS,
    )
}

/// `user` deposits `amount` of asset `asset_index`, accepting any number of shares.
pub fn deposit(vault: &VaultFixture, user: &User, asset_index: usize, amount: u64) -> Deposit {
    Deposit::new(
        &vault.accounts(),
        &user.key(),
        &user.tokens[asset_index],
        &user.shares,
        asset_index,
        amount,
        0,
    )
    .expect("an asset of the vault")
}

/// `user` redeems `shares`, accepting any amounts.
pub fn withdraw(vault: &VaultFixture, user: &User, shares: u64) -> Withdraw {
    Withdraw::new(
        &vault.accounts(),
        &user.key(),
        &user.shares,
        &user.tokens,
        shares,
        vec![0; vault.assets.len()],
        0,
    )
    .expect("one token account per asset")
}

/// `create_escrow` for asset `asset_index`, paid by `payer`.
pub fn create_escrow(vault: &VaultFixture, asset_index: usize, payer: &Pubkey) -> CreateEscrow {
    CreateEscrow::new(&vault.accounts(), asset_index, payer).expect("an asset of the vault")
}

/// `set_lookup_table`: the vault's manager publishes `table`.
pub fn set_lookup_table(vault: &VaultFixture, table: Pubkey) -> SetLookupTable {
    SetLookupTable::new(&vault.manager.pubkey(), &vault.vault, &table)
}

/// New rebalancing rules for a vault, applied at once (`apply_change`) or queued
/// (`queue_change`): the accounts of `apply_change` and the rules, open for attack tests.
#[derive(Clone, Debug)]
pub struct ConfigureRebalance {
    /// `apply_change`'s accounts (the manager signs).
    pub accounts: ballast::accounts::ApplyChange,
    /// The rules.
    pub args: RebalanceRules,
}

impl ConfigureRebalance {
    /// `apply_change(Change::Rebalance(args))`.
    pub fn instruction(&self) -> Instruction {
        let accounts = &self.accounts;
        ApplyChange::new(
            &accounts.manager,
            &accounts.vault,
            Change::Rebalance(self.args.clone()),
        )
        .instruction()
    }

    /// `queue_change(Change::Rebalance(args))` as change `id`.
    pub fn queue(&self, id: u64) -> Instruction {
        let accounts = &self.accounts;
        QueueChange::new(
            &accounts.manager,
            &accounts.vault,
            id,
            Change::Rebalance(self.args.clone()),
        )
        .instruction()
    }
}

/// The harness's rules with `dexes` allowlisted: the sandbox demo's (a 5-point absolute band,
/// out-of-band assets to target, 1% slippage, swaps of at most half the NAV and at least $1,
/// a one-hour cooldown, a 10 bps reward capped at $10) but with no auction (the full
/// slippage allowed as soon as a round opens), so that each swap's bound is the same at any
/// second; the auction has tests of its own.
pub fn rules(dexes: &[Pubkey]) -> RebalanceRules {
    RebalanceRules {
        auction_secs: 0,
        ..ballast_sandbox::market::demo_rules(dexes.to_vec())
    }
}

/// The vault's manager sets [`rules`] with `dexes` (at once while no shares exist).
pub fn configure_rebalance(vault: &VaultFixture, dexes: &[Pubkey]) -> ConfigureRebalance {
    let manager = vault.manager.pubkey();
    let vault = vault.vault;
    ConfigureRebalance {
        accounts: ApplyChange::new(&manager, &vault, Change::Rebalance(rules(&[]))).accounts,
        args: rules(dexes),
    }
}

/// `open_round` of `vault` with its price accounts.
pub fn open_round(vault: &VaultFixture) -> OpenRound {
    OpenRound::new(&vault.accounts())
}

/// `keeper` sells `amount_in` of asset `sell` for asset `buy` through `dex`; the reward goes
/// to `keeper_account`.
pub fn rebalance(
    vault: &VaultFixture,
    keeper: &Pubkey,
    keeper_account: &Pubkey,
    sell: usize,
    buy: usize,
    amount_in: u64,
    dex: DexCall,
) -> Rebalance {
    Rebalance::new(
        &vault.accounts(),
        keeper,
        keeper_account,
        sell,
        buy,
        amount_in,
        dex,
    )
    .expect("assets of the vault")
}

/// Marks the account at `key` in `ix` as not signing (for missing-signer tests).
pub fn unsign(mut ix: Instruction, key: &Pubkey) -> Instruction {
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *key) {
        meta.is_signer = false;
    }
    ix
}
