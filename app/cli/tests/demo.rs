//! `ballast demo` end to end, in a short mode: the compiled programs on the embedded chain,
//! the keeper, deposits and redemptions. Asserts that the vault is within its bands after
//! every rebalance and that every redemption pays shares times NAV per share within
//! rounding.

use std::process::Command;

use serde_json::Value;

fn f(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn short_demo_stays_in_bands_and_redeems_at_nav() {
    let chart = std::env::temp_dir().join(format!("ballast-demo-{}.svg", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["demo", "--days", "40", "--seed", "3", "--json", "--chart"])
        .arg(&chart)
        .output()
        .expect("run ballast demo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stderr: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");

    // Something happened: a 40-day calibrated path moves the vault out of a 5-point band.
    let rounds = report["after_rebalances"].as_array().expect("rounds");
    assert!(!rounds.is_empty(), "no rebalance in 40 days: {report}");
    assert_eq!(report["rebalances"].as_u64(), Some(rounds.len() as u64));
    assert!(f(&report, "worst_drift") > 0.05, "{report}");
    for r in rounds {
        assert!(
            f(r, "max_excess_over_band") <= 1e-9,
            "outside the bands after the rebalance of day {}: {r}",
            r["day"]
        );
        // To target: each round ends close to the targets, not just inside the band.
        assert!(f(r, "max_drift") < 0.02, "{r}");
    }

    let people = report["depositors"].as_array().expect("depositors");
    assert_eq!(people.len(), 4);
    for p in people {
        let redeemed = f(p, "redeemed_usd");
        let expected = f(p, "shares_times_nav_usd");
        let tolerance = f(p, "rounding_tolerance_usd");
        assert!(
            (redeemed - expected).abs() <= tolerance,
            "{}: redeemed {redeemed} for shares worth {expected} (tolerance {tolerance})",
            p["name"]
        );
        // Rounding favours the vault.
        assert!(redeemed <= expected + 1e-9, "{p}");
        assert!(f(p, "deposited_usd") > 0.0 && p["shares"].as_str().is_none());
    }
    assert!(f(&report, "fees_usd") > 0.0);
    let svg = std::fs::read_to_string(&chart).expect("chart written");
    assert!(svg.starts_with("<svg") && svg.contains("buy-and-hold"));
    assert_eq!(
        report["chart"].as_str(),
        Some(chart.to_string_lossy().as_ref())
    );
}

#[test]
fn demo_report_names_every_figure_and_the_chart() {
    let chart = std::env::temp_dir().join(format!("ballast-demo-text-{}.svg", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["demo", "--days", "6", "--chart"])
        .arg(&chart)
        .output()
        .expect("run ballast demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "NAV per share start / end",
        "buy-and-hold of the initial mix",
        "target mix, rebalanced daily at no cost",
        "rebalances (rounds / swaps / transactions)",
        "venue fees / slippage / keeper rewards",
        "worst drift seen (before a keeper ran)",
        "compute units",
        "  deposit ",
        "  withdraw ",
        "  founder ",
        "  alice ",
        "  bob ",
        "  carol ",
    ] {
        assert!(text.contains(line), "missing '{line}' in\n{text}");
    }
    assert!(
        text.contains(&format!("chart    {}", chart.to_string_lossy())),
        "{text}"
    );
}
