//! # ballast-backtest
//!
//! Backtests and tunes Ballast's rebalancing policies with **exactly the policy code the vault
//! runs**: every trigger decision is [`ballast_math::Policy::is_due`]'s and every trade target
//! is [`ballast_math::target::trade_target_values`]'s, on [`ballast_math::Wad`] values.
//!
//! - [`market`]: price CSV files (`Date,Close,High,Low,Open,Volume`), alignment, `--weights`.
//! - [`generator`]: a seeded generator of correlated fat-tailed paths, calibrated on crypto.
//! - [`sim`]: the simulation and its [`sim::Metrics`].
//! - [`tune`]: grids run in parallel (rayon), the cost/tracking-error frontier, the
//!   recommendation, and the two checks against the literature (Leland, Janecek-Shreve).
//! - [`svg`]: hand-written SVG charts.
//! - [`error`]: one-line errors naming the file and line.
//!
//! # Reference semantics
//!
//! These rules are the specification; the tests check hand-computed cases against them.
//!
//! **Data.** Bars `t = 0..T-1` are the times present in every price file; `p_i(t)` is asset
//! `i`'s close at bar `t`. Target weights `w*_i` are whole basis points summing to 1.
//!
//! **Start.** At bar 0 the portfolio is worth `V = 1.0`, exactly at its targets
//! (`v_i = w*_i`), at no cost; bar 0 counts as the last rebalance (`last = time(0)`).
//!
//! **Every later bar `t`**, in this order:
//! 1. *Revalue at the close*: `v_i <- v_i * p_i(t) / p_i(t-1)`, `V = sum v_i`.
//! 2. *Decide*: the policy fires iff `Policy::is_due` returns true with `now = time(t)`,
//!    `last_rebalance = last`, the weights computed by ballast-math's
//!    `portfolio::current_weights` from the values converted to Wad as
//!    `Wad(floor(v_i * 10^18))` ([`sim::WAD_SCALE`]), and (for `vol-band`) the volatilities
//!    below. Hence: a calendar policy fires at the first bar at least `interval` after the
//!    previous rebalance; band policies fire when some `|w_i - w*_i|` is *strictly* above
//!    its band; `hybrid` needs both (and since `last` moves only when it trades, it checks
//!    the bands at every bar once `interval` has passed).
//! 3. *Trade*, if it fired: the post-trade values `u_i` are `trade_target_values` of the Wad
//!    values, the targets, `Policy::bands` and the trade-target mode, converted back to f64.
//!    The trades execute at that close. Their cost is
//!    `C = fee * 1/2 sum_i |u_i - v_i| + impact * 1/2 sum_i |u_i - v_i|^2 / V`
//!    (`fee = fee_bps / 10^4`: the proportional fee on each swap's input notional, the sold
//!    side, which equals half the total traded since trades balance; `impact = impact_bps /
//!    10^4`: an optional linear price impact where a leg trading a fraction `f` of NAV pays
//!    `impact * f` of its notional, charged half per leg). With trade-to-target this is
//!    `fee * 1/2 sum |v_i - w*_i V|`. The cost is taken from the holdings in proportion to
//!    their post-trade values: `v_i <- u_i * (1 - C / sum_j u_j)`; `last = time(t)`.
//!
//! **vol-band** volatilities: per asset, ballast-math's `VolState::seeded(p_i(0) as Wad,
//! time(0), prior)` at bar 0, then `update_volatility` with each later bar's close and time,
//! before the decision (a keeper updating the vault at every bar). The default prior is 0,
//! like a fresh vault, so bands start at their floor.
//!
//! **Benchmarks.** *Buy-and-hold*: `B(t) = sum_i w*_i p_i(t) / p_i(0)`. *Costless target
//! mix*: rebalanced to the targets at every bar at no cost, with bar return
//! `m(t) = sum_i w*_i (p_i(t) / p_i(t-1) - 1)`, `M(0) = 1`.
//!
//! **Metrics** ([`sim::Metrics`]). `r(t) = V(t) / V(t-1) - 1` with `V` after costs;
//! `years = (time(T-1) - time(0)) / 365 days`; `bars_per_year = (T - 1) / years`.
//! - annualised return `V(T-1)^(1/years) - 1`; volatility: sample standard deviation
//!   (`n - 1`) of `r` times `sqrt(bars_per_year)`;
//! - max drawdown `max_t (1 - V(t) / max_{s<=t} V(s))`;
//! - rebalances: bars at which the policy fired; turnover: `sum 1/2 sum_i |u_i - v_i| / V`
//!   over rebalances (one-way, as a fraction of NAV), also per year;
//! - total costs `sum C` (units of the initial value) and the cost rate
//!   `sum (C / V) / years` in bps a year;
//! - tracking error: sample standard deviation of `r(t) - m(t)` times `sqrt(bars_per_year)`;
//! - rebalancing bonus: annualised return minus buy-and-hold's annualised return.
//!
//! # Speed: the f64 pre-check
//! Values evolve in f64. Converting them to Wad and calling `is_due` at every bar costs
//! about a microsecond per bar for ten assets, so the decision first runs a cheap f64 check
//! of `|v_i / V - w*_i| - band_i` against a safety margin `1e-12 + 4 (n + 1) / (V 10^18)`,
//! which bounds the difference between the f64 weights and ballast-math's rounded-down Wad
//! weights (a few 10^-16 from the conversions, plus the Wad rounding units) with a wide
//! margin. If every asset is inside by more than the margin the policy cannot fire; if one is
//! outside by more, it fires; otherwise (and always with [`sim::SimOptions::exact`]) the
//! decision is `is_due` on Wad weights. The calendar part is ballast-math's
//! `Policy::calendar_due` at every bar. So every decision equals ballast-math's; a test runs
//! long random paths both ways and asserts identical rebalance bars. Trades always come from
//! `trade_target_values`.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod error;
pub mod generator;
pub mod market;
pub mod sim;
pub mod svg;
pub mod time;
pub mod tune;

pub use error::{BacktestError, Result};
pub use generator::Generator;
pub use market::{parse_weights, read_prices, Market, PriceFile};
pub use sim::{simulate, Config, Costs, Metrics, Outcome, Scenario, SimOptions};
