//! # ballast-test-amm: the local test venue
//!
//! A minimal constant-product (x·y = k) AMM with a swap fee, written to exercise Ballast's
//! permissionless rebalance in tests on an embedded chain. It is **not** meant for mainnet:
//! there is no LP token (liquidity is locked forever), no admin, no fee withdrawal, and no
//! protection against the usual AMM hazards (sandwiching, thin pools). Real DEXes (Orca,
//! Raydium, Meteora, Jupiter) plug into Ballast by program-id allowlisting; this program only
//! has to be a faithful, simple venue whose results tests can predict exactly with [`quote`].
//!
//! Layout: `instructions/` (one file per instruction, each with its specification),
//! `state.rs` (the pool account), `math.rs` (the swap formula, also usable off chain),
//! `token.rs` (raw token reads and the transfer CPI), `constants.rs`, `error.rs`, `events.rs`,
//! and, off chain only, `client.rs` (addresses, instruction builders, pool decoding).
#![allow(unexpected_cfgs)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;

#[cfg(not(target_os = "solana"))]
pub mod client;
pub mod constants;
pub mod error;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;
pub mod token;

use instructions::*;

pub use math::{quote, quote_swap, swap_fee, SwapQuote};

declare_id!("GVdhEPc7QNzDUEGypXRzxQMoqAH1diqxFwMKmMKTcXJa");

#[program]
pub mod ballast_test_amm {
    use super::*;

    /// Creates the pool of an ordered mint pair, its authority PDA and its two vaults.
    pub fn create_pool<'info>(ctx: Context<'info, CreatePool<'info>>, fee_bps: u16) -> Result<()> {
        instructions::create_pool::handler(ctx, fee_bps)
    }

    /// Deposits both sides into the pool's vaults (no LP token: locked forever).
    pub fn add_liquidity<'info>(
        ctx: Context<'info, AddLiquidity<'info>>,
        amount_a: u64,
        amount_b: u64,
    ) -> Result<()> {
        instructions::add_liquidity::handler(ctx, amount_a, amount_b)
    }

    /// Swaps `amount_in` of one side for at least `min_amount_out` of the other.
    pub fn swap<'info>(
        ctx: Context<'info, Swap<'info>>,
        amount_in: u64,
        min_amount_out: u64,
    ) -> Result<()> {
        instructions::swap::handler(ctx, amount_in, min_amount_out)
    }
}
