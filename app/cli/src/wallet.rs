//! `ballast init`, `ballast deposit` and `ballast withdraw`: a wallet (a keypair file, as
//! `solana-keygen` writes) creates a vault, deposits one asset, or redeems shares in kind.
//!
//! Without `--url` they run on the embedded chain with the demo market (it lives only for
//! the command): a faucet first gives the wallet 10 SOL for fees and `--faucet-usd` dollars
//! of every demo asset, so the commands can be tried and their errors seen.

use ballast_keeper::VaultTarget;
use ballast_sandbox::DemoConfig;
use ballast_sdk::chain::Chain;
use ballast_sdk::ix::{self, NewAsset, VaultAccounts};
use ballast_sdk::lookup::send_vault_instructions;
use ballast_sdk::setup::{self, NewVault};
use ballast_sdk::state::decode_token_account;
use ballast_sdk::state::decode_vault;
use ballast_sdk::{Keypair, Pubkey, RpcChain, SdkError, Signer};

use crate::chain::{block_on, sdk, units, units_of, unknown_vault, ChainArgs, DemoWorld};
use crate::status::{parse_pubkey, render};
use crate::CliError;

const ON: &str = "the embedded demo chain";

/// The wallet and chain arguments every wallet command takes.
#[derive(clap::Args, Debug)]
pub struct WalletArgs {
    #[command(flatten)]
    pub chain: ChainArgs,

    /// The wallet's keypair file (a JSON array of 64 bytes, as `solana-keygen new` writes).
    #[arg(long, short = 'k')]
    pub keypair: String,

    /// Embedded chain: dollars of every demo asset the faucet gives the wallet first.
    #[arg(long, default_value_t = 10_000)]
    pub faucet_usd: u64,
}

/// Arguments of `ballast deposit`.
#[derive(clap::Args, Debug)]
pub struct DepositArgs {
    #[command(flatten)]
    pub wallet: WalletArgs,

    /// The vault (default on the embedded chain: the demo vault).
    #[arg(long)]
    pub vault: Option<String>,

    /// The asset to deposit, by name (SOL, BTC, ETH, USDC on the demo vault).
    #[arg(long)]
    pub asset: String,

    /// Whole units to deposit (`10`, `0.05`).
    #[arg(long)]
    pub amount: String,

    /// Refuse fewer shares than this (base units), against price moves.
    #[arg(long, default_value_t = 0)]
    pub min_shares: u64,
}

/// Arguments of `ballast withdraw`.
#[derive(clap::Args, Debug)]
pub struct WithdrawArgs {
    #[command(flatten)]
    pub wallet: WalletArgs,

    /// The vault (default on the embedded chain: the demo vault).
    #[arg(long)]
    pub vault: Option<String>,

    /// Shares to redeem: whole shares (`12.5`) or `all`.
    #[arg(long, default_value = "all")]
    pub shares: String,

    /// Embedded chain: deposit this first (`SOL=10`), so the wallet has shares to redeem.
    #[arg(long, value_name = "ASSET=AMOUNT")]
    pub deposit_first: Option<String>,
}

/// Arguments of `ballast init`.
#[derive(clap::Args, Debug)]
pub struct InitArgs {
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

    /// Oldest price the vault accepts, seconds (at most 300).
    #[arg(long, default_value_t = 60)]
    pub max_oracle_age: u32,

    /// Widest price confidence the vault accepts, bps of the price.
    #[arg(long, default_value_t = 200)]
    pub max_conf_bps: u16,

    /// Program ids of the DEXes rebalances may swap through, comma-separated (default: the
    /// local test AMM, the venue the keeper knows).
    #[arg(long, value_delimiter = ',')]
    pub dex: Vec<String>,
}

/// Arguments of `ballast airdrop`.
#[derive(clap::Args, Debug)]
pub struct AirdropArgs {
    /// RPC URL of a cluster with a faucet: devnet, testnet or `ballast node`.
    #[arg(long)]
    pub url: String,

    /// The wallet's keypair file.
    #[arg(long, short = 'k')]
    pub keypair: String,

    /// SOL to ask for.
    #[arg(long, default_value = "1")]
    pub sol: String,
}

/// Reads a keypair file, with one-line errors saying what to do.
pub fn read_keypair(path: &str) -> Result<Keypair, CliError> {
    ballast_sdk::keyfile::read(std::path::Path::new(path))
        .map_err(|e| CliError(format!("--keypair {e}")))
}

/// Parses `text` whole units with `decimals` into base units.
pub fn parse_amount(arg: &str, text: &str, decimals: u8) -> Result<u64, CliError> {
    let bad = || {
        CliError::arg(
            arg,
            format!("'{text}' is not an amount with at most {decimals} decimals"),
        )
    };
    let t = text.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if (whole.is_empty() && frac.is_empty())
        || frac.len() > usize::from(decimals)
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let scale = 10u128.pow(u32::from(decimals));
    let w: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let f: u128 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<width$}", width = usize::from(decimals))
            .parse()
            .map_err(|_| bad())?
    };
    let amount = w
        .checked_mul(scale)
        .and_then(|x| x.checked_add(f))
        .and_then(|x| u64::try_from(x).ok())
        .ok_or_else(bad)?;
    if amount == 0 {
        return Err(CliError::arg(arg, "must be above zero"));
    }
    Ok(amount)
}

/// A wallet on the embedded demo chain, funded by the faucet.
struct Wallet {
    keypair: Keypair,
    tokens: Vec<Pubkey>,
}

fn fund(world: &DemoWorld, keypair: Keypair, faucet_usd: u64) -> Result<Wallet, CliError> {
    let owner = keypair.pubkey();
    world.chain.airdrop(&owner, 10_000_000_000).map_err(sdk)?;
    let mut tokens = Vec::new();
    for a in &world.market.assets {
        let account = world
            .chain
            .create_token_account(&a.mint, &owner)
            .map_err(sdk)?;
        let amount = a.spec.amount_for_usd(faucet_usd);
        if amount > 0 {
            world
                .chain
                .mint_to(&a.mint, &account, amount)
                .map_err(sdk)?;
        }
        tokens.push(account);
    }
    Ok(Wallet { keypair, tokens })
}

/// The vault of `--vault` (or the demo vault) and its accounts.
fn vault_accounts(world: &DemoWorld, vault: &Option<String>) -> Result<VaultAccounts, CliError> {
    let address = match vault {
        Some(v) => parse_pubkey("--vault", v)?,
        None => world.vault.vault(),
    };
    let account = world
        .chain
        .account(&address)
        .ok_or_else(|| unknown_vault(&address, ON))?;
    let state = decode_vault(&address, &account).map_err(|_| {
        CliError(format!(
            "{address} is not a Ballast vault on {ON}; check the address"
        ))
    })?;
    VaultAccounts::from_state(address, &state, &world.market.price_accounts()).map_err(sdk)
}

fn asset_index(world: &DemoWorld, name: &str) -> Result<usize, CliError> {
    world
        .names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            CliError::arg(
                "--asset",
                format!(
                    "unknown asset '{name}' (this vault holds {})",
                    world.names.join(", ")
                ),
            )
        })
}

/// Refuses, before sending, what the program would refuse for a missing or stale oracle.
async fn check_oracles<C: Chain>(
    chain: &C,
    accounts: &VaultAccounts,
    max_age: u32,
    names: &[String],
) -> Result<(), CliError> {
    let addresses: Vec<Pubkey> = accounts.assets.iter().map(|a| a.price_account).collect();
    let fetched = chain.get_multiple_accounts(&addresses).await.map_err(sdk)?;
    let now = chain.get_clock().await.map_err(sdk)?.unix_timestamp;
    for (i, (address, account)) in addresses.iter().zip(&fetched).enumerate() {
        let update = account
            .as_ref()
            .and_then(|acc| ballast_sdk::state::decode_price_update(address, acc).ok());
        let name = names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("asset {i}"));
        match update {
            None => {
                return Err(CliError(format!(
                    "no Pyth price for {name} at {address}; post a PriceUpdateV2 for its feed \
                     (or fix --price-accounts) and retry"
                )))
            }
            Some(p) if now - p.publish_time > i64::from(max_age) => {
                return Err(CliError(format!(
                    "stale oracle: the {name} price is {} s old, above the vault's {max_age} s \
                     limit; post a fresh Pyth price update and retry",
                    now - p.publish_time
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn max_oracle_age(world: &DemoWorld, vault: &Pubkey) -> Result<u32, CliError> {
    let account = world
        .chain
        .account(vault)
        .ok_or_else(|| unknown_vault(vault, ON))?;
    Ok(decode_vault(vault, &account)
        .map_err(sdk)?
        .max_oracle_age_secs)
}

fn deposit_into(
    world: &DemoWorld,
    accounts: &VaultAccounts,
    wallet: &Wallet,
    shares_account: &Pubkey,
    asset: usize,
    amount: u64,
    min_shares: u64,
) -> Result<u64, CliError> {
    let name = &world.names[asset];
    let decimals = world.market.assets[asset].spec.decimals;
    let balance = world.chain.token_balance(&wallet.tokens[asset]);
    if amount > balance {
        return Err(CliError(format!(
            "insufficient balance: the wallet holds {} {name} and asked to deposit {}; deposit \
             less (on the embedded chain, raise --faucet-usd)",
            units(balance, decimals),
            units(amount, decimals)
        )));
    }
    let max_age = max_oracle_age(world, &accounts.vault())?;
    block_on(check_oracles(&world.chain, accounts, max_age, &world.names))??;
    let before = world.chain.token_balance(shares_account);
    let ix = ix::Deposit::new(
        accounts,
        &wallet.keypair.pubkey(),
        &wallet.tokens[asset],
        shares_account,
        asset,
        amount,
        min_shares,
    )
    .map_err(sdk)?
    .instruction();
    let sent = world
        .chain
        .send(&[ix], &[&wallet.keypair])
        .map_err(|e| refused("deposit", e))?;
    let shares = world.chain.token_balance(shares_account) - before;
    println!(
        "deposited {} {name}: {} shares ({} CU)",
        units(amount, decimals),
        units(shares, 9),
        units_of(&sent.logs, &ballast::ID)
    );
    Ok(shares)
}

fn refused(what: &str, e: ballast_sdk::SdkError) -> CliError {
    match e.rejection() {
        Some(r) if r.is_unfunded_payer() => CliError(format!(
            "the wallet cannot pay the {what}'s fee ({r}); fund it with SOL (`ballast airdrop` \
             on devnet or a local node) and retry"
        )),
        Some(r) if r.custom_code().is_some() && r.failed_in_ballast() => CliError(format!(
            "the program refused the {what}: {r}; check the vault's state with `ballast status`"
        )),
        Some(r) => CliError(format!("the cluster refused the {what}: {r}")),
        None => sdk(e),
    }
}

fn print_status(world: &DemoWorld, vault: Pubkey) -> Result<(), CliError> {
    let target = VaultTarget {
        vault,
        price_accounts: world.market.price_accounts(),
    };
    let text = block_on(render(&world.chain, &target, &world.names, ON, false))??;
    println!("\n{text}");
    Ok(())
}

/// Runs `ballast deposit`.
pub fn deposit(args: DepositArgs) -> Result<(), CliError> {
    let keypair = read_keypair(&args.wallet.keypair)?;
    if let Some(url) = &args.wallet.chain.url {
        return block_on(deposit_rpc(&args, url, keypair))?;
    }
    let world = args.wallet.chain.demo_world()?;
    let accounts = vault_accounts(&world, &args.vault)?;
    let asset = asset_index(&world, &args.asset)?;
    let amount = parse_amount(
        "--amount",
        &args.amount,
        world.market.assets[asset].spec.decimals,
    )?;
    let wallet = fund(&world, keypair, args.wallet.faucet_usd)?;
    let shares_account = world
        .chain
        .create_token_account(&accounts.pdas.share_mint, &wallet.keypair.pubkey())
        .map_err(sdk)?;
    deposit_into(
        &world,
        &accounts,
        &wallet,
        &shares_account,
        asset,
        amount,
        args.min_shares,
    )?;
    print_status(&world, accounts.vault())
}

/// The shares of `--shares` (whole shares or `all`) out of the `held` ones, refusing zero
/// or more than held with a message ending in `hint`.
fn shares_to_redeem(text: &str, held: u64, vault: &Pubkey, hint: &str) -> Result<u64, CliError> {
    let shares = if text.trim().eq_ignore_ascii_case("all") {
        held
    } else {
        parse_amount("--shares", text, 9)?
    };
    if shares == 0 || shares > held {
        return Err(CliError(format!(
            "insufficient balance: the wallet holds {} shares of vault {vault} and asked to \
             redeem {}; redeem at most what it holds{hint}",
            units(held, 9),
            units(shares, 9)
        )));
    }
    Ok(shares)
}

/// Runs `ballast withdraw`.
pub fn withdraw(args: WithdrawArgs) -> Result<(), CliError> {
    let keypair = read_keypair(&args.wallet.keypair)?;
    if let Some(url) = &args.wallet.chain.url {
        return block_on(withdraw_rpc(&args, url, keypair))?;
    }
    let world = args.wallet.chain.demo_world()?;
    let accounts = vault_accounts(&world, &args.vault)?;
    let wallet = fund(&world, keypair, args.wallet.faucet_usd)?;
    let shares_account = world
        .chain
        .create_token_account(&accounts.pdas.share_mint, &wallet.keypair.pubkey())
        .map_err(sdk)?;
    if let Some(first) = &args.deposit_first {
        let (name, amount) = first.split_once('=').ok_or_else(|| {
            CliError::arg("--deposit-first", format!("'{first}' is not ASSET=AMOUNT"))
        })?;
        let asset = asset_index(&world, name)?;
        let amount = parse_amount(
            "--deposit-first",
            amount,
            world.market.assets[asset].spec.decimals,
        )?;
        deposit_into(
            &world,
            &accounts,
            &wallet,
            &shares_account,
            asset,
            amount,
            0,
        )?;
    }
    let held = world.chain.token_balance(&shares_account);
    let shares = shares_to_redeem(&args.shares, held, &accounts.vault(), " (deposit first)")?;
    let before: Vec<u64> = wallet
        .tokens
        .iter()
        .map(|t| world.chain.token_balance(t))
        .collect();
    let n = accounts.assets.len();
    let ix = ix::Withdraw::new(
        &accounts,
        &wallet.keypair.pubkey(),
        &shares_account,
        &wallet.tokens,
        shares,
        vec![0; n],
        0,
    )
    .map_err(sdk)?
    .instruction();
    let sent = world
        .chain
        .send(&[ix], &[&wallet.keypair])
        .map_err(|e| refused("withdrawal", e))?;
    let paid: Vec<String> = wallet
        .tokens
        .iter()
        .zip(&before)
        .enumerate()
        .map(|(i, (t, b))| {
            format!(
                "{} {}",
                units(
                    world.chain.token_balance(t) - b,
                    world.market.assets[i].spec.decimals
                ),
                world.names[i]
            )
        })
        .collect();
    println!(
        "redeemed {} shares for {} ({} CU)",
        units(shares, 9),
        paid.join(", "),
        units_of(&sent.logs, &ballast::ID)
    );
    print_status(&world, accounts.vault())
}

/// Runs `ballast init`.
pub fn init(args: InitArgs) -> Result<(), CliError> {
    let (policy, mode) = crate::backtest::policy_and_mode(&args.policy, &args.mode)?;
    let manager = read_keypair(&args.wallet.keypair)?;
    let rules = rebalance_rules(&args, policy, mode)?;
    if let Some(url) = &args.wallet.chain.url {
        return block_on(init_rpc(&args, url, manager, rules))?;
    }
    if !args.mints.is_empty() {
        return Err(CliError::arg(
            "--mints",
            "only with --url: the embedded chain's vault holds the demo assets",
        ));
    }
    let world = args.wallet.chain.demo_world()?;
    let weights = weights_of(args.weights.as_deref(), &world.names, false)?;
    world
        .chain
        .airdrop(&manager.pubkey(), 10_000_000_000)
        .map_err(sdk)?;
    let spl = world
        .chain
        .mint(&world.market.assets[0].mint)
        .map_err(sdk)?
        .token_program;
    let assets: Vec<NewAsset> = world
        .market
        .assets
        .iter()
        .zip(&weights)
        .map(|(a, &w)| NewAsset {
            mint: a.mint,
            token_program: spl,
            feed_id: a.feed_id,
            target_weight_bps: w,
        })
        .collect();
    let prices = world.market.price_accounts();
    let new = new_vault(&args, &manager, &assets, &prices, rules);
    let vault = block_on(create(&world.chain, new))??;
    println!("rebalancing configured: {policy} ({mode}), local AMM allowlisted");
    print_status(&world, vault)
}

/// The `NewVault` of `ballast init`'s arguments.
fn new_vault<'a>(
    args: &InitArgs,
    manager: &'a Keypair,
    assets: &'a [NewAsset],
    price_accounts: &'a [Pubkey],
    rules: ballast::instructions::ConfigureRebalanceArgs,
) -> NewVault<'a> {
    NewVault {
        manager,
        vault_id: args.vault_id,
        assets,
        price_accounts,
        max_oracle_age_secs: args.max_oracle_age,
        max_conf_bps: args.max_conf_bps,
        rules,
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

/// The demo rules (`DemoConfig`: slippage, caps, cooldown, reward) with the policy, mode
/// and DEX allowlist of the command line.
fn rebalance_rules(
    args: &InitArgs,
    policy: ballast_math::Policy,
    mode: ballast_math::target::TradeTarget,
) -> Result<ballast::instructions::ConfigureRebalanceArgs, CliError> {
    let mut rules = DemoConfig::default().rebalance;
    rules.policy = policy.to_bytes();
    rules.trade_target = mode.to_u8();
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

/// `ballast init --url`: creates the vault (or resumes a creation that stopped half way:
/// same manager, id and mints), its escrows and its rebalancing rules.
async fn init_rpc(
    args: &InitArgs,
    url: &str,
    manager: Keypair,
    rules: ballast::instructions::ConfigureRebalanceArgs,
) -> Result<(), CliError> {
    let chain = args.wallet.chain.rpc(url)?;
    if args.mints.is_empty() {
        return Err(CliError::arg(
            "--mints",
            "required with --url: the mint of each asset, in vault order",
        ));
    }
    let mints: Vec<Pubkey> = args
        .mints
        .iter()
        .map(|m| parse_pubkey("--mints", m))
        .collect::<Result<_, _>>()?;
    let prices = args.wallet.chain.price_accounts()?;
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
    let names: Vec<String> = (1..=mints.len()).map(|i| format!("mint #{i}")).collect();
    let weights = weights_of(args.weights.as_deref(), &names, true)?;

    let mut addresses = mints.clone();
    addresses.extend(&prices);
    let fetched = chain.get_multiple_accounts(&addresses).await.map_err(sdk)?;
    let (mint_accounts, price_accounts) = fetched.split_at(mints.len());
    let mut assets = Vec::with_capacity(mints.len());
    for i in 0..mints.len() {
        let token_program = match &mint_accounts[i] {
            Some(a) => {
                ballast_sdk::state::decode_mint(&mints[i], a)
                    .map_err(|e| CliError::arg("--mints", format!("{e}; pass token mints")))?
                    .token_program
            }
            None => {
                return Err(CliError::arg(
                    "--mints",
                    format!("{} does not exist on {url}; check the address", mints[i]),
                ))
            }
        };
        let feed_id = price_accounts[i]
            .as_ref()
            .and_then(|a| ballast_sdk::state::decode_price_update(&prices[i], a).ok())
            .map(|p| p.feed_id)
            .ok_or_else(|| {
                CliError::arg(
                    "--price-accounts",
                    format!(
                        "{} is not a Pyth PriceUpdateV2 account on {url}; pass the price \
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

    let new = new_vault(args, &manager, &assets, &prices, rules);
    let vault = create(&chain, new).await?;
    println!("rebalancing configured: {} ({})", args.policy, args.mode);
    let listed: Vec<String> = prices.iter().map(ToString::to_string).collect();
    println!("vault {vault}\nprice accounts {}", listed.join(","));
    let target = VaultTarget {
        vault,
        price_accounts: prices,
    };
    let text = render(&chain, &target, &[], url, false).await?;
    println!("\n{text}");
    Ok(())
}

/// Runs `ballast airdrop`.
pub fn airdrop(args: AirdropArgs) -> Result<(), CliError> {
    let keypair = read_keypair(&args.keypair)?;
    let lamports = parse_amount("--sol", &args.sol, 9)?;
    let chain = ChainArgs::rpc_of(&args.url)?;
    let to = keypair.pubkey();
    let signature = block_on(chain.airdrop(&to, lamports, std::time::Duration::from_secs(60)))?
        .map_err(|e| match e {
            SdkError::InvalidInput(_) | SdkError::Transport(_) => CliError(format!(
                "{}; this cluster may have no faucet (mainnet has none) or may be rate-limiting",
                sdk(e)
            )),
            e => sdk(e),
        })?;
    let balance = block_on(chain.get_account(&to))?
        .map_err(sdk)?
        .map_or(0, |a| a.lamports);
    println!(
        "airdropped {} SOL to {to} ({signature}); balance {} SOL",
        units(lamports, 9),
        units(balance, 9)
    );
    Ok(())
}

/// A vault read over RPC: its accounts (with `--price-accounts`) and oracle age limit.
async fn rpc_vault(
    chain: &RpcChain,
    url: &str,
    vault: &Option<String>,
    chain_args: &ChainArgs,
) -> Result<(VaultAccounts, ballast::state::Vault), CliError> {
    let VaultTarget {
        vault: address,
        price_accounts: prices,
    } = chain_args.cluster_target(vault.as_deref())?;
    let account = chain
        .get_account(&address)
        .await
        .map_err(sdk)?
        .ok_or_else(|| unknown_vault(&address, url))?;
    let state = decode_vault(&address, &account).map_err(|_| {
        CliError(format!(
            "{address} is not a Ballast vault on {url}; check the address"
        ))
    })?;
    let accounts = VaultAccounts::from_state(address, &state, &prices).map_err(sdk)?;
    Ok((accounts, state))
}

async fn token_balance<C: Chain>(chain: &C, account: &Pubkey) -> Result<u64, CliError> {
    Ok(match chain.get_account(account).await.map_err(sdk)? {
        Some(a) => decode_token_account(account, &a).map_err(sdk)?.amount,
        None => 0,
    })
}

fn rpc_asset(accounts: &VaultAccounts, text: &str) -> Result<usize, CliError> {
    if let Ok(i) = text.parse::<usize>() {
        if i < accounts.assets.len() {
            return Ok(i);
        }
    }
    let mint = parse_pubkey("--asset", text).map_err(|_| {
        CliError::arg(
            "--asset",
            format!(
                "'{text}' is neither an asset index below {} nor a mint address",
                accounts.assets.len()
            ),
        )
    })?;
    accounts
        .assets
        .iter()
        .position(|a| a.mint == mint)
        .ok_or_else(|| CliError::arg("--asset", format!("the vault holds no {mint}")))
}

fn rpc_refused(what: &str, e: SdkError) -> CliError {
    refused(what, e)
}

async fn deposit_rpc(args: &DepositArgs, url: &str, keypair: Keypair) -> Result<(), CliError> {
    let chain = args.wallet.chain.rpc(url)?;
    let (accounts, state) = rpc_vault(&chain, url, &args.vault, &args.wallet.chain).await?;
    let asset = rpc_asset(&accounts, &args.asset)?;
    let a = accounts.assets[asset];
    let decimals = state.assets()[asset].decimals;
    let amount = parse_amount("--amount", &args.amount, decimals)?;
    let owner = keypair.pubkey();
    let user_token = ix::associated_token_address(&owner, &a.mint, &a.token_program);
    let balance = token_balance(&chain, &user_token).await?;
    if amount > balance {
        return Err(CliError(format!(
            "insufficient balance: {user_token} holds {} of {} and the deposit is {}; deposit \
             less or fund the wallet's associated token account",
            units(balance, decimals),
            a.mint,
            units(amount, decimals)
        )));
    }
    check_oracles(&chain, &accounts, state.max_oracle_age_secs, &[]).await?;
    let spl = ix::SHARE_TOKEN_PROGRAM;
    let user_shares = ix::associated_token_address(&owner, &accounts.pdas.share_mint, &spl);
    let before = token_balance(&chain, &user_shares).await?;
    let ixs = [
        ix::create_associated_token_account_idempotent(
            &owner,
            &owner,
            &accounts.pdas.share_mint,
            &spl,
        ),
        ix::Deposit::new(
            &accounts,
            &owner,
            &user_token,
            &user_shares,
            asset,
            amount,
            args.min_shares,
        )
        .map_err(sdk)?
        .instruction(),
    ];
    let sent = send_vault_instructions(&chain, &accounts, &keypair, &ixs, &[], Some(400_000))
        .await
        .map_err(|e| rpc_refused("deposit", e))?;
    let shares = token_balance(&chain, &user_shares)
        .await?
        .saturating_sub(before);
    println!(
        "deposited {} {}: {} shares ({})",
        units(amount, decimals),
        crate::chain::short(&a.mint),
        units(shares, 9),
        sent.signature
    );
    Ok(())
}

async fn withdraw_rpc(args: &WithdrawArgs, url: &str, keypair: Keypair) -> Result<(), CliError> {
    let chain = args.wallet.chain.rpc(url)?;
    let (accounts, _) = rpc_vault(&chain, url, &args.vault, &args.wallet.chain).await?;
    let owner = keypair.pubkey();
    let spl = ix::SHARE_TOKEN_PROGRAM;
    let user_shares = ix::associated_token_address(&owner, &accounts.pdas.share_mint, &spl);
    let held = token_balance(&chain, &user_shares).await?;
    let shares = shares_to_redeem(&args.shares, held, &accounts.vault(), "")?;
    let mut ixs = Vec::new();
    let mut tokens = Vec::new();
    for a in &accounts.assets {
        ixs.push(ix::create_associated_token_account_idempotent(
            &owner,
            &owner,
            &a.mint,
            &a.token_program,
        ));
        tokens.push(ix::associated_token_address(
            &owner,
            &a.mint,
            &a.token_program,
        ));
    }
    let n = accounts.assets.len();
    ixs.push(
        ix::Withdraw::new(
            &accounts,
            &owner,
            &user_shares,
            &tokens,
            shares,
            vec![0; n],
            0,
        )
        .map_err(sdk)?
        .instruction(),
    );
    let sent = send_vault_instructions(&chain, &accounts, &keypair, &ixs, &[], Some(400_000))
        .await
        .map_err(|e| rpc_refused("withdrawal", e))?;
    println!(
        "redeemed {} shares of vault {} in kind ({})",
        units(shares, 9),
        accounts.vault(),
        sent.signature
    );
    Ok(())
}

/// Arguments of `ballast keygen`.
#[derive(clap::Args, Debug)]
pub struct KeygenArgs {
    /// Where to write the new keypair (refuses to overwrite a file).
    #[arg(long, short = 'o')]
    pub outfile: String,
}

/// Runs `ballast keygen`: a new keypair file in `solana-keygen`'s format.
pub fn keygen(args: KeygenArgs) -> Result<(), CliError> {
    let keypair = ballast_sdk::keyfile::write_new(std::path::Path::new(&args.outfile))
        .map_err(|e| CliError(format!("--outfile {e}")))?;
    println!("{} written to {}", keypair.pubkey(), args.outfile);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_to_base_units_exactly() {
        assert_eq!(parse_amount("--amount", "10", 9).unwrap(), 10_000_000_000);
        assert_eq!(parse_amount("--amount", "0.05", 8).unwrap(), 5_000_000);
        assert_eq!(parse_amount("--amount", ".5", 6).unwrap(), 500_000);
        assert_eq!(parse_amount("--amount", "1.", 6).unwrap(), 1_000_000);
        for bad in [
            "",
            ".",
            "-1",
            "1e3",
            "0.0000001",
            "x",
            "99999999999999999999",
        ] {
            assert!(parse_amount("--amount", bad, 6).is_err(), "{bad}");
        }
        assert!(parse_amount("--amount", "0", 6).is_err());
    }
}
