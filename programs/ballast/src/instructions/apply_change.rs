//! `apply_change`: the manager makes a change that cannot cost holders, at once.

use anchor_lang::prelude::*;
use anchor_spl::token::Token;

use crate::error::BallastError;
use crate::events::ChangeApplied;
use crate::state::{Change, Vault};
use crate::token::read_mint_supply;

#[derive(Accounts)]
pub struct ApplyChange<'info> {
    /// The vault's manager.
    pub manager: Signer<'info>,

    /// The vault.
    #[account(
        mut,
        has_one = manager @ BallastError::NotManager,
        has_one = share_mint @ BallastError::ShareMintMismatch,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault's share mint (`has_one`); its supply settles the fee before a fee change.
    /// CHECK: checked as the lines above say.
    pub share_mint: UncheckedAccount<'info>,

    /// SPL Token (the share mint's program).
    pub token_program: Program<'info, Token>,
}

/// Applies `change` now.
///
/// Requires: the manager's signature (`NotManager`); a valid change (`Change::validate`:
/// `InvalidRebalanceLimits`, `InvalidOracleConfig`, `WeightsDoNotSum`, `FeeAboveCap`,
/// `FeeRecipientNotSet`, ...); and `Change::at_once`: either a change that only reduces the
/// holders' risk (`Change::only_reduces_risk`: removing DEXes or tightening limits, stricter
/// oracle limits, a lower fee, a longer timelock, a new fee recipient or guardian) or a
/// vault with no shares outstanding (nobody to protect); otherwise `ChangeNeedsTimelock`:
/// queue it instead. Target weights, the entry spread, a new manager, a new asset and
/// unpausing always need the timelock (with shares outstanding).
///
/// Changes: the vault's configuration as `Change::apply` describes (a fee change settles
/// the fee at the old rate first; a new manager voids every queued change); emits
/// `ChangeApplied`.
pub fn handler(ctx: Context<ApplyChange>, change: Change) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let mint_supply = read_mint_supply(&ctx.accounts.share_mint, &anchor_spl::token::ID)?;
    let mut vault = ctx.accounts.vault.load_mut()?;
    require!(
        change.at_once(&vault, mint_supply)?.is_some(),
        BallastError::ChangeNeedsTimelock
    );
    change.apply(&mut vault, now, mint_supply)?;
    emit!(ChangeApplied {
        vault: ctx.accounts.vault.key(),
        change,
    });
    Ok(())
}
