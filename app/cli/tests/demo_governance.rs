//! `ballast demo`'s governance: the manager's change of target weights queued on day 0,
//! executed once the one-day timelock has passed, ramped with the keeper following it, and
//! a 100 bps management fee collected at the end, in the JSON report and the text.

use std::process::Command;

use serde_json::Value;

fn f(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn demo(args: &[&str]) -> String {
    let chart = std::env::temp_dir().join(format!(
        "ballast-demo-gov-{}-{}.svg",
        std::process::id(),
        args.len()
    ));
    let out = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["demo", "--chart"])
        .arg(&chart)
        .args(args)
        .output()
        .expect("run ballast demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_demo_ramps_one_weight_change_and_collects_its_fee() {
    let report: Value =
        serde_json::from_str(&demo(&["--days", "40", "--seed", "3", "--json"])).unwrap();
    let g = &report["governance"];
    let day = 86_400;
    let queued = g["queued_at"].as_i64().unwrap();
    assert_eq!(g["executable_at"].as_i64(), Some(queued + day), "{g}");
    assert_eq!(g["executed_day"].as_u64(), Some(1), "{g}");
    assert_eq!(g["executed_at"], g["executable_at"]);
    // Forty days ramp over five (an eighth), from the moment the change executed.
    assert_eq!(g["ramp_start"], g["executed_at"]);
    assert_eq!(
        g["ramp_end"].as_i64().unwrap() - g["ramp_start"].as_i64().unwrap(),
        5 * day
    );
    let after: Vec<f64> = g["targets_after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(after, vec![0.3, 0.3, 0.2, 0.2]);
    assert!(g["change"]
        .as_str()
        .unwrap()
        .starts_with("target weights SOL 30.00%, BTC 30.00%, ETH 20.00%, USDC 20.00%"));
    // Ten points moved against a five-point band: the keeper trades during the ramp, and
    // after every round the vault is inside its bands around the moving targets.
    assert!(g["rounds_during_ramp"].as_u64().unwrap() >= 1, "{g}");
    for r in report["after_rebalances"].as_array().unwrap() {
        assert!(f(r, "max_excess_over_band") <= 1e-9, "{r}");
    }

    // 100 bps a year for 39 days: the fee's shares are about 0.107 % of the rest, valued
    // at the final NAV per share net of them.
    assert_eq!(g["management_fee_bps"], 100);
    let shares = g["fee_shares_collected"].as_u64().unwrap() as f64 / 1e9;
    let nps = f(&report, "nav_per_share_end");
    assert!(
        (f(g, "fee_collected_usd") - shares * nps).abs() < 1e-6,
        "{g}"
    );
    let gross = f(g, "nav_per_share_end_without_fee");
    let paid = gross / nps - 1.0;
    let expected = 0.01 * 39.0 / 365.0;
    assert!(
        (0.8 * expected..1.3 * expected).contains(&paid),
        "{paid} vs {expected}"
    );
    // Every wallet still redeems at shares times NAV per share, the fee counted.
    for p in report["depositors"].as_array().unwrap() {
        let (got, owed) = (f(p, "redeemed_usd"), f(p, "shares_times_nav_usd"));
        assert!((got - owed).abs() <= f(p, "rounding_tolerance_usd"), "{p}");
    }

    let text = demo(&["--days", "8"]);
    for line in [
        "governance (the manager's",
        "  change                                   target weights SOL 30.00%",
        "  queued / executable / executed           day 0 / ",
        "(1d timelock) / day 1, by anyone once the timelock had passed",
        "  ramp                                     ",
        "  management fee                           100 bps a year from its execution; collected on day 8:",
        "  NAV per share end, net of the fee        $",
    ] {
        assert!(text.contains(line), "missing '{line}' in\n{text}");
    }
}
