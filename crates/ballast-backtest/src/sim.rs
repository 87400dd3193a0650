//! The simulation (see the crate documentation for the reference semantics it implements).

use ballast_math::portfolio::current_weights;
use ballast_math::target::trade_target_values;
use ballast_math::{MathError, Policy, PolicyInputs, TradeTarget, Wad};

use crate::error::{BacktestError, Result};
use crate::market::Market;
pub use crate::metrics::{chain, Metrics};
use crate::metrics::{RunStats, Welford};
pub use crate::scenario::{Scenario, VolSeries};
use crate::time::format_time;

/// The scale of the f64 -> [`Wad`] conversion: a value or price `x` becomes
/// `Wad(floor(x * 10^18))`, so `1.0` (the initial portfolio value) is `Wad::ONE`.
pub const WAD_SCALE: f64 = 1e18;
/// Largest f64 accepted by [`to_wad`] (about `u128::MAX / 10^18`, with room to spare).
const MAX_WAD_F64: f64 = 3.0e20;

/// `Wad(floor(x * 10^18))`; `None` if `x` is not finite, negative or above 3 * 10^20.
pub fn to_wad(x: f64) -> Option<Wad> {
    if x.is_finite() && (0.0..MAX_WAD_F64).contains(&x) {
        Some(Wad((x * WAD_SCALE) as u128))
    } else {
        None
    }
}

/// `w / 10^18` as f64 (nearest).
pub fn from_wad(w: Wad) -> f64 {
    w.0 as f64 / WAD_SCALE
}

/// The cost model of a rebalance (see the crate documentation).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Costs {
    /// Proportional fee on each swap's input notional, in basis points (0..10_000).
    pub fee_bps: f64,
    /// Linear price impact, in basis points: an asset leg trading a fraction `f` of NAV
    /// pays `impact_bps * f` (in bps) of its notional, half of it charged per leg (0 = off).
    pub impact_bps: f64,
}

impl Costs {
    /// Checks the ranges: `0 <= fee_bps < 10_000`, `0 <= impact_bps <= 10_000`, both finite.
    pub fn validate(&self) -> Result<()> {
        if !(self.fee_bps.is_finite() && (0.0..10_000.0).contains(&self.fee_bps)) {
            return Err(BacktestError::arg(
                "--fee-bps",
                "must be at least 0 and below 10000",
            ));
        }
        if !(self.impact_bps.is_finite() && (0.0..=10_000.0).contains(&self.impact_bps)) {
            return Err(BacktestError::arg(
                "--impact-bps",
                "must be between 0 and 10000",
            ));
        }
        Ok(())
    }
}

/// One configuration to simulate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// The trigger policy (ballast-math).
    pub policy: Policy,
    /// The trade-target mode (ballast-math).
    pub mode: TradeTarget,
    /// Trading costs.
    pub costs: Costs,
    /// Prior annualised volatility seeding the `vol-band` estimator at bar 0 (0 = a fresh
    /// vault's zero state, whose bands start at their floor).
    pub vol_prior: f64,
}

impl Config {
    /// A configuration without costs and with a zero volatility prior.
    pub fn new(policy: Policy, mode: TradeTarget) -> Config {
        Config {
            policy,
            mode,
            costs: Costs::default(),
            vol_prior: 0.0,
        }
    }

    /// `policy mode`, in ballast-math's text forms.
    pub fn label(&self) -> String {
        format!("{} {}", self.policy, self.mode)
    }
}

/// Per-bar records of a run, when asked for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Portfolio value after the bar's trades and costs.
    pub value: Vec<f64>,
    /// Weights after the bar's trades, bar-major (`bars * assets`).
    pub weights: Vec<f64>,
}

/// A portfolio between two bars: what a run needs to continue where another stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct SimState {
    /// Value of each holding after the bar's trades and costs, in units of the initial value
    /// of the first run of the chain.
    pub values: Vec<f64>,
    /// Time of the last rebalance (the start of the first run counts as one).
    pub last_rebalance: i64,
    /// Highest portfolio value so far (the drawdown is measured from it).
    pub peak: f64,
}

/// The result of [`simulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Summary statistics.
    pub metrics: Metrics,
    /// Indices (in the scenario) of the bars at which the policy fired.
    pub rebalance_bars: Vec<usize>,
    /// Per-bar records (when [`SimOptions::record`]), from the run's first bar.
    pub series: Option<Series>,
    /// The state after the last bar, to continue from ([`SimOptions::start`]).
    pub end: SimState,
    /// The accumulators behind `metrics`, for [`chain`].
    pub stats: RunStats,
}

/// How to run [`simulate`].
#[derive(Clone, Copy, Default)]
pub struct SimOptions<'a> {
    /// Keep per-bar values and weights ([`Outcome::series`]).
    pub record: bool,
    /// Evaluate every bar's trigger on Wad weights with [`Policy::is_due`], skipping the f64
    /// pre-check (slower; the decisions are the same, which a test asserts).
    pub exact: bool,
    /// Called with the number of bars done, every 16,384 bars and at the end.
    pub progress: Option<&'a (dyn Fn(usize) + Sync)>,
    /// Run over bars `first..=last` of the scenario only (`None`: every bar). Metrics are
    /// those of that range (years, bars per year, benchmarks from its first bar).
    pub range: Option<(usize, usize)>,
    /// Start from this state at the range's first bar instead of at the targets with a value
    /// of 1.0 and a rebalance at that bar (continuing a previous run: its [`Outcome::end`]).
    pub start: Option<&'a SimState>,
}

pub(crate) fn math(market: &Market, t: usize) -> impl Fn(MathError) -> BacktestError + '_ {
    move |error| BacktestError::Math {
        context: format!(
            "bar {t} ({})",
            format_time(market.times.get(t).copied().unwrap_or(0))
        ),
        error,
    }
}

/// The f64 band of asset `i` at bar `t`: exact for the bps policies (their Wad bands are
/// multiples of 10^-14, exactly representable to within an ulp), `clamp(k * sigma, floor,
/// cap)` for `vol-band` (ballast-math rounds `k * sigma` down by at most 10^-18).
fn band_f64(
    policy: &Policy,
    fixed: &[f64],
    vols: Option<&VolSeries>,
    t: usize,
    i: usize,
    n: usize,
) -> f64 {
    match (policy, vols) {
        (
            Policy::VolBand {
                k_bps,
                floor_bps,
                cap_bps,
                ..
            },
            Some(v),
        ) => {
            let raw = f64::from(*k_bps) / 10_000.0 * v.sigma_f64[t * n + i];
            raw.max(f64::from(*floor_bps) / 10_000.0)
                .min(f64::from(*cap_bps) / 10_000.0)
        }
        _ => fixed[i],
    }
}

/// Runs one configuration over a scenario (see the crate documentation). `vols` must be the
/// [`Scenario::vol_series`] of the policy's half-life and the config's prior for `vol-band`
/// (it is computed here if `None`), and is ignored by the other policies.
pub fn simulate(
    sc: &Scenario,
    cfg: &Config,
    vols: Option<&VolSeries>,
    opts: &SimOptions<'_>,
) -> Result<Outcome> {
    cfg.costs.validate()?;
    let policy = cfg.policy;
    policy
        .validate()
        .map_err(|e| BacktestError::arg("--policy", format!("{policy}: {e}")))?;
    let m = &sc.market;
    let (n, bars) = (m.assets(), m.bars());
    let moving = sc.reweight.is_some();
    let owned;
    let vols = match policy.half_life_secs() {
        Some(h) => match vols {
            Some(v) if v.half_life_secs == h && v.prior_bits == cfg.vol_prior.to_bits() => Some(v),
            _ => {
                owned = sc.vol_series(h, cfg.vol_prior)?;
                Some(&owned)
            }
        },
        None => None,
    };
    let no_vols: &[Wad] = &[];
    let vol_at = |t: usize| -> &[Wad] {
        match vols {
            Some(v) => &v.sigma[t * n..(t + 1) * n],
            None => no_vols,
        }
    };
    // Fixed bands (all policies but vol-band), from ballast-math, as f64; with a reweight
    // they are recomputed whenever the targets move (a relative band follows its target).
    let mut fixed_w = vec![Wad::ZERO; n];
    let mut fixed = vec![0.0; n];
    let mut bands_of: Option<usize> = None;
    let mut fixed_bands = |t: usize, fixed_w: &mut [Wad], fixed: &mut [f64]| -> Result<()> {
        let same = bands_of.is_some_and(|b| sc.targets_at_bar(b) == sc.targets_at_bar(t));
        if vols.is_none() && !same {
            policy
                .bands(sc.targets_at_bar(t), &[], fixed_w)
                .map_err(math(m, t))?;
            for (f, w) in fixed.iter_mut().zip(fixed_w.iter()) {
                *f = from_wad(*w);
            }
            bands_of = Some(t);
        }
        Ok(())
    };
    let is_calendar = matches!(policy, Policy::Calendar { .. });
    let fee = cfg.costs.fee_bps / 10_000.0;
    let impact = cfg.costs.impact_bps / 10_000.0;

    let (first, last) = opts.range.unwrap_or((0, bars - 1));
    if first >= last || last >= bars {
        return Err(BacktestError::Dates {
            message: format!(
                "bars {first}..={last} are not a range of at least 2 of the {bars} bars"
            ),
        });
    }
    // State: values after the previous bar's trades and costs. A fresh run starts at the
    // targets with a value of exactly 1.0.
    let (mut v, mut last_rebalance, start_total, mut peak) = match opts.start {
        Some(s) => {
            let total: f64 = s.values.iter().sum();
            if s.values.len() != n
                || !s.values.iter().all(|x| x.is_finite() && *x >= 0.0)
                || !total.is_finite()
                || total <= 0.0
            {
                return Err(BacktestError::arg(
                    "start",
                    format!(
                        "the start state needs {n} finite non-negative values with a positive sum"
                    ),
                ));
            }
            (s.values.clone(), s.last_rebalance, total, s.peak.max(total))
        }
        None => (
            sc.target_fractions_at_bar(first).to_vec(),
            m.times[first],
            1.0f64,
            1.0f64,
        ),
    };
    let mut vw = vec![Wad::ZERO; n];
    let mut ww = vec![Wad::ZERO; n];
    let mut bw = vec![Wad::ZERO; n];
    let mut uw = vec![Wad::ZERO; n];
    let run_bars = last - first + 1;
    let mut series = opts.record.then(|| Series {
        value: Vec::with_capacity(run_bars),
        weights: Vec::with_capacity(run_bars * n),
    });
    if let Some(s) = series.as_mut() {
        s.value.push(start_total);
        s.weights.extend(v.iter().map(|x| x / start_total));
    }
    let mut rebalance_bars = Vec::new();
    let (mut returns, mut active) = (Welford::default(), Welford::default());
    let (mut prev_total, mut max_dd) = (start_total, 0.0f64);
    let (mut turnover, mut total_costs, mut cost_drag) = (0.0, 0.0, 0.0);
    let mut exact_checks = 0u64;

    let to_wads = |v: &[f64], out: &mut [Wad], t: usize| -> Result<()> {
        for (o, &x) in out.iter_mut().zip(v) {
            *o = to_wad(x).ok_or_else(|| BacktestError::Math {
                context: format!("bar {t} ({}) holding value {x}", format_time(m.times[t])),
                error: MathError::Overflow,
            })?;
        }
        Ok(())
    };

    for t in first + 1..last + 1 {
        let now = m.times[t];
        // The targets of this bar (a reweight's ramp moves them).
        let targets = sc.targets_at_bar(t);
        let target_f = sc.target_fractions_at_bar(t);
        if moving || t == first + 1 {
            fixed_bands(t, &mut fixed_w, &mut fixed)?;
        }
        // 1. Revalue at the close.
        let g = &sc.growth[t * n..(t + 1) * n];
        let mut total = 0.0;
        for (x, &gi) in v.iter_mut().zip(g) {
            *x *= gi;
            total += *x;
        }
        // 2. The trigger decision (ballast-math's, see the crate docs on the pre-check).
        let due = if opts.exact {
            exact_checks += 1;
            to_wads(&v, &mut vw, t)?;
            current_weights(&vw, &mut ww).map_err(math(m, t))?;
            policy
                .is_due(&PolicyInputs {
                    now,
                    last_rebalance,
                    weights: &ww,
                    targets,
                    volatilities: vol_at(t),
                })
                .map_err(math(m, t))?
        } else if !policy
            .calendar_due(now, last_rebalance)
            .map_err(math(m, t))?
        {
            false
        } else if is_calendar {
            true
        } else {
            let margin = 1e-12 + 4.0 * (n as f64 + 1.0) / (total * WAD_SCALE);
            let inv = 1.0 / total;
            let mut verdict = Some(false);
            for i in 0..n {
                let x = (v[i] * inv - target_f[i]).abs() - band_f64(&policy, &fixed, vols, t, i, n);
                if x > margin {
                    verdict = Some(true);
                    break;
                }
                if x >= -margin {
                    verdict = None;
                }
            }
            match verdict {
                Some(d) => d,
                None => {
                    exact_checks += 1;
                    to_wads(&v, &mut vw, t)?;
                    current_weights(&vw, &mut ww).map_err(math(m, t))?;
                    policy
                        .is_due(&PolicyInputs {
                            now,
                            last_rebalance,
                            weights: &ww,
                            targets,
                            volatilities: vol_at(t),
                        })
                        .map_err(math(m, t))?
                }
            }
        };
        // 3. Trade to ballast-math's trade targets, pay the costs.
        if due {
            to_wads(&v, &mut vw, t)?;
            policy
                .bands(targets, vol_at(t), &mut bw)
                .map_err(math(m, t))?;
            trade_target_values(&vw, targets, &bw, cfg.mode, &mut uw).map_err(math(m, t))?;
            let (mut traded, mut squares, mut sum_u) = (0.0, 0.0, 0.0);
            for i in 0..n {
                let u = from_wad(uw[i]);
                let d = (u - v[i]).abs();
                traded += d;
                squares += d * d;
                sum_u += u;
                v[i] = u;
            }
            let one_way = 0.5 * traded;
            let cost = fee * one_way + impact * 0.5 * squares / total;
            let keep = if sum_u > 0.0 { 1.0 - cost / sum_u } else { 1.0 };
            for x in v.iter_mut() {
                *x *= keep;
            }
            turnover += one_way / total;
            total_costs += cost;
            cost_drag += cost / total;
            last_rebalance = now;
            rebalance_bars.push(t);
            total = v.iter().sum();
        }
        // 4. Statistics.
        let r = total / prev_total - 1.0;
        returns.push(r);
        active.push(r - sc.mix_returns[t]);
        prev_total = total;
        peak = peak.max(total);
        max_dd = max_dd.max(1.0 - total / peak);
        if let Some(s) = series.as_mut() {
            s.value.push(total);
            s.weights.extend(v.iter().map(|x| x / total));
        }
        if let Some(p) = opts.progress {
            if (t - first) % 16_384 == 0 {
                p(t - first);
            }
        }
    }
    if let Some(p) = opts.progress {
        p(run_bars);
    }
    let stats = RunStats {
        first,
        last,
        start_total,
        end_total: prev_total,
        returns,
        active,
        max_drawdown: max_dd,
        rebalances: rebalance_bars.len() as u64,
        turnover,
        total_costs,
        cost_drag,
        exact_checks,
    };
    Ok(Outcome {
        metrics: stats.metrics(sc),
        rebalance_bars,
        series,
        end: SimState {
            values: v,
            last_rebalance,
            peak,
        },
        stats,
    })
}
