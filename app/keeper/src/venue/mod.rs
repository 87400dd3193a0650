//! Venues: where a planned swap is executed. A [`Venue`] quotes a swap on chain state and
//! builds the DEX call `rebalance` forwards; the keeper is generic over it
//! ([`crate::Keeper`]). Each venue lives in its own file:
//!
//! - [`test_amm`]: [`TestAmm`], the local constant-product test venue (`ballast-test-amm`),
//!   for tests, demos and `ballast node`;
//! - [`raydium_cpmm`]: [`RaydiumCpmm`], Raydium's constant-product AMM (SPL Token and
//!   Token-2022 pools, any fee config), quoted with the program's own arithmetic;
//! - [`venues`]: [`Venues`], several venues as one: each swap goes to the best quote among
//!   the venues whose program the vault allows.
//!
//! A venue finds the pool of the pair, reads its reserves, quotes with the DEX's own
//! formula (so a quote is exactly what the swap pays on the state read), and builds its
//! swap instruction's accounts with the vault's escrows as source and destination and the
//! swap authority as a non-signer. A venue whose program the vault does not allowlist
//! returns no route.

use std::future::Future;

use ballast::state::MAX_DEXES;
use ballast_sdk::chain::Chain;
use ballast_sdk::ix::DexCall;
use ballast_sdk::{Pubkey, SdkResult};

pub mod raydium_cpmm;
pub mod test_amm;
pub mod venues;

pub use raydium_cpmm::RaydiumCpmm;
pub use test_amm::TestAmm;
pub use venues::{AnyVenue, Venues};

/// What to quote: sell `amount_in` of `sell_mint` for `buy_mint` from the vault's escrows,
/// accepting no less than `min_out`, through a program on `dex_allowlist`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteRequest {
    /// The sold mint.
    pub sell_mint: Pubkey,
    /// The bought mint.
    pub buy_mint: Pubkey,
    /// Base units sold.
    pub amount_in: u64,
    /// The vault's minimum output (also passed to the venue as its own limit).
    pub min_out: u64,
    /// The vault's swap authority (the venue's user authority).
    pub swap_authority: Pubkey,
    /// The sold asset's escrow (the venue's source).
    pub sell_escrow: Pubkey,
    /// The bought asset's escrow (the venue's destination).
    pub buy_escrow: Pubkey,
    /// The DEX programs the vault allows (unused slots are the default key).
    pub dex_allowlist: [Pubkey; MAX_DEXES],
}

impl QuoteRequest {
    /// Whether the vault allows routing through `program`.
    pub fn allows(&self, program: &Pubkey) -> bool {
        *program != Pubkey::default() && self.dex_allowlist.contains(program)
    }
}

/// How a route's pool prices any input, on the state that was read: what the venue would
/// pay, exactly, for another amount (to size or split a swap without reading again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pricing {
    /// A constant-product pool charging `fee_bps` of the input (the test AMM).
    ConstantProduct {
        /// Input-side reserve.
        reserve_in: u64,
        /// Output-side reserve.
        reserve_out: u64,
        /// Fee, bps of the input.
        fee_bps: u16,
    },
    /// A Raydium CPMM pool.
    RaydiumCpmm(raydium_cpmm::CpmmPricing),
}

impl Pricing {
    /// What selling `amount_in` pays, after every fee; `None` when the venue refuses it.
    pub fn amount_out(&self, amount_in: u64) -> Option<u64> {
        match self {
            Pricing::ConstantProduct {
                reserve_in,
                reserve_out,
                fee_bps,
            } => ballast_test_amm::quote(amount_in, *reserve_in, *reserve_out, *fee_bps)
                .filter(|out| *out > 0),
            Pricing::RaydiumCpmm(p) => p.amount_out(amount_in),
        }
    }

    /// The venue's own fee on `amount_in`, base units of the sold asset.
    pub fn fee(&self, amount_in: u64) -> Option<u64> {
        match self {
            Pricing::ConstantProduct {
                reserve_in,
                reserve_out,
                fee_bps,
            } => ballast_test_amm::quote_swap(amount_in, *reserve_in, *reserve_out, *fee_bps)
                .map(|q| q.fee),
            Pricing::RaydiumCpmm(p) => p.fee(amount_in),
        }
    }
}

/// A quoted route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The call `rebalance` forwards.
    pub dex: DexCall,
    /// The output the venue quotes on the state read.
    pub amount_out: u64,
    /// The venue (`test-amm`, `raydium-cpmm`).
    pub venue: &'static str,
    /// Where (for logs): the venue and its pool.
    pub description: String,
    /// The pool's pricing of this direction, as read.
    pub pricing: Pricing,
    /// Compute units the venue's swap takes, an upper estimate (for a transaction's
    /// budget).
    pub compute_units: u32,
}

impl Route {
    /// The accounts the DEX gets writable, but the vault's two escrows of `request`: the
    /// venue's accounts that no other instruction of a `rebalance`'s transaction may write
    /// (two routes that share one cannot be sent together).
    pub fn venue_accounts(&self, request: &QuoteRequest) -> Vec<Pubkey> {
        let escrows = [request.sell_escrow, request.buy_escrow];
        let mut keys: Vec<Pubkey> = self
            .dex
            .accounts
            .iter()
            .filter(|m| m.is_writable && !escrows.contains(&m.pubkey))
            .map(|m| m.pubkey)
            .collect();
        keys.dedup();
        keys
    }
}

/// A venue a keeper routes through.
pub trait Venue: Sync {
    /// A short name for logs (`test-amm`, `raydium-cpmm`, or a list of them).
    fn name(&self) -> String;

    /// The DEX programs it routes through (the vault must allowlist one).
    fn programs(&self) -> Vec<Pubkey>;

    /// A route for `request`, or `None` when the venue cannot trade the pair (no pool, a
    /// pool closed to swaps, a program the vault does not allow).
    fn quote<C: Chain>(
        &self,
        chain: &C,
        request: &QuoteRequest,
    ) -> impl Future<Output = SdkResult<Option<Route>>> + Send;
}
