//! `swap`: constant-product exchange of one side for the other, fee kept in the pool.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenInterface;

use crate::constants::AUTHORITY_SEED;
use crate::error::AmmError;
use crate::events::Swapped;
use crate::math::{quote_swap, SwapQuote};
use crate::state::Pool;
use crate::token::{read_token_account, transfer};

#[derive(Accounts)]
pub struct Swap<'info> {
    /// The pool. Read only: the reserves are the vault balances.
    pub pool: Account<'info, Pool>,

    /// CHECK: the pool's authority PDA, matched against the address stored in the pool;
    /// signs the outgoing transfer.
    #[account(address = pool.authority @ AmmError::PoolAuthorityMismatch)]
    pub pool_authority: UncheckedAccount<'info>,

    /// Owner (or delegate) of `user_source`. For Ballast, its vault authority PDA signing
    /// through CPI.
    pub user_authority: Signer<'info>,

    /// CHECK: the user's account paying `amount_in`; owning program and mint checked in the
    /// handler, authority checked by the token program.
    #[account(mut)]
    pub user_source: UncheckedAccount<'info>,

    /// CHECK: the user's account receiving the output; owning program and mint checked in
    /// the handler.
    #[account(mut)]
    pub user_destination: UncheckedAccount<'info>,

    /// CHECK: the pool vault receiving the input: one of the pool's two vaults (handler).
    #[account(mut)]
    pub vault_in: UncheckedAccount<'info>,

    /// CHECK: the pool vault paying the output: the pool's other vault (handler).
    #[account(mut)]
    pub vault_out: UncheckedAccount<'info>,

    /// CHECK: the mint of `vault_in`, matched by address against the pool (handler).
    pub mint_in: UncheckedAccount<'info>,

    /// CHECK: the mint of `vault_out`, matched by address against the pool (handler).
    pub mint_out: UncheckedAccount<'info>,

    /// Token program of `mint_in`, matched against the pool (handler).
    pub token_program_in: Interface<'info, TokenInterface>,

    /// Token program of `mint_out`, matched against the pool (handler).
    pub token_program_out: Interface<'info, TokenInterface>,
}

/// One side of the pool as seen by a swap.
struct Side {
    mint: Pubkey,
    token_program: Pubkey,
    decimals: u8,
}

/// Swaps `amount_in` of the side of `vault_in` for the side of `vault_out`.
///
/// Requires:
/// - `amount_in > 0` (`ZeroAmount`);
/// - `(vault_in, vault_out)` the pool's `(vault_a, vault_b)` or `(vault_b, vault_a)`
///   (`VaultMismatch`), which fixes the direction; `mint_in`/`mint_out` the mints of those
///   vaults (`MintMismatch`) and `token_program_in`/`token_program_out` their token programs
///   (`TokenProgramMismatch`); `pool_authority` the pool's authority PDA
///   (`PoolAuthorityMismatch`);
/// - `user_source` an initialized account of `token_program_in` holding `mint_in`,
///   `user_destination` one of `token_program_out` holding `mint_out`
///   (`InvalidTokenAccount`, `UserTokenMintMismatch`); `user_authority` may spend
///   `user_source` (token program);
/// - both reserves non-zero (`EmptyPool`); the output
///   `quote(amount_in, reserve_in, reserve_out, fee_bps)` non-zero (`ZeroOutput`) and at
///   least `min_amount_out` (`MinAmountOutNotMet`).
///
/// Changes: moves `amount_in` from `user_source` to `vault_in` (signed by `user_authority`)
/// and the output from `vault_out` to `user_destination` (signed by the pool authority).
/// The fee, `ceil(amount_in * fee_bps / 10_000)`, stays in `vault_in`. Emits `Swapped`
/// with the reserves after. The pool account is not written.
pub fn handler<'info>(
    ctx: Context<'info, Swap<'info>>,
    amount_in: u64,
    min_amount_out: u64,
) -> Result<()> {
    require!(amount_in > 0, AmmError::ZeroAmount);
    let a = &ctx.accounts;
    let pool = &a.pool;
    let side_a = Side {
        mint: pool.mint_a,
        token_program: pool.token_program_a,
        decimals: pool.decimals_a,
    };
    let side_b = Side {
        mint: pool.mint_b,
        token_program: pool.token_program_b,
        decimals: pool.decimals_b,
    };
    let (vault_in, vault_out) = (a.vault_in.key(), a.vault_out.key());
    let (side_in, side_out) = if vault_in == pool.vault_a && vault_out == pool.vault_b {
        (side_a, side_b)
    } else if vault_in == pool.vault_b && vault_out == pool.vault_a {
        (side_b, side_a)
    } else {
        return err!(AmmError::VaultMismatch);
    };
    require_keys_eq!(a.mint_in.key(), side_in.mint, AmmError::MintMismatch);
    require_keys_eq!(a.mint_out.key(), side_out.mint, AmmError::MintMismatch);
    require_keys_eq!(
        a.token_program_in.key(),
        side_in.token_program,
        AmmError::TokenProgramMismatch
    );
    require_keys_eq!(
        a.token_program_out.key(),
        side_out.token_program,
        AmmError::TokenProgramMismatch
    );

    let source = read_token_account(&a.user_source, &side_in.token_program)?;
    require_keys_eq!(source.mint, side_in.mint, AmmError::UserTokenMintMismatch);
    let destination = read_token_account(&a.user_destination, &side_out.token_program)?;
    require_keys_eq!(
        destination.mint,
        side_out.mint,
        AmmError::UserTokenMintMismatch
    );
    let reserve_in = read_token_account(&a.vault_in, &side_in.token_program)?.amount;
    let reserve_out = read_token_account(&a.vault_out, &side_out.token_program)?.amount;

    let SwapQuote { fee, amount_out } =
        quote_swap(amount_in, reserve_in, reserve_out, pool.fee_bps).ok_or(AmmError::EmptyPool)?;
    require!(amount_out > 0, AmmError::ZeroOutput);
    require!(amount_out >= min_amount_out, AmmError::MinAmountOutNotMet);
    let reserve_in_after = reserve_in
        .checked_add(amount_in)
        .ok_or(AmmError::MathOverflow)?;
    let reserve_out_after = reserve_out
        .checked_sub(amount_out)
        .ok_or(AmmError::MathOverflow)?;

    transfer(
        &a.token_program_in.to_account_info(),
        &a.user_source.to_account_info(),
        &a.mint_in.to_account_info(),
        &a.vault_in.to_account_info(),
        &a.user_authority.to_account_info(),
        amount_in,
        side_in.decimals,
        &[],
    )?;
    let pool_key = pool.key();
    let authority_seeds: &[&[u8]] = &[
        AUTHORITY_SEED,
        pool_key.as_ref(),
        core::slice::from_ref(&pool.authority_bump),
    ];
    transfer(
        &a.token_program_out.to_account_info(),
        &a.vault_out.to_account_info(),
        &a.mint_out.to_account_info(),
        &a.user_destination.to_account_info(),
        &a.pool_authority.to_account_info(),
        amount_out,
        side_out.decimals,
        &[authority_seeds],
    )?;

    emit!(Swapped {
        pool: pool_key,
        user_authority: a.user_authority.key(),
        mint_in: side_in.mint,
        mint_out: side_out.mint,
        amount_in,
        fee,
        amount_out,
        reserve_in_after,
        reserve_out_after,
    });
    Ok(())
}
