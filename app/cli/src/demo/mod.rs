//! `ballast demo`: a year of a vault's life on the embedded chain.
//!
//! The simulation is the sandbox's (`ballast_sandbox::demo`): a 4-asset vault (SOL, BTC,
//! ETH, USDC test mints with their real decimals, 40/30/20/10) funded with $100,000 at its
//! targets, a $5M-a-side pool per pair (of the local test AMM, or with `--venue
//! raydium-cpmm` of Raydium CPMM: a source build of a pinned commit, under its standard
//! 0.25 % config), and a seeded calibrated price path
//! (`ballast_backtest::generator`) or real closes (`--prices`): every day the clock moves,
//! new `PriceUpdateV2` accounts are published, an arbitrageur brings the pools to the
//! oracle, the keeper (`ballast-keeper`) rebalances when the policy says so, and wallets
//! deposit and redeem on a schedule. This command builds the price path ([`path`]), runs
//! it with a progress bar and renders the report ([`render`]): text, `--json`, and an SVG
//! chart.

use std::path::PathBuf;
use std::time::Instant;

use ballast_sandbox::demo::{self, DemoPlan};
use ballast_sandbox::{DemoConfig, DemoVenue, EmbeddedChain};
use indicatif::{ProgressBar, ProgressStyle};

use crate::backtest::policy_and_mode;
use crate::session::{block_on, sdk};
use crate::CliError;

pub mod path;
mod render;

/// Arguments of `ballast demo`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Seed of the price generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Days to play (at least 4).
    #[arg(long, default_value_t = 365)]
    pub days: usize,

    /// The vault's trigger policy (as in `ballast backtest`).
    #[arg(long, short = 'p', default_value = "absolute-band:band_bps=500")]
    pub policy: String,

    /// The vault's trade-target mode: full, out-of-band-to-target, to-band-edge or halfway.
    #[arg(long, short = 'm', default_value = "out-of-band-to-target")]
    pub mode: String,

    /// Real daily closes instead of the generator: one CSV per asset
    /// (`Date,Close,High,Low,Open,Volume`; the asset is named by the file name, as in
    /// `ballast backtest`). The vault holds these assets.
    #[arg(long, value_name = "PRICES.csv", num_args = 1..)]
    pub prices: Vec<String>,

    /// Target weights by asset name (default: 40/30/20/10 for SOL/BTC/ETH/USDC, equal
    /// weights for other `--prices` assets).
    #[arg(long, short = 'w')]
    pub weights: Option<String>,

    /// Where to write the SVG chart.
    #[arg(long, value_name = "FILE.svg", default_value = "ballast-demo.svg")]
    pub chart: String,

    /// Print JSON instead of the report.
    #[arg(long)]
    pub json: bool,

    /// Directory with ballast.so and ballast_test_amm.so (default: $BALLAST_PROGRAMS_DIR,
    /// else the nearest target/deploy).
    #[arg(long, value_name = "DIR")]
    pub programs_dir: Option<PathBuf>,

    /// The DEX of the market's pools: test-amm (Ballast's local AMM, 30 bps) or
    /// raydium-cpmm (Raydium CPMM at its 0.25% config: a source build of a pinned commit,
    /// not the mainnet binary, found in $BALLAST_VENUES_DIR, tests/fixtures/ or
    /// ../shared/venues/; scripts/fetch-venues.sh dumps the deployed one).
    #[arg(long, default_value = "test-amm", value_parser = parse_venue)]
    pub venue: DemoVenue,

    /// Send every swap in its own transaction (by default the keeper sends the swaps that
    /// clear at once together, when they fit one transaction).
    #[arg(long)]
    pub no_batch: bool,
}

/// A `--venue` value.
pub fn parse_venue(name: &str) -> Result<DemoVenue, String> {
    DemoVenue::parse(name).ok_or_else(|| format!("'{name}': expected test-amm or raydium-cpmm"))
}

/// Runs `ballast demo`.
pub fn run(args: Args) -> Result<(), CliError> {
    let (policy, mode) = policy_and_mode(&args.policy, &args.mode)?;
    let path = path::price_path(&args)?;
    let days = path.prices.len() - 1;
    let started = Instant::now();
    let chain = match &args.programs_dir {
        Some(dir) => EmbeddedChain::with_programs_dir(dir),
        None => EmbeddedChain::new(),
    }
    .map_err(sdk)?;
    let mut config = DemoConfig {
        venue: args.venue,
        ..DemoConfig::default()
    };
    config.keeper.batch = !args.no_batch;
    config.rebalance.policy = policy.to_bytes();
    config.rebalance.trade_target = mode.to_u8();
    let path::PricePath {
        specs,
        names,
        prices,
        steps,
        source,
    } = path;
    let plan = DemoPlan {
        specs,
        prices,
        steps,
        config,
    };
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::new(days as u64);
        pb.set_style(
            ProgressStyle::with_template("{bar:40} day {pos}/{len} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    };
    let mut progress = |day: usize| bar.set_position(day as u64);
    let done = block_on(demo::run(&chain, &plan, &mut progress))?.map_err(sdk)?;
    bar.finish_and_clear();
    render::render(&args, &plan, (&names, &source), &done, started.elapsed())
}
