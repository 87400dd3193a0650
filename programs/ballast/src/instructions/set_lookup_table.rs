//! `set_lookup_table`: the manager publishes the vault's address lookup table.

use anchor_lang::prelude::*;

use crate::constants::ADDRESS_LOOKUP_TABLE_ID;
use crate::error::BallastError;
use crate::events::LookupTableSet;
use crate::state::Vault;

#[derive(Accounts)]
pub struct SetLookupTable<'info> {
    /// The vault's manager.
    pub manager: Signer<'info>,

    /// The vault.
    #[account(mut, has_one = manager @ BallastError::NotManager)]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault's new address lookup table: owned by the address lookup table program and
    /// frozen (see the handler). Its addresses are a client's business: a table missing some
    /// of the vault's accounts only makes the transactions that use it larger, and a client
    /// resolves each account by value, so a table cannot substitute one account for another.
    /// CHECK: checked as the lines above say.
    #[account(owner = ADDRESS_LOOKUP_TABLE_ID @ BallastError::InvalidLookupTable)]
    pub lookup_table: UncheckedAccount<'info>,
}

/// Size of a lookup table's header (`LookupTableMeta`, serialised).
const META_SIZE: usize = 56;

/// Whether `data` is a lookup table that nobody can deactivate, close or extend any more:
/// initialised (state tag 1), never deactivated (deactivation slot `u64::MAX`) and frozen
/// (no authority: the `Option` tag at byte 21 is 0).
fn is_frozen_table(data: &[u8]) -> bool {
    data.len() >= META_SIZE
        && data[0..4] == 1u32.to_le_bytes()
        && data[4..12] == u64::MAX.to_le_bytes()
        && data[21] == 0
}

/// Records the address lookup table that clients use for this vault's transactions
/// (withdrawals, initialisations and rebalances of more than 6 assets do not fit a legacy
/// transaction).
///
/// Requires: the manager's signature (`NotManager`); a `lookup_table` account owned by the
/// address lookup table program and frozen, so that nobody can ever deactivate or close it
/// and the clients' withdrawals keep working (`InvalidLookupTable`).
///
/// Changes: the vault's `lookup_table`, replacing any previous one (no instruction of
/// Ballast reads it); emits `LookupTableSet`.
pub fn handler(ctx: Context<SetLookupTable>) -> Result<()> {
    let table = &ctx.accounts.lookup_table;
    require!(
        is_frozen_table(&table.try_borrow_data()?),
        BallastError::InvalidLookupTable
    );
    ctx.accounts.vault.load_mut()?.lookup_table = table.key();
    emit!(LookupTableSet {
        vault: ctx.accounts.vault.key(),
        lookup_table: table.key(),
    });
    Ok(())
}
