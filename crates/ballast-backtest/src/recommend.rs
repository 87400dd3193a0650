//! The recommendation rule: which configuration of a grid to recommend for a tracking-error
//! tolerance, judged against baselines run on the same bars (see [`crate::tune`]'s module
//! documentation for the rule and why it replaced the cheapest-within-tolerance rule).

use crate::sim::Metrics;
use crate::tune::{cost_te, efficient, GridResult};

/// The cheapest efficient configuration whose tracking error is at most `max_te` (ties: lower
/// tracking error, then fewer rebalances), or `None` if none meets it. This was the whole
/// recommendation rule until walk-forward tests showed it overfits the tolerance (see
/// [`recommend`]); it remains [`recommend`]'s fallback.
pub fn cheapest_within(results: &[GridResult], max_te: f64) -> Option<usize> {
    let eff = efficient(&cost_te(results));
    (0..results.len())
        .filter(|&k| eff[k] && results[k].metrics.tracking_error <= max_te)
        .min_by(|&a, &b| {
            let (ma, mb) = (&results[a].metrics, &results[b].metrics);
            ma.annual_cost_bps
                .total_cmp(&mb.annual_cost_bps)
                .then(ma.tracking_error.total_cmp(&mb.tracking_error))
                .then(ma.rebalances.cmp(&mb.rebalances))
        })
}

/// How clearly `m` beats `b` on both measures: `min(1 - cost / cost_b, 1 - te / te_b)` if it
/// beats it on both (strictly lower cost rate and tracking error), else `None`.
pub fn margin_over(m: &Metrics, b: &Metrics) -> Option<f64> {
    (m.annual_cost_bps < b.annual_cost_bps && m.tracking_error < b.tracking_error).then(|| {
        (1.0 - m.annual_cost_bps / b.annual_cost_bps).min(1.0 - m.tracking_error / b.tracking_error)
    })
}

/// `(baselines beaten on both measures, smallest margin over them)` of `m` (see
/// [`margin_over`]; the margin is 0 when none is beaten).
pub fn score_against(m: &Metrics, baselines: &[Metrics]) -> (usize, f64) {
    let margins: Vec<f64> = baselines.iter().filter_map(|b| margin_over(m, b)).collect();
    let worst = margins.iter().copied().fold(f64::INFINITY, f64::min);
    (margins.len(), if margins.is_empty() { 0.0 } else { worst })
}

/// The recommended configuration for a tracking-error tolerance `max_te`, given the metrics
/// of the baselines on the same bars (see the module documentation): among the
/// configurations whose tracking error is at most `max_te`, the one that beats the most
/// baselines on both cost rate and tracking error, with the widest smallest margin
/// ([`score_against`]; ties: lower cost, lower tracking error, fewer rebalances); if none
/// beats any baseline, [`cheapest_within`]. `None` if no configuration meets the tolerance.
pub fn recommend(results: &[GridResult], max_te: f64, baselines: &[Metrics]) -> Option<usize> {
    let scores: Vec<(usize, f64)> = results
        .iter()
        .map(|r| score_against(&r.metrics, baselines))
        .collect();
    let best = (0..results.len())
        .filter(|&k| results[k].metrics.tracking_error <= max_te && scores[k].0 > 0)
        .max_by(|&a, &b| {
            let (ma, mb) = (&results[a].metrics, &results[b].metrics);
            scores[a]
                .0
                .cmp(&scores[b].0)
                .then(scores[a].1.total_cmp(&scores[b].1))
                .then(mb.annual_cost_bps.total_cmp(&ma.annual_cost_bps))
                .then(mb.tracking_error.total_cmp(&ma.tracking_error))
                .then(mb.rebalances.cmp(&ma.rebalances))
        });
    best.or_else(|| cheapest_within(results, max_te))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Config;
    use ballast_math::{Policy, TradeTarget};

    fn result(band_bps: u32, cost: f64, te: f64) -> GridResult {
        GridResult {
            config: Config::new(Policy::AbsoluteBand { band_bps }, TradeTarget::ToBandEdge),
            metrics: Metrics {
                annual_cost_bps: cost,
                tracking_error: te,
                ..Metrics::default()
            },
        }
    }

    fn base(cost: f64, te: f64) -> Metrics {
        Metrics {
            annual_cost_bps: cost,
            tracking_error: te,
            ..Metrics::default()
        }
    }

    #[test]
    fn recommendation_beats_the_most_baselines_by_the_widest_margin() {
        // A is the cheapest within 2 % but barely beats the third baseline on tracking error
        // (0.0199 vs 0.02: a 0.5 % margin); B costs more but beats all three by at least a
        // third. C is outside the tolerance; D beats only two baselines.
        let results = [
            result(100, 1.0, 0.0199),
            result(200, 2.0, 0.010),
            result(300, 0.5, 0.030),
            result(400, 5.0, 0.001),
        ];
        let baselines = [base(10.0, 0.05), base(6.0, 0.03), base(3.0, 0.02)];
        assert_eq!(cheapest_within(&results, 0.02), Some(0));
        assert_eq!(score_against(&results[0].metrics, &baselines).0, 3);
        assert!((score_against(&results[0].metrics, &baselines).1 - 0.005).abs() < 1e-12);
        let (beaten, margin) = score_against(&results[1].metrics, &baselines);
        assert_eq!(beaten, 3);
        assert!((margin - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(score_against(&results[3].metrics, &baselines).0, 2);
        assert_eq!(recommend(&results, 0.02, &baselines), Some(1));
        // Nothing beats a baseline: the cheapest within the tolerance.
        assert_eq!(recommend(&results, 0.02, &[base(0.1, 0.0001)]), Some(0));
        assert_eq!(recommend(&results, 0.02, &[]), Some(0));
        // Nothing within the tolerance.
        assert_eq!(recommend(&results, 0.0005, &baselines), None);
        // A costless baseline cannot be beaten on cost.
        assert_eq!(margin_over(&results[0].metrics, &base(0.0, 0.5)), None);
    }
}
