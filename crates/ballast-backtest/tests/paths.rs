//! Synthetic paths with known crossing points, the zero-cost property, and the equality of
//! the fast decision path with ballast-math's `is_due` over long random paths.

use ballast_backtest::generator::Generator;
use ballast_backtest::sim::VolSeries;
use ballast_backtest::{simulate, Config, Costs, Market, Scenario, SimOptions};
use ballast_math::{Policy, TradeTarget};
use proptest::prelude::*;

const DAY: i64 = 86_400;

fn two_assets(times: Vec<i64>, a: impl Fn(usize) -> f64) -> Market {
    let prices = (0..times.len()).flat_map(|t| [a(t), 1.0]).collect();
    Market::new(vec!["A".into(), "B".into()], times, prices).unwrap()
}

#[test]
fn band_crossings_on_an_exponential_path() {
    // A grows 1 % a bar (log), B is flat, 50/50. After a trade to target, A's weight is
    // e^(0.01 k) / (e^(0.01 k) + 1) after k bars: it leaves a 5 pp band when
    // e^(0.01 k) > 0.55 / 0.45, i.e. k > 100 ln(11/9) = 20.07: the 21st bar. To-target trades
    // restore the same state (costs are pro rata), so the crossings are 21, 42, 63, ...
    let m = two_assets((0..200).map(|d| d * DAY).collect(), |t| {
        (0.01 * t as f64).exp()
    });
    let sc = Scenario::new(m, vec![5_000, 5_000]).unwrap();
    let cfg = Config {
        policy: Policy::AbsoluteBand { band_bps: 500 },
        mode: TradeTarget::OutOfBandToTarget,
        costs: Costs {
            fee_bps: 30.0,
            impact_bps: 5.0,
        },
        vol_prior: 0.0,
    };
    let o = simulate(&sc, &cfg, None, &SimOptions::default()).unwrap();
    assert_eq!(
        o.rebalance_bars,
        (1..=9).map(|k| 21 * k).collect::<Vec<_>>()
    );
    // To the band edge: the first crossing is the same; afterwards A sits on the edge
    // (55 %) and leaves it again on the next bar, where its weight is
    // 0.55 e^0.01 / (0.55 e^0.01 + 0.45) = 55.25 %.
    let edge = Config {
        mode: TradeTarget::ToBandEdge,
        ..cfg
    };
    let o = simulate(&sc, &edge, None, &SimOptions::default()).unwrap();
    assert_eq!(o.rebalance_bars, (21..200).collect::<Vec<_>>());
}

#[test]
fn calendar_crossings_with_gaps_and_hours() {
    // Daily bars with missing days: 0, 1, 2, 5, 6, 9, 10, 11, 12, 16. A 3-day calendar fires
    // at the first bar at least 3 days after the previous rebalance: day 5 (start = day 0),
    // then day 9 (>= 8), then day 12 (>= 12), then day 16.
    let days = [0, 1, 2, 5, 6, 9, 10, 11, 12, 16];
    let m = two_assets(days.iter().map(|d| d * DAY).collect(), |t| 1.0 + t as f64);
    let sc = Scenario::new(m, vec![5_000, 5_000]).unwrap();
    let cfg = Config::new(
        Policy::Calendar {
            interval_secs: 3 * DAY as u64,
        },
        TradeTarget::OutOfBandToTarget,
    );
    let o = simulate(&sc, &cfg, None, &SimOptions::default()).unwrap();
    let fired: Vec<i64> = o.rebalance_bars.iter().map(|&t| days[t]).collect();
    assert_eq!(fired, vec![5, 9, 12, 16]);
    // Hourly bars, daily calendar: every 24th bar.
    let m = two_assets((0..24 * 10 + 1).map(|h| h * 3_600).collect(), |t| {
        1.0 + 0.01 * t as f64
    });
    let sc = Scenario::new(m, vec![5_000, 5_000]).unwrap();
    let cfg = Config::new(
        Policy::Calendar {
            interval_secs: DAY as u64,
        },
        TradeTarget::OutOfBandToTarget,
    );
    let o = simulate(&sc, &cfg, None, &SimOptions::default()).unwrap();
    assert_eq!(
        o.rebalance_bars,
        (1..=10).map(|d| 24 * d).collect::<Vec<_>>()
    );
}

/// Every configuration family, with the modes.
fn policies() -> Vec<Policy> {
    vec![
        Policy::AbsoluteBand { band_bps: 1 },
        Policy::AbsoluteBand { band_bps: 300 },
        Policy::RelativeBand { band_bps: 1_500 },
        Policy::FIVE_TWENTY_FIVE,
        Policy::Hybrid {
            interval_secs: 3 * DAY as u64,
            band_bps: 200,
            rel_bps: 2_000,
        },
        Policy::Calendar {
            interval_secs: 7 * DAY as u64,
        },
        Policy::VolBand {
            k_bps: 500,
            floor_bps: 50,
            cap_bps: 2_000,
            half_life_secs: 20 * DAY as u32,
        },
    ]
}

#[test]
fn fast_decisions_equal_ballast_math_on_long_random_paths() {
    let g = Generator::calibrated(&["BTC", "ETH", "SOL", "USDC", "DOGE"], 42).unwrap();
    let mut hourly = g.clone();
    hourly.bar_secs = 3_600;
    hourly.seed = 43;
    for (gen, bars) in [(g, 8_000), (hourly, 30_000)] {
        let sc = Scenario::new(
            gen.market(bars).unwrap(),
            vec![3_000, 2_500, 2_000, 1_500, 1_000],
        )
        .unwrap();
        let mut checked = 0;
        for policy in policies() {
            for mode in TradeTarget::ALL {
                let cfg = Config {
                    policy,
                    mode,
                    costs: Costs {
                        fee_bps: 20.0,
                        impact_bps: 10.0,
                    },
                    vol_prior: 0.5,
                };
                let fast = simulate(&sc, &cfg, None, &SimOptions::default()).unwrap();
                let exact = simulate(
                    &sc,
                    &cfg,
                    None,
                    &SimOptions {
                        exact: true,
                        ..SimOptions::default()
                    },
                )
                .unwrap();
                assert_eq!(fast.rebalance_bars, exact.rebalance_bars, "{policy} {mode}");
                assert_eq!(fast.metrics.final_value, exact.metrics.final_value);
                assert!(!fast.rebalance_bars.is_empty());
                checked += fast.metrics.exact_checks;
            }
        }
        let _ = checked;
    }
}

#[test]
fn fast_decisions_equal_ballast_math_near_band_edges() {
    // Prices that keep the weights within 10^-12 of a band edge after every trade to the
    // edge: alternating tiny moves around the crossing point exercise the fallback.
    let n = 4_000;
    let m = two_assets((0..n as i64).map(|d| d * DAY).collect(), |t| {
        let base = 1.0 + 1e-13 * ((t * 7919) % 13) as f64;
        if t % 2 == 0 {
            base
        } else {
            base * (0.6 / 0.4) * (1.0 + 1e-13 * ((t % 5) as f64 - 2.0))
        }
    });
    let sc = Scenario::new(m, vec![5_000, 5_000]).unwrap();
    for mode in TradeTarget::ALL {
        let cfg = Config::new(Policy::AbsoluteBand { band_bps: 1_000 }, mode);
        let fast = simulate(&sc, &cfg, None, &SimOptions::default()).unwrap();
        let exact = simulate(
            &sc,
            &cfg,
            None,
            &SimOptions {
                exact: true,
                ..SimOptions::default()
            },
        )
        .unwrap();
        assert_eq!(fast.rebalance_bars, exact.rebalance_bars, "{mode}");
        assert!(
            fast.metrics.exact_checks > 0,
            "{mode}: the fallback was not exercised"
        );
    }
}

#[test]
fn vol_series_is_shared_correctly() {
    let g = Generator::calibrated(&["BTC", "ETH"], 5).unwrap();
    let sc = Scenario::new(g.market(500).unwrap(), vec![5_000, 5_000]).unwrap();
    let policy = Policy::VolBand {
        k_bps: 1_000,
        floor_bps: 100,
        cap_bps: 1_000,
        half_life_secs: 7 * DAY as u32,
    };
    let cfg = Config::new(policy, TradeTarget::ToBandEdge);
    let v: VolSeries = sc.vol_series(7 * DAY as u32, 0.0).unwrap();
    let a = simulate(&sc, &cfg, Some(&v), &SimOptions::default()).unwrap();
    let b = simulate(&sc, &cfg, None, &SimOptions::default()).unwrap();
    assert_eq!(a, b);
    // A series for another half-life is not used by mistake.
    let other = sc.vol_series(30 * DAY as u32, 0.0).unwrap();
    assert_eq!(
        simulate(&sc, &cfg, Some(&other), &SimOptions::default()).unwrap(),
        b
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Zero costs and a band of zero (a calendar of one bar: ballast-math's calendar band is
    /// zero) give exactly the costless every-bar-rebalanced target mix.
    #[test]
    fn zero_cost_zero_band_is_the_target_mix(
        seed in any::<u64>(),
        n in 2usize..7,
        raw in proptest::collection::vec(1u16..100, 7),
        bars in 20usize..400,
        hourly in any::<bool>(),
        mode in 0u8..4,
    ) {
        let names = ["BTC", "ETH", "SOL", "USDC", "BNB", "XRP", "ADA"];
        let mut g = Generator::calibrated(&names[..n], seed).unwrap();
        if hourly {
            g.bar_secs = 3_600;
        }
        let sum: u32 = raw[..n].iter().map(|&r| u32::from(r)).sum();
        let mut targets: Vec<u16> = raw[..n].iter().map(|&r| (u32::from(r) * 10_000 / sum).max(1) as u16).collect();
        let rest = 10_000 - targets.iter().map(|&t| i32::from(t)).sum::<i32>();
        targets[0] = (i32::from(targets[0]) + rest) as u16;
        let sc = Scenario::new(g.market(bars).unwrap(), targets).unwrap();
        let cfg = Config::new(
            Policy::Calendar { interval_secs: g.bar_secs as u64 },
            ballast_math::TradeTarget::from_u8(mode).unwrap(),
        );
        let o = simulate(&sc, &cfg, None, &SimOptions { record: true, ..SimOptions::default() }).unwrap();
        prop_assert_eq!(o.rebalance_bars.len(), bars - 1);
        let s = o.series.unwrap();
        for t in 0..bars {
            prop_assert!((s.value[t] / sc.mix[t] - 1.0).abs() < 1e-12, "bar {}: {} vs {}", t, s.value[t], sc.mix[t]);
        }
        prop_assert!(o.metrics.tracking_error < 1e-12);
        prop_assert_eq!(o.metrics.total_costs, 0.0);
    }
}
