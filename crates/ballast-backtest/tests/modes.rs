//! Every trade-target mode at 4 to 16 assets against a plain f64 re-implementation of the
//! crate's reference semantics (written here from the specification, sharing no code with
//! the simulator), and each mode's cost formula checked rebalance by rebalance.

use ballast_backtest::generator::{AssetModel, Generator};
use ballast_backtest::{simulate, Config, Costs, Market, Outcome, Scenario, SimOptions};
use ballast_math::{Policy, TradeTarget};

const DAY: u64 = 86_400;

/// The policies the reference knows (vol-band needs ballast-math's Wad estimator).
#[derive(Clone, Copy, Debug)]
enum RefPolicy {
    Calendar(i64),
    Absolute(f64),
    Relative(f64),
    FiveTwentyFive(f64, f64),
    Hybrid(i64, f64),
}

impl RefPolicy {
    fn policy(self) -> Policy {
        let bps = |x: f64| (x * 10_000.0).round() as u32;
        match self {
            RefPolicy::Calendar(s) => Policy::Calendar {
                interval_secs: s as u64,
            },
            RefPolicy::Absolute(b) => Policy::AbsoluteBand { band_bps: bps(b) },
            RefPolicy::Relative(r) => Policy::RelativeBand { band_bps: bps(r) },
            RefPolicy::FiveTwentyFive(a, r) => Policy::FiveTwentyFive {
                abs_bps: bps(a),
                rel_bps: bps(r),
            },
            RefPolicy::Hybrid(s, b) => Policy::Hybrid {
                interval_secs: s as u64,
                band_bps: bps(b),
                rel_bps: 0,
            },
        }
    }

    /// Band half-width of an asset with target weight `t` (a fraction of NAV).
    fn band(self, t: f64) -> f64 {
        match self {
            RefPolicy::Calendar(_) => 0.0,
            RefPolicy::Absolute(b) | RefPolicy::Hybrid(_, b) => b,
            RefPolicy::Relative(r) => r * t,
            RefPolicy::FiveTwentyFive(a, r) => a.min(r * t),
        }
    }

    fn due(self, now: i64, last: i64, w: &[f64], t: &[f64]) -> bool {
        let outside = w.iter().zip(t).any(|(&w, &t)| (w - t).abs() > self.band(t));
        match self {
            RefPolicy::Calendar(s) => now - last >= s,
            RefPolicy::Hybrid(s, _) => now - last >= s && outside,
            _ => outside,
        }
    }
}

/// Where an asset at value `v` with target value `tv` and band value `bv` must go.
fn mandatory(mode: TradeTarget, v: f64, tv: f64, bv: f64) -> f64 {
    if mode == TradeTarget::Full {
        return tv;
    }
    if (v - tv).abs() <= bv {
        return v;
    }
    let offset = match mode {
        TradeTarget::ToBandEdge => bv,
        TradeTarget::Halfway => bv / 2.0,
        _ => 0.0,
    };
    if v > tv {
        tv + offset
    } else {
        tv - offset
    }
}

/// The balanced post-trade values (the specification of `trade_target_values`, in f64).
fn trade_targets(mode: TradeTarget, v: &[f64], t: &[f64], bands: &[f64]) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    let tv: Vec<f64> = t.iter().map(|t| t * total).collect();
    let mut u: Vec<f64> = (0..v.len())
        .map(|i| mandatory(mode, v[i], tv[i], bands[i] * total))
        .collect();
    let above = |i: usize| v[i] > tv[i];
    let need_sell: f64 = (0..v.len())
        .filter(|&i| above(i))
        .map(|i| v[i] - u[i])
        .sum();
    let need_buy: f64 = (0..v.len())
        .filter(|&i| !above(i))
        .map(|i| u[i] - v[i])
        .sum();
    let buyers_absorb = need_sell >= need_buy;
    let absorbing: Vec<usize> = (0..v.len())
        .filter(|&i| above(i) != buyers_absorb)
        .collect();
    let room: f64 = absorbing.iter().map(|&i| (u[i] - tv[i]).abs()).sum();
    let extra = (need_sell - need_buy).abs().min(room);
    if room > 0.0 {
        for &i in &absorbing {
            let share = extra * (u[i] - tv[i]).abs() / room;
            u[i] += if u[i] > tv[i] { -share } else { share };
        }
    }
    u
}

struct Reference {
    rebalances: Vec<usize>,
    values: Vec<f64>,
    total_costs: f64,
    turnover: f64,
    tracking_error: f64,
}

/// The reference semantics of the crate documentation, step by step, in f64.
fn reference(
    m: &Market,
    targets: &[u16],
    policy: RefPolicy,
    mode: TradeTarget,
    fee: f64,
    impact: f64,
) -> Reference {
    let n = m.assets();
    let t: Vec<f64> = targets.iter().map(|&b| f64::from(b) / 10_000.0).collect();
    let bands: Vec<f64> = t.iter().map(|&t| policy.band(t)).collect();
    let mut v = t.clone();
    let mut last = m.times[0];
    let mut out = Reference {
        rebalances: Vec::new(),
        values: vec![1.0],
        total_costs: 0.0,
        turnover: 0.0,
        tracking_error: 0.0,
    };
    let mut active = Vec::new();
    let mut prev = 1.0;
    for k in 1..m.bars() {
        let (p0, p1) = (m.bar(k - 1), m.bar(k));
        for i in 0..n {
            v[i] *= p1[i] / p0[i];
        }
        let total: f64 = v.iter().sum();
        let w: Vec<f64> = v.iter().map(|x| x / total).collect();
        if policy.due(m.times[k], last, &w, &t) {
            let u = trade_targets(mode, &v, &t, &bands);
            let one_way: f64 = 0.5 * (0..n).map(|i| (u[i] - v[i]).abs()).sum::<f64>();
            let squares: f64 = (0..n).map(|i| (u[i] - v[i]).powi(2)).sum();
            let cost = fee * one_way + impact * 0.5 * squares / total;
            let sum_u: f64 = u.iter().sum();
            for i in 0..n {
                v[i] = u[i] * (1.0 - cost / sum_u);
            }
            out.total_costs += cost;
            out.turnover += one_way / total;
            out.rebalances.push(k);
            last = m.times[k];
        }
        let value: f64 = v.iter().sum();
        let mix: f64 = (0..n).map(|i| t[i] * (p1[i] / p0[i] - 1.0)).sum();
        active.push(value / prev - 1.0 - mix);
        prev = value;
        out.values.push(value);
    }
    let mean = active.iter().sum::<f64>() / active.len() as f64;
    let var = active.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / (active.len() - 1) as f64;
    let years = (m.times[m.bars() - 1] - m.times[0]) as f64 / (365.0 * 86_400.0);
    out.tracking_error = var.sqrt() * ((m.bars() - 1) as f64 / years).sqrt();
    out
}

/// `n` equally correlated assets with different volatilities, daily, Gaussian.
fn market(n: usize, seed: u64, bars: usize) -> (Market, Vec<u16>) {
    let assets = (0..n)
        .map(|i| AssetModel {
            name: format!("A{i}"),
            vol: 0.3 + 0.1 * (i % 5) as f64,
            drift: 0.05 * (i % 3) as f64,
            start_price: 10.0 + i as f64,
        })
        .collect();
    let correlations = (0..n * n)
        .map(|k| if k / n == k % n { 1.0 } else { 0.4 })
        .collect();
    let g = Generator {
        assets,
        correlations,
        tail_dof: None,
        bar_secs: DAY as i64,
        start_time: 1_600_000_000 - 1_600_000_000 % DAY as i64,
        seed,
    };
    // Uneven targets: weights 1, 2, 3, ... normalised to bps, remainder on the first.
    let sum: u32 = (1..=n as u32).sum();
    let mut targets: Vec<u16> = (1..=n as u32).map(|k| (k * 10_000 / sum) as u16).collect();
    let rest = 10_000 - targets.iter().map(|&t| u32::from(t)).sum::<u32>();
    targets[0] += rest as u16;
    (g.market(bars).unwrap(), targets)
}

fn run(sc: &Scenario, policy: Policy, mode: TradeTarget, fee_bps: f64, impact_bps: f64) -> Outcome {
    let cfg = Config {
        policy,
        mode,
        costs: Costs {
            fee_bps,
            impact_bps,
        },
        vol_prior: 0.0,
    };
    let opts = SimOptions {
        record: true,
        ..SimOptions::default()
    };
    simulate(sc, &cfg, None, &opts).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

#[test]
fn every_mode_matches_an_f64_reference_at_4_8_and_16_assets() {
    let policies = [
        RefPolicy::Absolute(0.03),
        RefPolicy::Relative(0.25),
        RefPolicy::FiveTwentyFive(0.05, 0.25),
        RefPolicy::Calendar(30 * DAY as i64),
        RefPolicy::Hybrid(7 * DAY as i64, 0.02),
    ];
    let mut compared = 0;
    for (n, seed) in [(4usize, 11u64), (8, 12), (16, 13)] {
        let (m, targets) = market(n, seed, 1_500);
        let sc = Scenario::new(m.clone(), targets.clone()).unwrap();
        for policy in policies {
            for mode in TradeTarget::ALL {
                let o = run(&sc, policy.policy(), mode, 10.0, 5.0);
                let r = reference(&m, &targets, policy, mode, 10.0 / 10_000.0, 5.0 / 10_000.0);
                let label = format!("{n} assets, {policy:?}, {mode}");
                assert_eq!(o.rebalance_bars, r.rebalances, "{label}");
                assert!(!r.rebalances.is_empty(), "{label}: nothing traded");
                let s = o.series.as_ref().unwrap();
                for (k, (&a, &b)) in s.value.iter().zip(&r.values).enumerate() {
                    assert!(rel(a, b) < 1e-13, "{label}: bar {k}: {a} vs {b}");
                }
                assert!(rel(o.metrics.total_costs, r.total_costs) < 1e-12, "{label}");
                assert!(rel(o.metrics.turnover, r.turnover) < 1e-12, "{label}");
                assert!(
                    rel(o.metrics.tracking_error, r.tracking_error) < 1e-10,
                    "{label}"
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 3 * 5 * 4);
}

/// Values of each asset before and after the trade at rebalance bar `k`, from the recorded
/// series: after bar `k - 1`, grown by the bar's price ratios; and after bar `k`'s costs.
fn around(o: &Outcome, m: &Market, k: usize) -> (Vec<f64>, Vec<f64>) {
    let n = m.assets();
    let s = o.series.as_ref().unwrap();
    let (p0, p1) = (m.bar(k - 1), m.bar(k));
    let pre = (0..n)
        .map(|i| s.weights[(k - 1) * n + i] * s.value[k - 1] * p1[i] / p0[i])
        .collect();
    let post = (0..n).map(|i| s.weights[k * n + i] * s.value[k]).collect();
    (pre, post)
}

#[test]
fn each_modes_cost_is_its_stated_formula_at_every_rebalance() {
    // The crate documentation's closed forms, evaluated on the pre-trade values, against the
    // cost actually paid (pre-trade value minus post-trade value: trades are value-neutral).
    let fee = 0.001;
    for (n, seed) in [(4usize, 21u64), (6, 22), (10, 23)] {
        let (m, targets) = market(n, seed, 1_200);
        let sc = Scenario::new(m.clone(), targets.clone()).unwrap();
        let t: Vec<f64> = targets.iter().map(|&b| f64::from(b) / 10_000.0).collect();
        let band = 0.02;
        let mut partial = 0;
        for mode in TradeTarget::ALL {
            let o = run(&sc, Policy::AbsoluteBand { band_bps: 200 }, mode, 10.0, 0.0);
            assert!(o.rebalance_bars.len() > 5, "{n} {mode}");
            for &k in &o.rebalance_bars {
                let (pre, post) = around(&o, &m, k);
                let v: f64 = pre.iter().sum();
                let paid = v - post.iter().sum::<f64>();
                let dev: Vec<f64> = (0..n).map(|i| pre[i] - t[i] * v).collect();
                let out = |d: f64| d.abs() > band * v;
                let side = |above: bool, offset: f64| -> f64 {
                    dev.iter()
                        .filter(|&&d| (d > 0.0) == above && out(d))
                        .map(|d| d.abs() - offset)
                        .sum()
                };
                let formula = match mode {
                    TradeTarget::Full => fee * 0.5 * dev.iter().map(|d| d.abs()).sum::<f64>(),
                    TradeTarget::OutOfBandToTarget => fee * side(true, 0.0).max(side(false, 0.0)),
                    TradeTarget::ToBandEdge => {
                        fee * side(true, band * v).max(side(false, band * v))
                    }
                    TradeTarget::Halfway => {
                        fee * side(true, band * v / 2.0).max(side(false, band * v / 2.0))
                    }
                };
                assert!(
                    (paid - formula).abs() <= 1e-14 * v,
                    "{n} assets, {mode}, bar {k}: paid {paid}, formula {formula}"
                );
                if mode == TradeTarget::OutOfBandToTarget {
                    let full = fee * 0.5 * dev.iter().map(|d| d.abs()).sum::<f64>();
                    partial += usize::from(formula < full * (1.0 - 1e-9));
                }
            }
        }
        // With four or more assets the out-of-band rule does, at times, trade less than a full
        // rebalance (an in-band asset on the heavier side stays put).
        assert!(
            partial > 0,
            "{n} assets: out-of-band-to-target always traded fully"
        );
    }
}

#[test]
fn full_puts_every_asset_on_target_and_out_of_band_does_not_at_4_assets() {
    let (m, targets) = market(4, 31, 800);
    let sc = Scenario::new(m, targets.clone()).unwrap();
    let t: Vec<f64> = targets.iter().map(|&b| f64::from(b) / 10_000.0).collect();
    let on_target = |o: &Outcome, k: usize| {
        let s = o.series.as_ref().unwrap();
        (0..4).all(|i| (s.weights[k * 4 + i] - t[i]).abs() < 1e-12)
    };
    let policy = Policy::AbsoluteBand { band_bps: 300 };
    let full = run(&sc, policy, TradeTarget::Full, 10.0, 0.0);
    assert!(full.rebalance_bars.iter().all(|&k| on_target(&full, k)));
    let oob = run(&sc, policy, TradeTarget::OutOfBandToTarget, 10.0, 0.0);
    assert!(
        oob.rebalance_bars.iter().any(|&k| !on_target(&oob, k)),
        "out-of-band-to-target left every asset on target"
    );
}
