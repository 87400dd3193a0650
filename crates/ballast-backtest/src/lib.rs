//! # ballast-backtest
//!
//! Backtests and tunes Ballast's rebalancing policies with **exactly the policy code the vault
//! runs**: every trigger decision is [`ballast_math::Policy::is_due`]'s and every trade target
//! is [`ballast_math::target::trade_target_values`]'s, on [`ballast_math::Wad`] values.
//!
//! - [`market`]: price CSV files (`Date,Close,High,Low,Open,Volume`), alignment, `--weights`.
//! - [`overlap`]: alignment inside a date window, the per-file report of dropped bars, and
//!   the bar-spacing check.
//! - [`generator`]: a seeded generator of correlated fat-tailed paths, calibrated on crypto.
//! - [`scenario`]: a market with its targets and the benchmarks every run shares.
//! - [`sim`]: the simulation (whole runs, or a range of bars continuing a previous run).
//! - [`metrics`]: [`sim::Metrics`], and the metrics of runs chained into one.
//! - [`tune`]: grids run in parallel (rayon), the cost/tracking-error frontier, and the two
//!   checks against the literature (Leland, Janecek-Shreve).
//! - [`recommend`]: the recommendation rule.
//! - [`walk_forward`]: tuning on rolling training windows, judged on the windows that follow
//!   against fixed baselines.
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
//!    `C = fee * D + impact * 1/2 sum_i (u_i - v_i)^2 / V` with `D = 1/2 sum_i |u_i - v_i|`
//!    the one-way traded notional (`fee = fee_bps / 10^4`: the proportional fee on each
//!    swap's input notional, the sold side, which equals half the total traded since trades
//!    balance; `impact = impact_bps / 10^4`: an optional linear price impact where a leg
//!    trading a fraction `f` of NAV pays `impact * f` of its notional, charged half per leg).
//!    The cost is taken from the holdings in proportion to their post-trade values:
//!    `v_i <- u_i * (1 - C / sum_j u_j)`; `last = time(t)`.
//!
//! **The traded notional per mode.** Let `p_i` be asset `i`'s mandatory point
//! (`TradeTarget::mandatory_point`, in value): `w*_i V` in `full`; for an asset outside its
//! band (`|v_i - w*_i V| > b_i V`), `w*_i V` in `out-of-band-to-target`, the near band edge
//! `(w*_i +- b_i) V` in `to-band-edge` and `(w*_i +- b_i / 2) V` in `halfway`; for an asset
//! inside its band in those three modes, `v_i` itself. ballast-math moves every asset to its
//! mandatory point and lets the side (above or below target) that needs to move less absorb
//! the difference, so the one-way notional is what the heavier side must move:
//! `D = max(sum_{v_i > w*_i V} (v_i - p_i), sum_{v_i <= w*_i V} (p_i - v_i))`
//! (to within the Wad rounding of a few 10^-18). Hence, with `impact = 0`:
//! - `full`: `C = fee * 1/2 sum_i |v_i - w*_i V|`, every asset to its target.
//! - `out-of-band-to-target`: `C = fee * max(sum of the excesses (v_i - w*_i V) of the
//!   assets above their bands, sum of the shortfalls (w*_i V - v_i) of those below theirs)`.
//!   The assets inside their bands on the heavier side do not trade, so this is less than
//!   the `full` cost whenever such an asset is off target; with two assets, or three under one
//!   absolute band, that cannot happen and the two modes trade the same.
//! - `to-band-edge`: `C = fee * max(sum of (v_i - (w*_i + b_i) V) above the bands, sum of
//!   ((w*_i - b_i) V - v_i) below them)`.
//! - `halfway`: the same with `b_i / 2`.
//!
//! The impact term depends on how the absorbed difference is spread (in proportion to each
//! absorbing asset's room to its target); in `full` it is `impact * 1/2 sum_i (v_i -
//! w*_i V)^2 / V`.
//!
//! **Reweighting** ([`scenario::Reweight`], `ballast backtest --reweight DATE:W:RAMP`). The
//! targets may move, as a vault's governance moves them: from `start` they ramp linearly to
//! new weights `w'` over `ramp` seconds, and the targets of bar `t` are
//! `ballast_math::ramp::weights_at(from = w*, to = w', start, start + ramp, time(t))` (whole
//! basis points summing to 10,000: each weight's interpolation floored, the leftover basis
//! points one each to the largest remainders), the function the vault, its keeper and `ballast
//! status` use. Every use of `w*_i` at bar `t` above (the decision, the bands, the trade
//! targets, the f64 pre-check) uses `w*_i(t)`; a fresh run starts at `w*(first)`. The costless
//! target mix holds over bar `t` the targets it was rebalanced to at bar `t - 1`:
//! `m(t) = sum_i w*_i(t-1) (p_i(t) / p_i(t-1) - 1)`; buy-and-hold stays the mix of bar 0.
//!
//! **Ranges and chains.** A run may cover bars `first..=last` only
//! ([`sim::SimOptions::range`]) and start from the state another run ended in
//! ([`sim::SimOptions::start`]: holdings, last rebalance, running peak), as a walk-forward's
//! test windows do. Its metrics are those of its range (years, bars per year and the
//! benchmarks measured from `first`); [`sim::chain`] gives those of consecutive runs taken as
//! one, which for a fixed configuration equal those of a single run over their union.
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
//! - tracking error: sample standard deviation of `r(t) - m(t)` times `sqrt(bars_per_year)`:
//!   the portfolio's bar return after costs against the costless target mix's, annualised by
//!   the bars per year of the data itself (365 on daily bars spanning whole years, 8,760 on
//!   hourly ones);
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
pub mod metrics;
pub mod overlap;
pub mod recommend;
pub mod scenario;
pub mod sim;
pub mod svg;
mod svg_walk;
pub mod time;
pub mod tune;
pub mod walk_forward;

pub use error::{BacktestError, Result};
pub use generator::Generator;
pub use market::{parse_named_weights, parse_weights, read_prices, Market, PriceFile};
pub use scenario::Reweight;
pub use sim::{chain, simulate, Config, Costs, Metrics, Outcome, Scenario, SimOptions, SimState};
