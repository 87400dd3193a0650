//! `ballast backtest` and `tune` on files that disagree: `--to` keeps its whole day, the
//! overlap report, the bar-spacing error; the trade-target modes; `tune --walk-forward`.

use common::{ballast, stderr_line, stdout_ok};
use serde_json::Value;

mod common;

/// Writes `rows` (`date,close`) as a price CSV in a directory of this test's own.
fn csv(test: &str, name: &str, rows: &[(String, f64)]) -> String {
    let d = std::env::temp_dir().join(format!("ballast-bt-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    let mut body = String::from("Date,Close,High,Low,Open,Volume\n");
    for (date, close) in rows {
        body.push_str(&format!("{date},{close},{close},{close},{close},1\n"));
    }
    let p = d.join(name);
    std::fs::write(&p, body).expect("write");
    p.to_string_lossy().into_owned()
}

/// Hourly rows from 2024-01-01 00:00 UTC: hour `h` for each `h` in `hours`.
fn hourly(hours: impl Iterator<Item = u32>) -> Vec<(String, f64)> {
    hours
        .map(|h| {
            (
                format!("2024-01-{:02} {:02}:00:00", 1 + h / 24, h % 24),
                100.0 + f64::from(h % 7),
            )
        })
        .collect()
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout_ok(out)).expect("JSON output")
}

#[test]
fn to_keeps_the_whole_day_on_hourly_and_daily_data() {
    let a = csv("to", "AAA.csv", &hourly(0..72));
    let b = csv("to", "BBB.csv", &hourly(0..72));
    let run = |extra: &[&str]| {
        let mut args = vec!["backtest", &a, &b, "-w", "AAA=0.5,BBB=0.5", "--json"];
        args.extend_from_slice(extra);
        json(&ballast(&args))
    };
    // 2024-01-01 00:00 .. 2024-01-02 23:00: 48 hourly bars.
    let v = run(&["--to", "2024-01-02"]);
    assert_eq!(v["last_bar"], "2024-01-02 23:00:00");
    assert_eq!(v["metrics"]["bars"], 48);
    // A full time is kept when a bar is exactly at it: 00:00 .. 12:00 of the 2nd, 37 bars.
    let v = run(&["--to", "2024-01-02 12:00:00"]);
    assert_eq!(v["last_bar"], "2024-01-02 12:00:00");
    assert_eq!(v["metrics"]["bars"], 37);
    // --from a date starts at its midnight: the 2nd and 3rd days, 48 bars.
    let v = run(&["--from", "2024-01-02"]);
    assert_eq!(v["first_bar"], "2024-01-02");
    assert_eq!(v["metrics"]["bars"], 48);

    // US daily bars stamped at local midnight (05:00 UTC): --to keeps that day's bar.
    let us: Vec<(String, f64)> = (1..=10)
        .map(|d| {
            (
                format!("2024-01-{d:02} 00:00:00-05:00"),
                50.0 + f64::from(d),
            )
        })
        .collect();
    let c = csv("to", "CCC.csv", &us);
    let d = csv("to", "DDD.csv", &us);
    let v = json(&ballast(&[
        "backtest",
        &c,
        &d,
        "-w",
        "CCC=0.5,DDD=0.5",
        "--json",
        "--from",
        "2024-01-02",
        "--to",
        "2024-01-05",
    ]));
    assert_eq!(v["first_bar"], "2024-01-02 05:00:00");
    assert_eq!(v["last_bar"], "2024-01-05 05:00:00");
    assert_eq!(v["metrics"]["bars"], 4);
    // An empty window is an error.
    let e = stderr_line(&ballast(&[
        "backtest",
        &c,
        &d,
        "-w",
        "CCC=0.5,DDD=0.5",
        "--from",
        "2024-01-06",
        "--to",
        "2024-01-05",
    ]));
    assert_eq!(e, "error: --to: is before --from");
}

#[test]
fn partial_overlaps_are_reported_per_file() {
    // AAA has hours 0..48, BBB starts 10 hours late: AAA loses 10 bars before the common
    // range 2024-01-01 10:00 .. 2024-01-02 23:00 (38 bars), BBB loses none.
    let a = csv("overlap", "AAA.csv", &hourly(0..48));
    let b = csv("overlap", "BBB.csv", &hourly(10..48));
    let out = ballast(&["backtest", &a, &b, "-w", "AAA=0.5,BBB=0.5"]);
    stdout_ok(&out);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(
        lines[0],
        format!(
            "overlap: {a}: dropped 10 of its 48 bars (10 before, 0 after, 0 inside the common \
             range 2024-01-01 10:00:00 .. 2024-01-02 23:00:00 of 38 bars)"
        )
    );
    assert!(lines[1].starts_with(&format!("overlap: {b}: dropped 0 of its 38 bars")));
    // In JSON, the same figures in the output and nothing on stderr.
    let out = ballast(&["backtest", &a, &b, "-w", "AAA=0.5,BBB=0.5", "--json"]);
    let v = json(&out);
    assert!(out.stderr.is_empty());
    let o = &v["overlap"];
    assert_eq!(o["bars"], 38);
    assert_eq!(o["first_bar"], "2024-01-01 10:00:00");
    assert_eq!(o["files"][0]["dropped"], 10);
    assert_eq!(o["files"][0]["dropped_before"], 10);
    assert_eq!(o["files"][1]["dropped"], 0);
    assert_eq!(o["files"][1]["spacing_secs"], 3_600);
    // Files that agree: no report.
    let c = csv("overlap", "CCC.csv", &hourly(10..48));
    let out = ballast(&["backtest", &b, &c, "-w", "BBB=0.5,CCC=0.5"]);
    stdout_ok(&out);
    assert!(out.stderr.is_empty());
}

#[test]
fn a_file_spaced_differently_is_one_error_line_unless_gaps_are_allowed() {
    let h = csv("spacing", "HHH.csv", &hourly(0..72));
    let daily: Vec<(String, f64)> = (1..=3)
        .map(|d| (format!("2024-01-{d:02}"), 10.0 + f64::from(d)))
        .collect();
    let d = csv("spacing", "DDD.csv", &daily);
    let e = stderr_line(&ballast(&["backtest", &h, &d, "-w", "HHH=0.5,DDD=0.5"]));
    assert_eq!(
        e,
        format!(
            "error: {d}: bars every 1d, but {h} has bars every 1h: aligning would drop the 46 \
             of the 49 bar times in the common range 2024-01-01 .. 2024-01-03 that this file \
             lacks; use --allow-gaps to align on the common bars anyway"
        )
    );
    // Accepted with --allow-gaps: three common (daily) bars, and the report says so.
    let out = ballast(&[
        "backtest",
        &h,
        &d,
        "-w",
        "HHH=0.5,DDD=0.5",
        "--allow-gaps",
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(v["metrics"]["bars"], 3);
    assert_eq!(v["overlap"]["files"][0]["dropped_inside"], 46);
    // An hourly file missing every tenth hour.
    let holes = csv(
        "spacing",
        "GGG.csv",
        &hourly((0..72).filter(|h| h % 10 != 3)),
    );
    let e = stderr_line(&ballast(&["tune", &h, &holes, "-w", "HHH=0.5,GGG=0.5"]));
    assert!(
        e.starts_with(&format!("error: {holes}: lacks 7 of the 72 bar times")),
        "{e}"
    );
}

#[test]
fn modes_are_named_for_what_they_do() {
    let run = |mode: &str| {
        ballast(&[
            "backtest",
            "--synthetic",
            "BTC,ETH,SOL,USDC",
            "--years",
            "2",
            "-w",
            "BTC=0.3,ETH=0.3,SOL=0.2,USDC=0.2",
            "--mode",
            mode,
            "--json",
        ])
    };
    let e = stderr_line(&run("to-target"));
    assert!(
        e.starts_with("error: --mode: trade target 'to-target' is ambiguous"),
        "{e}"
    );
    assert!(
        e.contains("'full'") && e.contains("'out-of-band-to-target'"),
        "{e}"
    );
    let full = json(&run("full"));
    assert_eq!(full["mode"], "full");
    let oob = json(&run("out-of-band-to-target"));
    assert_eq!(oob["mode"], "out-of-band-to-target");
    // Same trigger (a 5 % band), different trades: with four assets they differ.
    assert_ne!(
        full["metrics"]["final_value"],
        oob["metrics"]["final_value"]
    );
}

#[test]
fn tune_walks_forward_with_json_and_a_chart() {
    let chart = std::env::temp_dir().join(format!("ballast-bt-wf-{}.svg", std::process::id()));
    let chart = chart.to_string_lossy().into_owned();
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
        "--walk-forward",
        "365d:90d",
        "--json",
        "--chart",
        &chart,
    ]);
    let v = json(&out);
    // 3 years = 1095 days; windows while 90 k + 455 <= 1095: k = 0..=7.
    let windows = v["windows"].as_array().expect("windows");
    assert_eq!(windows.len(), 8);
    assert_eq!(v["walk_forward"], "365d:90d");
    for k in 1..windows.len() {
        assert_eq!(
            windows[k]["test_first_bar"],
            windows[k - 1]["test_last_bar"]
        );
        assert_eq!(windows[k]["test_first_bar"], windows[k]["train_last_bar"]);
    }
    assert_eq!(v["out_of_sample_first_bar"], windows[0]["test_first_bar"]);
    let names: Vec<&str> = v["baselines"]
        .as_array()
        .expect("baselines")
        .iter()
        .map(|b| b["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        ["monthly calendar", "5% band, full", "5% band, to band edge"]
    );
    // 90 daily returns a window, 8 windows: 721 bars out of sample.
    assert_eq!(v["recommended"]["bars"], 721);
    let svg = std::fs::read_to_string(&chart).expect("chart written");
    assert!(svg.starts_with("<svg") && svg.contains("recommended (walk-forward)"));
    // Too little data, or a bad spec: one line, status 2.
    let e = stderr_line(&ballast(&[
        "tune",
        "--synthetic",
        "BTC,ETH",
        "--years",
        "1",
        "-w",
        "BTC=0.5,ETH=0.5",
        "--walk-forward",
        "365d:90d",
    ]));
    assert_eq!(
        e,
        "error: --walk-forward: 365d:90d needs at least 455d of data, the market spans 365d"
    );
    let e = stderr_line(&ballast(&[
        "tune",
        "--synthetic",
        "BTC",
        "-w",
        "BTC=1",
        "--walk-forward",
        "365d",
    ]));
    assert!(
        e.starts_with("error: --walk-forward: expected TRAIN:TEST"),
        "{e}"
    );
}

#[test]
fn help_states_the_tracking_error_convention() {
    for cmd in ["backtest", "tune"] {
        let text = stdout_ok(&ballast(&[cmd, "--help"]));
        assert!(text.contains("bar return after costs"), "{cmd}: {text}");
        assert!(text.contains("bars per year"), "{cmd}");
        assert!(
            text.contains("--allow-gaps") && text.contains("--to"),
            "{cmd}"
        );
    }
    let text = stdout_ok(&ballast(&["tune", "--help"]));
    assert!(text.contains("--walk-forward <TRAIN:TEST>"));
}
