//! `add_liquidity`: a provider deposits both sides. There is no LP token: the liquidity is
//! locked in the pool forever, which is all a test venue needs.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::AmmError;
use crate::events::LiquidityAdded;
use crate::state::Pool;
use crate::token::transfer;

#[derive(Accounts)]
pub struct AddLiquidity<'info> {
    /// The provider: owner (or delegate) of both source accounts.
    pub provider: Signer<'info>,

    /// The pool.
    #[account(
        has_one = mint_a @ AmmError::MintMismatch,
        has_one = mint_b @ AmmError::MintMismatch,
        has_one = vault_a @ AmmError::VaultMismatch,
        has_one = vault_b @ AmmError::VaultMismatch,
        has_one = token_program_a @ AmmError::TokenProgramMismatch,
        has_one = token_program_b @ AmmError::TokenProgramMismatch,
    )]
    pub pool: Account<'info, Pool>,

    /// The pool's side A mint.
    pub mint_a: InterfaceAccount<'info, Mint>,

    /// The pool's side B mint.
    pub mint_b: InterfaceAccount<'info, Mint>,

    /// The pool's side A vault.
    #[account(mut)]
    pub vault_a: InterfaceAccount<'info, TokenAccount>,

    /// The pool's side B vault.
    #[account(mut)]
    pub vault_b: InterfaceAccount<'info, TokenAccount>,

    /// The provider's side A tokens.
    #[account(mut, token::mint = mint_a, token::token_program = token_program_a)]
    pub provider_a: InterfaceAccount<'info, TokenAccount>,

    /// The provider's side B tokens.
    #[account(mut, token::mint = mint_b, token::token_program = token_program_b)]
    pub provider_b: InterfaceAccount<'info, TokenAccount>,

    /// The pool's side A token program.
    pub token_program_a: Interface<'info, TokenInterface>,

    /// The pool's side B token program.
    pub token_program_b: Interface<'info, TokenInterface>,
}

/// Adds `amount_a` of side A and `amount_b` of side B to the pool.
///
/// Requires:
/// - both amounts non-zero (`ZeroAmount`): a pool always has both sides once funded;
/// - mints, vaults and token programs the pool's (`MintMismatch`, `VaultMismatch`,
///   `TokenProgramMismatch`); the provider's accounts of the pool's mints and token programs
///   (Anchor `ConstraintTokenMint`, `ConstraintTokenTokenProgram`), with the provider as
///   owner or delegate (checked by the token program).
///
/// The amounts need not follow the pool's current price: whatever is added moves the price
/// to the new reserve ratio. Nothing can ever withdraw it.
///
/// Changes: moves both amounts into the vaults (`transfer_checked`), emits `LiquidityAdded`
/// with the reserves after.
pub fn handler<'info>(
    ctx: Context<'info, AddLiquidity<'info>>,
    amount_a: u64,
    amount_b: u64,
) -> Result<()> {
    require!(amount_a > 0 && amount_b > 0, AmmError::ZeroAmount);
    let a = &ctx.accounts;
    let provider = a.provider.to_account_info();
    transfer(
        &a.token_program_a.to_account_info(),
        &a.provider_a.to_account_info(),
        &a.mint_a.to_account_info(),
        &a.vault_a.to_account_info(),
        &provider,
        amount_a,
        a.mint_a.decimals,
        &[],
    )?;
    transfer(
        &a.token_program_b.to_account_info(),
        &a.provider_b.to_account_info(),
        &a.mint_b.to_account_info(),
        &a.vault_b.to_account_info(),
        &provider,
        amount_b,
        a.mint_b.decimals,
        &[],
    )?;

    let a = &mut *ctx.accounts;
    a.vault_a.reload()?;
    a.vault_b.reload()?;
    emit!(LiquidityAdded {
        pool: a.pool.key(),
        provider: a.provider.key(),
        amount_a,
        amount_b,
        reserve_a: a.vault_a.amount,
        reserve_b: a.vault_b.amount,
    });
    Ok(())
}
