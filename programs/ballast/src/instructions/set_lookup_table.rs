//! `set_lookup_table`: the manager publishes the vault's address lookup table.

use anchor_lang::prelude::*;

use crate::constants::ADDRESS_LOOKUP_TABLE_ID;
use crate::error::BallastError;
use crate::state::Vault;

#[derive(Accounts)]
pub struct SetLookupTable<'info> {
    /// The vault's manager.
    pub manager: Signer<'info>,

    /// The vault.
    #[account(mut, has_one = manager @ BallastError::NotManager)]
    pub vault: AccountLoader<'info, Vault>,

    /// CHECK: only its owner is checked (the address lookup table program); its contents are
    /// a client's business: a table missing some of the vault's accounts only makes the
    /// transactions that use it larger, and its entries can never change once written.
    #[account(owner = ADDRESS_LOOKUP_TABLE_ID @ BallastError::InvalidLookupTable)]
    pub lookup_table: UncheckedAccount<'info>,
}

/// Records the address lookup table that clients should use for this vault's transactions
/// (vaults of more than about 6 assets do not fit a legacy transaction).
///
/// Requires: the manager's signature (`NotManager`); a `lookup_table` account owned by the
/// address lookup table program (`InvalidLookupTable`).
///
/// Changes: the vault's `lookup_table`, replacing any previous one. Nothing else: no
/// instruction of Ballast reads it.
pub fn handler(ctx: Context<SetLookupTable>) -> Result<()> {
    ctx.accounts.vault.load_mut()?.lookup_table = ctx.accounts.lookup_table.key();
    Ok(())
}
