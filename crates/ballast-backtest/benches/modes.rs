//! `full` against `out-of-band-to-target` (and the band-edge modes) on four assets: equity-like
//! synthetic markets and real daily crypto closes, at a 5 % band and 10 bps.
//!
//! `cargo bench -p ballast-backtest --bench modes` (a plain binary that prints its figures).
//! Real data is read from `BALLAST_DAILY_DATA` (default `../shared/data/daily` next to the
//! workspace); missing files are skipped.

use ballast_backtest::generator::{AssetModel, Generator};
use ballast_backtest::{read_prices, simulate, Config, Costs, Market, Scenario, SimOptions};
use ballast_math::{Policy, TradeTarget};

fn data_dir() -> String {
    std::env::var("BALLAST_DAILY_DATA").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/daily").into()
    })
}

/// Four equity-like assets: 15 to 30 % volatility, 7 % drift, correlations 0.5, 30 years of
/// 252 trading days.
fn equities(seed: u64) -> Scenario {
    let vols = [0.15, 0.20, 0.25, 0.30];
    let g = Generator {
        assets: vols
            .iter()
            .enumerate()
            .map(|(i, &vol)| AssetModel {
                name: format!("EQ{i}"),
                vol,
                drift: 0.07,
                start_price: 100.0,
            })
            .collect(),
        correlations: (0..16)
            .map(|k| if k / 4 == k % 4 { 1.0 } else { 0.5 })
            .collect(),
        tail_dof: Some(5.0),
        bar_secs: 86_400 * 365 / 252,
        start_time: 0,
        seed,
    };
    Scenario::new(g.market(30 * 252 + 1).expect("market"), vec![2_500; 4]).expect("scenario")
}

fn real(names: &[&str]) -> Option<Scenario> {
    let files: Option<Vec<_>> = names
        .iter()
        .map(|a| read_prices(&format!("{}/{a}-USD_1d.csv", data_dir())).ok())
        .collect();
    let m: Market = Market::align(&files?).ok()?;
    let n = names.len() as u16;
    let mut targets = vec![10_000 / n; names.len()];
    targets[0] += 10_000 - (10_000 / n) * n;
    Scenario::new(m, targets).ok()
}

fn row(label: &str, sc: &Scenario) {
    let mut line = format!("  {label:<38}");
    for mode in TradeTarget::ALL {
        let cfg = Config {
            policy: Policy::AbsoluteBand { band_bps: 500 },
            mode,
            costs: Costs {
                fee_bps: 10.0,
                impact_bps: 0.0,
            },
            vol_prior: 0.0,
        };
        let o = simulate(sc, &cfg, None, &SimOptions::default()).expect("simulate");
        line.push_str(&format!(
            " | {:>4} {:>9.3} {:>5.2}%",
            o.metrics.rebalances,
            o.metrics.final_value,
            o.metrics.tracking_error * 100.0
        ));
    }
    println!("{line}");
}

fn main() {
    let names: Vec<&str> = TradeTarget::ALL.iter().map(|m| m.name()).collect();
    println!("absolute-band 5 %, fee 10 bps; per mode: rebalances, final value, tracking error");
    println!("  {:<38} | {}", "market", names.join(" | "));
    for seed in 1..=5 {
        row(
            &format!("equity-like 4 x 25 %, 30 y, seed {seed}"),
            &equities(seed),
        );
    }
    for set in [
        ["BTC", "ETH", "SOL", "USDC"],
        ["BTC", "ETH", "LINK", "DOGE"],
        ["BTC", "ETH", "BNB", "XRP"],
    ] {
        match real(&set) {
            Some(sc) => row(&format!("real {} (equal)", set.join(" ")), &sc),
            None => println!("  real {}: no data in {}", set.join(" "), data_dir()),
        }
    }
}
