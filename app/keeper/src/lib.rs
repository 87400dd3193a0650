//! # ballast-keeper
//!
//! Keeps Ballast vaults at their target weights: for each configured vault it reads the
//! vault, reserves and prices ([`snapshot`]), asks ballast-math (the code the program runs)
//! whether a rebalance is due and which swaps to make ([`decide`]), quotes the route on a
//! venue ([`venue`]: a trait, one file per venue; several venues as one, best quote
//! wins), sizes, splits and batches the swaps ([`batch`]), sends the `rebalance`
//! transactions and confirms them ([`keeper`]), and reports each vault's tick ([`report`]) on a schedule with
//! backoff ([`schedule`]). No VM in its dependencies: tests run it on `ballast-sandbox`.
//!
//! Safe to run twice at once and to restart at any moment: nothing is remembered between
//! ticks, every swap is planned from fresh state, and the program's checks are the source
//! of truth (a stale plan is refused on chain and re-planned next tick).

pub mod batch;
pub mod decide;
pub mod keeper;
pub mod report;
pub mod schedule;
pub mod snapshot;
pub mod venue;

pub use batch::Leg;
pub use decide::{
    decide, plan_swap, DecideOptions, Decision, NotDueReason, OracleProblem, PlannedSwap,
};
pub use keeper::{Keeper, KeeperOptions, Plan};
pub use report::{ExecutedSwap, VaultOutcome, VaultReport};
pub use schedule::{Backoff, Schedule};
pub use snapshot::{read_snapshot, Snapshot, VaultTarget};
pub use venue::{AnyVenue, Pricing, QuoteRequest, RaydiumCpmm, Route, TestAmm, Venue, Venues};
