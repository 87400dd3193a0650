//! Walk-forward tuning: tune on a training window, run the recommendation on the window that
//! follows, roll forward by the length of a test window, and compare the result out of sample
//! with fixed baselines over the same bars.
//!
//! # Windows
//! With `t0` the first bar's time, window `k` has `a = t0 + k * test`, `c = a + train` and
//! `e = c + test`. Its training bars are those with `a <= time <= c`; its test bars run from
//! the last training bar (the last bar at or before `c`) to the last bar at or before `e`.
//! Windows continue while `e` is at or before the last bar's time (the data's tail shorter
//! than a test window is not used). So the test windows tile: each starts on the bar where
//! the previous one ended, and every out-of-sample bar return (bar `t - 1` to `t`) belongs to
//! exactly one. On daily bars, `365d:90d` trains on 366 closes (365 returns) and tests on the
//! next 90 returns. Windows with fewer than 3 training bars or no test return (gaps) are
//! skipped.
//!
//! # No lookahead
//! The recommendation of window `k` is the rule applied to the grid run on a scenario of its
//! training bars alone ([`Scenario::slice_bars`]). Its test run starts at the last training
//! bar, whose close the decision already knew, so the first return it earns is the one from
//! that bar to the next. A test perturbs every later bar and checks that nothing of window `k`
//! changes.
//!
//! # Out of sample
//! The out-of-sample portfolio is one continuous run: window `k`'s test starts from the state
//! window `k - 1`'s ended in (holdings, last rebalance, running peak; the first starts at the
//! targets) and trades with window `k`'s recommendation. Changing configuration costs nothing
//! by itself: the new policy trades when it fires. Each baseline runs the same way with its
//! fixed configuration, which is exactly one run over the union of the test windows. The
//! metrics over all test windows are [`chain`]ed from the windows' runs.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use ballast_math::{Policy, TradeTarget};

use crate::error::{BacktestError, Result};
use crate::sim::{
    chain, simulate, Config, Costs, Metrics, Outcome, Scenario, SimOptions, VolSeries,
};
use crate::time::{format_duration, parse_duration, DAY_SECS};
use crate::tune::{run_grid, GridResult};

/// Training and test lengths, seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkSpec {
    /// Length of each training window.
    pub train_secs: i64,
    /// Length of each test window (and the step between windows).
    pub test_secs: i64,
}

impl WalkSpec {
    /// Parses `TRAIN:TEST`, two durations (`365d:90d`, `2000h:500h`).
    pub fn parse(text: &str) -> Result<WalkSpec> {
        let bad = || {
            BacktestError::arg(
                "--walk-forward",
                format!("expected TRAIN:TEST durations such as 365d:90d, got '{text}'"),
            )
        };
        let (train, test) = text.split_once(':').ok_or_else(bad)?;
        Ok(WalkSpec {
            train_secs: parse_duration(train).ok_or_else(bad)?,
            test_secs: parse_duration(test).ok_or_else(bad)?,
        })
    }
}

impl core::fmt::Display for WalkSpec {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{}:{}",
            format_duration(self.train_secs),
            format_duration(self.test_secs)
        )
    }
}

/// One window's bars, as inclusive index ranges into the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Training bars `first..=last`.
    pub train: (usize, usize),
    /// Test bars `first..=last`; `first` is the training window's last bar.
    pub test: (usize, usize),
}

/// The windows of `spec` over bar times `times` (see the module documentation).
pub fn windows(times: &[i64], spec: &WalkSpec) -> Vec<Window> {
    let mut out = Vec::new();
    let (Some(&t0), Some(&end)) = (times.first(), times.last()) else {
        return out;
    };
    // Index of the last bar at or before `t` (None if every bar is after it).
    let last_at = |t: i64| times.partition_point(|&x| x <= t).checked_sub(1);
    for k in 0i64.. {
        let Some(a) = k
            .checked_mul(spec.test_secs)
            .and_then(|s| s.checked_add(t0))
        else {
            break;
        };
        let (Some(c), Some(e)) = (
            a.checked_add(spec.train_secs),
            a.checked_add(spec.train_secs)
                .and_then(|c| c.checked_add(spec.test_secs)),
        ) else {
            break;
        };
        if e > end {
            break;
        }
        let first = times.partition_point(|&x| x < a);
        let (Some(b), Some(l)) = (last_at(c), last_at(e)) else {
            continue;
        };
        if b >= first + 2 && l > b {
            out.push(Window {
                train: (first, b),
                test: (b, l),
            });
        }
    }
    out
}

/// A fixed configuration the recommendation is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    /// Short name for tables and charts.
    pub name: &'static str,
    /// The configuration.
    pub config: Config,
}

/// The three baselines: a monthly (30-day) calendar, a 5 % absolute band trading every asset
/// to target (`full`), and the same band trading to its edge, with the given costs.
pub fn default_baselines(costs: Costs, vol_prior: f64) -> Vec<Baseline> {
    let config = |policy, mode| Config {
        policy,
        mode,
        costs,
        vol_prior,
    };
    vec![
        Baseline {
            name: "monthly calendar",
            config: config(
                Policy::Calendar {
                    interval_secs: 30 * DAY_SECS as u64,
                },
                TradeTarget::Full,
            ),
        },
        Baseline {
            name: "5% band, full",
            config: config(Policy::AbsoluteBand { band_bps: 500 }, TradeTarget::Full),
        },
        Baseline {
            name: "5% band, to band edge",
            config: config(
                Policy::AbsoluteBand { band_bps: 500 },
                TradeTarget::ToBandEdge,
            ),
        },
    ]
}

/// What happened in one window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowResult {
    /// Its bars.
    pub window: Window,
    /// The configuration recommended on its training bars.
    pub config: Config,
    /// Whether the rule found nothing and the lowest in-sample tracking error was used.
    pub fallback: bool,
    /// The recommendation's metrics on the training bars.
    pub in_sample: Metrics,
    /// Its metrics on the test bars (continuing the out-of-sample portfolio).
    pub out_of_sample: Metrics,
    /// Each baseline's metrics on the test bars, in baseline order.
    pub baselines: Vec<Metrics>,
}

/// The result of [`walk_forward`].
#[derive(Debug, Clone, PartialEq)]
pub struct WalkForward {
    /// The lengths used.
    pub spec: WalkSpec,
    /// Every window, in time order.
    pub windows: Vec<WindowResult>,
    /// The recommendations over all test windows.
    pub recommended: Metrics,
    /// The baselines, with their metrics over all test windows.
    pub baselines: Vec<(Baseline, Metrics)>,
    /// Configurations run on each training window.
    pub grid_size: usize,
}

/// Whether `a` beats `b` on both cost rate and tracking error (strictly).
pub fn beats_on_both(a: &Metrics, b: &Metrics) -> bool {
    a.annual_cost_bps < b.annual_cost_bps && a.tracking_error < b.tracking_error
}

impl WalkForward {
    /// Test windows in which the recommendation beat baseline `k` on both measures.
    pub fn window_wins(&self, k: usize) -> usize {
        self.windows
            .iter()
            .filter(|w| {
                w.baselines
                    .get(k)
                    .is_some_and(|b| beats_on_both(&w.out_of_sample, b))
            })
            .count()
    }
}

/// Runs configurations one after another over consecutive windows, each continuing from the
/// state the previous one ended in, and returns each window's outcome.
fn run_chain(
    sc: &Scenario,
    configs: &[(Config, (usize, usize))],
    vols: &mut HashMap<(u32, u64), VolSeries>,
) -> Result<Vec<Outcome>> {
    let mut out: Vec<Outcome> = Vec::with_capacity(configs.len());
    for (cfg, range) in configs {
        let key = cfg
            .policy
            .half_life_secs()
            .map(|h| (h, cfg.vol_prior.to_bits()));
        if let Some((h, prior)) = key {
            if let Entry::Vacant(slot) = vols.entry((h, prior)) {
                slot.insert(sc.vol_series(h, cfg.vol_prior)?);
            }
        }
        let v = key.and_then(|k| vols.get(&k));
        let opts = SimOptions {
            range: Some(*range),
            start: out.last().map(|o| &o.end),
            ..SimOptions::default()
        };
        let o = simulate(sc, cfg, v, &opts)?;
        out.push(o);
    }
    Ok(out)
}

/// A recommendation rule: the index of the chosen result, from the grid's results and the
/// baselines' metrics on the same training bars ([`crate::tune::recommend`] with a
/// tolerance, for instance).
pub type Rule<'a> = dyn Fn(&[GridResult], &[Metrics]) -> Option<usize> + Sync + 'a;

/// Walk-forward tuning (see the module documentation): on each window, runs `grid` and the
/// baselines on the training bars, picks a configuration with `rule` (or, if it returns
/// `None`, the lowest in-sample tracking error), and runs it and every baseline on the test
/// bars.
pub fn walk_forward(
    sc: &Scenario,
    spec: &WalkSpec,
    grid: &[Config],
    rule: &Rule<'_>,
    baselines: &[Baseline],
) -> Result<WalkForward> {
    if grid.is_empty() {
        return Err(BacktestError::arg("grid", "no configurations to tune"));
    }
    let ws = windows(&sc.market.times, spec);
    if ws.is_empty() {
        let times = &sc.market.times;
        let span = times[times.len() - 1] - times[0];
        return Err(BacktestError::arg(
            "--walk-forward",
            format!(
                "{spec} needs at least {} of data, the market spans {}",
                format_duration(spec.train_secs + spec.test_secs),
                format_duration(span.max(1))
            ),
        ));
    }
    let mut picks = Vec::with_capacity(ws.len());
    for w in &ws {
        let train = sc.slice_bars(w.train.0, w.train.1)?;
        let results = run_grid(&train, grid, None)?;
        let base: Vec<Config> = baselines.iter().map(|b| b.config).collect();
        let base: Vec<Metrics> = run_grid(&train, &base, None)?
            .iter()
            .map(|r| r.metrics)
            .collect();
        let (k, fallback) = match rule(&results, &base) {
            Some(k) if k < results.len() => (k, false),
            _ => {
                let k = (0..results.len())
                    .min_by(|&a, &b| {
                        results[a]
                            .metrics
                            .tracking_error
                            .total_cmp(&results[b].metrics.tracking_error)
                    })
                    .unwrap_or(0);
                (k, true)
            }
        };
        picks.push((results[k], fallback));
    }
    let mut vols = HashMap::new();
    let schedule: Vec<(Config, (usize, usize))> = picks
        .iter()
        .zip(&ws)
        .map(|((r, _), w)| (r.config, w.test))
        .collect();
    let rec = run_chain(sc, &schedule, &mut vols)?;
    let mut base_runs = Vec::with_capacity(baselines.len());
    for b in baselines {
        let s: Vec<(Config, (usize, usize))> = ws.iter().map(|w| (b.config, w.test)).collect();
        base_runs.push(run_chain(sc, &s, &mut vols)?);
    }
    let windows = ws
        .iter()
        .enumerate()
        .map(|(k, w)| WindowResult {
            window: *w,
            config: picks[k].0.config,
            fallback: picks[k].1,
            in_sample: picks[k].0.metrics,
            out_of_sample: rec[k].metrics,
            baselines: base_runs.iter().map(|r| r[k].metrics).collect(),
        })
        .collect();
    let mut base_totals = Vec::with_capacity(baselines.len());
    for (b, runs) in baselines.iter().zip(&base_runs) {
        base_totals.push((*b, chain(sc, runs)?));
    }
    Ok(WalkForward {
        spec: *spec,
        windows,
        recommended: chain(sc, &rec)?,
        baselines: base_totals,
        grid_size: grid.len(),
    })
}
