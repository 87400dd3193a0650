//! `ballast backtest`: one policy over one market.

use std::time::Instant;

use ballast_backtest::svg::backtest_chart;
use ballast_backtest::time::{format_duration, format_time, parse_duration, parse_time};
use ballast_backtest::{
    parse_named_weights, simulate, Config, Costs, Metrics, Reweight, SimOptions,
};
use ballast_math::{Policy, TradeTarget};
use indicatif::{ProgressBar, ProgressStyle};

use crate::data::{DataArgs, TRACKING_ERROR_HELP};
use crate::{json, write_file, CliError};

/// Arguments of `ballast backtest`.
#[derive(clap::Args, Debug)]
#[command(after_help = TRACKING_ERROR_HELP)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,

    /// Trigger policy in ballast-math's text form, e.g. `calendar:interval=7d`,
    /// `absolute-band:band_bps=500`, `relative-band:band_bps=2000`, `five-twenty-five`,
    /// `hybrid:interval=1d,band_bps=300`, `vol-band:k_bps=1000,floor_bps=100,cap_bps=1000,half_life=7d`.
    #[arg(long, short = 'p', default_value = "absolute-band:band_bps=500")]
    pub policy: String,

    /// Trade-target mode when the policy fires: `full` (every asset back to its target),
    /// `out-of-band-to-target` (only the assets outside their bands go to target; the others
    /// absorb the difference, so with 4+ assets an in-band asset may keep its drift),
    /// `to-band-edge` or `halfway`.
    #[arg(long, short = 'm', default_value = "out-of-band-to-target")]
    pub mode: String,

    /// Proportional fee on each swap's input notional, bps.
    #[arg(long, default_value_t = 10.0)]
    pub fee_bps: f64,

    /// Linear price impact, bps per 100 % of NAV traded by one asset (0 = none).
    #[arg(long, default_value_t = 0.0)]
    pub impact_bps: f64,

    /// vol-band: prior annualised volatility at the first bar (0 = a fresh vault).
    #[arg(long, default_value_t = 0.0)]
    pub vol_prior: f64,

    /// Evaluate ballast-math's is_due on Wad weights at every bar (no f64 pre-check).
    #[arg(long)]
    pub exact: bool,

    /// New target weights from a date, reached by a linear ramp, as a vault's governance
    /// changes them: `DATE:NAME=W,...:RAMP` (`2024-03-01:SOL=0.5,BTC=0.3,ETH=0.2:30d`; a
    /// weight may be 0). Each bar's targets are ballast-math's `ramp::weights_at`.
    #[arg(long, value_name = "DATE:WEIGHTS:RAMP")]
    pub reweight: Option<String>,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    /// Write an SVG chart (value vs buy-and-hold vs the costless target mix; weights).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<String>,
}

/// Parses the policy and mode arguments.
pub fn policy_and_mode(policy: &str, mode: &str) -> Result<(Policy, TradeTarget), CliError> {
    let p: Policy = policy.parse().map_err(|e| CliError::arg("--policy", e))?;
    let m: TradeTarget = mode.parse().map_err(|e| CliError::arg("--mode", e))?;
    Ok((p, m))
}

/// Parses `--reweight DATE:NAME=W,...:RAMP` (the date may hold colons: the weights are the
/// part after the last colon before the first `=`).
pub fn parse_reweight(text: &str, names: &[String]) -> Result<Reweight, CliError> {
    const ARG: &str = "--reweight";
    let bad = || {
        CliError::arg(
            ARG,
            format!("'{text}' is not DATE:NAME=W,...:RAMP (e.g. 2024-03-01:SOL=0.5,BTC=0.5:30d)"),
        )
    };
    let eq = text.find('=').ok_or_else(bad)?;
    let date_end = text[..eq].rfind(':').ok_or_else(bad)?;
    let ramp_start = text.rfind(':').filter(|&i| i > eq).ok_or_else(bad)?;
    let (date, weights, ramp) = (
        &text[..date_end],
        &text[date_end + 1..ramp_start],
        &text[ramp_start + 1..],
    );
    let start = parse_time(date).ok_or_else(|| {
        CliError::arg(ARG, format!("'{date}' is not a date (YYYY-MM-DD[ HH:MM])"))
    })?;
    let ramp_secs = parse_duration(ramp)
        .ok_or_else(|| CliError::arg(ARG, format!("'{ramp}' is not a duration (30d, 12h)")))?;
    let to = parse_named_weights(weights, names, true)
        .map_err(|e| CliError::arg(ARG, e.to_string().replace("--weights: ", "")))?;
    Ok(Reweight {
        start,
        ramp_secs,
        to,
    })
}

fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

fn table(m: &Metrics) -> Vec<(&'static str, String)> {
    vec![
        ("final value", format!("{:.4}", m.final_value)),
        ("annualised return", pct(m.annual_return)),
        ("annualised volatility", pct(m.annual_volatility)),
        ("max drawdown", pct(m.max_drawdown)),
        ("rebalances", m.rebalances.to_string()),
        (
            "turnover (one-way, x NAV)",
            format!("{:.3} ({:.3} a year)", m.turnover, m.annual_turnover),
        ),
        (
            "total costs (x initial value)",
            format!(
                "{:.5} ({:.1} bps of NAV a year)",
                m.total_costs, m.annual_cost_bps
            ),
        ),
        ("tracking error (annualised)", pct(m.tracking_error)),
        (
            "buy-and-hold final / annualised",
            format!(
                "{:.4} / {}",
                m.buy_hold_final,
                pct(m.buy_hold_annual_return)
            ),
        ),
        (
            "costless target mix final / annualised",
            format!("{:.4} / {}", m.mix_final, pct(m.mix_annual_return)),
        ),
        (
            "rebalancing bonus vs buy-and-hold",
            format!("{} a year", pct(m.rebalancing_bonus)),
        ),
    ]
}

/// Runs `ballast backtest`.
pub fn run(args: Args) -> Result<(), CliError> {
    let (policy, mode) = policy_and_mode(&args.policy, &args.mode)?;
    let loaded = args.data.load()?;
    if !args.json {
        loaded.report_overlap();
    }
    let reweighted;
    let sc = match &args.reweight {
        Some(text) => {
            let r = parse_reweight(text, &loaded.scenario.market.names)?;
            reweighted = loaded.scenario.with_reweight(r)?;
            &reweighted
        }
        None => &loaded.scenario,
    };
    let reweight_text = sc.reweight.as_ref().map(|r| {
        let to: Vec<String> = sc
            .market
            .names
            .iter()
            .zip(&r.to)
            .map(|(n, w)| format!("{n} {:.2}%", f64::from(*w) / 100.0))
            .collect();
        format!(
            "from {} over {} to {}",
            format_time(r.start),
            format_duration(r.ramp_secs),
            to.join(", ")
        )
    });
    let config = Config {
        policy,
        mode,
        costs: Costs {
            fee_bps: args.fee_bps,
            impact_bps: args.impact_bps,
        },
        vol_prior: args.vol_prior,
    };
    let bars = sc.market.bars();
    let bar = if bars >= 50_000 && !args.json {
        let pb = ProgressBar::new(bars as u64);
        pb.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} bars {elapsed_precise}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    } else {
        ProgressBar::hidden()
    };
    let report = |done: usize| bar.set_position(done as u64);
    let started = Instant::now();
    let out = simulate(
        sc,
        &config,
        None,
        &SimOptions {
            record: args.chart.is_some(),
            exact: args.exact,
            progress: Some(&report),
            ..SimOptions::default()
        },
    )?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let m = &out.metrics;
    let (first, last) = (sc.market.times[0], sc.market.times[bars - 1]);
    if args.json {
        let targets: Vec<String> = sc
            .market
            .names
            .iter()
            .zip(&sc.targets)
            .map(|(n, t)| {
                json::object(&[("asset", json::string(n)), ("target_bps", t.to_string())])
            })
            .collect();
        println!(
            "{}",
            json::object(&[
                ("policy", json::string(&policy.to_string())),
                ("mode", json::string(mode.name())),
                ("fee_bps", json::number(args.fee_bps)),
                ("impact_bps", json::number(args.impact_bps)),
                ("first_bar", json::string(&format_time(first))),
                ("last_bar", json::string(&format_time(last))),
                ("targets", json::array(&targets)),
                (
                    "reweight",
                    reweight_text
                        .as_deref()
                        .map_or_else(|| "null".to_string(), json::string),
                ),
                ("overlap", loaded.overlap_json()),
                ("metrics", json::metrics(m)),
                ("seconds", json::number(elapsed.as_secs_f64())),
            ])
        );
    } else {
        let assets: Vec<String> = sc
            .market
            .names
            .iter()
            .zip(sc.target_fractions())
            .map(|(n, t)| format!("{n} {:.2}%", t * 100.0))
            .collect();
        println!(
            "policy   {policy} ({mode}), fee {} bps, impact {} bps",
            args.fee_bps, args.impact_bps
        );
        println!(
            "data     {} bars, {} .. {} ({:.2} years), targets {}",
            bars,
            format_time(first),
            format_time(last),
            m.years,
            assets.join(", ")
        );
        if let Some(r) = &reweight_text {
            println!("reweight {r} (ballast-math's ramp::weights_at each bar)");
        }
        println!();
        for (k, v) in table(m) {
            println!("{k:<40} {v}");
        }
        println!();
        println!(
            "{:.1} ms; {} of {} decisions needed the exact Wad evaluation",
            elapsed.as_secs_f64() * 1e3,
            m.exact_checks,
            bars - 1
        );
    }
    if let (Some(path), Some(series)) = (&args.chart, &out.series) {
        let title = format!("{policy} ({mode}), fee {} bps", args.fee_bps);
        let svg = backtest_chart(
            &title,
            &sc.market.times,
            &sc.market.names,
            &[
                ("portfolio", &series.value),
                ("buy-and-hold", &sc.buy_hold),
                ("costless target mix", &sc.mix),
            ],
            &series.weights,
            sc.target_fractions(),
        );
        write_file(path, &svg)?;
        if !args.json {
            println!("chart    {path}");
        }
    }
    Ok(())
}
