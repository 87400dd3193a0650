//! `ballast keeper run`: the keeper loop (`ballast-keeper`) on a vault.
//!
//! On the embedded chain it keeps the demo vault (after `--drift-bps` moved SOL's price, so
//! that there is something to do); time is simulated: between ticks the clock moves by
//! `--interval` and the prices are published again, without sleeping.

use ballast_keeper::{
    Decision, Keeper, KeeperOptions, TestAmm, VaultOutcome, VaultReport, VaultTarget,
};
use ballast_math::Wad;

use crate::chain::{block_on, sdk, short, units, units_of, unknown_vault, ChainArgs};
use crate::status::parse_pubkey;
use crate::CliError;

/// `ballast keeper ...`
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: KeeperCommand,
}

/// The keeper's subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum KeeperCommand {
    /// Run the keeper loop on a vault.
    Run(RunArgs),
}

/// Arguments of `ballast keeper run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub chain: ChainArgs,

    /// The vault to keep (default on the embedded chain: the demo vault).
    #[arg(long)]
    pub vault: Option<String>,

    /// Ticks to run.
    #[arg(long, default_value_t = 3)]
    pub ticks: u64,

    /// Seconds between ticks (simulated on the embedded chain).
    #[arg(long, default_value_t = 10)]
    pub interval: u64,

    /// The keeper's own minimum swap, whole USD (the vault's minimum applies if larger).
    #[arg(long, default_value_t = 0)]
    pub min_notional_usd: u64,

    /// With --url: the keeper's keypair file (signer, fee payer, reward recipient). On the
    /// embedded chain a funded keeper is made up.
    #[arg(long, short = 'k')]
    pub keypair: Option<String>,
}

/// `ballast keeper run --url`: real time, real cluster, routes through the local test AMM
/// program (the only venue the keeper knows so far).
fn run_rpc(args: &RunArgs, url: &str) -> Result<(), CliError> {
    let chain = args.chain.rpc(url)?;
    let keypair = args
        .keypair
        .as_deref()
        .ok_or_else(|| CliError::arg("--keypair", "required with --url"))
        .and_then(crate::wallet::read_keypair)?;
    let target = args.chain.cluster_target(args.vault.as_deref())?;
    let vault = target.vault;
    let keeper = Keeper::new(
        keypair,
        TestAmm,
        KeeperOptions {
            min_notional: Wad::from_int(args.min_notional_usd),
            ..KeeperOptions::default()
        },
    );
    block_on(async {
        let account = match ballast_sdk::chain::require_account(&chain, &vault).await {
            Ok(account) => account,
            Err(ballast_sdk::SdkError::AccountNotFound(_)) => {
                return Err(unknown_vault(&vault, url))
            }
            Err(e) => return Err(sdk(e)),
        };
        let state = ballast_sdk::state::decode_vault(&vault, &account).map_err(|_| {
            CliError(format!(
                "{vault} is not a Ballast vault on {url}; check the address"
            ))
        })?;
        let assets: Vec<(String, u8)> = state
            .assets()
            .iter()
            .map(|a| (short(&a.mint), a.decimals))
            .collect();
        let names: Vec<String> = assets.iter().map(|a| a.0.clone()).collect();
        println!("keeper {} on {url}, vault {vault}", keeper.pubkey());
        let mut failed = None;
        for tick in 1..=args.ticks {
            let report = keeper.run_vault(&chain, &target).await;
            for s in &report.executed {
                let (sell, buy) = (&assets[s.swap.sell], &assets[s.swap.buy]);
                println!(
                    "tick {tick}: sold {} {} for {} {} (quoted), {}",
                    units(s.swap.amount_in, sell.1),
                    sell.0,
                    units(s.quoted_out, buy.1),
                    buy.0,
                    s.confirmed.signature
                );
            }
            println!("tick {tick}: {}", describe(&report, &names));
            if matches!(report.outcome, VaultOutcome::Error { .. }) {
                failed = Some(describe(&report, &names));
            }
            if tick < args.ticks {
                tokio::time::sleep(std::time::Duration::from_secs(args.interval)).await;
            }
        }
        match failed {
            Some(e) => Err(CliError(format!("keeper: {e}"))),
            None => Ok(()),
        }
    })?
}

fn describe(r: &VaultReport, names: &[String]) -> String {
    let name = |i: usize| {
        names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("asset {i}"))
    };
    match &r.outcome {
        VaultOutcome::Idle { decision } => match decision {
            Decision::StaleOracle { asset, problem } => format!(
                "skipped: the oracle of {} is unusable ({problem}); post a fresh Pyth price \
                 update",
                name(*asset)
            ),
            d => format!("idle: {d}"),
        },
        VaultOutcome::SwapLimit => "swap limit reached; continues next tick".into(),
        VaultOutcome::Refused { error, .. } => {
            format!("refused by the program ({error}); re-plans next tick")
        }
        VaultOutcome::NoRoute { swap } => {
            format!("no route for {} -> {}", name(swap.sell), name(swap.buy))
        }
        VaultOutcome::QuoteBelowBound { swap, quoted } => format!(
            "venue quotes {quoted}, below the vault's bound {}; waits for arbitrage",
            swap.min_out
        ),
        VaultOutcome::Unavailable { error } => format!("chain unavailable: {error}"),
        VaultOutcome::Error { error } => format!("error: {error}"),
    }
}

/// Runs `ballast keeper run`.
pub fn run(args: Args) -> Result<(), CliError> {
    let KeeperCommand::Run(args) = args.command;
    if args.ticks == 0 {
        return Err(CliError::arg("--ticks", "must be at least 1"));
    }
    if let Some(url) = &args.chain.url {
        return run_rpc(&args, url);
    }
    let world = args.chain.demo_world()?;
    let vault = match &args.vault {
        Some(v) => parse_pubkey("--vault", v)?,
        None => world.vault.vault(),
    };
    if world.chain.account(&vault).is_none() {
        return Err(unknown_vault(&vault, "the embedded demo chain"));
    }
    let target = VaultTarget {
        vault,
        price_accounts: world.market.price_accounts(),
    };
    let keeper = Keeper::new(
        world.chain.funded_keypair().map_err(sdk)?,
        TestAmm,
        KeeperOptions {
            min_notional: Wad::from_int(args.min_notional_usd),
            ..KeeperOptions::default()
        },
    );
    println!(
        "keeper {} on the embedded demo chain, vault {vault}",
        keeper.pubkey()
    );
    let interval = i64::try_from(args.interval).unwrap_or(i64::MAX);
    let mut failed = None;
    for tick in 1..=args.ticks {
        let report = block_on(keeper.run_vault(&world.chain, &target))?;
        for s in &report.executed {
            let name = |i: usize| world.names.get(i).cloned().unwrap_or(i.to_string());
            let decimals = |i: usize| world.market.assets[i].spec.decimals;
            println!(
                "tick {tick}: sold {} {} for {} {} (quoted), {} CU",
                units(s.swap.amount_in, decimals(s.swap.sell)),
                name(s.swap.sell),
                units(s.quoted_out, decimals(s.swap.buy)),
                name(s.swap.buy),
                units_of(&s.confirmed.logs, &ballast::ID)
            );
        }
        println!("tick {tick}: {}", describe(&report, &world.names));
        if matches!(
            report.outcome,
            VaultOutcome::Error { .. } | VaultOutcome::Unavailable { .. }
        ) {
            failed = Some(describe(&report, &world.names));
        }
        if tick < args.ticks {
            world.chain.warp(interval);
            if args.chain.oracle_age == 0 {
                world.market.publish_prices(&world.chain).map_err(sdk)?;
            }
        }
    }
    match failed {
        Some(e) => Err(CliError(format!("keeper: {e}"))),
        None => Ok(()),
    }
}
