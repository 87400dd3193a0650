//! The venues end to end through the `ballast` binary: the keeper makes one swap per pair
//! on either venue (no follow-ups chasing a fee's residual) and sends the swaps that clear
//! at once together; `ballast demo --venue raydium-cpmm` (a source build of the pinned
//! Raydium CPMM commit) keeps the vault inside its bands after every round and reports the
//! venue's fees and compute units. The CPMM runs are skipped (one line saying how to get
//! the program) when it is missing, and fail under `CI`.

use std::process::Command;

use ballast_sandbox::venues::{venue_available, RAYDIUM_CPMM};
use serde_json::Value;

fn ballast(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(args)
        .output()
        .expect("run ballast");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `ballast keeper run` after SOL's 50% rally, on `venue`: the lines of its swaps.
fn keeper_swaps(venue: &str, batch: bool) -> Vec<String> {
    let mut args = vec![
        "keeper",
        "run",
        "--drift-bps",
        "5000",
        "--ticks",
        "8",
        "--venue",
        venue,
    ];
    if !batch {
        args.push("--no-batch");
    }
    ballast(&args)
        .lines()
        .filter(|l| l.contains(": sold "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_keeper_makes_one_swap_per_pair_and_batches_them() {
    // SOL sells to BTC, ETH and USDC: three swaps, no follow-up for what the fee left.
    let swaps = keeper_swaps("test-amm", true);
    assert_eq!(swaps.len(), 3, "{swaps:#?}");
    assert!(
        swaps.iter().all(|l| l.contains("on test-amm")),
        "{swaps:#?}"
    );
    assert!(
        swaps.iter().any(|l| l.contains("in one transaction")),
        "the swaps that clear together share a transaction: {swaps:#?}"
    );
    let alone = keeper_swaps("test-amm", false);
    assert_eq!(alone.len(), 3);
    assert!(alone.iter().all(|l| !l.contains("in one transaction")));

    if !venue_available(&RAYDIUM_CPMM) {
        return;
    }
    let swaps = keeper_swaps("raydium-cpmm", true);
    assert_eq!(swaps.len(), 3, "{swaps:#?}");
    assert!(
        swaps.iter().all(|l| l.contains("on raydium-cpmm")),
        "{swaps:#?}"
    );
}

fn f(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn the_demo_on_raydium_cpmm_stays_in_bands_and_reports_the_venue() {
    if !venue_available(&RAYDIUM_CPMM) {
        return;
    }
    let chart = std::env::temp_dir().join(format!("ballast-demo-cpmm-{}.svg", std::process::id()));
    let chart = chart.to_string_lossy().into_owned();
    let args = [
        "demo", "--days", "40", "--seed", "3", "--json", "--chart", &chart,
    ];
    let mut cpmm_args = args.to_vec();
    cpmm_args.extend(["--venue", "raydium-cpmm"]);
    let cpmm: Value = serde_json::from_str(&ballast(&cpmm_args)).expect("JSON report");
    let amm: Value = serde_json::from_str(&ballast(&args)).expect("JSON report");

    assert_eq!(cpmm["venue"], "raydium-cpmm");
    assert_eq!(amm["venue"], "test-amm");
    let rounds = cpmm["after_rebalances"].as_array().expect("rounds");
    assert!(!rounds.is_empty(), "{cpmm}");
    for r in rounds {
        assert!(
            f(r, "max_excess_over_band") <= 1e-9,
            "outside the bands: {r}"
        );
    }
    assert_eq!(
        cpmm["keeper_problems"].as_array().map(Vec::len),
        Some(0),
        "{cpmm}"
    );
    // The same market path: the same rounds; CPMM's 0.25% config charges less than the
    // test AMM's 0.30% on about the same turnover.
    assert_eq!(cpmm["rebalances"], amm["rebalances"]);
    let (fees, traded) = (f(&cpmm, "fees_usd"), f(&cpmm, "traded_usd"));
    assert!(
        (fees / traded - 0.0025).abs() < 0.0001,
        "{fees} on {traded}"
    );
    assert!(fees < f(&amm, "fees_usd"));
    // Every swap went through CPMM by CPI: its part of the units is CPMM's ~28,000.
    let cu = &cpmm["compute_units"];
    let venue_part = f(&cu["rebalance"], "mean") - f(&cu["rebalance_excl_amm"], "mean");
    assert!((20_000.0..40_000.0).contains(&venue_part), "{cu}");
    assert!(cpmm["swap_transactions"].as_u64() <= cpmm["swaps"].as_u64());
}
