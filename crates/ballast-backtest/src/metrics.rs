//! The summary statistics of a run ([`Metrics`]), the accumulators they are computed from
//! ([`RunStats`]), and the metrics of consecutive runs chained into one ([`chain`]).

use crate::error::{BacktestError, Result};
use crate::scenario::Scenario;
use crate::sim::Outcome;

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

/// Online mean and variance (Welford), mergeable (Chan et al.).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct Welford {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Welford {
    pub(crate) fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }

    fn merge(&self, other: &Welford) -> Welford {
        let n = self.n + other.n;
        if n == 0.0 {
            return Welford::default();
        }
        let d = other.mean - self.mean;
        Welford {
            n,
            mean: self.mean + d * other.n / n,
            m2: self.m2 + other.m2 + d * d * self.n * other.n / n,
        }
    }

    fn sample_sd(&self) -> f64 {
        if self.n < 2.0 {
            0.0
        } else {
            (self.m2 / (self.n - 1.0)).sqrt()
        }
    }
}

/// The accumulators of one run over bars `first..=last` of a scenario, from which its
/// [`Metrics`] are computed; runs that continue one another merge into the metrics of the
/// whole ([`chain`]).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct RunStats {
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// Portfolio value at `first` and at `last`.
    pub(crate) start_total: f64,
    pub(crate) end_total: f64,
    /// Bar returns `r(t)` and active returns `r(t) - m(t)`.
    pub(crate) returns: Welford,
    pub(crate) active: Welford,
    pub(crate) max_drawdown: f64,
    pub(crate) rebalances: u64,
    pub(crate) turnover: f64,
    pub(crate) total_costs: f64,
    /// Sum of cost / NAV over rebalances.
    pub(crate) cost_drag: f64,
    pub(crate) exact_checks: u64,
}

fn annualise(final_value: f64, years: f64) -> f64 {
    final_value.powf(1.0 / years) - 1.0
}

impl RunStats {
    /// The metrics (see the crate documentation) of the run these accumulators describe.
    pub(crate) fn metrics(&self, sc: &Scenario) -> Metrics {
        let (years, bars_per_year) = sc.span(self.first, self.last);
        let scale = bars_per_year.sqrt();
        let final_value = self.end_total / self.start_total;
        let bh_final = sc.buy_hold_between(self.first, self.last);
        let mix_final = sc.mix[self.last] / sc.mix[self.first];
        let annual_return = annualise(final_value, years);
        let bh_annual = annualise(bh_final, years);
        Metrics {
            final_value,
            annual_return,
            annual_volatility: self.returns.sample_sd() * scale,
            max_drawdown: self.max_drawdown,
            rebalances: self.rebalances,
            turnover: self.turnover,
            annual_turnover: self.turnover / years,
            total_costs: self.total_costs,
            annual_cost_bps: self.cost_drag / years * 10_000.0,
            tracking_error: self.active.sample_sd() * scale,
            buy_hold_final: bh_final,
            buy_hold_annual_return: bh_annual,
            mix_final,
            mix_annual_return: annualise(mix_final, years),
            rebalancing_bonus: annual_return - bh_annual,
            exact_checks: self.exact_checks,
            bars: (self.last - self.first + 1) as u64,
            years,
        }
    }

    fn then(&self, next: &RunStats) -> RunStats {
        RunStats {
            first: self.first,
            last: next.last,
            start_total: self.start_total,
            end_total: next.end_total,
            returns: self.returns.merge(&next.returns),
            active: self.active.merge(&next.active),
            max_drawdown: self.max_drawdown.max(next.max_drawdown),
            rebalances: self.rebalances + next.rebalances,
            turnover: self.turnover + next.turnover,
            total_costs: self.total_costs + next.total_costs,
            cost_drag: self.cost_drag + next.cost_drag,
            exact_checks: self.exact_checks + next.exact_checks,
        }
    }
}

/// The metrics of consecutive runs taken as one run: each part must start at the bar where
/// the previous one ended, from the state it ended in ([`crate::sim::SimOptions::start`] =
/// the previous [`Outcome::end`]); the configurations may differ (a walk-forward schedule).
/// Means and variances are merged exactly (up to rounding), and the drawdown is measured
/// from the running peak the state carries, so a fixed configuration chained over windows
/// gives the metrics of one run over their union.
pub fn chain(sc: &Scenario, parts: &[Outcome]) -> Result<Metrics> {
    let Some(head) = parts.first() else {
        return Err(BacktestError::arg("chain", "no runs to chain"));
    };
    let mut acc = head.stats;
    for p in &parts[1..] {
        if p.stats.first != acc.last {
            return Err(BacktestError::arg(
                "chain",
                format!(
                    "a run starts at bar {} but the previous one ended at bar {}",
                    p.stats.first, acc.last
                ),
            ));
        }
        acc = acc.then(&p.stats);
    }
    Ok(acc.metrics(sc))
}
