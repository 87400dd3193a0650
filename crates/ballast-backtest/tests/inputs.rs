//! Bad inputs give one-line errors naming the file and line (or the argument).

use std::path::{Path, PathBuf};

use ballast_backtest::{parse_weights, read_prices, Market};

/// A fresh temporary directory for this test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ballast-backtest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &Path, file: &str, text: &str) -> String {
    let p = d.join(file);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

const HEADER: &str = "Date,Close,High,Low,Open,Volume\n";

fn err(path: &str) -> String {
    let e = read_prices(path).unwrap_err().to_string();
    assert!(!e.contains('\n'), "{e}");
    e
}

#[test]
fn missing_file() {
    let e = err("/no/such/SOL-USD.csv");
    assert!(e.starts_with("/no/such/SOL-USD.csv: cannot read: "), "{e}");
}

#[test]
fn unparsable_rows() {
    let d = dir("rows");
    let p = write(
        &d,
        "SOL.csv",
        &format!("{HEADER}2024-01-01,1.5,2,1,1,10\n2024-01-02,abc,2,1,1,10\n"),
    );
    assert_eq!(
        err(&p),
        format!("{p}:3: cannot parse Close 'abc' as a number")
    );
    let p = write(
        &d,
        "BTC.csv",
        &format!("{HEADER}2024-01-01,1.5,2,1,1,10\n2024-13-02,1,2,1,1,10\n"),
    );
    assert!(err(&p).starts_with(&format!("{p}:3: cannot parse date '2024-13-02'")));
    let p = write(&d, "ETH.csv", &format!("{HEADER}2024-01-01\n"));
    assert_eq!(err(&p), format!("{p}:2: expected 6 columns, found 1"));
    let p = write(&d, "X.csv", "Day,Price\n2024-01-01,1\n");
    assert!(err(&p).starts_with(&format!("{p}:1: header has no Date column")));
    let p = write(
        &d,
        "Y.csv",
        &format!("{HEADER}2024-01-02,1,1,1,1,1\n2024-01-01,1,1,1,1,1\n"),
    );
    assert_eq!(
        err(&p),
        format!("{p}:3: time 2024-01-01 is not after the previous row's 2024-01-02")
    );
    let p = write(&d, "Z.csv", "");
    assert!(err(&p).starts_with(&format!("{p}:1: empty file")));
}

#[test]
fn negative_or_zero_price() {
    let d = dir("prices");
    let p = write(
        &d,
        "SOL.csv",
        &format!("{HEADER}2024-01-01,1.5,2,1,1,10\n\n2024-01-03,-2,2,1,1,10\n"),
    );
    assert_eq!(
        err(&p),
        format!("{p}:4: Close must be a positive number, found -2")
    );
    let p = write(&d, "BTC.csv", &format!("{HEADER}2024-01-01,0,2,1,1,10\n"));
    assert_eq!(
        err(&p),
        format!("{p}:2: Close must be a positive number, found 0")
    );
    let p = write(&d, "ETH.csv", &format!("{HEADER}2024-01-01,NaN,2,1,1,10\n"));
    assert_eq!(
        err(&p),
        format!("{p}:2: Close must be a positive number, found NaN")
    );
}

#[test]
fn dates_without_overlap() {
    let d = dir("dates");
    let a = write(
        &d,
        "SOL.csv",
        &format!("{HEADER}2024-01-01,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n"),
    );
    let b = write(
        &d,
        "BTC.csv",
        &format!("{HEADER}2023-01-01,1,1,1,1,1\n2023-01-02,1,1,1,1,1\n"),
    );
    let files = vec![read_prices(&a).unwrap(), read_prices(&b).unwrap()];
    let e = Market::align(&files).unwrap_err().to_string();
    assert_eq!(
        e,
        format!("the files share 0 date(s), need at least 2: {a} has 2024-01-01..2024-01-02, {b} has 2023-01-01..2023-01-02")
    );
    // Partial overlap keeps the common dates only.
    let c = write(
        &d,
        "ETH.csv",
        &format!("{HEADER}2024-01-02,2,1,1,1,1\n2024-01-03,3,1,1,1,1\n2024-01-01,9,1,1,1,1\n"),
    );
    assert!(read_prices(&c)
        .unwrap_err()
        .to_string()
        .starts_with(&format!("{c}:4:")));
    let c = write(
        &d,
        "ETH.csv",
        &format!("{HEADER}2023-12-31,2,1,1,1,1\n2024-01-01,3,1,1,1,1\n2024-01-02,4,1,1,1,1\n"),
    );
    let m = Market::align(&[read_prices(&a).unwrap(), read_prices(&c).unwrap()]).unwrap();
    assert_eq!(m.bars(), 2);
    assert_eq!(m.bar(1), &[1.0, 4.0]);
    // Two files naming the same asset.
    let e = Market::align(&[read_prices(&a).unwrap(), read_prices(&a).unwrap()]).unwrap_err();
    assert!(e.to_string().contains("both name asset SOL"));
}

#[test]
fn bad_weights() {
    let names: Vec<String> = ["SOL", "BTC", "ETH"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let e = |w: &str| parse_weights(w, &names).unwrap_err().to_string();
    assert_eq!(
        e("SOL=0.4,BTC=0.3,ETH=0.2"),
        "--weights: weights sum to 0.9, expected exactly 1"
    );
    assert_eq!(
        e("SOL=0.4,BTC=0.3,DOGE=0.3"),
        "--weights: unknown asset 'DOGE' (assets from the files: SOL, BTC, ETH)"
    );
    assert_eq!(e("SOL=0.5,BTC=0.5"), "--weights: no weight for asset ETH");
    assert_eq!(
        e("SOL=0.5,BTC=0.5,ETH=0"),
        "--weights: weight of ETH must be positive"
    );
    assert_eq!(
        e("SOL=0.5,BTC=0.5,SOL=0"),
        "--weights: asset SOL given twice"
    );
    assert!(e("SOL=half,BTC=0.5,ETH=0")
        .starts_with("--weights: weight 'half' of SOL is not a fraction"));
    assert_eq!(e("SOL"), "--weights: expected NAME=WEIGHT, got 'SOL'");
}
