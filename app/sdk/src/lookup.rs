//! Address lookup tables for a vault's transactions.
//!
//! A legacy transaction names every account with 32 bytes, so the transactions of vaults of
//! more than about 6 assets exceed a cluster's 1,232-byte packet (see the CU report's
//! `tx bytes` column). A v0 transaction names the accounts of a lookup table with one byte
//! each. The manager creates and freezes a table holding the vault's accounts
//! ([`create_table`] with [`vault_addresses`]; [`crate::setup::create_vault`] does it all) and
//! publishes it on the vault (`set_lookup_table`, which takes only frozen tables); every
//! client then finds it in [`VaultAccounts::lookup_table`] and sends with
//! [`send_vault_instructions`]. A frozen table never changes, so when the vault's assets
//! change the manager publishes a new one ([`table_coverage`] tells whether the published
//! table misses some of the vault's accounts, [`publish_vault_table`] follows them).
//!
//! Two rules of a real validator shape [`create_table`]: a table is derived from a slot of
//! the `SlotHashes` sysvar of the bank that runs the transaction ([`recent_slot`]), and a
//! validator resolves lookups on its rooted bank, so a new table serves only once its last
//! extension is finalized ([`wait_until_rooted`]).

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
use crate::ix::{SetLookupTable, VaultAccounts};

/// The address lookup table program.
pub const PROGRAM_ID: Pubkey = ballast::constants::ADDRESS_LOOKUP_TABLE_ID;
/// The `SlotHashes` sysvar.
pub const SLOT_HASHES_SYSVAR: Pubkey =
    Pubkey::from_str_const("SysvarS1otHashes111111111111111111111111111");
/// Addresses added per `extend` transaction (20 × 32 bytes keeps it well under a packet).
const EXTEND_CHUNK: usize = 20;
/// How long [`create_table`] waits for the table's last extension to be rooted (a validator
/// roots about 32 slots, some 13 s, behind the confirmed slot).
pub const ROOTING_TIMEOUT: Duration = Duration::from_secs(120);
/// How often the finalized slot is polled while waiting.
const ROOTING_POLL: Duration = Duration::from_millis(400);

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

/// The accounts of the vault ([`vault_addresses`]) that `table` does not hold, in that
/// order: what a transaction through the table still names with 32 bytes each. An unknown
/// price account (the default key, as a caller without the asset's price account fills
/// it) is the system program's key, which every table of a vault holds, so it is never
/// reported missing.
pub fn missing_addresses(
    accounts: &VaultAccounts,
    table: &AddressLookupTableAccount,
) -> Vec<Pubkey> {
    let held: std::collections::HashSet<&Pubkey> = table.addresses.iter().collect();
    vault_addresses(accounts)
        .into_iter()
        .filter(|k| !held.contains(k))
        .collect()
}

/// How well the vault's published lookup table serves its current accounts (after an
/// asset was added the table misses the new asset's accounts until the manager publishes
/// a new one: [`new_vault_table`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableCoverage {
    /// The vault has published no table.
    Unpublished,
    /// The published table cannot serve: missing, not a lookup table, or deactivated.
    Unusable {
        /// The table.
        table: Pubkey,
        /// Why.
        reason: String,
    },
    /// The published table serves; `missing` lists the vault's accounts it lacks (empty
    /// when it covers them all).
    Published {
        /// The table.
        table: Pubkey,
        /// The vault's accounts it does not hold ([`missing_addresses`]).
        missing: Vec<Pubkey>,
    },
}

impl TableCoverage {
    /// Whether the vault's transactions would be better served by a new table: none is
    /// published, the published one cannot serve, or it misses some of the vault's accounts.
    pub fn needs_new_table(&self) -> bool {
        !matches!(self, TableCoverage::Published { missing, .. } if missing.is_empty())
    }
}

/// Reads the vault's published table and compares it with the vault's accounts.
pub async fn table_coverage<C: Chain>(
    chain: &C,
    accounts: &VaultAccounts,
) -> SdkResult<TableCoverage> {
    let Some(table) = accounts.lookup_table else {
        return Ok(TableCoverage::Unpublished);
    };
    let unusable = |reason: String| Ok(TableCoverage::Unusable { table, reason });
    match chain.get_account(&table).await? {
        None => unusable("the account does not exist".into()),
        Some(account) if account.owner != PROGRAM_ID => unusable(format!(
            "owned by {}, not the lookup table program",
            account.owner
        )),
        Some(account) => match decode_table(&table, &account.data) {
            Ok(decoded) => Ok(TableCoverage::Published {
                table,
                missing: missing_addresses(accounts, &decoded),
            }),
            Err(e) => unusable(e.to_string()),
        },
    }
}

/// A new frozen lookup table of a vault's accounts and the instruction that publishes it.
#[derive(Clone, Debug)]
pub struct NewVaultTable {
    /// The table (created, frozen and usable: [`create_table`]).
    pub address: Pubkey,
    /// How many addresses it holds.
    pub len: usize,
    /// `set_lookup_table` of the table on the vault, signed by the manager.
    pub publish: solana_instruction::Instruction,
}

/// Creates and freezes a lookup table of the vault's current accounts ([`vault_addresses`]
/// of `accounts`, [`create_table`]; `manager` pays and is the table's authority until it is
/// frozen) and returns it with its `set_lookup_table` instruction, which the manager sends
/// (with `initialize_vault` for a new vault, alone to follow the vault's assets:
/// [`publish_vault_table`]).
pub async fn new_vault_table<C: Chain>(
    chain: &C,
    manager: &Keypair,
    accounts: &VaultAccounts,
) -> SdkResult<NewVaultTable> {
    let addresses = vault_addresses(accounts);
    let address = create_table(chain, manager, &addresses).await?;
    let publish = SetLookupTable::new(&manager.pubkey(), &accounts.vault(), &address);
    Ok(NewVaultTable {
        address,
        len: addresses.len(),
        publish: publish.instruction(),
    })
}

/// [`new_vault_table`], then `set_lookup_table` sent by `manager`: the vault's table follows
/// its assets. Returns the new table and the publishing transaction.
pub async fn publish_vault_table<C: Chain>(
    chain: &C,
    manager: &Keypair,
    accounts: &VaultAccounts,
) -> SdkResult<(NewVaultTable, Confirmed)> {
    let table = new_vault_table(chain, manager, accounts).await?;
    let sent = send_instructions(
        chain,
        manager,
        std::slice::from_ref(&table.publish),
        &[],
        None,
    )
    .await?;
    Ok((table, sent))
}

/// The newest slot of the `SlotHashes` sysvar's data (a `u64` count, then `(slot, hash)`
/// entries, newest first), `None` when it holds none.
pub fn newest_slot_hash(data: &[u8]) -> SdkResult<Option<u64>> {
    let invalid = |reason: String| SdkError::InvalidAccount {
        address: SLOT_HASHES_SYSVAR,
        expected: "SlotHashes sysvar",
        reason,
    };
    let word = |at: usize| -> SdkResult<u64> {
        let bytes = data
            .get(at..at.saturating_add(8))
            .ok_or_else(|| invalid(format!("{} bytes", data.len())))?;
        let mut word = [0u8; 8];
        word.copy_from_slice(bytes);
        Ok(u64::from_le_bytes(word))
    };
    if word(0)? == 0 {
        return Ok(None);
    }
    word(8).map(Some)
}

/// The slot a new table is derived from: the newest entry of the `SlotHashes` sysvar as the
/// chain's (confirmed) bank holds it. The address lookup table program accepts only a slot
/// of that sysvar, which holds a bank's ancestors and never the bank's own slot, so the
/// clock's slot is refused ("N is not a recent slot") by the bank that runs preflight.
pub async fn recent_slot<C: Chain>(chain: &C) -> SdkResult<u64> {
    let account = chain
        .get_account(&SLOT_HASHES_SYSVAR)
        .await?
        .ok_or(SdkError::AccountNotFound(SLOT_HASHES_SYSVAR))?;
    newest_slot_hash(&account.data)?.ok_or_else(|| SdkError::InvalidAccount {
        address: SLOT_HASHES_SYSVAR,
        expected: "SlotHashes sysvar",
        reason: "no slot yet: the chain has produced no block".into(),
    })
}

/// Creates a lookup table holding `addresses` (paid by `authority`), freezes it so that
/// nobody can ever deactivate, close or extend it (what `set_lookup_table` requires), and
/// waits until v0 transactions can use it ([`wait_until_rooted`]). The table is derived
/// from [`recent_slot`]. Returns its address.
pub async fn create_table<C: Chain>(
    chain: &C,
    authority: &Keypair,
    addresses: &[Pubkey],
) -> SdkResult<Pubkey> {
    let owner = authority.pubkey();
    let (create, table) = create_lookup_table(owner, owner, recent_slot(chain).await?);
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
    wait_until_rooted(chain, &table, ROOTING_TIMEOUT).await?;
    Ok(table)
}

/// Waits until the table at `table` can serve v0 transactions on a validator: until the
/// finalized slot is past the table's last extension. A validator's leader resolves lookups
/// on its rooted bank and drops (and the RPC node keeps resending) a transaction whose
/// table that bank does not hold yet, so using a table earlier costs 15 s or more instead
/// of an error. Fails after `timeout` with the slots it saw.
pub async fn wait_until_rooted<C: Chain>(
    chain: &C,
    table: &Pubkey,
    timeout: Duration,
) -> SdkResult<()> {
    let account = chain
        .get_account(table)
        .await?
        .ok_or(SdkError::AccountNotFound(*table))?;
    let extended = last_extended_slot(table, &account.data)?;
    let deadline = tokio::time::Instant::now() + timeout;
    // A chain whose slots move only when asked (an embedded one) moves them here.
    chain.wait_past_slot(extended, timeout).await?;
    loop {
        let finalized = chain.finalized_slot().await?;
        if finalized > extended {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(SdkError::Transport(format!(
                "lookup table {table} was last extended in slot {extended}, and the cluster's \
                 finalized slot is still {finalized} after {} s; a validator drops v0 \
                 transactions through the table until that slot is finalized",
                timeout.as_secs()
            )));
        }
        tokio::time::sleep(ROOTING_POLL).await;
    }
}

/// The slot of a lookup table's last extension (0 for a table never extended).
pub fn last_extended_slot(address: &Pubkey, data: &[u8]) -> SdkResult<u64> {
    AddressLookupTable::deserialize(data)
        .map(|table| table.meta.last_extended_slot)
        .map_err(|e| SdkError::InvalidAccount {
            address: *address,
            expected: "address lookup table",
            reason: e.to_string(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn slot_hashes(slots: &[u64]) -> Vec<u8> {
        let mut data = (slots.len() as u64).to_le_bytes().to_vec();
        for slot in slots {
            data.extend_from_slice(&slot.to_le_bytes());
            data.extend_from_slice(&[7u8; 32]);
        }
        data
    }

    #[test]
    fn the_newest_slot_hash_is_the_first_entry() {
        assert_eq!(
            newest_slot_hash(&slot_hashes(&[41, 40, 38])).unwrap(),
            Some(41)
        );
        assert_eq!(newest_slot_hash(&slot_hashes(&[])).unwrap(), None);
    }

    #[test]
    fn a_truncated_slot_hashes_account_is_refused() {
        let data = slot_hashes(&[41]);
        assert!(newest_slot_hash(&data[..12]).is_err());
        assert!(newest_slot_hash(&data[..4]).is_err());
    }
    fn accounts(assets: usize, with_prices: bool) -> VaultAccounts {
        let mints: Vec<(Pubkey, Pubkey)> = (0..assets)
            .map(|_| (Pubkey::new_unique(), anchor_spl::token::ID))
            .collect();
        let prices: Vec<Pubkey> = (0..assets)
            .map(|_| {
                if with_prices {
                    Pubkey::new_unique()
                } else {
                    Pubkey::default()
                }
            })
            .collect();
        VaultAccounts::derive(Pubkey::new_unique(), &mints, &prices)
    }

    fn table_of(addresses: Vec<Pubkey>) -> AddressLookupTableAccount {
        AddressLookupTableAccount {
            key: Pubkey::new_unique(),
            addresses,
        }
    }

    #[test]
    fn a_table_of_the_vaults_addresses_misses_nothing() {
        let v = accounts(4, true);
        let table = table_of(vault_addresses(&v));
        assert_eq!(table.addresses.len(), 8 + 4 * 4);
        assert!(missing_addresses(&v, &table).is_empty());
    }

    #[test]
    fn an_added_asset_is_missing_from_the_old_table_until_a_new_one() {
        let mut v = accounts(2, true);
        let old = table_of(vault_addresses(&v));
        let added = accounts(1, true).assets[0];
        let vault = v.vault();
        v.assets.push(crate::ix::AssetAccounts {
            reserve: crate::pda::reserve(&vault, &added.mint),
            escrow: crate::pda::escrow(&vault, &added.mint),
            ..added
        });
        let a = v.assets[2];
        assert_eq!(
            missing_addresses(&v, &old),
            vec![a.mint, a.reserve, a.escrow, a.price_account]
        );
        assert!(missing_addresses(&v, &table_of(vault_addresses(&v))).is_empty());
        // A removed asset's accounts left in the table do no harm: nothing is missing.
        v.assets.remove(0);
        assert_eq!(missing_addresses(&v, &old).len(), 4);
        assert!(missing_addresses(&v, &table_of(vault_addresses(&v))).is_empty());
    }

    #[test]
    fn unknown_price_accounts_are_never_missing() {
        let v = accounts(3, false);
        let table = table_of(vault_addresses(&v));
        assert_eq!(table.addresses.len(), 8 + 3 * 3);
        assert!(missing_addresses(&v, &table).is_empty());
        // The same vault with its price accounts known: they, and only they, are missing.
        let mut priced = v.clone();
        for a in &mut priced.assets {
            a.price_account = Pubkey::new_unique();
        }
        let prices: Vec<Pubkey> = priced.assets.iter().map(|a| a.price_account).collect();
        assert_eq!(missing_addresses(&priced, &table), prices);
    }

    #[test]
    fn a_new_table_is_needed_unless_the_published_one_covers_the_vault() {
        let table = Pubkey::new_unique();
        assert!(TableCoverage::Unpublished.needs_new_table());
        assert!(TableCoverage::Unusable {
            table,
            reason: "deactivated".into()
        }
        .needs_new_table());
        assert!(TableCoverage::Published {
            table,
            missing: vec![Pubkey::new_unique()]
        }
        .needs_new_table());
        assert!(!TableCoverage::Published {
            table,
            missing: vec![]
        }
        .needs_new_table());
    }
}
