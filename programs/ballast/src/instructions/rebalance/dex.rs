//! The DEX call: which accounts the DEX may write, and the call itself.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::invoke_signed_unchecked;

use super::Rebalance;
use crate::error::BallastError;
use crate::state::Vault;

/// The keys the DEX gets writable, once each, after checking that none is a vault reserve,
/// another asset's escrow or the vault itself (`ReserveWritableForDex`): the DEX gets the
/// swap authority's signature and may write only to the two escrows of this swap (checked
/// afterwards). The two escrows are left out of the result: it is the set of venue accounts
/// that no other instruction of the transaction may write.
pub fn dex_writable_accounts(
    vault: &Vault,
    vault_key: &Pubkey,
    dex_accounts: &[AccountInfo],
    sell: usize,
    buy: usize,
) -> Result<Vec<Pubkey>> {
    let assets = vault.assets();
    let (sell_escrow, buy_escrow) = (assets[sell].escrow, assets[buy].escrow);
    let mut venue = Vec::with_capacity(dex_accounts.len());
    for account in dex_accounts.iter().filter(|a| a.is_writable) {
        let key = account.key;
        let is_vault_account = key == vault_key
            || assets
                .iter()
                .enumerate()
                .any(|(i, a)| a.reserve == *key || (a.escrow == *key && i != sell && i != buy));
        require!(!is_vault_account, BallastError::ReserveWritableForDex);
        if *key != sell_escrow && *key != buy_escrow && !venue.contains(key) {
            venue.push(*key);
        }
    }
    Ok(venue)
}

/// Invokes the DEX with the keeper's accounts and data, signing as the swap authority only.
pub fn invoke_dex<'info>(
    a: &Rebalance<'info>,
    dex_accounts: &[AccountInfo<'info>],
    data: Vec<u8>,
    swap_seeds: &[&[u8]; 3],
) -> Result<()> {
    let swap_authority = a.swap_authority.key();
    let metas = dex_accounts
        .iter()
        .map(|account| AccountMeta {
            pubkey: *account.key,
            is_signer: account.is_signer || *account.key == swap_authority,
            is_writable: account.is_writable,
        })
        .collect();
    let ix = Instruction {
        program_id: a.dex_program.key(),
        accounts: metas,
        data,
    };
    let mut infos = dex_accounts.to_vec();
    infos.push(a.dex_program.to_account_info());
    // Unchecked: no account data is borrowed at this point (the vault and escrow borrows
    // ended above), and the checked variant compares every meta with every account info.
    invoke_signed_unchecked(&ix, &infos, &[swap_seeds]).map_err(Into::into)
}
