//! The `ballast` binary: output formats, and one-line errors with exit status 2.

use common::{ballast, stderr_line};

mod common;

fn temp_csv(name: &str, body: &str) -> String {
    let d = std::env::temp_dir().join(format!("ballast-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    let p = d.join(name);
    std::fs::write(&p, format!("Date,Close,High,Low,Open,Volume\n{body}")).expect("write");
    p.to_string_lossy().into_owned()
}

#[test]
fn backtest_synthetic_table_json_and_chart() {
    let out = ballast(&[
        "backtest",
        "--synthetic",
        "BTC,ETH,SOL",
        "--years",
        "2",
        "-w",
        "BTC=0.4,ETH=0.3,SOL=0.3",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("tracking error (annualised)"), "{text}");
    let chart = std::env::temp_dir().join(format!("ballast-cli-chart-{}.svg", std::process::id()));
    let chart = chart.to_string_lossy().into_owned();
    let out = ballast(&[
        "backtest",
        "--synthetic",
        "BTC,ETH",
        "-w",
        "BTC=50%,ETH=50%",
        "--policy",
        "calendar:interval=7d",
        "--json",
        "--chart",
        &chart,
    ]);
    assert!(out.status.success());
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        json.starts_with("{\"policy\":\"calendar:interval=604800\""),
        "{json}"
    );
    assert!(json.contains("\"rebalancing_bonus\":"));
    let svg = std::fs::read_to_string(&chart).expect("chart written");
    assert!(svg.starts_with("<svg") && svg.contains("buy-and-hold"));
}

#[test]
fn tune_prints_frontier_and_recommendation() {
    let out = ballast(&[
        "tune",
        "--synthetic",
        "BTC,ETH",
        "--years",
        "3",
        "-w",
        "BTC=0.5,ETH=0.5",
        "--policies",
        "calendar,absolute-band",
        "--fees",
        "5,20,80",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("recommended for tracking error <= 2.00%"),
        "{text}"
    );
    assert!(text.contains("Leland"));
    assert!(
        text.contains("slope of ln(band) on ln(fee)") || text.contains("too few interior optima")
    );
}

#[test]
fn user_errors_are_one_line_with_status_2() {
    let e = stderr_line(&ballast(&["backtest", "/no/such/BTC.csv", "-w", "BTC=1"]));
    assert!(
        e.starts_with("error: /no/such/BTC.csv: cannot read:"),
        "{e}"
    );
    let bad = temp_csv(
        "SOL-USD.csv",
        "2024-01-01,1,1,1,1,1\n2024-01-02,x,1,1,1,1\n",
    );
    let e = stderr_line(&ballast(&["backtest", &bad, "-w", "SOL=1"]));
    assert_eq!(
        e,
        format!("error: {bad}:3: cannot parse Close 'x' as a number")
    );
    let good = temp_csv(
        "ETH-USD.csv",
        "2024-01-01,1,1,1,1,1\n2024-01-02,2,1,1,1,1\n",
    );
    let e = stderr_line(&ballast(&["backtest", &good, "-w", "ETH=0.9"]));
    assert_eq!(
        e,
        "error: --weights: weights sum to 0.9, expected exactly 1"
    );
    let e = stderr_line(&ballast(&["backtest", &good, "-w", "BTC=1"]));
    assert!(
        e.starts_with("error: --weights: unknown asset 'BTC'"),
        "{e}"
    );
    let e = stderr_line(&ballast(&[
        "backtest", &good, "-w", "ETH=1", "--policy", "bands",
    ]));
    assert!(
        e.starts_with("error: --policy: unknown policy 'bands'"),
        "{e}"
    );
    let e = stderr_line(&ballast(&["tune", &good, "-w", "ETH=1", "--fee-bps=-1"]));
    assert!(e.starts_with("error: --fee-bps:"), "{e}");
}
