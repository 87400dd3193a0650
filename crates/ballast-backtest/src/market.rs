//! Price data: CSV files in the `Date,Close,High,Low,Open,Volume` format, their alignment on
//! common dates, and target weights given by asset name.
//!
//! # CSV files
//! - Line 1 is a header. The columns are found by name (case-insensitive): the time column is
//!   `Date`, `Datetime`, `Time` or `Timestamp`; the price column is `Close`. Other columns are
//!   ignored, so their order does not matter.
//! - Every later non-empty line is one bar: its time (see [`crate::time`]) and its close,
//!   which must be a finite number above zero. Times must strictly increase.
//! - The asset's name is the file name up to its first `-`, `_` or `.`, upper-cased:
//!   `SOL-USD_1d.csv` is `SOL`, `btc.csv` is `BTC`.
//!
//! # Alignment
//! A [`Market`] keeps the bars whose time is present in every file, in time order; rows of
//! one file at times missing from another are dropped. [`crate::overlap::align_files`] does
//! the same inside a date window, reports what each file lost and refuses files whose bar
//! spacing differs (the CLI uses it).

use std::path::Path;

use crate::error::{BacktestError, Result};
use crate::time::{format_time, parse_time};

/// The closes of one asset, as read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceFile {
    /// The file as given (used in error messages).
    pub path: String,
    /// The asset's name (see the module documentation).
    pub name: String,
    /// Unix seconds of each row, strictly increasing.
    pub times: Vec<i64>,
    /// Close of each row, finite and positive.
    pub closes: Vec<f64>,
}

/// The asset name of a file: its file name up to the first `-`, `_` or `.`, upper-cased.
pub fn asset_name(path: &str) -> String {
    let file = Path::new(path)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(path);
    file.split(['-', '_', '.'])
        .next()
        .unwrap_or(file)
        .to_ascii_uppercase()
}

/// Reads and parses one price file ([`parse_prices`]).
pub fn read_prices(path: &str) -> Result<PriceFile> {
    let text = std::fs::read_to_string(path).map_err(|e| BacktestError::File {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    parse_prices(path, &text)
}

fn clean(field: &str) -> &str {
    let f = field.trim();
    f.strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(f)
}

/// Parses the text of a price file; `path` names it in errors and gives the asset its name.
pub fn parse_prices(path: &str, text: &str) -> Result<PriceFile> {
    let mut lines = text.lines().enumerate();
    let header = loop {
        match lines.next() {
            Some((_, l)) if l.trim().is_empty() => continue,
            Some((i, l)) => break (i + 1, l),
            None => {
                return Err(BacktestError::row(
                    path,
                    1,
                    "empty file (expected a header line Date,Close,...)",
                ))
            }
        }
    };
    let columns: Vec<String> = header
        .1
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(|c| clean(c).to_ascii_lowercase())
        .collect();
    let find = |names: &[&str]| columns.iter().position(|c| names.contains(&c.as_str()));
    let date_col = find(&["date", "datetime", "time", "timestamp"]).ok_or_else(|| {
        BacktestError::row(
            path,
            header.0,
            "header has no Date column (expected Date,Close,High,Low,Open,Volume)",
        )
    })?;
    let close_col = find(&["close"]).ok_or_else(|| {
        BacktestError::row(
            path,
            header.0,
            "header has no Close column (expected Date,Close,High,Low,Open,Volume)",
        )
    })?;
    let mut out = PriceFile {
        path: path.to_string(),
        name: asset_name(path),
        times: Vec::new(),
        closes: Vec::new(),
    };
    for (i, line) in lines {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(clean).collect();
        let (Some(&date), Some(&close)) = (fields.get(date_col), fields.get(close_col)) else {
            return Err(BacktestError::row(
                path,
                line_no,
                format!("expected {} columns, found {}", columns.len(), fields.len()),
            ));
        };
        let time = parse_time(date).ok_or_else(|| {
            BacktestError::row(path, line_no, format!("cannot parse date '{date}' (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or unix seconds)"))
        })?;
        let price: f64 = close.parse().map_err(|_| {
            BacktestError::row(
                path,
                line_no,
                format!("cannot parse Close '{close}' as a number"),
            )
        })?;
        if !price.is_finite() || price <= 0.0 {
            return Err(BacktestError::row(
                path,
                line_no,
                format!("Close must be a positive number, found {close}"),
            ));
        }
        if let Some(&prev) = out.times.last() {
            if time <= prev {
                return Err(BacktestError::row(
                    path,
                    line_no,
                    format!(
                        "time {} is not after the previous row's {}",
                        format_time(time),
                        format_time(prev)
                    ),
                ));
            }
        }
        out.times.push(time);
        out.closes.push(price);
    }
    if out.times.is_empty() {
        return Err(BacktestError::row(
            path,
            header.0,
            "no price rows after the header",
        ));
    }
    Ok(out)
}

/// Aligned closes of several assets: bar `t` of asset `i` is `prices[t * n + i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    /// Asset names, in column order.
    pub names: Vec<String>,
    /// Unix seconds of each bar, strictly increasing.
    pub times: Vec<i64>,
    /// Closes, bar-major (`bars * assets` entries), finite and positive.
    pub prices: Vec<f64>,
}

impl Market {
    /// A market from bar-major prices, checked: at least two bars and one asset, strictly
    /// increasing times, finite positive prices, distinct names.
    pub fn new(names: Vec<String>, times: Vec<i64>, prices: Vec<f64>) -> Result<Market> {
        let n = names.len();
        if n == 0 {
            return Err(BacktestError::arg("prices", "no assets"));
        }
        if times.len() < 2 {
            return Err(BacktestError::Dates {
                message: format!("need at least 2 common bars, found {}", times.len()),
            });
        }
        if prices.len() != times.len() * n {
            return Err(BacktestError::arg(
                "prices",
                "bar-major price matrix has the wrong size",
            ));
        }
        if times.windows(2).any(|w| w[1] <= w[0]) {
            return Err(BacktestError::arg(
                "prices",
                "bar times must strictly increase",
            ));
        }
        if let Some(k) = prices.iter().position(|p| !p.is_finite() || *p <= 0.0) {
            return Err(BacktestError::arg(
                "prices",
                format!(
                    "price of {} at {} is not positive",
                    names[k % n],
                    format_time(times[k / n])
                ),
            ));
        }
        for (i, a) in names.iter().enumerate() {
            if names[..i].contains(a) {
                return Err(BacktestError::arg(
                    "prices",
                    format!("asset {a} appears twice"),
                ));
            }
        }
        Ok(Market {
            names,
            times,
            prices,
        })
    }

    /// The bars present in every file (see the module documentation).
    pub fn align(files: &[PriceFile]) -> Result<Market> {
        let Some(first) = files.first() else {
            return Err(BacktestError::arg("prices", "no price files given"));
        };
        for (i, f) in files.iter().enumerate() {
            if let Some(g) = files[..i].iter().find(|g| g.name == f.name) {
                return Err(BacktestError::arg(
                    "prices",
                    format!("{} and {} both name asset {}", g.path, f.path, f.name),
                ));
            }
        }
        // Row index per file of each common time; files are sorted, so binary search.
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
        let mut times = Vec::new();
        'bar: for (k, &t) in first.times.iter().enumerate() {
            let mut found = Vec::with_capacity(files.len());
            found.push(k);
            for f in &files[1..] {
                match f.times.binary_search(&t) {
                    Ok(j) => found.push(j),
                    Err(_) => continue 'bar,
                }
            }
            times.push(t);
            for (r, j) in rows.iter_mut().zip(found) {
                r.push(j);
            }
        }
        if times.len() < 2 {
            let ranges: Vec<String> = files
                .iter()
                .map(|f| {
                    let (a, b) = (f.times[0], f.times[f.times.len() - 1]);
                    format!("{} has {}..{}", f.path, format_time(a), format_time(b))
                })
                .collect();
            return Err(BacktestError::Dates {
                message: format!(
                    "the files share {} date(s), need at least 2: {}",
                    times.len(),
                    ranges.join(", ")
                ),
            });
        }
        let n = files.len();
        let mut prices = vec![0.0; times.len() * n];
        for (i, (f, r)) in files.iter().zip(&rows).enumerate() {
            for (t, &j) in r.iter().enumerate() {
                prices[t * n + i] = f.closes[j];
            }
        }
        Market::new(
            files.iter().map(|f| f.name.clone()).collect(),
            times,
            prices,
        )
    }

    /// Number of assets.
    pub fn assets(&self) -> usize {
        self.names.len()
    }

    /// Number of bars.
    pub fn bars(&self) -> usize {
        self.times.len()
    }

    /// The closes of bar `t` (one per asset); empty if `t` is out of range.
    pub fn bar(&self, t: usize) -> &[f64] {
        let n = self.assets();
        self.prices.get(t * n..(t + 1) * n).unwrap_or(&[])
    }

    /// A market with only the bars in `[from, to]` (unix seconds, inclusive).
    pub fn slice(&self, from: i64, to: i64) -> Result<Market> {
        let keep: Vec<usize> = (0..self.bars())
            .filter(|&t| self.times[t] >= from && self.times[t] <= to)
            .collect();
        let times = keep.iter().map(|&t| self.times[t]).collect();
        let prices = keep.iter().flat_map(|&t| self.bar(t).to_vec()).collect();
        Market::new(self.names.clone(), times, prices)
    }
}

/// Parses one weight: a decimal fraction (`0.4`, `.25`, `1`) or a percentage (`40%`), to a
/// whole number of basis points; `None` if it is not one.
fn parse_bps(text: &str) -> Option<u64> {
    let (text, scale_digits) = match text.strip_suffix('%') {
        Some(p) => (p, 2u32),
        None => (text, 4u32),
    };
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > scale_digits as usize {
        return None;
    }
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac_val: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let pad = 10u64.pow(scale_digits - frac.len() as u32);
    int.checked_mul(10u64.pow(scale_digits))?
        .checked_add(frac_val.checked_mul(pad)?)
}

/// Parses `--weights SOL=0.4,BTC=0.3,ETH=0.3` against the market's asset names
/// (case-insensitive) into target weights in basis points, in market order. Every asset needs
/// a positive weight, each a whole number of basis points, and they must sum to exactly 1.
pub fn parse_weights(text: &str, names: &[String]) -> Result<Vec<u16>> {
    parse_named_weights(text, names, false)
}

/// [`parse_weights`], with `zero_allowed`: a weight may then be 0 (an asset ramped out of a
/// vault by new target weights).
pub fn parse_named_weights(text: &str, names: &[String], zero_allowed: bool) -> Result<Vec<u16>> {
    const ARG: &str = "--weights";
    let mut out: Vec<Option<u64>> = vec![None; names.len()];
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, value) = item.split_once('=').ok_or_else(|| {
            BacktestError::arg(ARG, format!("expected NAME=WEIGHT, got '{item}'"))
        })?;
        let name = name.trim();
        let i = names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                BacktestError::arg(
                    ARG,
                    format!(
                        "unknown asset '{name}' (assets from the files: {})",
                        names.join(", ")
                    ),
                )
            })?;
        if out[i].is_some() {
            return Err(BacktestError::arg(
                ARG,
                format!("asset {} given twice", names[i]),
            ));
        }
        let bps = parse_bps(value.trim()).ok_or_else(|| {
            BacktestError::arg(
                ARG,
                format!("weight '{}' of {} is not a fraction with at most 4 decimals (e.g. 0.25 or 25%)", value.trim(), names[i]),
            )
        })?;
        if bps == 0 && !zero_allowed {
            return Err(BacktestError::arg(
                ARG,
                format!("weight of {} must be positive", names[i]),
            ));
        }
        out[i] = Some(bps);
    }
    let mut bps = Vec::with_capacity(names.len());
    for (w, name) in out.iter().zip(names) {
        let w = w.ok_or_else(|| BacktestError::arg(ARG, format!("no weight for asset {name}")))?;
        bps.push(w);
    }
    let sum = bps.iter().fold(0u64, |a, &b| a.saturating_add(b));
    if sum != 10_000 {
        return Err(BacktestError::arg(
            ARG,
            format!(
                "weights sum to {}, expected exactly 1",
                sum as f64 / 10_000.0
            ),
        ));
    }
    Ok(bps.into_iter().map(|w| w as u16).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_weights() {
        assert_eq!(asset_name("/data/SOL-USD_1d.csv"), "SOL");
        assert_eq!(asset_name("btc.csv"), "BTC");
        let names: Vec<String> = ["SOL", "BTC", "ETH"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            parse_weights("SOL=0.4,btc=0.3,ETH=30%", &names),
            Ok(vec![4_000, 3_000, 3_000])
        );
        assert_eq!(
            parse_weights("SOL=.3333,BTC=.3333,ETH=.3334", &names),
            Ok(vec![3_333, 3_333, 3_334])
        );
        assert!(parse_weights("SOL=0.33333,BTC=0.3,ETH=0.3", &names).is_err());
        // A vault's new targets may ramp an asset out; a backtest's own targets may not.
        assert!(parse_weights("SOL=0.7,BTC=0.3,ETH=0", &names).is_err());
        assert_eq!(
            parse_named_weights("SOL=0.7,BTC=0.3,ETH=0", &names, true),
            Ok(vec![7_000, 3_000, 0])
        );
        assert_eq!(parse_bps("1"), Some(10_000));
        assert_eq!(parse_bps("0.50000"), Some(5_000));
        assert_eq!(parse_bps("x"), None);
        assert_eq!(parse_bps("."), None);
    }
}
