//! The speed goal: 1,000 configurations x 10 years of daily bars x 10 assets in under 2 s
//! (on 2 cores), and one configuration over 5 years of hourly bars.
//!
//! `cargo bench -p ballast-backtest --bench grid` (a plain timing binary: criterion's
//! sampling would repeat a multi-second grid dozens of times).

use std::time::{Duration, Instant};

use ballast_backtest::generator::Generator;
use ballast_backtest::tune::run_grid;
use ballast_backtest::{simulate, Config, Costs, Scenario, SimOptions};
use ballast_math::{Policy, TradeTarget};

const DAY: u64 = 86_400;
const NAMES: [&str; 10] = [
    "BTC", "ETH", "SOL", "USDC", "BNB", "XRP", "ADA", "AVAX", "DOGE", "LINK",
];
const TARGETS: [u16; 10] = [2_000, 1_500, 1_500, 1_000, 800, 800, 600, 600, 600, 600];

/// 1,000 configurations across every policy family and mode.
fn configs() -> Vec<Config> {
    let mut out = Vec::new();
    let costs = Costs {
        fee_bps: 10.0,
        impact_bps: 5.0,
    };
    let mut push = |policy: Policy, mode: TradeTarget| {
        out.push(Config {
            policy,
            mode,
            costs,
            vol_prior: 0.6,
        })
    };
    for d in 1..=100 {
        push(
            Policy::Calendar {
                interval_secs: d * DAY,
            },
            TradeTarget::Full,
        );
    }
    for mode in TradeTarget::ALL {
        for b in 1..=150 {
            push(Policy::AbsoluteBand { band_bps: 10 * b }, mode);
        }
        for r in 0..36 {
            push(
                Policy::RelativeBand {
                    band_bps: 100 + 200 * r,
                },
                mode,
            );
        }
        for interval in [7 * DAY, 30 * DAY] {
            for b in 0..13 {
                push(
                    Policy::Hybrid {
                        interval_secs: interval,
                        band_bps: 50 + 100 * b,
                        rel_bps: 0,
                    },
                    mode,
                );
            }
        }
        for k in 1..=13 {
            push(
                Policy::VolBand {
                    k_bps: 150 * k,
                    floor_bps: 50,
                    cap_bps: 3_000,
                    half_life_secs: 30 * DAY as u32,
                },
                mode,
            );
        }
    }
    out
}

fn scenario(bar_secs: i64, years: f64, seed: u64) -> Scenario {
    let mut g = Generator::calibrated(&NAMES, seed).expect("calibrated names");
    g.bar_secs = bar_secs;
    let bars = (years * 365.0 * 86_400.0 / bar_secs as f64) as usize + 1;
    Scenario::new(g.market(bars).expect("market"), TARGETS.to_vec()).expect("scenario")
}

fn main() {
    let threads = rayon::current_num_threads();
    let daily = scenario(86_400, 10.0, 1);
    let configs = configs();
    assert_eq!(configs.len(), 1_000);
    let mut times = Vec::new();
    let mut checks = 0;
    let mut rebalances = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let results = run_grid(&daily, &configs, None).expect("grid");
        times.push(start.elapsed());
        checks = results.iter().map(|r| r.metrics.exact_checks).sum::<u64>();
        rebalances = results.iter().map(|r| r.metrics.rebalances).sum::<u64>();
    }
    times.sort();
    let asset_bars = configs.len() * (daily.market.bars() - 1) * daily.market.assets();
    println!(
        "grid: {} configurations x {} daily bars x {} assets on {threads} threads: best {:.3} s, median {:.3} s \
         ({:.0} M asset-bars/s); {rebalances} rebalances, {checks} exact fallbacks",
        configs.len(),
        daily.market.bars(),
        daily.market.assets(),
        times[0].as_secs_f64(),
        times[1].as_secs_f64(),
        asset_bars as f64 / times[0].as_secs_f64() / 1e6,
    );

    // For comparison: ballast-math's is_due on Wad weights at every bar (no f64 pre-check),
    // on every 10th configuration, extrapolated to the grid.
    let sample: Vec<Config> = configs.iter().step_by(10).copied().collect();
    let start = Instant::now();
    {
        use rayon::prelude::*;
        let opts = SimOptions {
            exact: true,
            ..SimOptions::default()
        };
        let n: usize = sample
            .par_iter()
            .map(|c| {
                simulate(&daily, c, None, &opts)
                    .expect("simulate")
                    .rebalance_bars
                    .len()
            })
            .sum();
        std::hint::black_box(n);
    }
    println!(
        "same grid with the Wad evaluation at every bar (no pre-check): about {:.2} s (measured on {} configurations)",
        start.elapsed().as_secs_f64() * configs.len() as f64 / sample.len() as f64,
        sample.len()
    );

    let hourly = scenario(3_600, 5.0, 2);
    for (label, policy, mode) in [
        (
            "absolute-band 500 to-band-edge",
            Policy::AbsoluteBand { band_bps: 500 },
            TradeTarget::ToBandEdge,
        ),
        (
            "calendar 1d",
            Policy::Calendar { interval_secs: DAY },
            TradeTarget::Full,
        ),
        (
            "vol-band k=0.1 (incl. its vol series)",
            Policy::VolBand {
                k_bps: 1_000,
                floor_bps: 50,
                cap_bps: 3_000,
                half_life_secs: 30 * DAY as u32,
            },
            TradeTarget::Full,
        ),
    ] {
        let cfg = Config {
            policy,
            mode,
            costs: Costs {
                fee_bps: 10.0,
                impact_bps: 0.0,
            },
            vol_prior: 0.6,
        };
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            let out = simulate(&hourly, &cfg, None, &SimOptions::default()).expect("simulate");
            best = best.min(start.elapsed());
            std::hint::black_box(out);
        }
        println!(
            "one configuration ({label}), {} hourly bars (5 years) x {} assets: {:.2} ms",
            hourly.market.bars(),
            hourly.market.assets(),
            best.as_secs_f64() * 1e3
        );
    }
}
