//! `--reweight`: target weights that move by a ramp from a date, each bar's targets being
//! `ballast_math::ramp::weights_at` (the vault's own function), checked against an
//! independent computation of the ramp and of the costless target mix that follows it.

use ballast_backtest::scenario::Reweight;
use ballast_backtest::{simulate, Config, Market, Scenario, SimOptions};
use ballast_math::{Policy, TradeTarget};

const DAY: i64 = 86_400;

fn two_assets(days: i64, a: impl Fn(usize) -> f64) -> Market {
    let times: Vec<i64> = (0..days).map(|d| d * DAY).collect();
    let prices = (0..times.len()).flat_map(|t| [a(t), 1.0]).collect();
    Market::new(vec!["A".into(), "B".into()], times, prices).unwrap()
}

/// The documented ramp, computed independently: the linear interpolation of each weight,
/// floored, and the basis points the floors leave one each to the largest remainders (ties
/// to the lowest index).
fn ramp_bps(from: &[u16], to: &[u16], start: i64, end: i64, now: i64) -> Vec<u16> {
    let x = ((now - start) as f64 / (end - start) as f64).clamp(0.0, 1.0);
    let exact: Vec<f64> = from
        .iter()
        .zip(to)
        .map(|(&f, &t)| f64::from(f) + (f64::from(t) - f64::from(f)) * x)
        .collect();
    let mut out: Vec<u16> = exact.iter().map(|e| (e + 1e-9).floor() as u16).collect();
    let mut rems: Vec<(usize, f64)> = exact
        .iter()
        .enumerate()
        .map(|(i, e)| (i, e - f64::from(out[i])))
        .collect();
    rems.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
    let left = 10_000 - out.iter().map(|&w| u32::from(w)).sum::<u32>();
    for &(i, _) in rems.iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

#[test]
fn every_bar_trades_to_the_ramped_targets() {
    // Flat prices, a daily calendar trading everything to target: after each bar the
    // weights are exactly that bar's targets, which ramp from 50/50 to 80/20 from day 3 over
    // 7 days (3000 / 7 bps a day: floors and a leftover basis point on most days).
    let sc = Scenario::new(two_assets(15, |_| 1.0), vec![5_000, 5_000]).unwrap();
    let r = Reweight {
        start: 3 * DAY,
        ramp_secs: 7 * DAY,
        to: vec![8_000, 2_000],
    };
    let sc = sc.with_reweight(r).unwrap();
    let cfg = Config::new(
        Policy::Calendar {
            interval_secs: DAY as u64,
        },
        TradeTarget::Full,
    );
    let o = simulate(
        &sc,
        &cfg,
        None,
        &SimOptions {
            record: true,
            ..SimOptions::default()
        },
    )
    .unwrap();
    let series = o.series.unwrap();
    for t in 0..15usize {
        let expected = ramp_bps(
            &[5_000, 5_000],
            &[8_000, 2_000],
            3 * DAY,
            10 * DAY,
            t as i64 * DAY,
        );
        assert_eq!(sc.targets_at_bar(t), &expected[..], "bar {t}");
        for i in 0..2 {
            let w = series.weights[t * 2 + i];
            assert!(
                (w - f64::from(expected[i]) / 1e4).abs() < 1e-12,
                "bar {t}: {w}"
            );
        }
    }
    // Before the ramp the targets are the old ones, after it the new ones.
    assert_eq!(sc.targets_at_bar(3), &[5_000, 5_000]);
    assert_eq!(sc.targets_at_bar(4), &[5_429, 4_571]);
    assert_eq!(sc.targets_at_bar(10), &[8_000, 2_000]);
    assert_eq!(sc.targets_at_bar(14), &[8_000, 2_000]);
}

#[test]
fn the_target_mix_follows_the_ramp_and_buy_and_hold_does_not() {
    // A grows 1 % a bar, B is flat; the ramp moves 20/80 to 70/30 over days 2..12.
    let growth = |t: usize| 1.01f64.powi(t as i32);
    let base = Scenario::new(two_assets(30, growth), vec![2_000, 8_000]).unwrap();
    let sc = base
        .with_reweight(Reweight {
            start: 2 * DAY,
            ramp_secs: 10 * DAY,
            to: vec![7_000, 3_000],
        })
        .unwrap();
    // Independent: the mix holds over bar t the targets of bar t - 1.
    let mut mix = 1.0;
    for (t, got) in sc.mix.iter().enumerate().skip(1) {
        let held = ramp_bps(
            &[2_000, 8_000],
            &[7_000, 3_000],
            2 * DAY,
            12 * DAY,
            (t as i64 - 1) * DAY,
        );
        mix *= 1.0 + f64::from(held[0]) / 1e4 * 0.01;
        assert!((got - mix).abs() < 1e-12 * mix, "bar {t}");
    }
    assert_eq!(sc.buy_hold, base.buy_hold);
    assert!(sc.mix[29] > base.mix[29], "more of the rising asset");
    let o = simulate(
        &sc,
        &Config::new(Policy::AbsoluteBand { band_bps: 500 }, TradeTarget::Full),
        None,
        &SimOptions::default(),
    )
    .unwrap();
    assert!((o.metrics.mix_final - mix).abs() < 1e-12 * mix);
}

#[test]
fn a_band_policy_trades_when_the_ramp_leaves_its_band() {
    // Flat prices: only the ramp moves the targets, 300 bps a day from day 2 to day 12. A
    // 5-point band fires when the target is more than 500 bps from the last trade: every
    // second day (600 bps), each time back to the target.
    let sc = Scenario::new(two_assets(20, |_| 1.0), vec![5_000, 5_000])
        .unwrap()
        .with_reweight(Reweight {
            start: 2 * DAY,
            ramp_secs: 10 * DAY,
            to: vec![8_000, 2_000],
        })
        .unwrap();
    let cfg = Config::new(
        Policy::AbsoluteBand { band_bps: 500 },
        TradeTarget::OutOfBandToTarget,
    );
    // Independent: the last traded weight against the ramp's target.
    let mut held = 5_000.0;
    let mut expected = Vec::new();
    for t in 1..20usize {
        let target = ramp_bps(
            &[5_000, 5_000],
            &[8_000, 2_000],
            2 * DAY,
            12 * DAY,
            t as i64 * DAY,
        )[0];
        if (f64::from(target) - held).abs() > 500.0 {
            expected.push(t);
            held = f64::from(target);
        }
    }
    assert_eq!(expected, vec![4, 6, 8, 10, 12]);
    for exact in [false, true] {
        let o = simulate(
            &sc,
            &cfg,
            None,
            &SimOptions {
                exact,
                ..SimOptions::default()
            },
        )
        .unwrap();
        assert_eq!(o.rebalance_bars, expected, "exact: {exact}");
    }
    // Without the reweight nothing ever trades.
    let still = Scenario::new(two_assets(20, |_| 1.0), vec![5_000, 5_000]).unwrap();
    assert!(simulate(&still, &cfg, None, &SimOptions::default())
        .unwrap()
        .rebalance_bars
        .is_empty());
}

#[test]
fn a_slice_keeps_the_reweight_and_bad_reweights_are_refused() {
    let sc = Scenario::new(
        two_assets(20, |t| 1.0 + t as f64 / 100.0),
        vec![5_000, 5_000],
    )
    .unwrap()
    .with_reweight(Reweight {
        start: 5 * DAY,
        ramp_secs: 5 * DAY,
        to: vec![0, 10_000],
    })
    .unwrap();
    let slice = sc.slice_bars(6, 15).unwrap();
    for t in 0..10 {
        assert_eq!(slice.targets_at_bar(t), sc.targets_at_bar(t + 6), "bar {t}");
    }
    assert_eq!(sc.targets_at_bar(19), &[0, 10_000], "an asset ramped out");
    let bad = |to: Vec<u16>, ramp_secs: i64| {
        sc.with_reweight(Reweight {
            start: 0,
            ramp_secs,
            to,
        })
        .unwrap_err()
        .to_string()
    };
    assert!(bad(vec![5_000, 4_999], DAY).contains("sum to exactly 1"));
    assert!(bad(vec![10_000], DAY).contains("1 weights for 2 assets"));
    assert!(bad(vec![5_000, 5_000], -1).contains("must end after it starts"));
}
