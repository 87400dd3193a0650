//! `discard_change`: anyone closes a queued change that cannot execute.

use anchor_lang::prelude::*;

use crate::error::BallastError;
use crate::events::ChangeDiscarded;
use crate::state::{PendingChange, Vault};

#[derive(Accounts)]
pub struct DiscardChange<'info> {
    /// The vault.
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,

    /// The change (of this vault), closed here.
    #[account(mut, has_one = vault @ BallastError::ChangeNotPending, has_one = proposer @ BallastError::ChangeNotPending, close = proposer)]
    pub change: Account<'info, PendingChange>,

    /// Who queued the change (its stored `proposer`): receives the rent back.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub proposer: UncheckedAccount<'info>,
}

/// Closes a change that cannot execute, so that it neither holds a pending slot (nor blocks
/// `remove_asset`) nor keeps its proposer's rent.
///
/// Requires: a change account of this vault (`ChangeNotPending`) that is either voided (a
/// handover freed its slot: it can no longer execute or be cancelled) or no longer valid
/// for the vault as it is now (`Change::validate` fails: weights for another number of
/// assets, an asset already added, a fee with no recipient, ...); a change that could
/// execute now is `ChangeStillValid` (only the manager cancels those). No signature:
/// discarding only removes what cannot happen now. What makes a queued change invalid
/// cannot be undone while it is queued (its vault's assets change back only through
/// `remove_asset`, which refuses while anything is queued), except by the manager itself
/// (a fee recipient it removed and sets again).
///
/// Changes: frees its pending slot if it still held one; closes its account (rent to the
/// proposer); emits `ChangeDiscarded`.
pub fn handler(ctx: Context<DiscardChange>) -> Result<()> {
    let pending = &ctx.accounts.change;
    let mut vault = ctx.accounts.vault.load_mut()?;
    let voided = !vault.is_pending(pending.id);
    if !voided {
        require!(
            pending.change.validate(&vault).is_err(),
            BallastError::ChangeStillValid
        );
        vault.release_pending(pending.id)?;
    }
    emit!(ChangeDiscarded {
        vault: ctx.accounts.vault.key(),
        id: pending.id,
        voided,
    });
    Ok(())
}
