//! The pool account.

use anchor_lang::prelude::*;

/// A constant-product pool of one ordered mint pair (`mint_a < mint_b`), PDA
/// `[POOL_SEED, mint_a, mint_b]`. Written once by `create_pool`, read-only afterwards: the
/// reserves are the vault balances, so swaps never write it.
#[account]
#[derive(InitSpace, Debug)]
pub struct Pool {
    /// Side A mint (the smaller key of the pair).
    pub mint_a: Pubkey,
    /// Side B mint.
    pub mint_b: Pubkey,
    /// Side A reserve: token account PDA `[VAULT_SEED, pool, mint_a]` owned by `authority`.
    pub vault_a: Pubkey,
    /// Side B reserve: token account PDA `[VAULT_SEED, pool, mint_b]` owned by `authority`.
    pub vault_b: Pubkey,
    /// Token program of `mint_a` (SPL Token or Token-2022).
    pub token_program_a: Pubkey,
    /// Token program of `mint_b` (SPL Token or Token-2022).
    pub token_program_b: Pubkey,
    /// The authority PDA `[AUTHORITY_SEED, pool]` owning both vaults; holds no data.
    pub authority: Pubkey,
    /// Swap fee in basis points (at most `MAX_FEE_BPS`), charged on the input and kept in
    /// the pool.
    pub fee_bps: u16,
    /// Decimals of `mint_a` (immutable in both token programs), for `transfer_checked`.
    pub decimals_a: u8,
    /// Decimals of `mint_b`.
    pub decimals_b: u8,
    /// Bump of the pool PDA.
    pub bump: u8,
    /// Bump of the authority PDA, for signing vault transfers.
    pub authority_bump: u8,
}
