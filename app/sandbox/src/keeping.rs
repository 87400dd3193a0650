//! Keeping a vault on the embedded chain, where the clock moves only on demand: the keeper
//! ticks, and when the round's auction allows the venue's price only later, the clock moves
//! to that second (prices republished, as a live market would) and the keeper ticks again.
//! When even a part of a swap would not clear the vault's bound (a pool pushed off the
//! oracle, or still moved by the round's previous part), arbitrageurs bring the market's
//! pools back to the oracle, as they would between blocks, and the keeper ticks again.

use ballast_keeper::{Keeper, VaultOutcome, VaultReport, VaultTarget, Venue};
use ballast_sdk::chain::Chain;
use ballast_sdk::SdkResult;

use crate::chain::EmbeddedChain;
use crate::market::DemoMarket;

/// Most keeper ticks of one [`keep_until_idle`] (a round takes one tick to open and one per
/// swap, each after its auction wait).
pub const MAX_TICKS: usize = 32;

/// Ticks `keeper` on `target` until its outcome is neither an auction wait nor the per-tick
/// swap limit (at most [`MAX_TICKS`] ticks), moving the clock to each wait's end and
/// republishing `market`'s prices in between (and arbitraging its pools after a quote below
/// the bound, if that moves any). Returns every tick's report, in order.
pub async fn keep_until_idle<V: Venue>(
    chain: &EmbeddedChain,
    market: &DemoMarket,
    keeper: &Keeper<V>,
    target: &VaultTarget,
) -> SdkResult<Vec<VaultReport>> {
    keep_through(chain, chain, market, keeper, target).await
}

/// [`keep_until_idle`] with the keeper talking to `via` (say, an `RpcChain` to a
/// `LocalNode` serving `chain`) while the clock moves on `chain` itself.
pub async fn keep_through<C: Chain, V: Venue>(
    via: &C,
    chain: &EmbeddedChain,
    market: &DemoMarket,
    keeper: &Keeper<V>,
    target: &VaultTarget,
) -> SdkResult<Vec<VaultReport>> {
    let mut reports = Vec::new();
    for _ in 0..MAX_TICKS {
        let report = keeper.run_vault(via, target).await;
        let wait = match report.outcome {
            VaultOutcome::AuctionWait { clears_at, .. } => Some(clears_at),
            VaultOutcome::SwapLimit => Some(chain.now()),
            VaultOutcome::QuoteBelowBound { .. } if market.align_pools(chain, 2.0)? > 0 => {
                Some(chain.now())
            }
            _ => None,
        };
        reports.push(report);
        let Some(until) = wait else { break };
        chain.set_time(until.max(chain.now()));
        market.publish_prices(chain)?;
    }
    Ok(reports)
}
