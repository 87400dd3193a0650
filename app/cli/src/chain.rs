//! What the vault commands share: the embedded chain with the demo market, one-line messages
//! for SDK errors, compute units from logs, and an async runtime for the SDK's futures.

use std::future::Future;
use std::path::PathBuf;

use ballast_keeper::VaultTarget;
use ballast_sandbox::{DemoConfig, DemoMarket, DemoVault, EmbeddedChain, FOUR_ASSETS};
use ballast_sdk::{Pubkey, RpcChain, SdkError};

/// How long one RPC request may take.
pub const RPC_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

use crate::CliError;

/// Chain selection shared by `status` and `keeper run`.
#[derive(clap::Args, Debug, Clone)]
pub struct ChainArgs {
    /// RPC URL of a real cluster. Without it the command runs on an embedded chain (LiteSVM
    /// in this process) holding the demo market: SOL, BTC, ETH and USDC with Pyth prices, a
    /// $100,000 vault at 40/30/20/10 and a local AMM pool per pair.
    #[arg(long)]
    pub url: Option<String>,

    /// With --url: the Pyth `PriceUpdateV2` account of each asset, in vault order,
    /// comma-separated (the vault stores only feed ids).
    #[arg(long, value_delimiter = ',')]
    pub price_accounts: Vec<String>,

    /// Directory with ballast.so and ballast_test_amm.so for the embedded chain (default:
    /// $BALLAST_PROGRAMS_DIR, else the nearest target/deploy).
    #[arg(long, value_name = "DIR")]
    pub programs_dir: Option<PathBuf>,

    /// Embedded demo: move the first asset's (SOL's) price by this many bps (may be
    /// negative) before the command looks at the vault, with the pools arbitraged to it.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub drift_bps: i64,

    /// Embedded demo: let the clock run this many seconds after the prices were last
    /// published (to see how a stale oracle is handled).
    #[arg(long, default_value_t = 0)]
    pub oracle_age: u64,
}

/// The embedded chain with the demo market and vault of [`ChainArgs`].
pub struct DemoWorld {
    /// The chain.
    pub chain: EmbeddedChain,
    /// Mints, prices, pools.
    pub market: DemoMarket,
    /// The vault.
    pub vault: DemoVault,
    /// The asset names, vault order.
    pub names: Vec<String>,
}

impl ChainArgs {
    /// The RPC chain of `--url` (a loopback or remote node).
    pub fn rpc(&self, url: &str) -> Result<RpcChain, CliError> {
        Self::rpc_of(url)
    }

    /// The RPC chain of `url`.
    pub fn rpc_of(url: &str) -> Result<RpcChain, CliError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(CliError::arg(
                "--url",
                format!("'{url}' is not an http:// or https:// URL"),
            ));
        }
        Ok(RpcChain::new(url, RPC_TIMEOUT))
    }

    /// The vault a command keeps or reads on a cluster: `vault` (the command's `--vault`,
    /// required with `--url`) and the `--price-accounts`.
    pub fn cluster_target(&self, vault: Option<&str>) -> Result<VaultTarget, CliError> {
        let vault = vault
            .ok_or_else(|| CliError::arg("--vault", "required with --url"))
            .and_then(|v| crate::status::parse_pubkey("--vault", v))?;
        Ok(VaultTarget {
            vault,
            price_accounts: self.price_accounts()?,
        })
    }

    /// The `--price-accounts`, which must name one account per asset of the vault.
    pub fn price_accounts(&self) -> Result<Vec<Pubkey>, CliError> {
        if self.price_accounts.is_empty() {
            return Err(CliError::arg(
                "--price-accounts",
                "required with --url: the PriceUpdateV2 account of each asset, in vault order",
            ));
        }
        self.price_accounts
            .iter()
            .map(|p| crate::status::parse_pubkey("--price-accounts", p))
            .collect()
    }

    /// A fresh embedded chain.
    pub fn embedded_chain(&self) -> Result<EmbeddedChain, CliError> {
        new_chain(self.programs_dir.as_ref())
    }

    /// The embedded chain with the demo market, after `--drift-bps` and `--oracle-age`.
    pub fn demo_world(&self) -> Result<DemoWorld, CliError> {
        let chain = self.embedded_chain()?;
        let config = DemoConfig::default();
        let mut market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).map_err(sdk)?;
        let vault = DemoVault::create(&chain, &market, 1, &config).map_err(sdk)?;
        if self.drift_bps != 0 {
            if self.drift_bps <= -10_000 {
                return Err(CliError::arg("--drift-bps", "must be above -10000"));
            }
            let first = i128::from(market.assets[0].spec.price);
            let moved = first * (10_000 + i128::from(self.drift_bps)) / 10_000;
            let moved = i64::try_from(moved)
                .map_err(|_| CliError::arg("--drift-bps", "moves the price out of range"))?;
            market.set_price(&chain, 0, moved).map_err(sdk)?;
            market.align_pools(&chain, 2.0).map_err(sdk)?;
        }
        if self.oracle_age > 0 {
            chain.warp(i64::try_from(self.oracle_age).unwrap_or(i64::MAX));
        }
        let names = FOUR_ASSETS.iter().map(|a| a.name.to_string()).collect();
        Ok(DemoWorld {
            chain,
            market,
            vault,
            names,
        })
    }
}

/// A fresh embedded chain with the programs of `dir` (or the default place).
pub fn new_chain(dir: Option<&PathBuf>) -> Result<EmbeddedChain, CliError> {
    match dir {
        Some(dir) => EmbeddedChain::with_programs_dir(dir),
        None => EmbeddedChain::new(),
    }
    .map_err(sdk)
}

/// An SDK error as one line saying what to do.
pub fn sdk(e: SdkError) -> CliError {
    let text = match &e {
        SdkError::ProgramMissing { .. } => format!("{e}; or pass --programs-dir"),
        SdkError::Transport(_) => {
            format!("{e}; check that the cluster is reachable (--url) and try again")
        }
        SdkError::Rejected(r) => format!("the chain refused the transaction: {r}"),
        _ => e.to_string(),
    };
    CliError(text)
}

/// An address shortened for a table: its first and last four characters.
pub fn short(key: &Pubkey) -> String {
    let text = key.to_string();
    match (text.get(..4), text.get(text.len().saturating_sub(4)..)) {
        (Some(head), Some(tail)) if text.len() > 10 => format!("{head}..{tail}"),
        _ => text,
    }
}

/// An unknown vault address, as one line.
pub fn unknown_vault(vault: &Pubkey, on: &str) -> CliError {
    CliError(format!(
        "vault {vault} does not exist on {on}; check the address (`ballast status` without \
         --vault shows the demo vault)"
    ))
}

/// Compute units a program's top-level and nested invocations consumed, from the logs
/// (`Program <id> consumed N of M compute units`).
pub fn units_of(logs: &[String], program: &Pubkey) -> u64 {
    let prefix = format!("Program {program} consumed ");
    logs.iter()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// Runs a future to completion on a current-thread runtime.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError(format!("cannot start the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
}

/// `amount` base units with `decimals` as a decimal string.
pub fn units(amount: u64, decimals: u8) -> String {
    let scale = 10u128.pow(u32::from(decimals));
    let a = u128::from(amount);
    if decimals == 0 {
        return a.to_string();
    }
    format!(
        "{}.{:0width$}",
        a / scale,
        a % scale,
        width = usize::from(decimals)
    )
}

/// Dollars with thousands separators and cents.
pub fn dollars(x: f64) -> String {
    let negative = x < 0.0;
    let cents = (x.abs() * 100.0).round() as u128;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!(
        "{}${grouped}.{:02}",
        if negative { "-" } else { "" },
        cents % 100
    )
}
