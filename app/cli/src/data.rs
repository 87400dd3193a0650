//! Market data arguments shared by `backtest` and `tune`: price CSVs or a synthetic market,
//! a date window and the target weights; the report of what aligning the files dropped.

use ballast_backtest::generator::Generator;
use ballast_backtest::overlap::{align_files, Overlap};
use ballast_backtest::time::{format_time, parse_duration, parse_time, DAY_SECS};
use ballast_backtest::{parse_weights, read_prices, Scenario};
use clap::Args;

use crate::{json, CliError};

/// The tracking-error convention, for `--help`.
pub const TRACKING_ERROR_HELP: &str =
    "Tracking error: the sample standard deviation of the portfolio's bar return after \
costs minus the bar return of the costless target mix (rebalanced to the targets at every bar, \
no costs), annualised by the square root of the data's own bars per year, (bars - 1) / years \
spanned with 365-day years (365 for daily bars, 8,760 for hourly ones).";

/// Where prices come from, and the targets.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Price CSV files, one per asset (`Date,Close,High,Low,Open,Volume`); the asset is named
    /// by the file name up to its first '-', '_' or '.' (`SOL-USD_1d.csv` is SOL). The run
    /// uses the bars present in every file; how many each file lost is reported (stderr, or
    /// `overlap` in the JSON).
    #[arg(value_name = "PRICES.csv", required_unless_present = "synthetic")]
    pub files: Vec<String>,

    /// Target weights by asset name, summing to 1: `SOL=0.4,BTC=0.3,ETH=0.3` (or `40%`).
    #[arg(long, short = 'w')]
    pub weights: String,

    /// Instead of files: a seeded synthetic market of these calibrated assets
    /// (BTC, ETH, SOL, USDC, BNB, XRP, ADA, AVAX, DOGE, LINK), e.g. `BTC,ETH,SOL`.
    #[arg(long, value_name = "ASSETS", conflicts_with = "files")]
    pub synthetic: Option<String>,

    /// Synthetic market: years of bars.
    #[arg(long, default_value_t = 5.0)]
    pub years: f64,

    /// Synthetic market: bar length (`1d`, `1h`, `15m`, `3600` seconds...).
    #[arg(long, default_value = "1d")]
    pub bar: String,

    /// Synthetic market: seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Synthetic market: Gaussian returns instead of fat tails (Student t, 5 d.o.f.).
    #[arg(long)]
    pub gaussian: bool,

    /// First bar to use: `YYYY-MM-DD` (from 00:00 UTC that day) or a full time.
    #[arg(long)]
    pub from: Option<String>,

    /// Last bar to use: `YYYY-MM-DD` keeps the whole day (up to 23:59:59 UTC; dates are UTC
    /// days, so a US daily bar stamped at local midnight, 04:00 or 05:00 UTC, is kept), or a
    /// full time (kept if a bar is exactly at it).
    #[arg(long)]
    pub to: Option<String>,

    /// Accept files whose bars are spaced differently (a daily file among hourly ones, an
    /// hourly file with missing hours): align them on their common bars anyway. Without it
    /// such a file is an error naming it.
    #[arg(long)]
    pub allow_gaps: bool,
}

/// A scenario, and the alignment report when it came from files.
pub struct Loaded {
    /// The market and targets.
    pub scenario: Scenario,
    /// What aligning the files dropped (`None` for a synthetic market).
    pub overlap: Option<Overlap>,
}

impl Loaded {
    /// Prints the overlap report to stderr, one line per file, if any file lost bars.
    pub fn report_overlap(&self) {
        if let Some(o) = self.overlap.as_ref().filter(|o| o.any_dropped()) {
            for line in o.lines() {
                eprintln!("overlap: {line}");
            }
        }
    }

    /// The overlap report as JSON (`null` for a synthetic market).
    pub fn overlap_json(&self) -> String {
        let Some(o) = &self.overlap else {
            return "null".into();
        };
        let files: Vec<String> = o
            .files
            .iter()
            .map(|f| {
                json::object(&[
                    ("file", json::string(&f.path)),
                    ("bars", f.bars.to_string()),
                    ("dropped", f.dropped().to_string()),
                    ("dropped_before", f.before.to_string()),
                    ("dropped_after", f.after.to_string()),
                    ("dropped_inside", f.inside.to_string()),
                    ("spacing_secs", f.spacing_secs.to_string()),
                ])
            })
            .collect();
        json::object(&[
            ("first_bar", json::string(&format_time(o.first))),
            ("last_bar", json::string(&format_time(o.last))),
            ("bars", o.bars.to_string()),
            ("files", json::array(&files)),
        ])
    }
}

/// `--from` / `--to` as unix seconds: a bare date is the start of that UTC day for `--from`
/// and its last second for `--to`.
fn window(from: &Option<String>, to: &Option<String>) -> Result<(i64, i64), CliError> {
    let parse = |arg: &str, v: &Option<String>, open: i64, end_of_day: bool| match v {
        None => Ok::<i64, CliError>(open),
        Some(s) => {
            let t = parse_time(s).ok_or_else(|| {
                CliError::arg(
                    arg,
                    format!("bad date '{s}' (expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)"),
                )
            })?;
            let date_only = s.trim().len() == 10 && s.trim().as_bytes().get(4) == Some(&b'-');
            Ok(if end_of_day && date_only {
                t + DAY_SECS - 1
            } else {
                t
            })
        }
    };
    let from_t = parse("--from", from, i64::MIN, false)?;
    let to_t = parse("--to", to, i64::MAX, true)?;
    if from_t > to_t {
        return Err(CliError::arg("--to", "is before --from"));
    }
    Ok((from_t, to_t))
}

impl DataArgs {
    /// Loads (or generates) the market, applies the window, parses the weights.
    pub fn load(&self) -> Result<Loaded, CliError> {
        let (from, to) = window(&self.from, &self.to)?;
        let (mut market, overlap) = match &self.synthetic {
            Some(list) => {
                let names: Vec<&str> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let mut g = Generator::calibrated(&names, self.seed)?;
                g.bar_secs = parse_duration(&self.bar).ok_or_else(|| {
                    CliError::arg(
                        "--bar",
                        format!("bad duration '{}' (e.g. 1d, 1h, 900s)", self.bar),
                    )
                })?;
                if self.gaussian {
                    g.tail_dof = None;
                }
                if !(self.years > 0.0 && self.years <= 100.0) {
                    return Err(CliError::arg("--years", "must be above 0 and at most 100"));
                }
                let bars = (self.years * 365.0 * 86_400.0 / g.bar_secs as f64).round() as usize + 1;
                (g.market(bars)?, None)
            }
            None => {
                let files = self
                    .files
                    .iter()
                    .map(|f| read_prices(f))
                    .collect::<Result<Vec<_>, _>>()?;
                let (m, o) = align_files(&files, from, to, self.allow_gaps)?;
                (m, Some(o))
            }
        };
        if overlap.is_none() && (self.from.is_some() || self.to.is_some()) {
            market = market.slice(from, to)?;
        }
        let targets = parse_weights(&self.weights, &market.names)?;
        Ok(Loaded {
            scenario: Scenario::new(market, targets)?,
            overlap,
        })
    }
}

/// A comma-separated list of numbers for `arg`.
pub fn number_list<T: std::str::FromStr>(arg: &str, text: &str) -> Result<Vec<T>, CliError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<T>()
                .map_err(|_| CliError::arg(arg, format!("bad number '{s}'")))
        })
        .collect()
}

/// A comma-separated list of durations (`1d,7d,30d`) in seconds for `arg`.
pub fn duration_list(arg: &str, text: &str) -> Result<Vec<u64>, CliError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            parse_duration(s)
                .map(|d| d.unsigned_abs())
                .ok_or_else(|| CliError::arg(arg, format!("bad duration '{s}' (e.g. 7d, 12h)")))
        })
        .collect()
}
