//! The demo's price path: the seeded generator calibrated on real daily closes
//! (`ballast_backtest::generator`), or real closes from CSV files (`--prices`), as price
//! mantissas at the demo's exponent.

use ballast_backtest::generator::Generator;
use ballast_backtest::{parse_weights, read_prices, Market};
use ballast_sandbox::{DemoAsset, FOUR_ASSETS};

use super::Args;
use crate::CliError;

/// The price path: asset specs (start prices) and a price per day and asset.
pub struct PricePath {
    pub specs: Vec<DemoAsset>,
    pub names: Vec<String>,
    /// `prices[t][i]`, price mantissas at the demo exponent (-8).
    pub prices: Vec<Vec<i64>>,
    /// Seconds between day `t - 1` and day `t` (index 0 unused).
    pub steps: Vec<i64>,
    pub source: String,
}

fn mantissa(usd: f64) -> Option<i64> {
    let m = (usd * 1e8).round();
    (1.0..9.0e18).contains(&m).then_some(m as i64)
}

fn leak(name: &str) -> &'static str {
    Box::leak(name.to_string().into_boxed_str())
}

/// Day 0 to day `days` of the seeded generator calibrated on real daily closes
/// (`ballast_backtest::generator`), as price mantissas at the demo exponent starting from
/// each spec's price: `prices[t][i]`.
pub fn generated_prices(
    specs: &[DemoAsset],
    seed: u64,
    days: usize,
) -> Result<Vec<Vec<i64>>, CliError> {
    let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
    let market = Generator::calibrated(&names, seed)?.market(days + 1)?;
    Ok((0..market.bars())
        .map(|t| {
            specs
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let rel = market.bar(t)[i] / market.bar(0)[i];
                    mantissa(s.price as f64 * 1e-8 * rel).unwrap_or(1)
                })
                .collect()
        })
        .collect())
}

pub fn price_path(args: &Args) -> Result<PricePath, CliError> {
    if args.days < 4 {
        return Err(CliError::arg("--days", "must be at least 4"));
    }
    if args.prices.is_empty() {
        let names: Vec<String> = FOUR_ASSETS.iter().map(|a| a.name.to_string()).collect();
        let mut specs = FOUR_ASSETS.to_vec();
        if let Some(w) = &args.weights {
            for (s, bps) in specs.iter_mut().zip(parse_weights(w, &names)?) {
                s.weight_bps = bps;
            }
        }
        let prices = generated_prices(&specs, args.seed, args.days)?;
        return Ok(PricePath {
            specs,
            names,
            prices,
            steps: vec![86_400; args.days + 1],
            source: format!(
                "seeded generator (seed {}), calibrated daily closes",
                args.seed
            ),
        });
    }
    let files = args
        .prices
        .iter()
        .map(|f| read_prices(f))
        .collect::<Result<Vec<_>, _>>()?;
    let market = Market::align(&files)?;
    if market.assets() < 2 || market.assets() > 8 {
        return Err(CliError::arg(
            "--prices",
            "give 2 to 8 price files (one per asset)",
        ));
    }
    let bars = market.bars().min(args.days + 1);
    if bars < 5 {
        return Err(CliError::arg(
            "--prices",
            format!("only {} common dates; need at least 5", market.bars()),
        ));
    }
    let names = market.names.clone();
    let weights: Vec<u16> = match &args.weights {
        Some(w) => parse_weights(w, &names)?,
        None => {
            let demo: Option<Vec<u16>> = names
                .iter()
                .map(|n| {
                    FOUR_ASSETS
                        .iter()
                        .find(|a| a.name.eq_ignore_ascii_case(n))
                        .map(|a| a.weight_bps)
                })
                .collect();
            match demo.filter(|w| w.iter().map(|&x| u32::from(x)).sum::<u32>() == 10_000) {
                Some(w) => w,
                None => {
                    let n = names.len() as u16;
                    let mut w = vec![10_000 / n; names.len()];
                    w[0] += 10_000 - (10_000 / n) * n;
                    w
                }
            }
        }
    };
    let mut prices = Vec::with_capacity(bars);
    for t in 0..bars {
        let row = market.bar(t);
        let mut out = Vec::with_capacity(row.len());
        for (i, &p) in row.iter().enumerate() {
            out.push(mantissa(p).ok_or_else(|| {
                CliError::arg(
                    "--prices",
                    format!("{}: price {p} on bar {t} does not fit 8 decimals", names[i]),
                )
            })?);
        }
        prices.push(out);
    }
    let specs = names
        .iter()
        .zip(&weights)
        .enumerate()
        .map(|(i, (n, &w))| {
            let decimals = FOUR_ASSETS
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(n))
                .map_or(8, |a| a.decimals);
            DemoAsset {
                name: leak(n),
                decimals,
                weight_bps: w,
                price: prices[0][i],
                conf: 0,
            }
        })
        .collect();
    let mut steps = vec![86_400];
    steps.extend((1..bars).map(|t| market.times[t] - market.times[t - 1]));
    Ok(PricePath {
        specs,
        names,
        prices,
        steps,
        source: format!(
            "{} ({} .. {})",
            args.prices.join(", "),
            ballast_backtest::time::format_time(market.times[0]),
            ballast_backtest::time::format_time(market.times[bars - 1])
        ),
    })
}
