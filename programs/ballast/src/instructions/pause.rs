//! `pause`: the manager or the guardian stops deposits and/or rebalances at once.

use anchor_lang::prelude::*;

use crate::constants::PAUSE_ALL;
use crate::error::BallastError;
use crate::events::PauseChanged;
use crate::state::Vault;

/// Arguments of `pause`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PauseArgs {
    /// What to pause: `PAUSE_DEPOSITS` (1), `PAUSE_REBALANCES` (2) or both.
    pub flags: u8,
}

#[derive(Accounts)]
pub struct Pause<'info> {
    /// The manager or the guardian.
    pub authority: Signer<'info>,

    /// The vault.
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,
}

/// Pauses deposits and/or rebalances (`open_round`, `rebalance`). Withdrawals never pause.
///
/// Requires: the manager's or the guardian's signature (`NotManagerOrGuardian`); flags a
/// non-empty subset of `PAUSE_ALL` (`InvalidPauseFlags`).
///
/// Changes: sets the flags (unpausing is a timelocked change, `Change::Unpause`); emits
/// `PauseChanged`.
pub fn handler(ctx: Context<Pause>, args: PauseArgs) -> Result<()> {
    require!(
        args.flags != 0 && args.flags & !PAUSE_ALL == 0,
        BallastError::InvalidPauseFlags
    );
    let mut vault = ctx.accounts.vault.load_mut()?;
    let who = ctx.accounts.authority.key();
    let allowed = who == vault.manager || (who == vault.guardian && who != Pubkey::default());
    require!(allowed, BallastError::NotManagerOrGuardian);
    vault.paused |= args.flags;
    emit!(PauseChanged {
        vault: ctx.accounts.vault.key(),
        by: who,
        paused: vault.paused,
    });
    Ok(())
}
