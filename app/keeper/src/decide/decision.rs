//! What a decision says: [`Decision`], and why there is nothing to do
//! ([`NotDueReason`]) or why an oracle is unusable ([`OracleProblem`]).

use std::fmt;

use ballast_math::{MathError, Wad};

/// Why an asset's price is unusable (each is one of the program's oracle refusals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OracleProblem {
    /// The price account does not exist or is not a `PriceUpdateV2` (`OracleInvalidAccount`).
    Missing,
    /// Not owned by the Pyth receiver (`OracleWrongOwner`).
    WrongOwner,
    /// Only partially verified (`OracleNotFullyVerified`).
    NotFullyVerified,
    /// Another feed (`OracleFeedMismatch`).
    FeedMismatch,
    /// Non-positive price or exponent out of range.
    InvalidPrice,
    /// Older than the limit of the next instruction (`OracleStale`): `max_oracle_age_secs`
    /// for `open_round`, `fresh_price_secs` for a swap. A keeper posts a fresh update.
    Stale {
        /// Seconds since publication.
        age: i64,
        /// The limit, seconds.
        limit: u32,
    },
    /// Published ahead of the cluster clock (`OracleFromTheFuture`).
    FromTheFuture,
    /// Older than the one the vault last used (`OracleOlderThanLastUsed`).
    OlderThanLastUsed,
    /// Confidence wider than `max_conf_bps` (`OracleConfidenceTooWide`).
    ConfidenceTooWide,
}

impl fmt::Display for OracleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OracleProblem::Missing => f.write_str("price account missing or not a PriceUpdateV2"),
            OracleProblem::WrongOwner => {
                f.write_str("price account not owned by the Pyth receiver")
            }
            OracleProblem::NotFullyVerified => f.write_str("price update only partially verified"),
            OracleProblem::FeedMismatch => f.write_str("price account is another feed"),
            OracleProblem::InvalidPrice => {
                f.write_str("price not positive or exponent out of range")
            }
            OracleProblem::Stale { age, limit } => {
                write!(f, "price is {age} s old, over the {limit} s limit")
            }
            OracleProblem::FromTheFuture => {
                f.write_str("price published ahead of the cluster clock")
            }
            OracleProblem::OlderThanLastUsed => {
                f.write_str("price older than the one the vault last used")
            }
            OracleProblem::ConfidenceTooWide => f.write_str("price confidence too wide"),
        }
    }
}

/// Why no swap is to be made (besides a stale oracle or the cooldown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotDueReason {
    /// The manager has not configured rebalancing (or the stored rules do not decode).
    NotConfigured,
    /// A new round would be needed and the policy finds no rebalance due.
    PolicyNotTriggered,
    /// A round is open and every asset is within a minimum notional of its trade target.
    RoundComplete,
    /// A new round is due but no swap of at least the minimum notional would help.
    NothingWorthASwap,
    /// The only useful swaps trade an asset whose reserve is frozen.
    ReserveFrozen {
        /// The frozen asset.
        asset: usize,
    },
    /// The only useful swaps trade an asset whose escrow has not been created.
    EscrowNotCreated {
        /// The asset.
        asset: usize,
    },
    /// The vault holds nothing.
    EmptyVault,
    /// The manager or guardian paused rebalancing.
    Paused,
    /// The inputs do not describe the vault (lengths differ).
    InputMismatch,
    /// A ballast-math computation refused (the program would refuse too).
    Math(MathError),
}

impl fmt::Display for NotDueReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotDueReason::NotConfigured => f.write_str("rebalancing not configured"),
            NotDueReason::PolicyNotTriggered => f.write_str("policy not triggered"),
            NotDueReason::RoundComplete => f.write_str("open round complete"),
            NotDueReason::NothingWorthASwap => f.write_str("no swap above the minimum notional"),
            NotDueReason::ReserveFrozen { asset } => write!(f, "reserve of asset {asset} frozen"),
            NotDueReason::EscrowNotCreated { asset } => {
                write!(f, "escrow of asset {asset} not created")
            }
            NotDueReason::EmptyVault => f.write_str("vault is empty"),
            NotDueReason::Paused => f.write_str("rebalancing paused"),
            NotDueReason::InputMismatch => f.write_str("inputs do not match the vault's assets"),
            NotDueReason::Math(e) => write!(f, "math: {e}"),
        }
    }
}

/// One swap of the open round that the program accepts on the state the decision was made
/// from, once the auction allows the venue's price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedSwap {
    /// Index of the sold asset.
    pub sell: usize,
    /// Index of the bought asset.
    pub buy: usize,
    /// Base units sold.
    pub amount_in: u64,
    /// Value sold at the mid price, rounded down.
    pub notional: Wad,
    /// The least output the vault accepts now (`None` while the auction's slippage is too
    /// tight for even a zero-fee venue at the mid prices).
    pub min_out_now: Option<u64>,
    /// The least output the vault accepts at the auction's widest (`max_slippage_bps`).
    pub min_out_at_max: u64,
    /// The most keeper reward the rest of the round's cap allows for it now, base units of
    /// the bought asset (0 while `min_out_now` is `None`).
    pub reward_cap: u64,
}

/// What the keeper should do for a vault now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Nothing to do, and why.
    NotDue {
        /// Why.
        reason: NotDueReason,
    },
    /// An asset's price would be refused: skip the vault until a fresh price is posted.
    StaleOracle {
        /// The asset.
        asset: usize,
        /// What is wrong with its price.
        problem: OracleProblem,
    },
    /// A rebalance would be due but the cooldown runs until `until`.
    Cooldown {
        /// Unix time the cooldown ends.
        until: i64,
    },
    /// `open_round` would pass now: open a round (its auction starts then).
    OpenRound,
    /// A round is open: make these swaps, in order (each re-planned from fresh state
    /// before it is sent), when the auction allows each venue's price.
    Rebalance {
        /// When the round opened (the auction's origin).
        opened_at: i64,
        /// When it closes.
        ends_at: i64,
        /// The plan (at least one swap).
        swaps: Vec<PlannedSwap>,
    },
}

impl Decision {
    /// A short label for logs: `not-due`, `stale-oracle`, `cooldown`, `open-round` or
    /// `rebalance`.
    pub fn label(&self) -> &'static str {
        match self {
            Decision::NotDue { .. } => "not-due",
            Decision::StaleOracle { .. } => "stale-oracle",
            Decision::Cooldown { .. } => "cooldown",
            Decision::OpenRound => "open-round",
            Decision::Rebalance { .. } => "rebalance",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::NotDue { reason } => write!(f, "not due: {reason}"),
            Decision::StaleOracle { asset, problem } => {
                write!(f, "oracle of asset {asset} unusable: {problem}")
            }
            Decision::Cooldown { until } => write!(f, "cooldown until {until}"),
            Decision::OpenRound => f.write_str("a round is due: open it"),
            Decision::Rebalance { ends_at, swaps, .. } => {
                write!(f, "round open until {ends_at}: {} swap(s)", swaps.len())
            }
        }
    }
}
