//! Events (`Program data:` log lines).

use anchor_lang::prelude::*;

/// A pool was created.
#[event]
pub struct PoolCreated {
    /// The pool.
    pub pool: Pubkey,
    /// Side A mint (the smaller key).
    pub mint_a: Pubkey,
    /// Side B mint.
    pub mint_b: Pubkey,
    /// Swap fee in basis points.
    pub fee_bps: u16,
}

/// Liquidity was added (and locked forever).
#[event]
pub struct LiquidityAdded {
    /// The pool.
    pub pool: Pubkey,
    /// Who provided it.
    pub provider: Pubkey,
    /// Base units of side A added.
    pub amount_a: u64,
    /// Base units of side B added.
    pub amount_b: u64,
    /// Vault A balance after.
    pub reserve_a: u64,
    /// Vault B balance after.
    pub reserve_b: u64,
}

/// A swap was executed.
#[event]
pub struct Swapped {
    /// The pool.
    pub pool: Pubkey,
    /// Who signed for the input tokens.
    pub user_authority: Pubkey,
    /// Mint paid in.
    pub mint_in: Pubkey,
    /// Mint paid out.
    pub mint_out: Pubkey,
    /// Base units paid in (fee included).
    pub amount_in: u64,
    /// Part of `amount_in` kept by the pool as fee.
    pub fee: u64,
    /// Base units paid out.
    pub amount_out: u64,
    /// Input vault balance after the swap.
    pub reserve_in_after: u64,
    /// Output vault balance after the swap.
    pub reserve_out_after: u64,
}
