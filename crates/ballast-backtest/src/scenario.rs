//! A market with its targets, and what every simulation of it shares: bar-to-bar growth,
//! the benchmarks and the `vol-band` volatility series.

use ballast_math::ramp::{validate_weight_sum, weights_at, Ramp};
use ballast_math::volatility::{update_volatility, VolState};
use ballast_math::{MathError, Wad};

use crate::error::{BacktestError, Result};
use crate::market::Market;
use crate::sim::{from_wad, math, to_wad};
use crate::time::{format_time, YEAR_SECS};

/// The volatility estimates of `vol-band` at every bar: ballast-math's
/// [`update_volatility`] fed each asset's close (as a [`Wad`], see [`crate::sim::WAD_SCALE`]) at each bar.
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

/// New target weights from a moment on, reached by a linear ramp (`ballast backtest
/// --reweight`), as a vault's governance changes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reweight {
    /// When the ramp starts (unix seconds).
    pub start: i64,
    /// How long it lasts, seconds (0: a step at `start`).
    pub ramp_secs: i64,
    /// The targets it reaches, bps summing to 10,000, market order (0 allowed).
    pub to: Vec<u16>,
}

/// A market with its target weights, and everything the simulation precomputes once for all
/// configurations: bar-to-bar price ratios, the costless every-bar-rebalanced target mix
/// and buy-and-hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The prices.
    pub market: Market,
    /// Target weights in bps (summing to 10_000), in market order (at bar 0; a
    /// [`Reweight`] moves them later).
    pub targets: Vec<u16>,
    pub(crate) target_f: Vec<f64>,
    /// The reweight, if any.
    pub reweight: Option<Reweight>,
    /// With a reweight: the targets of every bar, bps, at `t * n + i`.
    pub(crate) bar_targets: Option<Vec<u16>>,
    /// The same as fractions.
    pub(crate) bar_target_f: Option<Vec<f64>>,
    /// `p[t][i] / p[t-1][i]` at `t * n + i` (row 0 is ones).
    pub(crate) growth: Vec<f64>,
    /// Bar return of the costless every-bar-rebalanced target mix (index 0 unused, 0).
    pub(crate) mix_returns: Vec<f64>,
    /// Value of the costless target mix at each bar (1 at bar 0).
    pub mix: Vec<f64>,
    /// Value of buy-and-hold from the target weights at bar 0 (1 at bar 0).
    pub buy_hold: Vec<f64>,
    /// `(t_last - t_0) / 365 days`.
    pub years: f64,
    /// `(bars - 1) / years`.
    pub bars_per_year: f64,
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
            reweight: None,
            bar_targets: None,
            bar_target_f: None,
            growth,
            mix_returns,
            mix,
            buy_hold,
        })
    }

    /// Target weights as fractions (at bar 0).
    pub fn target_fractions(&self) -> &[f64] {
        &self.target_f
    }

    /// The same scenario with its targets moving to `r.to` from `r.start` over
    /// `r.ramp_secs`: each bar's targets are `ballast_math::ramp::weights_at` (the function
    /// the vault, its keeper and `ballast status` use) at the bar's time, and the costless
    /// target mix follows them (see the crate documentation).
    pub fn with_reweight(&self, r: Reweight) -> Result<Scenario> {
        let n = self.market.assets();
        if r.to.len() != n {
            return Err(BacktestError::arg(
                "--reweight",
                format!("{} weights for {n} assets; give one per asset", r.to.len()),
            ));
        }
        validate_weight_sum(&r.to).map_err(|_| {
            BacktestError::arg("--reweight", "the new weights must sum to exactly 1")
        })?;
        let end = r
            .start
            .checked_add(r.ramp_secs)
            .filter(|_| r.ramp_secs >= 0)
            .ok_or_else(|| BacktestError::arg("--reweight", "the ramp must end after it starts"))?;
        let ramp = Ramp {
            from: &self.targets,
            to: &r.to,
            start: r.start,
            end,
        };
        let bars = self.market.bars();
        let mut bar_targets = vec![0u16; bars * n];
        for (t, row) in bar_targets.chunks_exact_mut(n).enumerate() {
            weights_at(&ramp, self.market.times[t], row).map_err(math(&self.market, t))?;
        }
        let bar_target_f: Vec<f64> = bar_targets
            .iter()
            .map(|&w| f64::from(w) / 10_000.0)
            .collect();
        let mut out = self.clone();
        // The costless mix holds over bar t the targets it was rebalanced to at bar t - 1.
        for t in 1..bars {
            let held = &bar_target_f[(t - 1) * n..t * n];
            let g = &self.growth[t * n..(t + 1) * n];
            let r: f64 = held.iter().zip(g).map(|(w, g)| w * (g - 1.0)).sum();
            out.mix_returns[t] = r;
            out.mix[t] = out.mix[t - 1] * (1.0 + r);
        }
        out.reweight = Some(r);
        out.bar_targets = Some(bar_targets);
        out.bar_target_f = Some(bar_target_f);
        Ok(out)
    }

    /// The targets at bar `t`, bps.
    pub fn targets_at_bar(&self, t: usize) -> &[u16] {
        let n = self.market.assets();
        match &self.bar_targets {
            Some(all) => &all[t * n..(t + 1) * n],
            None => &self.targets,
        }
    }

    /// The targets at bar `t`, fractions.
    pub fn target_fractions_at_bar(&self, t: usize) -> &[f64] {
        let n = self.market.assets();
        match &self.bar_target_f {
            Some(all) => &all[t * n..(t + 1) * n],
            None => &self.target_f,
        }
    }

    /// Buy-and-hold from the target weights at bar `first` to bar `last`:
    /// `sum_i w*_i p_i(last) / p_i(first)` ([`Scenario::buy_hold`] when `first` is 0).
    pub fn buy_hold_between(&self, first: usize, last: usize) -> f64 {
        if first == 0 {
            return self.buy_hold[last];
        }
        let (p0, p1) = (self.market.bar(first), self.market.bar(last));
        let mut bh = 0.0;
        for i in 0..self.market.assets() {
            bh += self.target_f[i] * p1[i] / p0[i];
        }
        bh
    }

    /// `(years, bars_per_year)` of bars `first..=last`: `(t_last - t_first) / 365 days` and
    /// `(last - first) / years` (for the whole range, [`Scenario::years`] and
    /// [`Scenario::bars_per_year`]).
    pub fn span(&self, first: usize, last: usize) -> (f64, f64) {
        let t = &self.market.times;
        let years = (t[last] - t[first]) as f64 / YEAR_SECS;
        (years, (last - first) as f64 / years)
    }

    /// The same targets on bars `first..=last` only (a training window, for instance): a new
    /// scenario whose bar 0 is this one's bar `first`.
    pub fn slice_bars(&self, first: usize, last: usize) -> Result<Scenario> {
        if first >= last || last >= self.market.bars() {
            return Err(BacktestError::Dates {
                message: format!(
                    "bars {first}..={last} are not a range of at least 2 of the {} bars",
                    self.market.bars()
                ),
            });
        }
        let n = self.market.assets();
        let market = Market::new(
            self.market.names.clone(),
            self.market.times[first..=last].to_vec(),
            self.market.prices[first * n..(last + 1) * n].to_vec(),
        )?;
        let sliced = Scenario::new(market, self.targets.clone())?;
        match &self.reweight {
            Some(r) => sliced.with_reweight(r.clone()),
            None => Ok(sliced),
        }
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
