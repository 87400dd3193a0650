//! `ballast tune --walk-forward TRAIN:TEST`: the recommendation rule tested out of sample
//! against fixed baselines over the same test windows.

use std::time::Instant;

use ballast_backtest::svg::walk_forward_chart;
use ballast_backtest::time::format_time;
use ballast_backtest::tune::{recommend, GridResult};
use ballast_backtest::walk_forward::{
    beats_on_both, default_baselines, walk_forward, WalkForward, WalkSpec,
};
use ballast_backtest::{Config, Metrics};

use crate::tune::{grid, Args};
use crate::{json, write_file, CliError};

fn config_json(c: &Config) -> [(&'static str, String); 2] {
    [
        ("policy", json::string(&c.policy.to_string())),
        ("mode", json::string(c.mode.name())),
    ]
}

fn report_json(
    wf: &WalkForward,
    times: &[i64],
    args: &Args,
    overlap: String,
    names: &[String],
    secs: f64,
) -> String {
    let t = |k: usize| json::string(&format_time(times[k]));
    let windows: Vec<String> = wf
        .windows
        .iter()
        .map(|w| {
            let [p, m] = config_json(&w.config);
            let baselines: Vec<String> = wf
                .baselines
                .iter()
                .zip(&w.baselines)
                .map(|((b, _), m)| {
                    json::object(&[
                        ("name", json::string(b.name)),
                        ("metrics", json::metrics(m)),
                        (
                            "beaten_on_both",
                            beats_on_both(&w.out_of_sample, m).to_string(),
                        ),
                    ])
                })
                .collect();
            json::object(&[
                ("train_first_bar", t(w.window.train.0)),
                ("train_last_bar", t(w.window.train.1)),
                ("test_first_bar", t(w.window.test.0)),
                ("test_last_bar", t(w.window.test.1)),
                p,
                m,
                ("fallback", w.fallback.to_string()),
                ("in_sample", json::metrics(&w.in_sample)),
                ("out_of_sample", json::metrics(&w.out_of_sample)),
                ("baselines", json::array(&baselines)),
            ])
        })
        .collect();
    let baselines: Vec<String> = wf
        .baselines
        .iter()
        .enumerate()
        .map(|(k, (b, m))| {
            let [p, md] = config_json(&b.config);
            json::object(&[
                ("name", json::string(b.name)),
                p,
                md,
                ("metrics", json::metrics(m)),
                (
                    "beaten_on_both",
                    beats_on_both(&wf.recommended, m).to_string(),
                ),
                (
                    "beats_recommendation_on_both",
                    beats_on_both(m, &wf.recommended).to_string(),
                ),
                ("windows_beaten_on_both", wf.window_wins(k).to_string()),
            ])
        })
        .collect();
    let (first, last) = (
        wf.windows.first().map_or(0, |w| w.window.test.0),
        wf.windows.last().map_or(0, |w| w.window.test.1),
    );
    json::object(&[
        ("walk_forward", json::string(&wf.spec.to_string())),
        ("train_secs", wf.spec.train_secs.to_string()),
        ("test_secs", wf.spec.test_secs.to_string()),
        (
            "assets",
            json::array(&names.iter().map(|n| json::string(n)).collect::<Vec<_>>()),
        ),
        ("fee_bps", json::number(args.fee_bps)),
        ("impact_bps", json::number(args.impact_bps)),
        ("max_tracking_error", json::number(args.max_tracking_error)),
        ("overlap", overlap),
        ("configurations_per_window", wf.grid_size.to_string()),
        ("out_of_sample_first_bar", t(first)),
        ("out_of_sample_last_bar", t(last)),
        ("recommended", json::metrics(&wf.recommended)),
        ("baselines", json::array(&baselines)),
        ("windows", json::array(&windows)),
        ("seconds", json::number(secs)),
    ])
}

fn short(m: &Metrics) -> String {
    format!(
        "{:>7.1} {:>6.2}%",
        m.annual_cost_bps,
        m.tracking_error * 100.0
    )
}

/// Runs `ballast tune --walk-forward`.
pub fn run(args: &Args) -> Result<(), CliError> {
    let spec = WalkSpec::parse(args.walk_forward.as_deref().unwrap_or(""))?;
    let (configs, costs) = grid(args)?;
    let loaded = args.data.load()?;
    if !args.json {
        loaded.report_overlap();
    }
    let sc = &loaded.scenario;
    let baselines = default_baselines(costs, args.vol_prior);
    let max_te = args.max_tracking_error;
    let rule = |r: &[GridResult], b: &[Metrics]| recommend(r, max_te, b);
    let started = Instant::now();
    let wf = walk_forward(sc, &spec, &configs, &rule, &baselines)?;
    let secs = started.elapsed().as_secs_f64();
    let m = &sc.market;
    if args.json {
        println!(
            "{}",
            report_json(&wf, &m.times, args, loaded.overlap_json(), &m.names, secs)
        );
    } else {
        let (first, last) = (
            wf.windows[0].window.test.0,
            wf.windows[wf.windows.len() - 1].window.test.1,
        );
        println!(
            "data     {} bars of {}, {} .. {}; fee {} bps, impact {} bps",
            m.bars(),
            m.names.join(", "),
            format_time(m.times[0]),
            format_time(m.times[m.bars() - 1]),
            args.fee_bps,
            args.impact_bps
        );
        println!(
            "walk-forward {spec}: {} windows of {} configurations, recommended for tracking error <= {:.2}% on each training window; {:.2} s ({} threads)",
            wf.windows.len(),
            wf.grid_size,
            max_te * 100.0,
            secs,
            rayon::current_num_threads()
        );
        println!();
        let mut head = format!("  {:<24} {:>21}", "test window", "recommended: bps/yr TE");
        for (b, _) in &wf.baselines {
            head.push_str(&format!(" | {:>21}", b.name));
        }
        head.push_str(" | recommended on the training window before it");
        println!("{head}");
        for w in &wf.windows {
            let mut line = format!(
                "  {:<24} {:>21}",
                format!(
                    "{} .. {}",
                    format_time(m.times[w.window.test.0]),
                    format_time(m.times[w.window.test.1])
                ),
                short(&w.out_of_sample)
            );
            for b in &w.baselines {
                line.push_str(&format!(
                    " | {:>20}{}",
                    short(b),
                    if beats_on_both(&w.out_of_sample, b) {
                        "*"
                    } else {
                        " "
                    }
                ));
            }
            line.push_str(&format!(
                " | {}{}",
                w.config.label(),
                if w.fallback {
                    " (lowest TE: none within the tolerance)"
                } else {
                    ""
                }
            ));
            println!("{line}");
        }
        println!("  (* = the recommendation beat this baseline on both cost and tracking error in that window)");
        println!();
        println!(
            "out of sample, {} .. {} ({} bars, {:.2} years), one continuous portfolio:",
            format_time(m.times[first]),
            format_time(m.times[last]),
            last - first + 1,
            wf.recommended.years
        );
        println!(
            "  {:<34} {:>12} {:>8} {:>9} {:>6} {:>9}   recommendation beats it on both",
            "policy", "cost bps/yr", "TE", "turn/yr", "rebal", "return"
        );
        let row = |name: &str, mm: &Metrics, verdict: String| {
            println!(
                "  {:<34} {:>12.1} {:>7.2}% {:>9.2} {:>6} {:>8.2}%   {verdict}",
                name,
                mm.annual_cost_bps,
                mm.tracking_error * 100.0,
                mm.annual_turnover,
                mm.rebalances,
                mm.annual_return * 100.0,
            )
        };
        row("recommended (walk-forward)", &wf.recommended, String::new());
        for (k, (b, mm)) in wf.baselines.iter().enumerate() {
            let verdict = if beats_on_both(&wf.recommended, mm) {
                "yes"
            } else if beats_on_both(mm, &wf.recommended) {
                "no: it beats the recommendation on both"
            } else {
                "no: each is better on one measure"
            };
            row(
                b.name,
                mm,
                format!(
                    "{verdict} ({} of {} windows)",
                    wf.window_wins(k),
                    wf.windows.len()
                ),
            );
        }
    }
    if let Some(path) = &args.chart {
        let title = format!(
            "walk-forward {spec}: out of sample, fee {} bps, TE tolerance {:.2}%",
            args.fee_bps,
            max_te * 100.0
        );
        write_file(path, &walk_forward_chart(&title, &m.times, &wf))?;
        if !args.json {
            println!("chart    {path}");
        }
    }
    Ok(())
}
