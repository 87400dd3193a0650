//! `cancel_change`: the manager withdraws a queued change before it executes.

use anchor_lang::prelude::*;

use crate::error::BallastError;
use crate::events::ChangeCancelled;
use crate::state::{PendingChange, Vault};

#[derive(Accounts)]
pub struct CancelChange<'info> {
    /// The vault's manager.
    pub manager: Signer<'info>,

    /// The vault.
    #[account(mut, has_one = manager @ BallastError::NotManager)]
    pub vault: AccountLoader<'info, Vault>,

    /// The queued change (of this vault), closed here.
    #[account(mut, has_one = vault @ BallastError::ChangeNotPending, has_one = proposer @ BallastError::ChangeNotPending, close = proposer)]
    pub change: Account<'info, PendingChange>,

    /// Who queued the change (its stored `proposer`): receives the rent back.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub proposer: UncheckedAccount<'info>,
}

/// Cancels a queued change.
///
/// Requires: the manager's signature (`NotManager`); a change of this vault still pending
/// (`ChangeNotPending`; an executed or cancelled change's account no longer exists, and a
/// change voided by a handover is closed by `discard_change`).
///
/// Changes: frees its `pending_changes` slot, closes its account (rent to the proposer),
/// emits `ChangeCancelled`.
pub fn handler(ctx: Context<CancelChange>) -> Result<()> {
    let id = ctx.accounts.change.id;
    let mut vault = ctx.accounts.vault.load_mut()?;
    vault.release_pending(id)?;
    emit!(ChangeCancelled {
        vault: ctx.accounts.vault.key(),
        id,
    });
    Ok(())
}
