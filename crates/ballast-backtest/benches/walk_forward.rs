//! Walk-forward study: how often the recommendation beats each fixed baseline on both cost
//! and tracking error out of sample, on real daily data and on synthetic markets, and how
//! long a walk-forward takes.
//!
//! `cargo bench -p ballast-backtest --bench walk_forward` (a plain binary that prints its
//! figures). Real data is read from `BALLAST_DAILY_DATA` (default `../shared/data/daily` next
//! to the workspace: `Date,Close,...` files named `BTC-USD_1d.csv` and so on); datasets whose
//! files are missing are skipped.

use std::time::Instant;

use ballast_backtest::generator::Generator;
use ballast_backtest::tune::{cheapest_within, recommend, GridResult, GridSpec};
use ballast_backtest::walk_forward::{
    beats_on_both, default_baselines, walk_forward, Rule, WalkForward, WalkSpec,
};
use ballast_backtest::{read_prices, Config, Costs, Market, Metrics, Scenario};

fn data_dir() -> String {
    std::env::var("BALLAST_DAILY_DATA").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/daily").into()
    })
}

fn real(assets: &[(&str, u16)]) -> Option<Scenario> {
    let files: Option<Vec<_>> = assets
        .iter()
        .map(|(a, _)| read_prices(&format!("{}/{a}-USD_1d.csv", data_dir())).ok())
        .collect();
    let market = Market::align(&files?).ok()?;
    Scenario::new(market, assets.iter().map(|a| a.1).collect()).ok()
}

fn synthetic(assets: &[(&str, u16)], seed: u64, years: f64) -> Scenario {
    let names: Vec<&str> = assets.iter().map(|a| a.0).collect();
    let g = Generator::calibrated(&names, seed).expect("calibrated names");
    let bars = (years * 365.0) as usize + 1;
    Scenario::new(
        g.market(bars).expect("market"),
        assets.iter().map(|a| a.1).collect(),
    )
    .expect("scenario")
}

fn grid(costs: Costs) -> Vec<Config> {
    GridSpec::default()
        .configs()
        .expect("default grid")
        .into_iter()
        .map(|(policy, mode)| Config {
            policy,
            mode,
            costs,
            vol_prior: 0.0,
        })
        .collect()
}

struct Tally {
    datasets: usize,
    both: Vec<usize>,
    beaten: Vec<usize>,
    windows: usize,
    window_wins: Vec<usize>,
    within_tolerance: usize,
}

impl Tally {
    fn new(k: usize) -> Tally {
        Tally {
            datasets: 0,
            both: vec![0; k],
            beaten: vec![0; k],
            windows: 0,
            window_wins: vec![0; k],
            within_tolerance: 0,
        }
    }
    fn add(&mut self, wf: &WalkForward, max_te: f64) {
        self.datasets += 1;
        self.windows += wf.windows.len();
        self.within_tolerance += usize::from(wf.recommended.tracking_error <= max_te);
        for (k, (_, m)) in wf.baselines.iter().enumerate() {
            self.both[k] += usize::from(beats_on_both(&wf.recommended, m));
            self.beaten[k] += usize::from(beats_on_both(m, &wf.recommended));
            self.window_wins[k] += wf.window_wins(k);
        }
    }
}

fn row(label: &str, wf: &WalkForward) {
    let r = &wf.recommended;
    let mut line = format!(
        "  {label:<34} {:>3} win  rec {:>6.1} bps {:>5.2}%",
        wf.windows.len(),
        r.annual_cost_bps,
        r.tracking_error * 100.0
    );
    for (_, m) in &wf.baselines {
        line.push_str(&format!(
            " | {:>6.1} {:>5.2}%{}",
            m.annual_cost_bps,
            m.tracking_error * 100.0,
            if beats_on_both(r, m) { " *" } else { "  " }
        ));
    }
    println!("{line}");
}

fn main() {
    let costs = Costs {
        fee_bps: 10.0,
        impact_bps: 0.0,
    };
    let spec = WalkSpec::parse("365d:90d").expect("spec");
    let configs = grid(costs);
    let baselines = default_baselines(costs, 0.0);
    let max_te: f64 = std::env::var("BALLAST_MAX_TE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.02);
    let rules: Vec<(&str, Box<Rule>)> = vec![
        (
            "recommend: most baselines beaten in-sample by the widest margin, within the TE tolerance",
            Box::new(move |r: &[GridResult], b: &[Metrics]| recommend(r, max_te, b)),
        ),
        (
            "previous rule: cheapest efficient within the TE tolerance",
            Box::new(move |r: &[GridResult], _: &[Metrics]| cheapest_within(r, max_te)),
        ),
    ];
    let real_sets: Vec<(&str, Vec<(&str, u16)>)> = vec![
        (
            "BTC ETH SOL 40/30/30",
            vec![("BTC", 4_000), ("ETH", 3_000), ("SOL", 3_000)],
        ),
        ("BTC ETH 50/50", vec![("BTC", 5_000), ("ETH", 5_000)]),
        ("BTC LTC 50/50", vec![("BTC", 5_000), ("LTC", 5_000)]),
        (
            "BTC ETH USDC 40/20/40",
            vec![("BTC", 4_000), ("ETH", 2_000), ("USDC", 4_000)],
        ),
        (
            "BTC ETH SOL USDC 30/20/10/40",
            vec![
                ("BTC", 3_000),
                ("ETH", 2_000),
                ("SOL", 1_000),
                ("USDC", 4_000),
            ],
        ),
        (
            "BTC ETH BNB XRP ADA 20 each",
            vec![
                ("BTC", 2_000),
                ("ETH", 2_000),
                ("BNB", 2_000),
                ("XRP", 2_000),
                ("ADA", 2_000),
            ],
        ),
        (
            "BTC ETH LINK DOGE 25 each",
            vec![
                ("BTC", 2_500),
                ("ETH", 2_500),
                ("LINK", 2_500),
                ("DOGE", 2_500),
            ],
        ),
        ("BTC USDT 60/40", vec![("BTC", 6_000), ("USDT", 4_000)]),
        (
            "8 assets 12.5 each",
            vec![
                ("BTC", 1_250),
                ("ETH", 1_250),
                ("BNB", 1_250),
                ("XRP", 1_250),
                ("ADA", 1_250),
                ("DOGE", 1_250),
                ("LINK", 1_250),
                ("LTC", 1_250),
            ],
        ),
    ];
    let synth_sets: Vec<(&str, Vec<(&str, u16)>)> = vec![
        (
            "BTC ETH SOL 40/30/30",
            vec![("BTC", 4_000), ("ETH", 3_000), ("SOL", 3_000)],
        ),
        (
            "BTC ETH SOL USDC 30/20/10/40",
            vec![
                ("BTC", 3_000),
                ("ETH", 2_000),
                ("SOL", 1_000),
                ("USDC", 4_000),
            ],
        ),
    ];
    let seeds = 1..=10u64;

    // Timing: the default grid on BTC, ETH, SOL.
    if let Some(sc) = real(&real_sets[0].1) {
        let mut best = f64::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let wf = walk_forward(&sc, &spec, &configs, &*rules[0].1, &baselines).expect("walk");
            best = best.min(start.elapsed().as_secs_f64());
            std::hint::black_box(wf);
        }
        println!(
            "timing: walk-forward {spec}, {} configurations a window, {} daily bars of BTC ETH SOL: best of 3 {best:.3} s ({} threads)",
            configs.len(),
            sc.market.bars(),
            rayon::current_num_threads()
        );
    } else {
        println!("timing: no data in {} (set BALLAST_DAILY_DATA)", data_dir());
    }

    let names: Vec<&str> = baselines.iter().map(|b| b.name).collect();
    for (rule_name, rule) in &rules {
        println!();
        println!(
            "rule: {rule_name} ({:.1}%); fee {} bps; baselines: {}",
            max_te * 100.0,
            costs.fee_bps,
            names.join(" | ")
        );
        println!("  (cost bps/yr, tracking error; * = the recommendation beats it on both)");
        let mut real_tally = Tally::new(baselines.len());
        for (label, assets) in &real_sets {
            let Some(sc) = real(assets) else { continue };
            let wf = walk_forward(&sc, &spec, &configs, &**rule, &baselines).expect("walk");
            row(&format!("real {label}"), &wf);
            real_tally.add(&wf, max_te);
        }
        let mut synth_tally = Tally::new(baselines.len());
        for (label, assets) in &synth_sets {
            for seed in seeds.clone() {
                let sc = synthetic(assets, seed, 8.0);
                let wf = walk_forward(&sc, &spec, &configs, &**rule, &baselines).expect("walk");
                row(&format!("synthetic {label} #{seed}"), &wf);
                synth_tally.add(&wf, max_te);
            }
        }
        for (what, t) in [("real", &real_tally), ("synthetic", &synth_tally)] {
            let cells: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(k, n)| {
                    format!(
                        "{n}: {}/{} datasets, {}/{} windows",
                        t.both[k], t.datasets, t.window_wins[k], t.windows
                    )
                })
                .collect();
            println!("  beats on both, {what}: {}", cells.join("; "));
            let beaten: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(k, n)| format!("{n}: {}/{}", t.beaten[k], t.datasets))
                .collect();
            println!(
                "  beaten on both by, {what}: {}; out-of-sample TE within the tolerance: {}/{}",
                beaten.join("; "),
                t.within_tolerance,
                t.datasets
            );
        }
    }
}
