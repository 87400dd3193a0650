//! # ballast-keeper
//!
//! Keeps Ballast vaults at their target weights: for each configured vault it reads the
//! vault, reserves and prices, asks ballast-math (the code the program runs) whether a
//! rebalance is due and which swaps to make ([`decide`]), quotes the route on the venue
//! ([`route`]), sends the `rebalance` transactions and confirms them ([`keeper`]).
//!
//! Safe to run twice at once and to restart at any moment: nothing is remembered between
//! ticks, every swap is planned from fresh state, and the program's checks are the source
//! of truth (a stale plan is refused on chain and re-planned next tick).

pub mod decide;
pub mod keeper;
pub mod route;

pub use decide::{
    decide, DecideOptions, Decision, NotDueReason, OracleProblem, PlannedSwap, Round,
};
pub use keeper::{
    read_snapshot, Backoff, ExecutedSwap, Keeper, KeeperOptions, Plan, Schedule, Snapshot,
    VaultOutcome, VaultReport, VaultTarget,
};
pub use route::{QuoteRequest, Route, TestAmm, Venue};
