//! The SDK's instruction builders (`ballast_sdk::ix`) made from the harness's fixtures. Each
//! builder holds the `ballast::accounts::*` struct, the remaining accounts and the arguments
//! as public fields, so an attack test can substitute any of them before calling
//! `instruction()`.

use anchor_lang::prelude::Pubkey;
use ballast_sdk::ix::NewAsset;
use solana_instruction::Instruction;
use solana_signer::Signer;

pub use ballast_sdk::ix::{
    ConfigureRebalance, CreateEscrow, Deposit, DexCall, InitializeVault, Rebalance, SetLookupTable,
    Withdraw,
};

use crate::fixtures::{User, VaultFixture, MAX_CONF_BPS, MAX_ORACLE_AGE_SECS};

/// `initialize_vault` creating `vault` as described by its fixture (the harness's oracle
/// limits; reserves derived from the mints).
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
        MAX_ORACLE_AGE_SECS,
        MAX_CONF_BPS,
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

/// `configure_rebalance`, signed by the vault's manager, with the sandbox demo's rules: a
/// 5-percentage-point absolute band traded back to target, 1% slippage, swaps of at most
/// half the NAV and at least $1, a one-hour cooldown and a keeper reward of 10 bps capped
/// at $10; `dexes` allowlisted.
pub fn configure_rebalance(vault: &VaultFixture, dexes: &[Pubkey]) -> ConfigureRebalance {
    let mut args = ballast_sandbox::DemoConfig::default().rebalance;
    args.dex_allowlist = dexes.to_vec();
    ConfigureRebalance::new(&vault.manager.pubkey(), &vault.vault, args)
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
