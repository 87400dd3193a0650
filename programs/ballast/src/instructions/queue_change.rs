//! `queue_change`: the manager queues a change; anyone executes it after the timelock.

use anchor_lang::prelude::*;

use crate::constants::CHANGE_SEED;
use crate::error::BallastError;
use crate::events::ChangeQueued;
use crate::state::{Change, PendingChange, PendingSlot, Vault};

#[derive(Accounts)]
pub struct QueueChange<'info> {
    /// The vault's manager; pays the change account's rent (refunded when it closes).
    #[account(mut)]
    pub manager: Signer<'info>,

    /// The vault.
    #[account(mut, has_one = manager @ BallastError::NotManager)]
    pub vault: AccountLoader<'info, Vault>,

    /// The new change account: PDA `[CHANGE_SEED, vault, vault.next_change_id (u64 LE)]`.
    #[account(
        init,
        payer = manager,
        space = PendingChange::SPACE,
        seeds = [CHANGE_SEED, vault.key().as_ref(), &vault.load()?.next_change_id.to_le_bytes()],
        bump,
    )]
    pub change: Account<'info, PendingChange>,

    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Queues `change`, executable `timelock_secs` from now.
///
/// Requires: the manager's signature (`NotManager`); a valid change (`Change::validate`);
/// for target weights, a ramp starting no earlier than the change may execute and lasting
/// at least `MIN_RAMP_SECS` (`InvalidRamp`); a free slot among the vault's
/// `MAX_PENDING_CHANGES` (`PendingQueueFull`).
///
/// Changes: creates the `PendingChange` account; records it in a free `pending_changes`
/// slot with its executable time; advances `next_change_id`; emits `ChangeQueued`.
pub fn handler(ctx: Context<QueueChange>, change: Change) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let mut vault = ctx.accounts.vault.load_mut()?;
    change.validate(&vault)?;
    let executable_at = now.saturating_add(i64::from(vault.timelock_secs));
    if let Change::TargetWeights { ramp_start, .. } = &change {
        require!(*ramp_start >= executable_at, BallastError::InvalidRamp);
    }
    let id = vault.next_change_id;
    let kind = change.kind() as u8;
    let slot = vault
        .pending_changes
        .iter_mut()
        .find(|slot| slot.id == 0)
        .ok_or_else(|| error!(BallastError::PendingQueueFull))?;
    *slot = PendingSlot {
        id,
        executable_at,
        kind,
        padding: [0; 7],
    };
    vault.next_change_id = id.saturating_add(1);
    ctx.accounts.change.set_inner(PendingChange {
        vault: ctx.accounts.vault.key(),
        id,
        proposer: ctx.accounts.manager.key(),
        queued_at: now,
        executable_at,
        change: change.clone(),
    });
    emit!(ChangeQueued {
        vault: ctx.accounts.vault.key(),
        id,
        executable_at,
        change,
    });
    Ok(())
}
