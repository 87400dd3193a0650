//! Where a vault command runs. Each command is written once, over any [`CliChain`]
//! ([`VaultCommand`]); [`dispatch`] runs it either on a cluster (`--url`: `RpcChain`) or on
//! the embedded chain holding the demo market (`ballast-sandbox`, living only for the
//! command), where a faucet first funds the command's wallet, as `ballast airdrop` would on
//! devnet or `ballast node`. Then it is the same path.

use std::future::Future;
use std::path::PathBuf;

use ballast::state::Vault;
use ballast_keeper::VaultTarget;
use ballast_sandbox::{DemoConfig, DemoMarket, DemoVault, EmbeddedChain, FOUR_ASSETS};
use ballast_sdk::chain::Chain;
use ballast_sdk::ix::VaultAccounts;
use ballast_sdk::state::decode_vault;
use ballast_sdk::{Pubkey, RpcChain, SdkError, SdkResult};

use crate::format::{parse_pubkey, short};
use crate::CliError;

/// How long one RPC request may take.
pub const RPC_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// What messages call the embedded chain.
pub const EMBEDDED: &str = "the embedded demo chain";
/// Lamports the faucet gives a wallet on the embedded chain, for fees and rent.
const FAUCET_LAMPORTS: u64 = 10_000_000_000;

/// Chain selection shared by the vault commands.
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

    /// Embedded demo: the DEX of the market's pools (set by the commands that choose it).
    #[arg(skip)]
    pub venue: ballast_sandbox::DemoVenue,
}

/// The RPC chain of `url` (a loopback or remote node).
pub fn rpc_chain(url: &str) -> Result<RpcChain, CliError> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(CliError::arg(
            "--url",
            format!("'{url}' is not an http:// or https:// URL"),
        ));
    }
    Ok(RpcChain::new(url, RPC_TIMEOUT))
}

/// The embedded chain with the demo market and its vault.
pub struct DemoWorld {
    /// The chain.
    pub chain: EmbeddedChain,
    /// Mints, prices, pools.
    pub market: DemoMarket,
    /// The demo vault.
    pub vault: DemoVault,
    /// The asset names, vault order.
    pub names: Vec<String>,
}

impl DemoWorld {
    /// The demo market and vault on a fresh embedded chain with the programs of
    /// `args.programs_dir`, after `--drift-bps` and `--oracle-age`.
    pub fn open(args: &ChainArgs) -> Result<Self, CliError> {
        let chain = match &args.programs_dir {
            Some(dir) => EmbeddedChain::with_programs_dir(dir),
            None => EmbeddedChain::new(),
        }
        .map_err(sdk)?;
        let config = DemoConfig {
            venue: args.venue,
            ..DemoConfig::default()
        };
        let mut market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).map_err(sdk)?;
        let vault = DemoVault::create(&chain, &market, 1, &config).map_err(sdk)?;
        if args.drift_bps != 0 {
            if args.drift_bps <= -10_000 {
                return Err(CliError::arg("--drift-bps", "must be above -10000"));
            }
            let first = i128::from(market.assets[0].spec.price);
            let moved = first * (10_000 + i128::from(args.drift_bps)) / 10_000;
            let moved = i64::try_from(moved)
                .map_err(|_| CliError::arg("--drift-bps", "moves the price out of range"))?;
            market.set_price(&chain, 0, moved).map_err(sdk)?;
            market.align_pools(&chain, 2.0).map_err(sdk)?;
        }
        if args.oracle_age > 0 {
            chain.warp(i64::try_from(args.oracle_age).unwrap_or(i64::MAX));
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

/// A vault command's view of where it runs.
pub struct Session<C> {
    /// The chain.
    pub chain: C,
    /// Where, for messages: the cluster's URL or [`EMBEDDED`].
    pub on: String,
    /// Asset names in vault order (the demo's on the embedded chain; none on a cluster,
    /// where assets are named by their mints).
    pub names: Vec<String>,
    /// Each asset's price account (`--price-accounts`, or the demo market's).
    price_accounts: Vec<Pubkey>,
    /// The demo world's market and vault, on the embedded chain.
    demo: Option<(DemoMarket, Pubkey)>,
    /// Whether time passing also republishes the prices (not with `--oracle-age`).
    republish: bool,
    /// The demo vault's manager, on the embedded chain (what the governance commands sign
    /// with when no keypair is given there).
    demo_manager: Option<ballast_sdk::Keypair>,
}

/// What a command needs from a chain besides [`Chain`]: letting time pass between ticks.
pub trait CliChain: Chain {
    /// Lets `secs` seconds pass: real time on a cluster; on the embedded chain the clock
    /// moves at once and the demo market publishes its prices again (when `market` is
    /// given).
    fn pass_time(
        &self,
        secs: u64,
        market: Option<&DemoMarket>,
    ) -> impl Future<Output = SdkResult<()>>;
}

impl CliChain for RpcChain {
    async fn pass_time(&self, secs: u64, _market: Option<&DemoMarket>) -> SdkResult<()> {
        tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
        Ok(())
    }
}

impl CliChain for EmbeddedChain {
    async fn pass_time(&self, secs: u64, market: Option<&DemoMarket>) -> SdkResult<()> {
        self.warp(i64::try_from(secs).unwrap_or(i64::MAX));
        match market {
            Some(market) => market.publish_prices(self),
            None => Ok(()),
        }
    }
}

/// A command written once for every chain.
pub trait VaultCommand {
    /// Runs the command on `session`.
    fn run<C: CliChain>(&self, session: &Session<C>) -> impl Future<Output = Result<(), CliError>>;
}

/// A wallet the faucet funds before the command runs on the embedded chain: SOL for fees
/// and `usd` dollars of every demo asset in its associated token accounts.
pub struct Funding {
    /// The wallet.
    pub wallet: Pubkey,
    /// Dollars of each asset.
    pub usd: u64,
}

/// Runs `command` where `args` says: on the cluster of `--url`, or on the embedded demo
/// chain after the faucet funded `funding`.
pub fn dispatch(
    args: &ChainArgs,
    funding: Option<Funding>,
    command: &impl VaultCommand,
) -> Result<(), CliError> {
    match &args.url {
        Some(url) => {
            let session = Session {
                chain: rpc_chain(url)?,
                on: url.clone(),
                names: Vec::new(),
                price_accounts: args
                    .price_accounts
                    .iter()
                    .map(|p| parse_pubkey("--price-accounts", p))
                    .collect::<Result<_, _>>()?,
                demo: None,
                republish: false,
                demo_manager: None,
            };
            block_on(command.run(&session))?
        }
        None => {
            let world = DemoWorld::open(args)?;
            if let Some(funding) = funding {
                world
                    .chain
                    .airdrop(&funding.wallet, FAUCET_LAMPORTS)
                    .map_err(sdk)?;
                (world.market.faucet(funding.usd))(&world.chain, &funding.wallet).map_err(sdk)?;
            }
            let session = Session {
                chain: world.chain,
                on: EMBEDDED.to_string(),
                names: world.names,
                price_accounts: world.market.price_accounts(),
                demo: Some((world.market, world.vault.vault())),
                republish: args.oracle_age == 0,
                demo_manager: Some(world.vault.manager),
            };
            block_on(command.run(&session))?
        }
    }
}

impl<C: CliChain> Session<C> {
    /// Whether this is the embedded demo chain.
    pub fn is_embedded(&self) -> bool {
        self.demo.is_some()
    }

    /// The demo market's mints and price accounts, on the embedded chain.
    pub fn demo_assets(&self) -> Option<(Vec<Pubkey>, Vec<Pubkey>)> {
        self.demo.as_ref().map(|(market, _)| {
            let mints = market.assets.iter().map(|a| a.mint).collect();
            (mints, market.price_accounts())
        })
    }

    /// The `--price-accounts` (the demo market's on the embedded chain).
    pub fn price_accounts(&self) -> Result<Vec<Pubkey>, CliError> {
        if self.price_accounts.is_empty() {
            return Err(CliError::arg(
                "--price-accounts",
                "required with --url: the PriceUpdateV2 account of each asset, in vault order",
            ));
        }
        Ok(self.price_accounts.clone())
    }

    /// The vault a command works on: `vault` (its `--vault`), the demo vault by default on
    /// the embedded chain.
    pub fn vault_address(&self, vault: Option<&str>) -> Result<Pubkey, CliError> {
        match (vault, &self.demo) {
            (Some(v), _) => parse_pubkey("--vault", v),
            (None, Some((_, demo_vault))) => Ok(*demo_vault),
            (None, None) => Err(CliError::arg("--vault", "required with --url")),
        }
    }

    /// The demo vault's manager, on the embedded chain.
    pub fn demo_manager(&self) -> Option<&ballast_sdk::Keypair> {
        self.demo_manager.as_ref()
    }

    /// The vault a command works on ([`Session::vault_address`]) with the session's price
    /// accounts.
    pub fn target(&self, vault: Option<&str>) -> Result<VaultTarget, CliError> {
        let vault = self.vault_address(vault)?;
        Ok(VaultTarget {
            vault,
            price_accounts: self.price_accounts()?,
        })
    }

    /// Reads the vault of `target`: its accounts (with the target's price accounts) and
    /// state, with one-line errors for a missing or foreign account.
    pub async fn vault(&self, target: &VaultTarget) -> Result<(VaultAccounts, Vault), CliError> {
        let address = target.vault;
        let account = self
            .chain
            .get_account(&address)
            .await
            .map_err(sdk)?
            .ok_or_else(|| unknown_vault(&address, &self.on))?;
        let state = decode_vault(&address, &account).map_err(|_| {
            CliError(format!(
                "{address} is not a Ballast vault on {}; check the address",
                self.on
            ))
        })?;
        let accounts =
            VaultAccounts::from_state(address, &state, &target.price_accounts).map_err(sdk)?;
        Ok((accounts, state))
    }

    /// Asset `i`'s name: the demo's, else its mint shortened.
    pub fn name(&self, i: usize, mint: &Pubkey) -> String {
        self.names.get(i).cloned().unwrap_or_else(|| short(mint))
    }

    /// Lets `secs` seconds pass between keeper ticks ([`CliChain::pass_time`]).
    pub async fn pass_time(&self, secs: u64) -> Result<(), CliError> {
        let market = self
            .demo
            .as_ref()
            .filter(|_| self.republish)
            .map(|(m, _)| m);
        self.chain.pass_time(secs, market).await.map_err(sdk)
    }
}

/// Runs a future to completion on a current-thread runtime.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError(format!("cannot start the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
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

/// An unknown vault address, as one line.
pub fn unknown_vault(vault: &Pubkey, on: &str) -> CliError {
    CliError(format!(
        "vault {vault} does not exist on {on}; check the address (`ballast status` without \
         --vault shows the demo vault)"
    ))
}
