//! The demo report as text (a table), as JSON (`--json`, the sandbox's report with the
//! chart's path and the run time), and as an SVG chart (NAV per share against both
//! benchmarks, weights against targets).

use std::path::Path;
use std::time::Duration;

use ballast_backtest::svg::backtest_chart;
use ballast_sandbox::demo::{DemoPlan, DemoReport, DemoRun, UnitStats};
use ballast_sandbox::DemoVenue;
use serde::Serialize;

use super::Args;
use crate::format::{dollars, pct};
use crate::{write_file, CliError};

/// How far past its band a weight may end a round before the report calls it outside.
const OUTSIDE_TOLERANCE: f64 = 1e-4;

/// `ballast demo --json`: the report, where the chart went and how long it took.
#[derive(Serialize)]
struct DemoJson<'a> {
    #[serde(flatten)]
    report: &'a DemoReport,
    chart: String,
    seconds: f64,
}

fn absolute(path: &str) -> String {
    let p = Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
    };
    abs.to_string_lossy().into_owned()
}

fn cu_line(u: &UnitStats) -> String {
    if u.calls == 0 {
        return "-".into();
    }
    format!(
        "{:.0} mean, {} .. {} ({} calls)",
        u.mean, u.min, u.max, u.calls
    )
}

/// Writes the chart of `run` to `--chart` and prints the report (text or JSON).
pub fn render(
    args: &Args,
    plan: &DemoPlan,
    (names, source): (&[String], &str),
    run: &DemoRun,
    elapsed: Duration,
) -> Result<(), CliError> {
    let r = &run.report;
    let s = &run.series;
    let svg = backtest_chart(
        &format!(
            "ballast demo: {} ({}), {} days, {}",
            r.policy,
            r.mode,
            r.days,
            if args.prices.is_empty() {
                format!("seed {}", args.seed)
            } else {
                "real prices".to_string()
            }
        ),
        &s.times,
        names,
        &[
            ("vault NAV per share", &s.nav_per_share),
            ("buy-and-hold", &s.buy_hold),
            ("target mix (costless)", &s.target_mix),
        ],
        &s.weights,
        &s.targets,
    );
    write_file(&args.chart, &svg)?;
    let chart = absolute(&args.chart);
    if args.json {
        let json = DemoJson {
            report: r,
            chart,
            seconds: elapsed.as_secs_f64(),
        };
        let text = serde_json::to_string(&json)
            .map_err(|e| CliError(format!("cannot encode the report: {e}")))?;
        println!("{text}");
        return Ok(());
    }
    print_text(plan, source, r);
    println!();
    println!("chart    {chart}");
    println!("{:.1} s", elapsed.as_secs_f64());
    Ok(())
}

/// Lamports of a transaction's base fee (one signature).
const FEE_PER_SIGNATURE: u64 = 5_000;

/// What batching saved: one base fee and one confirmation per transaction not sent.
fn batching_note(r: &DemoReport) -> String {
    let saved = r.swaps.saturating_sub(r.swap_transactions);
    if saved == 0 {
        return String::new();
    }
    format!(
        " (batching saved {saved} transactions: {} lamports of fees and {saved} sequential \
         confirmations)",
        saved as u64 * FEE_PER_SIGNATURE
    )
}

fn print_text(plan: &DemoPlan, source: &str, r: &DemoReport) {
    let config = &plan.config;
    let assets: Vec<String> = plan
        .specs
        .iter()
        .map(|s| {
            format!(
                "{} {}% ({} decimals)",
                s.name,
                f64::from(s.weight_bps) / 100.0,
                s.decimals
            )
        })
        .collect();
    println!("Ballast demo on an embedded chain (LiteSVM running the compiled programs)");
    println!("venue    {}", r.venue);
    println!("vault    {}  assets {}", r.vault, assets.join(", "));
    let pools = match config.venue {
        DemoVenue::TestAmm => format!("test-amm pools at {} bps", config.pool_fee_bps),
        DemoVenue::RaydiumCpmm => {
            "raydium-cpmm pools (source build of a pinned commit) at its 0.25% config".into()
        }
    };
    println!(
        "policy   {} ({}), {pools} with {} a side, oracle age limit {} s",
        r.policy,
        r.mode,
        dollars(config.pool_usd_per_side as f64),
        config.params.max_oracle_age_secs
    );
    println!("prices   {} days from {source}", r.days);
    println!();
    let max_after = r
        .after_rebalances
        .iter()
        .map(|x| x.max_drift)
        .fold(0.0, f64::max);
    // At a band edge (to-band-edge) the AMM fee may leave a weight a hair outside, so
    // "outside" means by more than a basis point.
    let outside_after = r
        .after_rebalances
        .iter()
        .filter(|x| {
            x.max_excess_over_band
                .is_some_and(|e| e > OUTSIDE_TOLERANCE)
        })
        .count();
    let (growth, bh, mix) = (r.vault_growth, r.buy_hold_growth, r.target_mix_growth);
    let points = |x: f64| pct(x).trim_end_matches('%').to_string();
    let rows: Vec<(&str, String)> = vec![
        (
            "NAV per share start / end",
            format!(
                "{} / {} ({:+.2}%)",
                dollars(r.nav_per_share_start),
                dollars(r.nav_per_share_end),
                (growth - 1.0) * 100.0
            ),
        ),
        (
            "buy-and-hold of the initial mix",
            format!(
                "{:+.2}%  (vault minus it: {:+.2} points)",
                (bh - 1.0) * 100.0,
                (growth - bh) * 100.0
            ),
        ),
        (
            "target mix, rebalanced daily at no cost",
            format!(
                "{:+.2}%  (vault minus it: {:+.2} points)",
                (mix - 1.0) * 100.0,
                (growth - mix) * 100.0
            ),
        ),
        (
            "final NAV (before the last redemptions)",
            dollars(r.final_nav_usd),
        ),
        (
            "rebalances (rounds / swaps / transactions)",
            format!(
                "{} / {} / {}{}",
                r.rebalances,
                r.swaps,
                r.swap_transactions,
                batching_note(r)
            ),
        ),
        ("traded (sold side)", dollars(r.traded_usd)),
        (
            "venue fees / slippage / keeper rewards",
            format!(
                "{} / {} / {}  (total {})",
                dollars(r.fees_usd),
                dollars(r.slippage_usd),
                dollars(r.keeper_rewards_usd),
                dollars(r.fees_usd + r.slippage_usd + r.keeper_rewards_usd)
            ),
        ),
        (
            "worst drift seen (before a keeper ran)",
            format!(
                "{} points on day {}",
                points(r.worst_drift),
                r.worst_drift_day
            ),
        ),
        (
            "worst drift right after a rebalance",
            if r.has_bands {
                format!(
                    "{} points; outside the bands (by more than 1 bp) after {} of {} rounds",
                    points(max_after),
                    outside_after,
                    r.rebalances
                )
            } else {
                format!(
                    "{} points (a calendar policy has no bands)",
                    points(max_after)
                )
            },
        ),
    ];
    for (k, v) in rows {
        println!("{k:<42} {v}");
    }
    println!();
    let cu = &r.compute_units;
    println!("compute units (Ballast's instruction, CPIs included)");
    println!("  deposit                   {}", cu_line(&cu.deposit));
    println!("  withdraw                  {}", cu_line(&cu.withdraw));
    println!("  rebalance                 {}", cu_line(&cu.rebalance));
    println!(
        "  rebalance excl. the venue {}",
        cu_line(&cu.rebalance_excl_amm)
    );
    println!();
    println!("depositors (deposits valued at the oracle; redemptions paid in kind, valued at the oracle)");
    println!(
        "  {:<8} {:>12} {:>8} {:>4}   {:>12} {:>4}   {:>16}",
        "wallet", "deposited", "asset", "day", "redeemed", "day", "shares x NAV/sh"
    );
    for d in &r.depositors {
        println!(
            "  {:<8} {:>12} {:>8} {:>4}   {:>12} {:>4}   {:>16}",
            d.name,
            dollars(d.deposited_usd),
            d.asset.as_deref().unwrap_or("the mix"),
            d.deposit_day,
            d.redeemed_usd.map_or("-".into(), dollars),
            d.redeem_day,
            dollars(d.shares_times_nav_usd),
        );
    }
    print_governance(r);
    if !r.keeper_problems.is_empty() {
        println!();
        println!(
            "keeper ticks that did not end idle: {}",
            r.keeper_problems.len()
        );
        for p in r.keeper_problems.iter().take(5) {
            println!("  {p}");
        }
    }
}

/// The governance section: the change with its ramp, and the fee.
fn print_governance(r: &DemoReport) {
    use ballast_sdk::governance::{duration, utc};
    let g = &r.governance;
    println!();
    println!(
        "governance (the manager's; `ballast propose`, `execute`, `collect-fees` on a cluster)"
    );
    let executed = match (g.executed_day, g.executed_at) {
        (Some(day), Some(_)) => format!("day {day}, by anyone once the timelock had passed"),
        _ => "not within the run".to_string(),
    };
    let rows: Vec<(&str, String)> = vec![
        ("change", g.change.clone()),
        (
            "queued / executable / executed",
            format!(
                "day {} / {} ({} timelock) / {executed}",
                g.queued_day,
                utc(g.executable_at),
                duration(i64::from(g.timelock_secs))
            ),
        ),
        (
            "ramp",
            format!(
                "{} -> {} ({}); rounds during it: {}",
                utc(g.ramp_start),
                utc(g.ramp_end),
                duration(g.ramp_end - g.ramp_start),
                g.rounds_during_ramp
            ),
        ),
        (
            "management fee",
            format!(
                "{} bps a year from its execution; collected on day {}: {} shares ({})",
                g.management_fee_bps,
                g.fee_collected_day,
                crate::format::units(g.fee_shares_collected, 9),
                dollars(g.fee_collected_usd)
            ),
        ),
        (
            "NAV per share end, net of the fee",
            format!(
                "{} (without the fee's shares: {})",
                price(r.nav_per_share_end),
                price(g.nav_per_share_end_without_fee)
            ),
        ),
    ];
    for (k, v) in rows {
        println!("  {k:<40} {v}");
    }
}

/// A share price with six decimals.
fn price(x: f64) -> String {
    format!("${x:.6}")
}
