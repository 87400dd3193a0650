//! Venues: where a planned swap is executed. A [`Venue`] quotes a swap on chain state and
//! builds the DEX call `rebalance` forwards; the keeper is generic over it
//! ([`crate::Keeper`]). Each venue lives in its own file:
//!
//! - [`test_amm`]: [`TestAmm`], the local constant-product test venue (`ballast-test-amm`),
//!   for tests, demos and `ballast node`.
//!
//! A venue for a real DEX (Raydium CPMM, say) is one more file here implementing [`Venue`]:
//! find the pool of the pair, read its reserves, quote with the DEX's own formula, and
//! build its swap instruction's accounts with the vault's escrows as source and destination
//! and the swap authority as a non-signer. The vault must allowlist its program id.

use std::future::Future;

use ballast_sdk::chain::Chain;
use ballast_sdk::ix::DexCall;
use ballast_sdk::{Pubkey, SdkResult};

pub mod test_amm;

pub use test_amm::TestAmm;

/// What to quote: sell `amount_in` of `sell_mint` for `buy_mint` from the vault's escrows,
/// accepting no less than `min_out`.
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
}

/// A quoted route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The call `rebalance` forwards.
    pub dex: DexCall,
    /// The output the venue quotes on the state read.
    pub amount_out: u64,
    /// Where (for logs): the venue and its pool.
    pub description: String,
}

/// A venue a keeper routes through.
pub trait Venue: Sync {
    /// The venue's program id (must be on the vault's allowlist).
    fn program_id(&self) -> Pubkey;

    /// A route for `request`, or `None` when the venue cannot trade the pair.
    fn quote<C: Chain>(
        &self,
        chain: &C,
        request: &QuoteRequest,
    ) -> impl Future<Output = SdkResult<Option<Route>>> + Send;
}
