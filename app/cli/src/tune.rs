//! `ballast tune`: a grid of configurations, its frontier, a recommendation and the two
//! checks against the literature; or, with `--walk-forward`, the recommendation tested out of
//! sample (`crate::walk_forward`).

use std::time::Instant;

use ballast_backtest::svg::frontier_chart;
use ballast_backtest::time::format_time;
use ballast_backtest::tune::{
    cost_te, cube_root, efficient, geometric_bands, leland, recommend, run_grid, score_against,
    CubeRootReport, GridResult, GridSpec, LelandRow,
};
use ballast_backtest::walk_forward::default_baselines;
use ballast_backtest::{Config, Costs, Metrics};
use ballast_math::TradeTarget;
use indicatif::{ProgressBar, ProgressStyle};

use crate::data::{duration_list, number_list, DataArgs, TRACKING_ERROR_HELP};
use crate::{json, write_file, CliError};

/// Arguments of `ballast tune`.
#[derive(clap::Args, Debug)]
#[command(after_help = TRACKING_ERROR_HELP)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,

    /// Proportional fee on each swap's input notional, bps.
    #[arg(long, default_value_t = 10.0)]
    pub fee_bps: f64,

    /// Linear price impact, bps per 100 % of NAV traded by one asset (0 = none).
    #[arg(long, default_value_t = 0.0)]
    pub impact_bps: f64,

    /// vol-band: prior annualised volatility at the first bar (0 = a fresh vault).
    #[arg(long, default_value_t = 0.0)]
    pub vol_prior: f64,

    /// Tracking-error tolerance (annualised, 0.02 = 2 %) for the recommendation: among the
    /// configurations within it, the one that beats the most baselines (monthly calendar,
    /// 5 % band full, 5 % band to its edge) on both cost and tracking error, by the widest
    /// margin; if none beats any, the cheapest efficient one.
    #[arg(long, default_value_t = 0.02)]
    pub max_tracking_error: f64,

    /// Policies in the grid.
    #[arg(
        long,
        default_value = "calendar,absolute-band,relative-band,five-twenty-five,hybrid,vol-band"
    )]
    pub policies: String,

    /// Calendar intervals.
    #[arg(long, default_value = "1d,3d,7d,14d,30d,60d,91d,182d,365d")]
    pub intervals: String,

    /// Absolute band half-widths (absolute-band and hybrid), bps of NAV.
    #[arg(
        long,
        default_value = "25,50,75,100,150,200,300,400,500,750,1000,1500,2000"
    )]
    pub bands: String,

    /// Relative band half-widths (relative-band), bps of the target weight.
    #[arg(long, default_value = "250,500,1000,1500,2000,2500,3500,5000")]
    pub relative_bands: String,

    /// Hybrid look intervals.
    #[arg(long, default_value = "7d,30d")]
    pub hybrid_intervals: String,

    /// vol-band multipliers k, bps (floor 50 bps, cap 3000 bps, half-life 30 days).
    #[arg(long, default_value = "250,500,1000,2000")]
    pub vol_k: String,

    /// Trade-target modes (calendars always trade `full`).
    #[arg(
        long,
        default_value = "out-of-band-to-target,to-band-edge,halfway,full"
    )]
    pub modes: String,

    /// Fees (bps) of the cube-root study.
    #[arg(long, default_value = "2.5,5,10,20,40,80,160")]
    pub fees: String,

    /// Risk aversion gamma of the cube-root study's objective `cost + gamma/2 * TE^2`.
    #[arg(long, default_value_t = 2.0)]
    pub gamma: f64,

    /// Skip the Leland and cube-root studies.
    #[arg(long)]
    pub no_literature: bool,

    /// Print every configuration, not only the efficient ones.
    #[arg(long)]
    pub all: bool,

    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,

    /// Write an SVG chart of the frontier (with `--walk-forward`: out-of-sample cost and
    /// tracking error of the recommendation and the baselines).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<String>,

    /// Walk-forward test `TRAIN:TEST` (e.g. `365d:90d`): tune on each training window, run the
    /// recommendation on the test window that follows, roll forward by TEST, and compare it
    /// out of sample with the baselines over the same test windows.
    #[arg(long, value_name = "TRAIN:TEST")]
    pub walk_forward: Option<String>,
}

fn family(r: &GridResult) -> String {
    r.config.policy.name().to_string()
}

fn result_json(r: &GridResult, efficient: bool) -> String {
    json::object(&[
        ("policy", json::string(&r.config.policy.to_string())),
        ("mode", json::string(r.config.mode.name())),
        ("efficient", efficient.to_string()),
        ("metrics", json::metrics(&r.metrics)),
    ])
}

/// The grid of configurations the arguments describe, and its costs.
pub fn grid(args: &Args) -> Result<(Vec<Config>, Costs), CliError> {
    let modes: Vec<TradeTarget> = args
        .modes
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|e| CliError::arg("--modes", e)))
        .collect::<Result<_, _>>()?;
    let spec = GridSpec {
        policies: args
            .policies
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        calendar_intervals: duration_list("--intervals", &args.intervals)?,
        bands_bps: number_list("--bands", &args.bands)?,
        relative_bps: number_list("--relative-bands", &args.relative_bands)?,
        hybrid_intervals: duration_list("--hybrid-intervals", &args.hybrid_intervals)?,
        vol_k_bps: number_list("--vol-k", &args.vol_k)?,
        modes,
        ..GridSpec::default()
    };
    let costs = Costs {
        fee_bps: args.fee_bps,
        impact_bps: args.impact_bps,
    };
    costs.validate()?;
    if args.max_tracking_error.is_nan() || args.max_tracking_error < 0.0 {
        return Err(CliError::arg(
            "--max-tracking-error",
            "must be a number >= 0",
        ));
    }
    let configs = spec
        .configs()?
        .into_iter()
        .map(|(policy, mode)| Config {
            policy,
            mode,
            costs,
            vol_prior: args.vol_prior,
        })
        .collect();
    Ok((configs, costs))
}

fn leland_json(rows: &[LelandRow]) -> String {
    json::array(
        &rows
            .iter()
            .map(|r| {
                json::object(&[
                    ("interval_secs", r.interval_secs.to_string()),
                    ("tracking_error", json::number(r.tracking_error)),
                    (
                        "calendar_annual_turnover",
                        json::number(r.calendar_turnover),
                    ),
                    ("band_edge_annual_turnover", json::opt(r.band_edge_turnover)),
                    ("band_full_annual_turnover", json::opt(r.full_turnover)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

fn cube_json(c: &CubeRootReport) -> String {
    let rows: Vec<String> = c
        .rows
        .iter()
        .map(|r| {
            json::object(&[
                ("fee_bps", json::number(r.fee_bps)),
                ("grid_band_bps", r.grid_band_bps.to_string()),
                ("best_band_bps", json::number(r.best_band_bps)),
                ("annual_cost_bps", json::number(r.annual_cost_bps)),
                ("tracking_error", json::number(r.tracking_error)),
            ])
        })
        .collect();
    json::object(&[
        ("mode", json::string(c.mode.name())),
        ("gamma", json::number(c.gamma)),
        ("slope", json::opt(c.slope)),
        ("rows_at_grid_edge", c.at_grid_edge.to_string()),
        ("rows", json::array(&rows)),
    ])
}

fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.retain(|x| x.is_finite());
    xs.sort_by(f64::total_cmp);
    (!xs.is_empty()).then(|| {
        let k = xs.len() / 2;
        if xs.len() % 2 == 1 {
            xs[k]
        } else {
            0.5 * (xs[k - 1] + xs[k])
        }
    })
}

/// Runs `ballast tune`.
pub fn run(args: Args) -> Result<(), CliError> {
    if args.walk_forward.is_some() {
        return crate::walk_forward::run(&args);
    }
    let (configs, costs) = grid(&args)?;
    let fees: Vec<f64> = number_list("--fees", &args.fees)?;
    let loaded = args.data.load()?;
    if !args.json {
        loaded.report_overlap();
    }
    let sc = &loaded.scenario;
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::new(configs.len() as u64);
        pb.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} configurations {elapsed_precise}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    };
    let started = Instant::now();
    let tick = || bar.inc(1);
    let results = run_grid(sc, &configs, Some(&tick))?;
    bar.finish_and_clear();
    let grid_secs = started.elapsed().as_secs_f64();
    let baselines = default_baselines(costs, args.vol_prior);
    let base_configs: Vec<Config> = baselines.iter().map(|b| b.config).collect();
    let base_metrics: Vec<Metrics> = run_grid(sc, &base_configs, None)?
        .iter()
        .map(|r| r.metrics)
        .collect();
    let points = cost_te(&results);
    let eff = efficient(&points);
    let rec = recommend(&results, args.max_tracking_error, &base_metrics);
    let (lel, cube) = if args.no_literature {
        (Vec::new(), None)
    } else {
        let bands = geometric_bands(10, 5_000, 36);
        (
            leland(&results),
            Some(cube_root(
                sc,
                &fees,
                &bands,
                TradeTarget::ToBandEdge,
                args.gamma,
                args.impact_bps,
            )?),
        )
    };
    let m = &sc.market;
    let (first, last) = (m.times[0], m.times[m.bars() - 1]);

    if args.json {
        let all: Vec<String> = results
            .iter()
            .zip(&eff)
            .map(|(r, &e)| result_json(r, e))
            .collect();
        println!(
            "{}",
            json::object(&[
                ("first_bar", json::string(&format_time(first))),
                ("last_bar", json::string(&format_time(last))),
                ("bars", m.bars().to_string()),
                (
                    "assets",
                    json::array(&m.names.iter().map(|n| json::string(n)).collect::<Vec<_>>())
                ),
                ("fee_bps", json::number(args.fee_bps)),
                ("impact_bps", json::number(args.impact_bps)),
                ("max_tracking_error", json::number(args.max_tracking_error)),
                ("overlap", loaded.overlap_json()),
                ("configurations", json::array(&all)),
                (
                    "baselines",
                    json::array(
                        &baselines
                            .iter()
                            .zip(&base_metrics)
                            .map(|(b, m)| {
                                json::object(&[
                                    ("name", json::string(b.name)),
                                    ("policy", json::string(&b.config.policy.to_string())),
                                    ("mode", json::string(b.config.mode.name())),
                                    ("metrics", json::metrics(m)),
                                ])
                            })
                            .collect::<Vec<_>>()
                    )
                ),
                (
                    "recommended",
                    rec.map_or_else(|| "null".into(), |k| result_json(&results[k], true))
                ),
                ("leland", leland_json(&lel)),
                (
                    "cube_root",
                    cube.as_ref().map_or_else(|| "null".into(), cube_json)
                ),
                ("grid_seconds", json::number(grid_secs)),
            ])
        );
    } else {
        println!(
            "data     {} bars of {}, {} .. {}; fee {} bps, impact {} bps",
            m.bars(),
            m.names.join(", "),
            format_time(first),
            format_time(last),
            args.fee_bps,
            args.impact_bps
        );
        println!(
            "grid     {} configurations in {:.2} s ({} threads)",
            results.len(),
            grid_secs,
            rayon::current_num_threads()
        );
        println!();
        println!(
            "  {:<58} {:>12} {:>9} {:>10} {:>6} {:>9} {:>8}",
            "configuration (* = efficient: nothing beats it on both)",
            "cost bps/yr",
            "TE",
            "turn/yr",
            "rebal",
            "return",
            "bonus"
        );
        let mut order: Vec<usize> = (0..results.len()).filter(|&k| args.all || eff[k]).collect();
        order.sort_by(|&a, &b| {
            points[a]
                .0
                .total_cmp(&points[b].0)
                .then(points[a].1.total_cmp(&points[b].1))
        });
        for k in order {
            let r = &results[k];
            let mm = &r.metrics;
            println!(
                "{} {:<58} {:>12.1} {:>8.2}% {:>10.2} {:>6} {:>8.2}% {:>7.2}%",
                if eff[k] { '*' } else { ' ' },
                r.config.label(),
                mm.annual_cost_bps,
                mm.tracking_error * 100.0,
                mm.annual_turnover,
                mm.rebalances,
                mm.annual_return * 100.0,
                mm.rebalancing_bonus * 100.0
            );
        }
        println!();
        match rec {
            Some(k) => {
                let r = &results[k];
                println!(
                    "recommended for tracking error <= {:.2}%: {}  (cost {:.1} bps/yr, TE {:.2}%, {} rebalances, turnover {:.2}/yr)",
                    args.max_tracking_error * 100.0,
                    r.config.label(),
                    r.metrics.annual_cost_bps,
                    r.metrics.tracking_error * 100.0,
                    r.metrics.rebalances,
                    r.metrics.annual_turnover
                );
                let (beaten, _) = score_against(&r.metrics, &base_metrics);
                let names: Vec<String> = baselines
                    .iter()
                    .zip(&base_metrics)
                    .map(|(b, m)| {
                        format!(
                            "{} {:.1} bps/yr, TE {:.2}%",
                            b.name,
                            m.annual_cost_bps,
                            m.tracking_error * 100.0
                        )
                    })
                    .collect();
                println!(
                    "  beats {beaten} of the {} baselines on both cost and tracking error here (in sample): {}",
                    baselines.len(),
                    names.join("; ")
                );
                println!("  (in-sample figures; --walk-forward 365d:90d tests the rule out of sample)");
            }
            None => println!(
                "no configuration keeps the tracking error under {:.2}%; widen the tolerance or add narrower bands",
                args.max_tracking_error * 100.0
            ),
        }
        if !lel.is_empty() {
            println!();
            println!(
                "Leland: calendar vs absolute-band at the same tracking error (annual turnover)"
            );
            println!(
                "  {:>9} {:>8} {:>10} {:>14} {:>7} {:>14} {:>7}",
                "interval", "TE", "calendar", "band-edge", "ratio", "band-full", "ratio"
            );
            let fmt = |x: Option<f64>, base: f64| match x {
                Some(v) => (format!("{v:.3}"), format!("{:.2}", v / base)),
                None => ("-".into(), "-".into()),
            };
            for r in &lel {
                let (e, er) = fmt(r.band_edge_turnover, r.calendar_turnover);
                let (t, tr) = fmt(r.full_turnover, r.calendar_turnover);
                println!(
                    "  {:>8}d {:>7.2}% {:>10.3} {:>14} {:>7} {:>14} {:>7}",
                    r.interval_secs / 86_400,
                    r.tracking_error * 100.0,
                    r.calendar_turnover,
                    e,
                    er,
                    t,
                    tr
                );
            }
            let ratios = |f: fn(&LelandRow) -> Option<f64>| {
                median(
                    lel.iter()
                        .filter_map(|r| f(r).map(|v| v / r.calendar_turnover))
                        .collect(),
                )
            };
            if let Some(med) = ratios(|r| r.band_edge_turnover) {
                println!("  median turnover ratio, band-edge / calendar: {med:.2} (Leland 2000: about 0.5)");
            }
            if let Some(med) = ratios(|r| r.full_turnover) {
                println!("  median turnover ratio, band full / calendar: {med:.2}");
            }
        }
        if let Some(c) = &cube {
            println!();
            println!(
                "Janecek-Shreve: best absolute band ({}) minimising cost + {}/2 * TE^2, per fee",
                c.mode, c.gamma
            );
            println!(
                "  {:>8} {:>10} {:>12} {:>12} {:>8}",
                "fee bps", "grid band", "refined band", "cost bps/yr", "TE"
            );
            for r in &c.rows {
                println!(
                    "  {:>8} {:>10} {:>12.0} {:>12.1} {:>7.2}%",
                    r.fee_bps,
                    r.grid_band_bps,
                    r.best_band_bps,
                    r.annual_cost_bps,
                    r.tracking_error * 100.0
                );
            }
            match c.slope {
                Some(s) => println!(
                    "  slope of ln(band) on ln(fee): {s:.3} (theory 1/3 = 0.333){}",
                    if c.at_grid_edge > 0 {
                        format!("; {} fee(s) at the grid's edge left out", c.at_grid_edge)
                    } else {
                        String::new()
                    }
                ),
                None => println!("  too few interior optima to fit a slope (change --gamma)"),
            }
        }
    }
    if let Some(path) = &args.chart {
        let fams: Vec<String> = results.iter().map(family).collect();
        let title = format!(
            "cost vs tracking error, {} .. {}, fee {} bps",
            format_time(first),
            format_time(last),
            args.fee_bps
        );
        write_file(path, &frontier_chart(&title, &points, &eff, &fams, rec))?;
        if !args.json {
            println!("chart    {path}");
        }
    }
    Ok(())
}
