//! The simulation (see the crate documentation for the reference semantics it implements).

use ballast_math::portfolio::current_weights;
use ballast_math::target::trade_target_values;
use ballast_math::volatility::{update_volatility, VolState};
use ballast_math::{MathError, Policy, PolicyInputs, TradeTarget, Wad};

use crate::error::{BacktestError, Result};
use crate::market::Market;
use crate::time::{format_time, YEAR_SECS};

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

/// The volatility estimates of `vol-band` at every bar: ballast-math's
/// [`update_volatility`] fed each asset's close (as a [`Wad`], see [`WAD_SCALE`]) at each bar.
/// They depend only on the prices, the half-life and the prior, so one series serves every
/// configuration that shares them.
#[derive(Debug, Clone, PartialEq)]
pub struct VolSeries {
    /// The estimator's half-life.
    pub half_life_secs: u32,
    /// The prior it was seeded with (bits of the f64, for exact comparison).
    pub prior_bits: u64,
    /// `sigma` of asset `i` after bar `t`'s update, at `t * n + i`.
    pub sigma: Vec<Wad>,
    /// The same as f64.
    pub sigma_f64: Vec<f64>,
}

/// A market with its target weights, and everything the simulation precomputes once for all
/// configurations: bar-to-bar price ratios, the costless every-bar-rebalanced target mix
/// and buy-and-hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The prices.
    pub market: Market,
    /// Target weights in bps (summing to 10_000), in market order.
    pub targets: Vec<u16>,
    target_f: Vec<f64>,
    /// `p[t][i] / p[t-1][i]` at `t * n + i` (row 0 is ones).
    growth: Vec<f64>,
    /// Bar return of the costless every-bar-rebalanced target mix (index 0 unused, 0).
    mix_returns: Vec<f64>,
    /// Value of the costless target mix at each bar (1 at bar 0).
    pub mix: Vec<f64>,
    /// Value of buy-and-hold from the target weights at bar 0 (1 at bar 0).
    pub buy_hold: Vec<f64>,
    /// `(t_last - t_0) / 365 days`.
    pub years: f64,
    /// `(bars - 1) / years`.
    pub bars_per_year: f64,
}

/// Summary statistics of one run (see the crate documentation for the definitions).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    /// Portfolio value at the last bar (1.0 at the first).
    pub final_value: f64,
    /// `final_value^(1 / years) - 1`.
    pub annual_return: f64,
    /// Sample standard deviation of bar returns times `sqrt(bars_per_year)`.
    pub annual_volatility: f64,
    /// Largest fall from a running peak, as a fraction of the peak.
    pub max_drawdown: f64,
    /// Bars at which the policy fired.
    pub rebalances: u64,
    /// Sum over rebalances of one-way traded notional / NAV (`0.5 * sum |u_i - v_i| / V`).
    pub turnover: f64,
    /// `turnover / years`.
    pub annual_turnover: f64,
    /// Sum of the costs paid, in units of the initial value.
    pub total_costs: f64,
    /// Sum over rebalances of cost / NAV, divided by `years`, in basis points a year.
    pub annual_cost_bps: f64,
    /// Annualised standard deviation of (portfolio bar return - target-mix bar return).
    pub tracking_error: f64,
    /// Final value of buy-and-hold.
    pub buy_hold_final: f64,
    /// Annualised return of buy-and-hold.
    pub buy_hold_annual_return: f64,
    /// Final value of the costless every-bar-rebalanced target mix.
    pub mix_final: f64,
    /// Annualised return of the costless target mix.
    pub mix_annual_return: f64,
    /// `annual_return - buy_hold_annual_return`: the rebalancing bonus (net of costs).
    pub rebalancing_bonus: f64,
    /// Bars whose trigger decision needed the exact ballast-math evaluation on Wad weights
    /// because the f64 pre-check was within its safety margin (or `exact` was asked).
    pub exact_checks: u64,
    /// Number of bars.
    pub bars: u64,
    /// Length of the run in years.
    pub years: f64,
}

/// Per-bar records of a run, when asked for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Portfolio value after the bar's trades and costs.
    pub value: Vec<f64>,
    /// Weights after the bar's trades, bar-major (`bars * assets`).
    pub weights: Vec<f64>,
}

/// The result of [`simulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Summary statistics.
    pub metrics: Metrics,
    /// Indices of the bars at which the policy fired.
    pub rebalance_bars: Vec<usize>,
    /// Per-bar records (when [`SimOptions::record`]).
    pub series: Option<Series>,
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
}

fn math(market: &Market, t: usize) -> impl Fn(MathError) -> BacktestError + '_ {
    move |error| BacktestError::Math {
        context: format!(
            "bar {t} ({})",
            format_time(market.times.get(t).copied().unwrap_or(0))
        ),
        error,
    }
}

fn annualise(final_value: f64, years: f64) -> f64 {
    final_value.powf(1.0 / years) - 1.0
}

impl Scenario {
    /// Prepares a market and its targets (bps, market order, validated by ballast-math).
    pub fn new(market: Market, targets: Vec<u16>) -> Result<Scenario> {
        let n = market.assets();
        if targets.len() != n {
            return Err(BacktestError::arg(
                "--weights",
                "one weight per asset is needed",
            ));
        }
        ballast_math::portfolio::validate_targets(&targets)
            .map_err(|e| BacktestError::arg("--weights", e.to_string()))?;
        let target_f: Vec<f64> = targets.iter().map(|&t| f64::from(t) / 10_000.0).collect();
        let bars = market.bars();
        let mut growth = vec![1.0; bars * n];
        let mut mix_returns = vec![0.0; bars];
        let mut mix = vec![1.0; bars];
        let mut buy_hold = vec![1.0; bars];
        let p0 = market.bar(0).to_vec();
        for t in 1..bars {
            let (prev, cur) = (market.bar(t - 1), market.bar(t));
            let mut r = 0.0;
            let mut bh = 0.0;
            for i in 0..n {
                let g = cur[i] / prev[i];
                growth[t * n + i] = g;
                r += target_f[i] * (g - 1.0);
                bh += target_f[i] * cur[i] / p0[i];
            }
            mix_returns[t] = r;
            mix[t] = mix[t - 1] * (1.0 + r);
            buy_hold[t] = bh;
        }
        let span = market.times[bars - 1] - market.times[0];
        let years = span as f64 / YEAR_SECS;
        Ok(Scenario {
            bars_per_year: (bars - 1) as f64 / years,
            years,
            market,
            targets,
            target_f,
            growth,
            mix_returns,
            mix,
            buy_hold,
        })
    }

    /// Target weights as fractions.
    pub fn target_fractions(&self) -> &[f64] {
        &self.target_f
    }

    /// The `vol-band` estimates for a half-life and prior (see [`VolSeries`]): at bar 0 the
    /// state is `VolState::seeded(close_0, t_0, prior)` (no update); at each later bar it is
    /// updated with that bar's close and time before the policy looks at it.
    pub fn vol_series(&self, half_life_secs: u32, prior: f64) -> Result<VolSeries> {
        let m = &self.market;
        let n = m.assets();
        let prior_w = to_wad(prior)
            .ok_or_else(|| BacktestError::arg("--vol-prior", "must be a finite number >= 0"))?;
        let price = |t: usize, i: usize| -> Result<Wad> {
            to_wad(m.bar(t)[i]).ok_or_else(|| BacktestError::Math {
                context: format!(
                    "bar {t} ({}) price of {}",
                    format_time(m.times[t]),
                    m.names[i]
                ),
                error: MathError::Overflow,
            })
        };
        let mut states = Vec::with_capacity(n);
        for i in 0..n {
            states.push(VolState::seeded(price(0, i)?, m.times[0], prior_w).map_err(math(m, 0))?);
        }
        let mut sigma = Vec::with_capacity(m.bars() * n);
        for t in 0..m.bars() {
            for (i, s) in states.iter_mut().enumerate() {
                if t > 0 {
                    *s = update_volatility(*s, price(t, i)?, m.times[t], half_life_secs)
                        .map_err(math(m, t))?;
                }
                sigma.push(s.sigma().map_err(math(m, t))?);
            }
        }
        let sigma_f64 = sigma.iter().map(|&w| from_wad(w)).collect();
        Ok(VolSeries {
            half_life_secs,
            prior_bits: prior.to_bits(),
            sigma,
            sigma_f64,
        })
    }
}

/// Online mean and variance (Welford).
#[derive(Default, Clone, Copy)]
struct Welford {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Welford {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }
    fn sample_sd(&self) -> f64 {
        if self.n < 2.0 {
            0.0
        } else {
            (self.m2 / (self.n - 1.0)).sqrt()
        }
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
    let targets = &sc.targets[..];
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
    // Fixed bands (all policies but vol-band), from ballast-math, as f64.
    let mut fixed_w = vec![Wad::ZERO; n];
    if vols.is_none() {
        policy
            .bands(targets, &[], &mut fixed_w)
            .map_err(math(m, 0))?;
    }
    let fixed: Vec<f64> = fixed_w.iter().map(|&w| from_wad(w)).collect();
    let is_calendar = matches!(policy, Policy::Calendar { .. });
    let fee = cfg.costs.fee_bps / 10_000.0;
    let impact = cfg.costs.impact_bps / 10_000.0;

    // State: values after the previous bar's trades and costs.
    let mut v: Vec<f64> = sc.target_f.clone();
    let mut last_rebalance = m.times[0];
    let mut vw = vec![Wad::ZERO; n];
    let mut ww = vec![Wad::ZERO; n];
    let mut bw = vec![Wad::ZERO; n];
    let mut uw = vec![Wad::ZERO; n];
    let mut series = opts.record.then(|| Series {
        value: Vec::with_capacity(bars),
        weights: Vec::with_capacity(bars * n),
    });
    if let Some(s) = series.as_mut() {
        s.value.push(1.0);
        s.weights.extend_from_slice(&sc.target_f);
    }
    let mut rebalance_bars = Vec::new();
    let (mut returns, mut active) = (Welford::default(), Welford::default());
    let (mut prev_total, mut peak, mut max_dd) = (1.0f64, 1.0f64, 0.0f64);
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

    for t in 1..bars {
        let now = m.times[t];
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
                let x =
                    (v[i] * inv - sc.target_f[i]).abs() - band_f64(&policy, &fixed, vols, t, i, n);
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
            if t % 16_384 == 0 {
                p(t);
            }
        }
    }
    if let Some(p) = opts.progress {
        p(bars);
    }
    let years = sc.years;
    let scale = sc.bars_per_year.sqrt();
    let bh_final = sc.buy_hold[bars - 1];
    let mix_final = sc.mix[bars - 1];
    let annual_return = annualise(prev_total, years);
    let bh_annual = annualise(bh_final, years);
    let metrics = Metrics {
        final_value: prev_total,
        annual_return,
        annual_volatility: returns.sample_sd() * scale,
        max_drawdown: max_dd,
        rebalances: rebalance_bars.len() as u64,
        turnover,
        annual_turnover: turnover / years,
        total_costs,
        annual_cost_bps: cost_drag / years * 10_000.0,
        tracking_error: active.sample_sd() * scale,
        buy_hold_final: bh_final,
        buy_hold_annual_return: bh_annual,
        mix_final,
        mix_annual_return: annualise(mix_final, years),
        rebalancing_bonus: annual_return - bh_annual,
        exact_checks,
        bars: bars as u64,
        years,
    };
    Ok(Outcome {
        metrics,
        rebalance_bars,
        series,
    })
}
