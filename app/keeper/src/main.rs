//! `ballast-keeper`: keeps Ballast vaults on a cluster at their target weights.
//!
//! It talks to the cluster of `--url` (JSON-RPC): each `--vault VAULT:PRICE,...` names a
//! vault and its assets' Pyth `PriceUpdateV2` accounts in vault order; the keypair of
//! `--keypair` signs, pays the fees and receives the rewards. It ticks every `--interval`
//! seconds in real time until stopped (or `--ticks` ticks), backing off up to
//! `--max-backoff` while the cluster is unreachable; a stale oracle or a refusal skips that
//! vault for the tick and never stops the loop. (To watch a keeper on an embedded demo
//! chain, run `ballast keeper run` of the `ballast` CLI, or point `--url` at `ballast node`.)
//!
//! Every setting is a flag or an environment variable (`BALLAST_KEEPER_*`). Exit status: 0
//! when the last tick had no failure, 1 when a vault failed (unreachable chain, unexpected
//! error), 2 when the keeper could not start (bad configuration).

use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Duration;

use ballast_keeper::{
    AnyVenue, Keeper, KeeperOptions, RaydiumCpmm, Schedule, TestAmm, VaultOutcome, VaultReport,
    VaultTarget, Venue, Venues,
};
use ballast_math::Wad;
use ballast_sdk::{Pubkey, RpcChain, SdkError};
use clap::{Parser, ValueEnum};
use tracing::{error, info};

/// A vault to keep: `VAULT:PRICE,PRICE,...`, with the price account of each asset in vault
/// order (a bare `VAULT` parses, to be refused with a message saying what is missing).
#[derive(Clone, Debug, PartialEq, Eq)]
struct VaultArg {
    vault: Pubkey,
    price_accounts: Vec<Pubkey>,
}

impl std::str::FromStr for VaultArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let key = |s: &str| {
            s.trim()
                .parse::<Pubkey>()
                .map_err(|_| format!("'{}' is not a base-58 address", s.trim()))
        };
        let (vault, prices) = text.split_once(':').unwrap_or((text, ""));
        let vault = key(vault)?;
        let price_accounts = prices
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(key)
            .collect::<Result<_, _>>()?;
        Ok(VaultArg {
            vault,
            price_accounts,
        })
    }
}

/// The venues swaps are routed through (a venue's program must be on the vault's
/// allowlist; with several, each swap takes the best quote among those allowed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum VenueArg {
    /// Every venue below.
    All,
    /// The local test AMM (`ballast-test-amm`), as deployed by `ballast node` and the tests.
    TestAmm,
    /// Raydium CPMM, pools under any of its fee configs (`--cpmm-config` to name others).
    RaydiumCpmm,
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
    about = "Keeps Ballast vaults on a cluster at their target weights (for an embedded demo \
             chain: `ballast keeper run`)"
)]
struct Args {
    /// RPC URL of the cluster (required; `ballast node` serves a local one).
    #[arg(long, env = "BALLAST_KEEPER_URL")]
    url: Option<String>,

    /// The keeper's keypair file (signer, fee payer, reward recipient).
    #[arg(long, short = 'k', env = "BALLAST_KEEPER_KEYPAIR")]
    keypair: Option<PathBuf>,

    /// A vault to keep, `VAULT:PRICE,PRICE,...` with each asset's Pyth price account in
    /// vault order (repeatable; `;`-separated in the environment).
    #[arg(long = "vault", env = "BALLAST_KEEPER_VAULTS", value_delimiter = ';')]
    vaults: Vec<VaultArg>,

    /// The venues to route swaps through.
    #[arg(long, value_enum, default_value_t = VenueArg::All, env = "BALLAST_KEEPER_VENUE")]
    venue: VenueArg,

    /// Raydium CPMM `AmmConfig` accounts to look for pools under (repeatable; default: the
    /// configs of indices 0 to 15).
    #[arg(
        long = "cpmm-config",
        env = "BALLAST_KEEPER_CPMM_CONFIGS",
        value_delimiter = ';'
    )]
    cpmm_configs: Vec<Pubkey>,

    /// Send every swap in its own transaction (by default the swaps that clear at once go
    /// together when they fit one transaction).
    #[arg(long, env = "BALLAST_KEEPER_NO_BATCH")]
    no_batch: bool,

    /// Longest wait between ticks while the cluster is unreachable, seconds.
    #[arg(long, default_value_t = 60, env = "BALLAST_KEEPER_MAX_BACKOFF")]
    max_backoff: u64,

    /// Timeout of one RPC request, seconds.
    #[arg(long, default_value_t = 30, env = "BALLAST_KEEPER_RPC_TIMEOUT")]
    rpc_timeout: u64,

    /// Seconds between ticks.
    #[arg(long, default_value_t = 10, env = "BALLAST_KEEPER_INTERVAL")]
    interval: u64,

    /// Run one tick and exit.
    #[arg(long, env = "BALLAST_KEEPER_ONCE")]
    once: bool,

    /// Ticks to run, then exit (default: forever; ignored with --once).
    #[arg(long, env = "BALLAST_KEEPER_TICKS")]
    ticks: Option<u64>,

    /// The keeper's own minimum swap, whole USD (the vault's minimum applies if larger).
    #[arg(long, default_value_t = 0, env = "BALLAST_KEEPER_MIN_NOTIONAL_USD")]
    min_notional_usd: u64,

    /// Most swaps per vault per tick.
    #[arg(long, default_value_t = 16, env = "BALLAST_KEEPER_MAX_SWAPS_PER_TICK")]
    max_swaps_per_tick: usize,

    /// Surplus over the vault's bound to wait for before filling, bps of the venue's quote
    /// (the keeper's reward comes out of it; 0 fills as soon as the auction allows).
    #[arg(long, default_value_t = 0, env = "BALLAST_KEEPER_MIN_SURPLUS_BPS")]
    min_surplus_bps: u16,

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
            VaultOutcome::QuoteBelowBound { quoted, swap } => format!(
                "venue quote {quoted} below the widest bound {}",
                swap.min_out_at_max
            ),
            VaultOutcome::AuctionWait { clears_at, .. } => {
                format!("the auction allows the venue's price at {clears_at}")
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

fn options(args: &Args) -> KeeperOptions {
    KeeperOptions {
        min_notional: Wad::from_int(args.min_notional_usd),
        max_swaps_per_tick: args.max_swaps_per_tick,
        min_surplus_bps: args.min_surplus_bps,
        batch: !args.no_batch,
        ..KeeperOptions::default()
    }
}

/// The venues of `--venue` (and `--cpmm-config`).
fn venues(args: &Args) -> Venues {
    let cpmm = if args.cpmm_configs.is_empty() {
        RaydiumCpmm::default()
    } else {
        RaydiumCpmm::with_configs(args.cpmm_configs.clone())
    };
    match args.venue {
        VenueArg::All => Venues::new(vec![
            AnyVenue::RaydiumCpmm(cpmm),
            AnyVenue::TestAmm(TestAmm),
        ]),
        VenueArg::TestAmm => Venues::new(vec![AnyVenue::TestAmm(TestAmm)]),
        VenueArg::RaydiumCpmm => Venues::new(vec![AnyVenue::RaydiumCpmm(cpmm)]),
    }
}

/// The keeper on a cluster: real time, until `--ticks` ticks or forever.
async fn run_rpc(args: &Args) -> Result<bool, SdkError> {
    let url = args.url.as_deref().ok_or_else(|| {
        SdkError::InvalidInput(
            "--url is required: the cluster's RPC URL (`ballast node` serves a local one; \
             `ballast keeper run` keeps the demo vault of an embedded chain)"
                .into(),
        )
    })?;
    let keypair_path = args.keypair.as_ref().ok_or_else(|| {
        SdkError::InvalidInput("--keypair is required with --url (the keeper's signer)".into())
    })?;
    let keypair = ballast_sdk::keyfile::read(keypair_path)?;
    if args.vaults.is_empty() {
        return Err(SdkError::InvalidInput(
            "--vault VAULT:PRICE,PRICE,... is required with --url".into(),
        ));
    }
    if let Some(v) = args.vaults.iter().find(|v| v.price_accounts.is_empty()) {
        return Err(SdkError::InvalidInput(format!(
            "--vault {}: name each asset's price account, VAULT:PRICE,PRICE,... in vault order",
            v.vault
        )));
    }
    let targets: Vec<VaultTarget> = args
        .vaults
        .iter()
        .map(|v| VaultTarget {
            vault: v.vault,
            price_accounts: v.price_accounts.clone(),
        })
        .collect();
    let chain = RpcChain::new(url, Duration::from_secs(args.rpc_timeout.max(1)));
    keep(
        args,
        &chain,
        &targets,
        Keeper::new(keypair, venues(args), options(args)),
    )
    .await
}

/// Runs `keeper` on `targets` until the schedule of `args` ends.
async fn keep<V: Venue>(
    args: &Args,
    chain: &RpcChain,
    targets: &[VaultTarget],
    keeper: Keeper<V>,
) -> Result<bool, SdkError> {
    info!(keeper = %keeper.pubkey(), url = chain.url(), venue = %keeper.venue().name(), vaults = targets.len(), "keeping vaults on a cluster");
    let schedule = Schedule {
        interval: Duration::from_secs(args.interval),
        max_backoff: Duration::from_secs(args.max_backoff.max(args.interval)),
        max_ticks: if args.once { Some(1) } else { args.ticks },
    };
    let reports = keeper.run(chain, targets, &schedule).await;
    Ok(summary(&reports))
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logging(args.log_format);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            error!(error = %e, "cannot start the async runtime");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(run_rpc(&args));
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            error!(error = %e, "keeper stopped");
            ExitCode::from(2)
        }
    }
}
