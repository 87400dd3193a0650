//! Address lookup tables for a vault's transactions.
//!
//! A legacy transaction names every account with 32 bytes, so the transactions of vaults of
//! more than about 6 assets exceed a cluster's 1,232-byte packet (see the CU report's
//! `tx bytes` column). A v0 transaction names the accounts of a lookup table with one byte
//! each. The manager creates and freezes a table holding the vault's accounts
//! ([`create_table`] with [`vault_addresses`]; [`crate::setup::create_vault`] does it all) and
//! publishes it on the vault (`set_lookup_table`, which takes only frozen tables); every
//! client then finds it in [`VaultAccounts::lookup_table`] and sends with
//! [`send_vault_instructions`].

use std::time::Duration;

use anchor_lang::prelude::Pubkey;
use solana_address_lookup_table_interface::instruction::{
    create_lookup_table, extend_lookup_table, freeze_lookup_table,
};
use solana_address_lookup_table_interface::state::AddressLookupTable;
use solana_keypair::Keypair;
use solana_message::AddressLookupTableAccount;
use solana_signer::Signer;

use crate::chain::{send_instructions, send_instructions_with_tables, Chain, Confirmed};
use crate::error::{SdkError, SdkResult};
use crate::ix::VaultAccounts;

/// The address lookup table program.
pub const PROGRAM_ID: Pubkey = ballast::constants::ADDRESS_LOOKUP_TABLE_ID;
/// Addresses added per `extend` transaction (20 × 32 bytes keeps it well under a packet).
const EXTEND_CHUNK: usize = 20;
/// How long to wait for the cluster to pass the slot of the last extension.
const ACTIVATION_TIMEOUT: Duration = Duration::from_secs(60);

/// Every account of the vault's instructions that is the same for all callers: the vault's
/// PDAs, each asset's mint, reserve, escrow and price account, and the programs passed as
/// accounts (token programs, system, associated token). Program ids that are invoked at the
/// top level must stay in the transaction itself and are not listed.
pub fn vault_addresses(accounts: &VaultAccounts) -> Vec<Pubkey> {
    let p = &accounts.pdas;
    let mut out = vec![
        p.vault,
        p.authority,
        p.swap_authority,
        p.share_mint,
        anchor_spl::token::ID,
        anchor_spl::token_2022::ID,
        anchor_lang::system_program::ID,
        anchor_spl::associated_token::ID,
    ];
    for a in &accounts.assets {
        out.extend([a.mint, a.reserve, a.escrow, a.price_account]);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|k| seen.insert(*k));
    out
}

/// Creates a lookup table holding `addresses` (paid by `authority`), freezes it so that
/// nobody can ever deactivate, close or extend it (what `set_lookup_table` requires), and
/// waits until the addresses can be used (the slot after the last extension). Returns its
/// address.
pub async fn create_table<C: Chain>(
    chain: &C,
    authority: &Keypair,
    addresses: &[Pubkey],
) -> SdkResult<Pubkey> {
    let owner = authority.pubkey();
    let recent_slot = chain.get_clock().await?.slot;
    let (create, table) = create_lookup_table(owner, owner, recent_slot);
    let mut chunks = addresses.chunks(EXTEND_CHUNK);
    let mut first = vec![create];
    if let Some(chunk) = chunks.next() {
        first.push(extend_lookup_table(
            table,
            owner,
            Some(owner),
            chunk.to_vec(),
        ));
    }
    send_instructions(chain, authority, &first, &[], None).await?;
    for chunk in chunks {
        let extend = extend_lookup_table(table, owner, Some(owner), chunk.to_vec());
        send_instructions(chain, authority, &[extend], &[], None).await?;
    }
    send_instructions(
        chain,
        authority,
        &[freeze_lookup_table(table, owner)],
        &[],
        None,
    )
    .await?;
    let extended_at = chain.get_clock().await?.slot;
    chain
        .wait_past_slot(extended_at, ACTIVATION_TIMEOUT)
        .await?;
    Ok(table)
}

/// Decodes a lookup table account that can serve transactions: one being deactivated (or
/// deactivated) is refused, as the runtime would soon refuse its lookups.
pub fn decode_table(address: &Pubkey, data: &[u8]) -> SdkResult<AddressLookupTableAccount> {
    let invalid = |reason: String| SdkError::InvalidAccount {
        address: *address,
        expected: "address lookup table",
        reason,
    };
    let table = AddressLookupTable::deserialize(data).map_err(|e| invalid(e.to_string()))?;
    if table.meta.deactivation_slot != u64::MAX {
        return Err(invalid(format!(
            "deactivated at slot {}",
            table.meta.deactivation_slot
        )));
    }
    Ok(AddressLookupTableAccount {
        key: *address,
        addresses: table.addresses.to_vec(),
    })
}

/// The vault's published lookup table, if it has one that can serve. A table that is
/// missing, unreadable or deactivated is left out (`set_lookup_table` takes only frozen
/// tables, so this happens only to a vault's table published some other way): the
/// transaction is then sent without it (small vaults fit anyway; large ones get the
/// cluster's size refusal).
pub async fn vault_tables<C: Chain>(
    chain: &C,
    accounts: &VaultAccounts,
) -> SdkResult<Vec<AddressLookupTableAccount>> {
    let Some(address) = accounts.lookup_table else {
        return Ok(Vec::new());
    };
    Ok(match chain.get_account(&address).await? {
        Some(account) if account.owner == PROGRAM_ID => {
            decode_table(&address, &account.data).into_iter().collect()
        }
        _ => Vec::new(),
    })
}

/// Sends `instructions` naming the vault's accounts, through the vault's lookup table when
/// it has one ([`send_instructions_with_tables`]).
pub async fn send_vault_instructions<C: Chain>(
    chain: &C,
    accounts: &VaultAccounts,
    payer: &Keypair,
    instructions: &[solana_instruction::Instruction],
    signers: &[&Keypair],
    compute_unit_limit: Option<u32>,
) -> SdkResult<Confirmed> {
    let tables = vault_tables(chain, accounts).await?;
    send_instructions_with_tables(
        chain,
        payer,
        instructions,
        signers,
        compute_unit_limit,
        &tables,
    )
    .await
}
