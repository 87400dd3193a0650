//! Walk-forward windows (boundaries, tiling), no lookahead, and chained runs.

use ballast_backtest::generator::Generator;
use ballast_backtest::tune::{recommend, run_grid, GridResult, GridSpec};
use ballast_backtest::walk_forward::{default_baselines, walk_forward, windows, WalkSpec, Window};
use ballast_backtest::{chain, simulate, Config, Costs, Market, Metrics, Scenario, SimOptions};
use proptest::prelude::*;

const DAY: i64 = 86_400;

fn spec(train_days: i64, test_days: i64) -> WalkSpec {
    WalkSpec {
        train_secs: train_days * DAY,
        test_secs: test_days * DAY,
    }
}

#[test]
fn daily_windows_have_the_documented_boundaries() {
    // Days 0..=1000. Window k: a = 90k, c = a + 365, e = c + 90; training bars a..=c, test
    // bars c..=e; windows while e <= 1000, i.e. 90k + 455 <= 1000: k = 0..=6.
    let times: Vec<i64> = (0..=1_000).map(|d| d * DAY).collect();
    let ws = windows(&times, &spec(365, 90));
    let want: Vec<Window> = (0..7)
        .map(|k| Window {
            train: (90 * k, 90 * k + 365),
            test: (90 * k + 365, 90 * k + 455),
        })
        .collect();
    assert_eq!(ws, want);
    // 365 training returns and 90 test returns each.
    assert!(ws
        .iter()
        .all(|w| w.train.1 - w.train.0 == 365 && w.test.1 - w.test.0 == 90));
}

#[test]
fn windows_over_gaps_start_where_the_last_training_bar_is() {
    // Days 0 1 2 5 6 7 8 9 12 13; 4 days of training, 2 of test.
    // k = 0: a 0, c 4, e 6 -> training days 0..2 (bars 0..=2), test days 2..6 (bars 2..=4).
    // k = 1: a 2, c 6, e 8 -> training bars 2..=4, test bars 4..=6 (day 8).
    // k = 2: a 4, c 8, e 10 -> training bars 3..=6 (days 5..8), test bars 6..=7 (day 9).
    // k = 3: a 6, c 10, e 12 -> training bars 4..=7, test bars 7..=8 (day 12).
    // k = 4: e = 14 > 13: stop.
    let days = [0, 1, 2, 5, 6, 7, 8, 9, 12, 13];
    let times: Vec<i64> = days.iter().map(|d| d * DAY).collect();
    let ws = windows(&times, &spec(4, 2));
    let w = |train, test| Window { train, test };
    assert_eq!(
        ws,
        vec![
            w((0, 2), (2, 4)),
            w((2, 4), (4, 6)),
            w((3, 6), (6, 7)),
            w((4, 7), (7, 8))
        ]
    );
    // Too little data: no window.
    assert!(windows(&times, &spec(10, 5)).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On any increasing times: each test window starts on its training window's last bar,
    /// consecutive test windows tile, and every bar sits inside its window's time bounds.
    #[test]
    fn windows_roll_and_tile(
        steps in proptest::collection::vec(1i64..5, 20..300),
        train in 3i64..60,
        test in 1i64..30,
    ) {
        let mut times = vec![0i64];
        for s in &steps {
            let last = times[times.len() - 1];
            times.push(last + s * 3_600);
        }
        let spec = WalkSpec { train_secs: train * 3_600, test_secs: test * 3_600 };
        let ws = windows(&times, &spec);
        for (k, w) in ws.iter().enumerate() {
            prop_assert_eq!(w.train.1, w.test.0);
            prop_assert!(w.train.0 + 2 <= w.train.1 && w.test.0 < w.test.1);
            let a = times[0] + spec.test_secs * ((times[w.train.0] - times[0]) / spec.test_secs);
            prop_assert!(times[w.train.0] >= a);
            prop_assert!(times[w.train.1] <= a + spec.train_secs);
            prop_assert!(times[w.test.1] <= a + spec.train_secs + spec.test_secs);
            if k > 0 && ws[k - 1].test.1 >= w.test.0 {
                // Consecutive windows (none skipped between): they tile.
                prop_assert_eq!(ws[k - 1].test.1, w.test.0);
            }
        }
        // With no gap above the test length nor above a third of the training length, no
        // window is skipped: the test windows cover every bar from the first test bar on.
        if steps.iter().all(|&s| s <= test && 3 * s <= train) {
            for k in 1..ws.len() {
                prop_assert_eq!(ws[k - 1].test.1, ws[k].test.0);
            }
            // One window for each k with t0 + k * test + train + test <= the last time.
            let span = times[times.len() - 1] - times[0];
            let (tr, te) = (spec.train_secs, spec.test_secs);
            let expected = if span >= tr + te { (span - tr - te) / te + 1 } else { 0 };
            prop_assert_eq!(ws.len() as i64, expected);
        }
    }
}

fn scenario(seed: u64, bars: usize) -> Scenario {
    let g = Generator::calibrated(&["BTC", "ETH", "SOL"], seed).unwrap();
    Scenario::new(g.market(bars).unwrap(), vec![4_000, 3_000, 3_000]).unwrap()
}

fn grid(costs: Costs) -> Vec<Config> {
    let spec = GridSpec {
        policies: vec!["calendar".into(), "absolute-band".into(), "vol-band".into()],
        ..GridSpec::default()
    };
    spec.configs()
        .unwrap()
        .into_iter()
        .map(|(policy, mode)| Config {
            policy,
            mode,
            costs,
            vol_prior: 0.0,
        })
        .collect()
}

fn rule(r: &[GridResult], b: &[Metrics]) -> Option<usize> {
    recommend(r, 0.02, b)
}

#[test]
fn the_recommendation_depends_only_on_its_training_bars() {
    let costs = Costs {
        fee_bps: 10.0,
        impact_bps: 0.0,
    };
    let sc = scenario(7, 4 * 365 + 1);
    let configs = grid(costs);
    let base = default_baselines(costs, 0.0);
    let sp = spec(365, 90);
    let wf = walk_forward(&sc, &sp, &configs, &rule, &base).unwrap();
    assert!(wf.windows.len() >= 10);
    // Perturb every bar after window k's last training bar (scale each later close by its
    // own factor, so the returns from that bar on change).
    let k = 5;
    let cut = wf.windows[k].window.train.1;
    let m = &sc.market;
    let n = m.assets();
    let prices: Vec<f64> = (0..m.bars() * n)
        .map(|j| {
            let (t, i) = (j / n, j % n);
            let factor = if t > cut {
                1.0 + 0.2 * (((t * 7 + i * 13) % 11) as f64 / 10.0 - 0.5)
            } else {
                1.0
            };
            m.prices[j] * factor
        })
        .collect();
    let future = Market::new(m.names.clone(), m.times.clone(), prices).unwrap();
    let sc2 = Scenario::new(future, sc.targets.clone()).unwrap();
    let wf2 = walk_forward(&sc2, &sp, &configs, &rule, &base).unwrap();
    assert_eq!(wf.windows.len(), wf2.windows.len());
    for j in 0..=k {
        // Trained on unchanged bars: the same choice, the same in-sample metrics.
        assert_eq!(wf.windows[j].config, wf2.windows[j].config, "window {j}");
        assert_eq!(
            wf.windows[j].in_sample, wf2.windows[j].in_sample,
            "window {j}"
        );
    }
    for j in 0..k {
        // Tested on unchanged bars (they end at or before the cut): the same results.
        assert!(wf.windows[j].window.test.1 <= cut);
        assert_eq!(
            wf.windows[j].out_of_sample, wf2.windows[j].out_of_sample,
            "window {j}"
        );
        assert_eq!(
            wf.windows[j].baselines, wf2.windows[j].baselines,
            "window {j}"
        );
    }
    // The perturbation did reach window k's test bars and the later trainings.
    assert_ne!(wf.windows[k].out_of_sample, wf2.windows[k].out_of_sample);
    assert!((k + 1..wf.windows.len()).any(|j| wf.windows[j].in_sample != wf2.windows[j].in_sample));
    // The chart shows the recommendation, every baseline, and one point per window each.
    let svg = ballast_backtest::svg::walk_forward_chart("t", &sc.market.times, &wf);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
    assert!(svg.contains("recommended (walk-forward)"));
    assert!(base.iter().all(|b| svg.contains(b.name)));
    assert_eq!(svg.matches(r#"r="2.5""#).count(), 4 * wf.windows.len());
    // Each window's choice is the rule on a grid over its training bars alone.
    for w in &wf.windows[..3] {
        let train = sc.slice_bars(w.window.train.0, w.window.train.1).unwrap();
        let results = run_grid(&train, &configs, None).unwrap();
        let b: Vec<Config> = base.iter().map(|b| b.config).collect();
        let bm: Vec<Metrics> = run_grid(&train, &b, None)
            .unwrap()
            .iter()
            .map(|r| r.metrics)
            .collect();
        let pick = rule(&results, &bm).unwrap();
        assert_eq!(results[pick].config, w.config);
    }
}

#[test]
fn a_fixed_configuration_chained_over_windows_is_one_run() {
    let costs = Costs {
        fee_bps: 10.0,
        impact_bps: 5.0,
    };
    let sc = scenario(3, 3 * 365 + 1);
    let ws = windows(&sc.market.times, &spec(200, 60));
    assert!(ws.len() > 5);
    for b in default_baselines(costs, 0.0) {
        let mut parts = Vec::new();
        for w in &ws {
            let opts = SimOptions {
                range: Some(w.test),
                start: parts.last().map(|o: &ballast_backtest::Outcome| &o.end),
                ..SimOptions::default()
            };
            parts.push(simulate(&sc, &b.config, None, &opts).unwrap());
        }
        let chained = chain(&sc, &parts).unwrap();
        let whole = simulate(
            &sc,
            &b.config,
            None,
            &SimOptions {
                range: Some((ws[0].test.0, ws[ws.len() - 1].test.1)),
                ..SimOptions::default()
            },
        )
        .unwrap();
        let m = whole.metrics;
        let bars: Vec<usize> = parts
            .iter()
            .flat_map(|p| p.rebalance_bars.clone())
            .collect();
        assert_eq!(bars, whole.rebalance_bars, "{}", b.name);
        assert_eq!(chained.rebalances, m.rebalances);
        assert_eq!(chained.bars, m.bars);
        for (x, y) in [
            (chained.final_value, m.final_value),
            (chained.annual_cost_bps, m.annual_cost_bps),
            (chained.tracking_error, m.tracking_error),
            (chained.annual_volatility, m.annual_volatility),
            (chained.max_drawdown, m.max_drawdown),
            (chained.turnover, m.turnover),
            (chained.buy_hold_final, m.buy_hold_final),
            (chained.mix_final, m.mix_final),
        ] {
            assert!(
                (x - y).abs() <= 1e-12 * y.abs().max(1e-3),
                "{}: {x} vs {y}",
                b.name
            );
        }
    }
    // Runs that do not continue one another are refused.
    let a = simulate(
        &sc,
        &default_baselines(costs, 0.0)[0].config,
        None,
        &SimOptions {
            range: Some(ws[0].test),
            ..SimOptions::default()
        },
    )
    .unwrap();
    let c = simulate(
        &sc,
        &default_baselines(costs, 0.0)[0].config,
        None,
        &SimOptions {
            range: Some(ws[2].test),
            ..SimOptions::default()
        },
    )
    .unwrap();
    assert!(chain(&sc, &[a, c])
        .unwrap_err()
        .to_string()
        .starts_with("chain: a run starts at bar"));
}

#[test]
fn walk_forward_reports_and_refuses_too_little_data() {
    let costs = Costs::default();
    let sc = scenario(1, 200);
    let e = walk_forward(
        &sc,
        &spec(365, 90),
        &grid(costs),
        &rule,
        &default_baselines(costs, 0.0),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "--walk-forward: 365d:90d needs at least 455d of data, the market spans 199d"
    );
    assert_eq!(WalkSpec::parse("365d:90d").unwrap(), spec(365, 90));
    assert_eq!(
        WalkSpec::parse("2000h:500h").unwrap().to_string(),
        "2000h:500h"
    );
    for bad in ["365d", "365d:", ":90d", "1y:1m", "0d:5d"] {
        assert!(
            WalkSpec::parse(bad)
                .unwrap_err()
                .to_string()
                .starts_with("--walk-forward: expected TRAIN:TEST"),
            "{bad}"
        );
    }
}
