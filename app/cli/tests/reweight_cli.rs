//! `ballast backtest --reweight`: new target weights from a date, ramped, on flat prices
//! (so only the ramp moves the portfolio off its targets), and its one-line errors.

use common::{ballast, stderr_line, stdout_ok};
use serde_json::Value;

mod common;

/// Flat daily closes for 2024-01-01 .. 2024-01-20, in a directory of this test's own.
fn flat(name: &str) -> String {
    let d = std::env::temp_dir().join(format!("ballast-reweight-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    let mut body = String::from("Date,Close,High,Low,Open,Volume\n");
    for day in 1..=20 {
        body.push_str(&format!("2024-01-{day:02},100,100,100,100,1\n"));
    }
    let p = d.join(name);
    std::fs::write(&p, body).expect("write");
    p.to_string_lossy().into_owned()
}

#[test]
fn a_reweight_ramps_the_targets_and_the_band_follows_them() {
    let (a, b) = (flat("AAA.csv"), flat("BBB.csv"));
    let run = |reweight: &str, json: bool| {
        let mut args = vec![
            "backtest",
            &a,
            &b,
            "-w",
            "AAA=0.5,BBB=0.5",
            "-p",
            "absolute-band:band_bps=500",
            "--reweight",
            reweight,
        ];
        if json {
            args.push("--json");
        }
        ballast(&args)
    };
    // 300 bps a day from 2024-01-03 to 2024-01-13: a 5-point band trades every second day.
    let v: Value =
        serde_json::from_str(&stdout_ok(&run("2024-01-03:AAA=0.8,BBB=0.2:10d", true))).unwrap();
    assert_eq!(v["metrics"]["rebalances"], 5, "{v}");
    assert_eq!(
        v["reweight"],
        "from 2024-01-03 over 10d to AAA 80.00%, BBB 20.00%"
    );
    // A date with a time of day holds colons of its own.
    let v: Value = serde_json::from_str(&stdout_ok(&run(
        "2024-01-03 00:00:AAA=0.8,BBB=0.2:10d",
        true,
    )))
    .unwrap();
    assert_eq!(v["metrics"]["rebalances"], 5, "{v}");
    let text = stdout_ok(&run("2024-01-03:AAA=1,BBB=0:2d", false));
    assert!(
        text.contains("reweight from 2024-01-03 over 2d to AAA 100.00%, BBB 0.00%"),
        "{text}"
    );

    for (bad, says) in [
        ("2024-01-03:AAA=0.8,BBB=0.3:10d", "sum to"),
        ("2024-13-03:AAA=0.8,BBB=0.2:10d", "is not a date"),
        ("2024-01-03:AAA=0.8,BBB=0.2:soon", "is not a duration"),
        ("2024-01-03:AAA=0.8,CCC=0.2:10d", "unknown asset"),
        ("AAA=1", "is not DATE:NAME=W"),
    ] {
        let e = stderr_line(&run(bad, false));
        assert!(e.contains("--reweight") && e.contains(says), "{bad}: {e}");
    }
}
