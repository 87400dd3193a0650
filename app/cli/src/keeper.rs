//! `ballast keeper run`: the keeper loop (`ballast-keeper`) on a vault, for `--ticks`
//! ticks, routing each swap through the best of the venues of `--venue` that the vault
//! allows (the local test AMM, Raydium CPMM, or both).
//!
//! On a cluster the ticks are `--interval` seconds apart in real time and `--keypair` signs.
//! On the embedded chain it keeps the demo vault (after `--drift-bps` moved SOL's price, so
//! that there is something to do; its pools are Raydium CPMM's with `--venue raydium-cpmm`,
//! the test AMM's otherwise) with a keeper the faucet funds; time is simulated there:
//! between ticks the clock moves by `--interval` and the prices are published again,
//! without sleeping.

use ballast_keeper::{
    AnyVenue, Decision, Keeper, KeeperOptions, RaydiumCpmm, TestAmm, VaultOutcome, VaultReport,
    VaultTarget, Venues,
};
use ballast_math::Wad;
use ballast_sandbox::DemoVenue;
use ballast_sdk::{Keypair, Signer};

use crate::format::units;
use crate::session::{dispatch, ChainArgs, CliChain, Funding, Session, VaultCommand};
use crate::wallet::{landed, read_keypair};
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
    /// embedded chain a keeper is made up and funded by the faucet.
    #[arg(long, short = 'k')]
    pub keypair: Option<String>,

    /// The venues to route through: all (the best quote among those the vault allows),
    /// test-amm or raydium-cpmm. On the embedded chain, raydium-cpmm also puts the demo
    /// market's pools on Raydium CPMM.
    #[arg(long, value_enum, default_value_t = VenueChoice::All)]
    pub venue: VenueChoice,

    /// Send every swap in its own transaction (by default the swaps that clear at once go
    /// together when they fit one transaction).
    #[arg(long)]
    pub no_batch: bool,
}

/// `--venue` of `ballast keeper run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum VenueChoice {
    /// Every venue the keeper knows.
    All,
    /// The local test AMM.
    TestAmm,
    /// Raydium CPMM (any of its fee configs).
    RaydiumCpmm,
}

impl VenueChoice {
    fn venues(self) -> Venues {
        match self {
            VenueChoice::All => Venues::all(),
            VenueChoice::TestAmm => Venues::new(vec![AnyVenue::TestAmm(TestAmm)]),
            VenueChoice::RaydiumCpmm => {
                Venues::new(vec![AnyVenue::RaydiumCpmm(RaydiumCpmm::default())])
            }
        }
    }
}

struct KeeperRun<'a> {
    args: &'a RunArgs,
    keeper: Keeper<Venues>,
}

impl VaultCommand for KeeperRun<'_> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let target: VaultTarget = session.target(self.args.vault.as_deref())?;
        let (_, state) = session.vault(&target).await?;
        let assets: Vec<(String, u8)> = state
            .assets()
            .iter()
            .enumerate()
            .map(|(i, a)| (session.name(i, &a.mint), a.decimals))
            .collect();
        let names: Vec<String> = assets.iter().map(|a| a.0.clone()).collect();
        println!(
            "keeper {} on {}, vault {}",
            self.keeper.pubkey(),
            session.on,
            target.vault
        );
        let mut failed = None;
        for tick in 1..=self.args.ticks {
            let report = self.keeper.run_vault(&session.chain, &target).await;
            if let Some(opened) = &report.opened {
                println!("tick {tick}: opened a rebalance round, {}", landed(opened));
            }
            for s in &report.executed {
                let (sell, buy) = (&assets[s.swap.sell], &assets[s.swap.buy]);
                let batch = if s.batch_size > 1 {
                    format!(
                        " (swap {} of {} in one transaction)",
                        s.position + 1,
                        s.batch_size
                    )
                } else {
                    String::new()
                };
                let landed = if s.confirmed.logs.is_empty() {
                    s.confirmed.signature.to_string()
                } else {
                    format!("{} CU", s.compute_units().0)
                };
                println!(
                    "tick {tick}: sold {} {} for {} {} (quoted) on {}, {landed}{batch}",
                    units(s.swap.amount_in, sell.1),
                    sell.0,
                    units(s.quoted_out, buy.1),
                    buy.0,
                    s.venue,
                );
            }
            println!("tick {tick}: {}", describe(&report, &names));
            if matches!(
                report.outcome,
                VaultOutcome::Error { .. } | VaultOutcome::Unavailable { .. }
            ) {
                failed = Some(describe(&report, &names));
            }
            if tick < self.args.ticks {
                session.pass_time(self.args.interval).await?;
            }
        }
        match failed {
            Some(e) => Err(CliError(format!("keeper: {e}"))),
            None => Ok(()),
        }
    }
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
            "venue quotes {quoted}, below the vault's widest bound {}; waits for arbitrage",
            swap.min_out_at_max
        ),
        VaultOutcome::AuctionWait { clears_at, .. } => {
            format!("the round's auction allows the venue's price at {clears_at}")
        }
        VaultOutcome::Unavailable { error } => format!("chain unavailable: {error}"),
        VaultOutcome::Error { error } => format!("error: {error}"),
    }
}

/// Runs `ballast keeper run`.
pub fn run(args: Args) -> Result<(), CliError> {
    let KeeperCommand::Run(mut args) = args.command;
    if args.venue == VenueChoice::RaydiumCpmm {
        args.chain.venue = DemoVenue::RaydiumCpmm;
    }
    if args.ticks == 0 {
        return Err(CliError::arg("--ticks", "must be at least 1"));
    }
    let keypair = match (&args.keypair, &args.chain.url) {
        (Some(path), _) => read_keypair(path)?,
        (None, Some(_)) => return Err(CliError::arg("--keypair", "required with --url")),
        (None, None) => Keypair::new(),
    };
    let funding = Funding {
        wallet: keypair.pubkey(),
        usd: 0,
    };
    let options = KeeperOptions {
        min_notional: Wad::from_int(args.min_notional_usd),
        batch: !args.no_batch,
        ..KeeperOptions::default()
    };
    let command = KeeperRun {
        args: &args,
        keeper: Keeper::new(keypair, args.venue.venues(), options),
    };
    dispatch(&args.chain, Some(funding), &command)
}
