//! `ballast-keeper`: keeps Ballast vaults at their target weights.
//!
//! Only the embedded chain exists for now (an RPC chain comes with the SDK's RPC client):
//! the binary builds a demo market on an in-process LiteSVM chain (a 4-asset vault with
//! deep pools of the local AMM), moves the first asset's price by `--drift-bps` so that a
//! rebalance is due, and keeps the demo vault. On the embedded chain time is simulated:
//! each tick advances the chain clock by `--interval` and re-publishes the prices, without
//! sleeping.
//!
//! Every setting is a flag or an environment variable (`BALLAST_KEEPER_*`).

use std::path::PathBuf;
use std::process::ExitCode;

use ballast_keeper::{Keeper, KeeperOptions, VaultOutcome, VaultReport, VaultTarget};
use ballast_math::Wad;
use ballast_sdk::demo::{DemoConfig, DemoMarket, DemoVault, FOUR_ASSETS};
use ballast_sdk::{EmbeddedChain, Pubkey, SdkError};
use clap::{Parser, ValueEnum};
use tracing::{error, info};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ChainKind {
    /// An in-process LiteSVM chain with a demo market.
    Embedded,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Parser)]
#[command(
    name = "ballast-keeper",
    version,
    about = "Keeps Ballast vaults at their target weights"
)]
struct Args {
    /// Which chain to keep vaults on.
    #[arg(long, value_enum, default_value_t = ChainKind::Embedded, env = "BALLAST_KEEPER_CHAIN")]
    chain: ChainKind,

    /// Vaults to keep (repeatable; comma-separated in the environment). On the embedded
    /// chain the default is the demo vault, the only one there.
    #[arg(long = "vault", env = "BALLAST_KEEPER_VAULTS", value_delimiter = ',')]
    vaults: Vec<Pubkey>,

    /// Seconds between ticks.
    #[arg(long, default_value_t = 10, env = "BALLAST_KEEPER_INTERVAL")]
    interval: u64,

    /// Run one tick and exit.
    #[arg(long, env = "BALLAST_KEEPER_ONCE")]
    once: bool,

    /// Ticks to run on the embedded chain (ignored with --once).
    #[arg(long, default_value_t = 3, env = "BALLAST_KEEPER_TICKS")]
    ticks: u64,

    /// The keeper's own minimum swap, whole USD (the vault's minimum applies if larger).
    #[arg(long, default_value_t = 0, env = "BALLAST_KEEPER_MIN_NOTIONAL_USD")]
    min_notional_usd: u64,

    /// Most swaps per vault per tick.
    #[arg(long, default_value_t = 16, env = "BALLAST_KEEPER_MAX_SWAPS_PER_TICK")]
    max_swaps_per_tick: usize,

    /// Directory with ballast.so and ballast_test_amm.so (default: the workspace's
    /// target/deploy, or $BALLAST_PROGRAMS_DIR).
    #[arg(long, env = "BALLAST_KEEPER_PROGRAMS_DIR")]
    programs_dir: Option<PathBuf>,

    /// Embedded demo: how far the first asset's price moves before the keeper starts, bps.
    #[arg(long, default_value_t = 5_000, env = "BALLAST_KEEPER_DRIFT_BPS")]
    drift_bps: u32,

    /// Log line format.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, env = "BALLAST_KEEPER_LOG_FORMAT")]
    log_format: LogFormat,
}

fn init_logging(format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_target(false);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

fn summary(reports: &[VaultReport]) -> bool {
    let mut ok = true;
    for r in reports {
        let outcome = match &r.outcome {
            VaultOutcome::Idle { decision } => format!("idle ({decision})"),
            VaultOutcome::SwapLimit => "swap limit reached".to_string(),
            VaultOutcome::Refused { error, .. } => format!("refused ({error}); re-plans next tick"),
            VaultOutcome::NoRoute { swap } => format!("no route for {} -> {}", swap.sell, swap.buy),
            VaultOutcome::QuoteBelowBound { quoted, swap } => {
                format!("venue quote {quoted} below the bound {}", swap.min_out)
            }
            VaultOutcome::Unavailable { error } | VaultOutcome::Error { error } => {
                ok = false;
                format!("failed: {error}")
            }
        };
        info!(vault = %r.vault, swaps = r.executed.len(), outcome = %outcome, "vault summary");
    }
    ok
}

async fn run_embedded(args: &Args) -> Result<bool, SdkError> {
    let chain = match &args.programs_dir {
        Some(dir) => EmbeddedChain::with_programs_dir(dir)?,
        None => EmbeddedChain::new()?,
    };
    let config = DemoConfig::default();
    let mut market = DemoMarket::create(&chain, &FOUR_ASSETS, &config)?;
    let vault = DemoVault::create(&chain, &market, 1, &config)?;
    info!(vault = %vault.vault(), assets = market.assets.len(), pools = market.pools.len(), "embedded demo market ready");
    let first = market.assets[0].spec.price;
    let moved = i128::from(first) * (10_000 + i128::from(args.drift_bps)) / 10_000;
    let moved =
        i64::try_from(moved).map_err(|_| SdkError::InvalidInput("drift too large".into()))?;
    market.set_price(&chain, 0, moved)?;
    market.align_pools(&chain, 2.0)?;
    info!(
        asset = market.assets[0].spec.name,
        from = first,
        to = moved,
        "price moved; pools arbitraged"
    );

    let targets: Vec<VaultTarget> = if args.vaults.is_empty() {
        vec![VaultTarget {
            vault: vault.vault(),
            price_accounts: market.price_accounts(),
        }]
    } else {
        args.vaults
            .iter()
            .map(|&v| VaultTarget {
                vault: v,
                price_accounts: market.price_accounts(),
            })
            .collect()
    };
    let keypair = chain.funded_keypair()?;
    let keeper = Keeper::new(
        keypair,
        KeeperOptions {
            min_notional: Wad::from_int(args.min_notional_usd),
            max_swaps_per_tick: args.max_swaps_per_tick,
            ..KeeperOptions::default()
        },
    );
    let ticks = if args.once { 1 } else { args.ticks.max(1) };
    let interval = i64::try_from(args.interval).unwrap_or(i64::MAX);
    let mut ok = true;
    for tick in 1..=ticks {
        let reports = keeper.run_once(&chain, &targets).await;
        info!(tick, "tick done");
        ok &= summary(&reports);
        if tick < ticks {
            // Simulated time: the clock moves by the interval, the oracle publishes again.
            chain.warp(interval);
            market.publish_prices(&chain)?;
        }
    }
    Ok(ok)
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logging(args.log_format);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            error!(error = %e, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let result = match args.chain {
        ChainKind::Embedded => runtime.block_on(run_embedded(&args)),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            error!(error = %e, "keeper stopped");
            ExitCode::from(2)
        }
    }
}
