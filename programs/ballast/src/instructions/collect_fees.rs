//! `collect_fees`: anyone mints the management fee's accrued shares to the fee recipient.

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token};

use crate::error::BallastError;
use crate::events::FeesCollected;
use crate::state::{authority_seeds, Vault};
use crate::token::{mint_to, read_mint_supply, read_token_account};

#[derive(Accounts)]
pub struct CollectFees<'info> {
    /// The vault.
    #[account(
        mut,
        has_one = share_mint @ BallastError::ShareMintMismatch,
        has_one = vault_authority @ BallastError::VaultAuthorityMismatch,
        has_one = fee_recipient @ BallastError::FeeRecipientMismatch,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault authority PDA (`has_one`): mints the shares.
    /// CHECK: checked as the lines above say.
    pub vault_authority: UncheckedAccount<'info>,

    /// The vault's share mint (`has_one`).
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub share_mint: UncheckedAccount<'info>,

    /// The vault's fee recipient (`has_one`), a share token account (checked).
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub fee_recipient: UncheckedAccount<'info>,

    /// SPL Token.
    pub token_program: Program<'info, Token>,
}

/// Settles the management fee up to now and mints every owed fee share.
///
/// Requires: the vault's share mint, authority and fee recipient (`ShareMintMismatch`,
/// `VaultAuthorityMismatch`, `FeeRecipientMismatch`), the recipient a token account of the
/// share mint (`FeeRecipientMismatch`).
///
/// Changes: settles the fee; mints `fee_shares_owed` to the recipient and zeroes it (every
/// share price already counted those shares, so nobody's claim changes); emits
/// `FeesCollected`.
pub fn handler(ctx: Context<CollectFees>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let vault_key = ctx.accounts.vault.key();
    let mut vault = ctx.accounts.vault.load_mut()?;
    let recipient = read_token_account(&ctx.accounts.fee_recipient, &token::ID)?;
    require_keys_eq!(
        recipient.mint,
        vault.share_mint,
        BallastError::FeeRecipientMismatch
    );
    let mint_supply = read_mint_supply(&ctx.accounts.share_mint, &token::ID)?;
    vault.settle_fees(now, mint_supply)?;
    let shares = vault.fee_shares_owed;
    vault.fee_shares_owed = 0;
    let bump = [vault.authority_bump];
    drop(vault);
    if shares > 0 {
        mint_to(
            &ctx.accounts.share_mint,
            &ctx.accounts.fee_recipient,
            &ctx.accounts.vault_authority,
            shares,
            &[&authority_seeds(&vault_key, &bump)],
        )?;
    }
    emit!(FeesCollected {
        vault: vault_key,
        recipient: ctx.accounts.fee_recipient.key(),
        shares,
    });
    Ok(())
}
