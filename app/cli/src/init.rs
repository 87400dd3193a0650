//! `ballast init`: a manager (a keypair file) creates a vault, its lookup table, its escrows
//! and its rebalancing rules (`ballast_sdk::setup::create_vault`, resumable). On a cluster
//! it names the mints and their price accounts; on the embedded chain the vault holds the
//! demo assets and the faucet funds the manager first. Then it is the same path.

use ballast::state::{RebalanceRules, VaultParams};
use ballast_keeper::VaultTarget;
use ballast_math::target::TradeTarget;
use ballast_math::Policy;
use ballast_sandbox::DemoConfig;
use ballast_sdk::chain::Chain;
use ballast_sdk::ix::NewAsset;
use ballast_sdk::setup::{self, NewVault};
use ballast_sdk::state::{decode_mint, decode_price_update};
use ballast_sdk::{Keypair, Pubkey, Signer};

use crate::format::parse_pubkey;
use crate::session::{dispatch, sdk, CliChain, Session, VaultCommand};
use crate::wallet::{print_status, read_keypair, refused, WalletArgs};
use crate::CliError;

/// Arguments of `ballast init`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub wallet: WalletArgs,

    /// Vault id (a manager may have several vaults).
    #[arg(long, default_value_t = 7)]
    pub vault_id: u64,

    /// With --url: the mint of each asset, in vault order, comma-separated (with
    /// --price-accounts giving each asset's Pyth price account, whose feed the vault stores).
    #[arg(long, value_delimiter = ',')]
    pub mints: Vec<String>,

    /// Target weights summing to 1: by asset name on the embedded chain
    /// (`SOL=0.4,BTC=0.3,...`), in --mints order with --url (`0.4,0.3,...`). Default: equal.
    #[arg(long, short = 'w')]
    pub weights: Option<String>,

    /// Trigger policy (as in `ballast backtest`).
    #[arg(long, short = 'p', default_value = "absolute-band:band_bps=500")]
    pub policy: String,

    /// Trade-target mode.
    #[arg(long, short = 'm', default_value = "out-of-band-to-target")]
    pub mode: String,

    /// Oldest price `open_round` accepts (the trigger), seconds (at most 300).
    #[arg(long, default_value_t = 60)]
    pub max_oracle_age: u32,

    /// Oldest price a deposit or a swap may be valued at, seconds (at most 60 and at most
    /// --max-oracle-age): depositors and keepers post a fresh Pyth update first.
    #[arg(long, default_value_t = 10)]
    pub fresh_price_secs: u16,

    /// Widest price confidence the vault accepts, bps of the price.
    #[arg(long, default_value_t = 200)]
    pub max_conf_bps: u16,

    /// Entry spread kept for the holders on each deposit, bps (at most 100).
    #[arg(long, default_value_t = 10)]
    pub entry_spread_bps: u16,

    /// Seconds a queued change waits before it may execute (3,600 to 2,592,000).
    #[arg(long, default_value_t = 86_400)]
    pub timelock_secs: u32,

    /// Largest shortfall of a swap's output against the oracle, bps (at most 1,000),
    /// reached --auction-secs after a round opens.
    #[arg(long, default_value_t = 100)]
    pub max_slippage_bps: u16,

    /// Shortfall the swap auction allows when a round opens, bps.
    #[arg(long, default_value_t = 0)]
    pub auction_start_bps: u16,

    /// Seconds over which the swap auction widens to --max-slippage-bps (at most 300).
    #[arg(long, default_value_t = 60)]
    pub auction_secs: u32,

    /// Program ids of the DEXes rebalances may swap through, comma-separated (default: the
    /// local test AMM, the venue the keeper knows).
    #[arg(long, value_delimiter = ',')]
    pub dex: Vec<String>,
}

/// The demo rules (`DemoConfig`: slippage, caps, cooldown, reward) with the policy, mode
/// and DEX allowlist of the command line.
fn rebalance_rules(
    args: &Args,
    policy: Policy,
    mode: TradeTarget,
) -> Result<RebalanceRules, CliError> {
    let mut rules = DemoConfig::default().rebalance;
    rules.policy = policy.to_bytes();
    rules.trade_target = mode.to_u8();
    rules.max_slippage_bps = args.max_slippage_bps;
    rules.auction_start_bps = args.auction_start_bps;
    rules.auction_secs = args.auction_secs;
    if !args.dex.is_empty() {
        rules.dex_allowlist = args
            .dex
            .iter()
            .map(|d| parse_pubkey("--dex", d))
            .collect::<Result<_, _>>()?;
    }
    Ok(rules)
}

/// Target weights in bps: `NAME=W,...` by asset name, or (`positional`) `W,W,...` in
/// asset order; equal weights (the remainder to the first asset) when not given.
fn weights_of(
    text: Option<&str>,
    names: &[String],
    positional: bool,
) -> Result<Vec<u16>, CliError> {
    let n = names.len();
    let Some(text) = text else {
        let share = u16::try_from(10_000 / n.max(1)).unwrap_or(0);
        let mut w = vec![share; n];
        if let Some(first) = w.first_mut() {
            *first += 10_000 - share * u16::try_from(n).unwrap_or(0);
        }
        return Ok(w);
    };
    if !positional {
        return Ok(ballast_backtest::parse_weights(text, names)?);
    }
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    if items.len() != n {
        return Err(CliError::arg(
            "--weights",
            format!(
                "{} weights for {n} mints; give one per mint, in --mints order",
                items.len()
            ),
        ));
    }
    let named: Vec<String> = names
        .iter()
        .zip(&items)
        .map(|(name, w)| format!("{name}={w}"))
        .collect();
    Ok(ballast_backtest::parse_weights(&named.join(","), names)?)
}

/// The assets of the new vault before they are read from the chain.
struct Chosen {
    mints: Vec<Pubkey>,
    prices: Vec<Pubkey>,
    /// What `--weights` names them by.
    names: Vec<String>,
    /// Whether `--weights` is positional (`0.4,0.3,...`) rather than by name.
    positional: bool,
}

struct Init<'a> {
    args: &'a Args,
    manager: Keypair,
    rules: RebalanceRules,
}

impl Init<'_> {
    /// The mints and price accounts of the new vault, and the names weights are given by
    /// (with whether they are positional): the demo's on the embedded chain, `--mints` on a
    /// cluster.
    fn assets<C: CliChain>(&self, session: &Session<C>) -> Result<Chosen, CliError> {
        if let Some((mints, prices)) = session.demo_assets() {
            return Ok(Chosen {
                mints,
                prices,
                names: session.names.clone(),
                positional: false,
            });
        }
        if self.args.mints.is_empty() {
            return Err(CliError::arg(
                "--mints",
                "required with --url: the mint of each asset, in vault order",
            ));
        }
        let mints: Vec<Pubkey> = self
            .args
            .mints
            .iter()
            .map(|m| parse_pubkey("--mints", m))
            .collect::<Result<_, _>>()?;
        let prices = session.price_accounts()?;
        if prices.len() != mints.len() {
            return Err(CliError::arg(
                "--price-accounts",
                format!(
                    "{} price accounts for {} mints; give one per mint, in the same order",
                    prices.len(),
                    mints.len()
                ),
            ));
        }
        let names = (1..=mints.len()).map(|i| format!("mint #{i}")).collect();
        Ok(Chosen {
            mints,
            prices,
            names,
            positional: true,
        })
    }

    /// Each asset's token program (from its mint) and feed id (from its price account).
    async fn new_assets<C: CliChain>(
        &self,
        session: &Session<C>,
        mints: &[Pubkey],
        prices: &[Pubkey],
        weights: &[u16],
    ) -> Result<Vec<NewAsset>, CliError> {
        let on = &session.on;
        let mut addresses = mints.to_vec();
        addresses.extend(prices);
        let fetched = session
            .chain
            .get_multiple_accounts(&addresses)
            .await
            .map_err(sdk)?;
        let (mint_accounts, price_accounts) = fetched.split_at(mints.len());
        let mut assets = Vec::with_capacity(mints.len());
        for i in 0..mints.len() {
            let token_program = match &mint_accounts[i] {
                Some(a) => {
                    decode_mint(&mints[i], a)
                        .map_err(|e| CliError::arg("--mints", format!("{e}; pass token mints")))?
                        .token_program
                }
                None => {
                    return Err(CliError::arg(
                        "--mints",
                        format!("{} does not exist on {on}; check the address", mints[i]),
                    ))
                }
            };
            let feed_id = price_accounts[i]
                .as_ref()
                .and_then(|a| decode_price_update(&prices[i], a).ok())
                .map(|p| p.feed_id)
                .ok_or_else(|| {
                    CliError::arg(
                        "--price-accounts",
                        format!(
                            "{} is not a Pyth PriceUpdateV2 account on {on}; pass the price \
                             update account of each mint's feed",
                            prices[i]
                        ),
                    )
                })?;
            assets.push(NewAsset {
                mint: mints[i],
                token_program,
                feed_id,
                target_weight_bps: weights[i],
            });
        }
        Ok(assets)
    }
}

impl VaultCommand for Init<'_> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let Chosen {
            mints,
            prices,
            names,
            positional,
        } = self.assets(session)?;
        let weights = weights_of(self.args.weights.as_deref(), &names, positional)?;
        let assets = self.new_assets(session, &mints, &prices, &weights).await?;
        let new = NewVault {
            manager: &self.manager,
            vault_id: self.args.vault_id,
            assets: &assets,
            price_accounts: &prices,
            params: VaultParams {
                max_oracle_age_secs: self.args.max_oracle_age,
                max_conf_bps: self.args.max_conf_bps,
                fresh_price_secs: self.args.fresh_price_secs,
                entry_spread_bps: self.args.entry_spread_bps,
                timelock_secs: self.args.timelock_secs,
            },
            rules: self.rules.clone(),
        };
        let vault = create(&session.chain, new).await?;
        println!(
            "rebalancing configured: {} ({})",
            self.args.policy, self.args.mode
        );
        let listed: Vec<String> = prices.iter().map(ToString::to_string).collect();
        println!("vault {vault}\nprice accounts {}", listed.join(","));
        let target = VaultTarget {
            vault,
            price_accounts: prices,
        };
        print_status(session, &target).await
    }
}

/// Runs `create_vault` and says what it did.
async fn create<C: Chain>(chain: &C, new: NewVault<'_>) -> Result<Pubkey, CliError> {
    let (manager, vault_id) = (new.manager.pubkey(), new.vault_id);
    let dexes: Vec<String> = new
        .rules
        .dex_allowlist
        .iter()
        .map(ToString::to_string)
        .collect();
    let done = setup::create_vault(chain, new)
        .await
        .map_err(|e| refused("vault setup", e))?;
    let vault = done.vault;
    if done.resumed {
        println!("vault {vault} exists with these mints: resuming its setup");
    }
    if done.created_table {
        println!("created lookup table {} (frozen)", done.lookup_table);
    }
    if let Some(signature) = done.initialized {
        println!("created vault {vault} (id {vault_id}) of manager {manager} ({signature})");
    }
    println!(
        "{} escrows created; lookup table {} published; DEX allowlist {}",
        done.escrows_created,
        done.lookup_table,
        dexes.join(", ")
    );
    Ok(vault)
}

/// Runs `ballast init`.
pub fn run(args: Args) -> Result<(), CliError> {
    let (policy, mode) = crate::backtest::policy_and_mode(&args.policy, &args.mode)?;
    let manager = read_keypair(&args.wallet.keypair)?;
    let rules = rebalance_rules(&args, policy, mode)?;
    if args.wallet.chain.url.is_none() && !args.mints.is_empty() {
        return Err(CliError::arg(
            "--mints",
            "only with --url: the embedded chain's vault holds the demo assets",
        ));
    }
    let funding = args.wallet.funding(&manager);
    let init = Init {
        args: &args,
        manager,
        rules,
    };
    dispatch(&args.wallet.chain, funding, &init)
}
