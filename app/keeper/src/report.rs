//! How a vault's tick ended: the swaps confirmed and the outcome ([`VaultReport`]).

use ballast_sdk::chain::Confirmed;
use ballast_sdk::{Pubkey, SdkError};

use crate::decide::{Decision, PlannedSwap};

/// A swap the chain confirmed.
#[derive(Clone, Debug)]
pub struct ExecutedSwap {
    /// The swap.
    pub swap: PlannedSwap,
    /// The venue's quote when it was sent.
    pub quoted_out: u64,
    /// The venue it went through (`test-amm`, `raydium-cpmm`).
    pub venue: &'static str,
    /// The venue's program.
    pub dex_program: Pubkey,
    /// The venue's own fee on it, base units of the sold asset (as quoted).
    pub venue_fee: u64,
    /// Its place among the transaction's swaps (0 for a swap sent alone).
    pub position: usize,
    /// How many swaps the transaction made.
    pub batch_size: usize,
    /// The transaction (shared by every swap of a batch).
    pub confirmed: Confirmed,
}

impl ExecutedSwap {
    /// Compute units of this swap's `rebalance` (its CPIs included), and of those the units
    /// spent inside the venue's program, from the transaction's logs.
    pub fn compute_units(&self) -> (u64, u64) {
        instruction_units(
            &self.confirmed.logs,
            &ballast::ID,
            self.position,
            &self.dex_program,
        )
    }
}

/// Units of the `position`-th top-level invocation of `program` in `logs`, and of those
/// the units spent in `inner` invoked from it.
pub fn instruction_units(
    logs: &[String],
    program: &Pubkey,
    position: usize,
    inner: &Pubkey,
) -> (u64, u64) {
    let (program, inner) = (program.to_string(), inner.to_string());
    // An invocation's inner lines come before its own "consumed" line.
    let (mut seen, mut inner_units) = (0usize, 0u64);
    for (depth, id, units) in ballast_sdk::logs::consumed(logs) {
        if depth == 1 && id == program {
            if seen == position {
                return (units, inner_units);
            }
            seen += 1;
            inner_units = 0;
        } else if depth == 2 && id == inner {
            inner_units = inner_units.saturating_add(units);
        }
    }
    (0, 0)
}

/// How a vault's tick ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VaultOutcome {
    /// The last decision was not to rebalance (after zero or more swaps).
    Idle {
        /// That decision.
        decision: Decision,
    },
    /// `max_swaps_per_tick` swaps were made; the rest waits for the next tick.
    SwapLimit,
    /// The program (or the venue) refused the swap or the round's opening: the state
    /// changed since it was read. Nothing moved; the next tick re-plans from fresh state.
    Refused {
        /// The refused swap (`None` for `open_round`).
        swap: Option<PlannedSwap>,
        /// The error's name (e.g. `SwapOvershoots`) or the runtime error.
        error: String,
        /// The custom error code, if any.
        code: Option<u32>,
    },
    /// The venue cannot trade the pair.
    NoRoute {
        /// The swap.
        swap: PlannedSwap,
    },
    /// The venue clears the vault's bound only later in the round's auction: send at
    /// `clears_at` (the next tick after it).
    AuctionWait {
        /// The swap.
        swap: PlannedSwap,
        /// The venue's quote.
        quoted: u64,
        /// The first unix time the auction allows that price.
        clears_at: i64,
    },
    /// The venue would pay less than the vault's widest bound: sending would be refused.
    QuoteBelowBound {
        /// The swap.
        swap: PlannedSwap,
        /// The venue's quote.
        quoted: u64,
    },
    /// The chain could not be reached: retry after a backoff.
    Unavailable {
        /// Why.
        error: String,
    },
    /// Reading or building failed for another reason (a wrong vault address, say).
    Error {
        /// Why.
        error: String,
    },
}

/// One vault's tick.
#[derive(Clone, Debug)]
pub struct VaultReport {
    /// The vault.
    pub vault: Pubkey,
    /// The `open_round` confirmed this tick, if one was sent.
    pub opened: Option<Confirmed>,
    /// The swaps confirmed this tick, in order.
    pub executed: Vec<ExecutedSwap>,
    /// How the tick ended.
    pub outcome: VaultOutcome,
}

impl VaultReport {
    /// Whether the tick failed for a reason worth backing off for (chain unreachable).
    pub fn is_transient_failure(&self) -> bool {
        matches!(self.outcome, VaultOutcome::Unavailable { .. })
    }
}

/// An SDK error as an outcome: retry after a backoff when transient.
pub(crate) fn failure(error: SdkError) -> VaultOutcome {
    if error.is_transient() {
        VaultOutcome::Unavailable {
            error: error.to_string(),
        }
    } else {
        VaultOutcome::Error {
            error: error.to_string(),
        }
    }
}
