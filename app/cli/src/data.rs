//! Market data arguments shared by `backtest` and `tune`: price CSVs or a synthetic market,
//! a date window and the target weights.

use ballast_backtest::generator::Generator;
use ballast_backtest::time::parse_time;
use ballast_backtest::{parse_weights, read_prices, Market, Scenario};
use clap::Args;

use crate::CliError;

/// Where prices come from, and the targets.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Price CSV files, one per asset (`Date,Close,High,Low,Open,Volume`); the asset is named
    /// by the file name up to its first '-', '_' or '.' (`SOL-USD_1d.csv` is SOL).
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

    /// First date to use (`YYYY-MM-DD`, inclusive).
    #[arg(long)]
    pub from: Option<String>,

    /// Last date to use (`YYYY-MM-DD`, inclusive).
    #[arg(long)]
    pub to: Option<String>,
}

fn duration_secs(text: &str) -> Option<i64> {
    let t = text.trim();
    let (digits, mult) = match t.chars().last()? {
        's' => (&t[..t.len() - 1], 1),
        'm' => (&t[..t.len() - 1], 60),
        'h' => (&t[..t.len() - 1], 3_600),
        'd' => (&t[..t.len() - 1], 86_400),
        'w' => (&t[..t.len() - 1], 604_800),
        _ => (t, 1),
    };
    let n: i64 = digits.parse().ok()?;
    (n > 0).then_some(n.checked_mul(mult)?)
}

impl DataArgs {
    /// Loads (or generates) the market, applies the window, parses the weights.
    pub fn scenario(&self) -> Result<Scenario, CliError> {
        let mut market = match &self.synthetic {
            Some(list) => {
                let names: Vec<&str> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let mut g = Generator::calibrated(&names, self.seed)?;
                g.bar_secs = duration_secs(&self.bar).ok_or_else(|| {
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
                g.market(bars)?
            }
            None => {
                let files = self
                    .files
                    .iter()
                    .map(|f| read_prices(f))
                    .collect::<Result<Vec<_>, _>>()?;
                Market::align(&files)?
            }
        };
        if self.from.is_some() || self.to.is_some() {
            let parse = |arg: &str, v: &Option<String>, default: i64| -> Result<i64, CliError> {
                match v {
                    None => Ok(default),
                    Some(s) => parse_time(s).ok_or_else(|| {
                        CliError::arg(arg, format!("bad date '{s}' (expected YYYY-MM-DD)"))
                    }),
                }
            };
            let from = parse("--from", &self.from, i64::MIN)?;
            let to = parse("--to", &self.to, i64::MAX)?;
            market = market.slice(from, to)?;
        }
        let targets = parse_weights(&self.weights, &market.names)?;
        Ok(Scenario::new(market, targets)?)
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
            duration_secs(s)
                .map(|d| d.unsigned_abs())
                .ok_or_else(|| CliError::arg(arg, format!("bad duration '{s}' (e.g. 7d, 12h)")))
        })
        .collect()
}
