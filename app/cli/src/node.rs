//! `ballast node`: the demo market on an embedded chain, served over Solana JSON-RPC, so
//! that every `--url` command (`init`, `deposit`, `withdraw`, `status`, `keeper run`,
//! `airdrop`) and any RPC client can be tried on one machine without a validator.
//!
//! The chain holds what `ballast status` shows without `--url`: SOL, BTC, ETH and USDC
//! mints with Pyth `PriceUpdateV2` accounts, a pool per pair (the local test AMM's, or with
//! `--venue raydium-cpmm` Raydium CPMM's: a source build of a pinned commit) and the demo
//! vault, which allowlists that venue.
//! Its clock follows the wall clock; every second the prices are published again, and every
//! `--day-secs` seconds the market moves by one day of the seeded calibrated generator (as
//! in `ballast demo`) and an arbitrageur brings the pools to the new prices. A
//! `requestAirdrop` also gives the wallet `--faucet-usd` dollars of every asset in its
//! associated token accounts. Its `--help` says what it refuses as a validator does and
//! what it does not model ([`ballast_sandbox::LocalNode`]).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ballast_sandbox::{DemoVenue, LocalNode, FOUR_ASSETS};
use serde::Serialize;

use crate::demo::path::generated_prices;
use crate::session::{sdk, ChainArgs, DemoWorld};
use crate::CliError;

/// What `ballast node --help` says after the options: what the node refuses as agave's
/// validator does, and what it does not model.
const LIMITS: &str = "\
Refused as agave's validator refuses them: transactions above 1,232 bytes; a failed
preflight; a blockhash the node did not hand out (getLatestBlockhash) or handed out more
than 150 slots ago; a lookup table derived from a slot that is not in SlotHashes (the
clock's own slot included); a v0 transaction through a table whose last extension is not
finalized yet (the node finalizes a slot 4 slots after it, a validator about 32).

Not modelled, unlike a validator: a transaction is confirmed as soon as it is processed and
no fork ever drops it; reads answer the latest state whatever the commitment; no fee
market, rate limits, leader schedule, gossip, TPU or votes; the node sets its own clock
(the wall clock) and rewrites accounts (prices every second, pools every --day-secs), which
nothing can do on a cluster; only the RPC methods the Ballast clients use are served. Test
on agave's own validator with scripts/validator-test.sh.";

/// Arguments of `ballast node`.
#[derive(clap::Args, Debug)]
#[command(after_help = LIMITS)]
pub struct Args {
    /// Address to listen on (port 0: any free port; the URL is printed).
    #[arg(long, default_value = "127.0.0.1:8899")]
    pub bind: SocketAddr,

    /// Seed of the market's price generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Wall-clock seconds per simulated market day (0: prices never move).
    #[arg(long, default_value_t = 10)]
    pub day_secs: u64,

    /// Dollars of every asset each airdrop also gives.
    #[arg(long, default_value_t = 10_000)]
    pub faucet_usd: u64,

    /// Move SOL's price by this many bps at start (the pools follow), so that the demo
    /// vault is out of its bands and a keeper has work at once.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub drift_bps: i64,

    /// Also write the node's URL, vault, mints and price accounts to this JSON file.
    #[arg(long, value_name = "FILE.json")]
    pub info: Option<String>,

    /// Publish prices only for the first this many seconds (default: always): after that
    /// they age, so a client's stale-price refusal (`OracleStale`) can be seen and tested.
    #[arg(long, value_name = "SECS")]
    pub prices_for_secs: Option<u64>,

    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long)]
    pub for_secs: Option<u64>,

    /// Directory with ballast.so and ballast_test_amm.so (default: $BALLAST_PROGRAMS_DIR,
    /// else the nearest target/deploy).
    #[arg(long, value_name = "DIR")]
    pub programs_dir: Option<PathBuf>,

    /// The DEX of the market's pools: test-amm or raydium-cpmm (a source build of Raydium
    /// CPMM's pinned commit, as for `ballast demo --venue`; keep it with `ballast-keeper
    /// --venue raydium-cpmm` or `all`).
    #[arg(long, default_value = "test-amm", value_parser = crate::demo::parse_venue)]
    pub venue: DemoVenue,
}

/// What `--info` writes: where the node is and what it serves.
#[derive(Serialize)]
struct NodeInfo {
    url: String,
    venue: String,
    vault: String,
    names: Vec<String>,
    mints: Vec<String>,
    price_accounts: Vec<String>,
}

/// Days of prices generated up front (ten years; the last day's prices hold after).
const GENERATED_DAYS: usize = 3_650;

fn wall_clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Runs `ballast node`.
pub fn run(args: Args) -> Result<(), CliError> {
    let world = DemoWorld::open(&ChainArgs {
        url: None,
        price_accounts: Vec::new(),
        programs_dir: args.programs_dir.clone(),
        drift_bps: args.drift_bps,
        oracle_age: 0,
        venue: args.venue,
    })?;
    let mut market = world.market;
    let chain = Arc::new(world.chain);
    let path = if args.day_secs > 0 {
        generated_prices(&FOUR_ASSETS, args.seed, GENERATED_DAYS)?
    } else {
        Vec::new()
    };
    // Day 0 of the path is the demo's starting prices; keep any --drift-bps on top of it.
    let start: Vec<i64> = market.assets.iter().map(|a| a.spec.price).collect();
    chain.set_time(wall_clock());
    market.publish_prices(&chain).map_err(sdk)?;

    let node = LocalNode::start(
        Arc::clone(&chain),
        args.bind,
        Some(market.faucet(args.faucet_usd)),
    )
    .map_err(|e| CliError(format!("--bind {}: {e}", args.bind)))?;
    let url = node.url();
    let vault = world.vault.vault();
    let prices: Vec<String> = market
        .price_accounts()
        .iter()
        .map(ToString::to_string)
        .collect();
    let prices = prices.join(",");
    println!("ballast node listening on {url}");
    println!("  demo vault      {vault}");
    println!("  venue           {} pools", args.venue.name());
    println!("  price accounts  {prices}");
    for (name, a) in world.names.iter().zip(&market.assets) {
        println!("  mint {name:<10} {}", a.mint);
    }
    if let Some(secs) = args.prices_for_secs {
        println!("  prices          published for the first {secs} s only, then they age");
    }
    if args.day_secs > 0 {
        println!(
            "  market          one day of the seeded generator (seed {}) every {} s",
            args.seed, args.day_secs
        );
    } else {
        println!("  market          prices fixed (--day-secs 0)");
    }
    println!(
        "  faucet          requestAirdrop also gives ${} of each asset",
        args.faucet_usd
    );
    println!(
        "try: ballast status --url {url} --vault {vault} --price-accounts {prices}\n\
         (Ctrl-C stops the node; its chain lives only in this process)"
    );
    if let Some(file) = &args.info {
        let info = NodeInfo {
            url: url.clone(),
            venue: args.venue.name().to_string(),
            vault: vault.to_string(),
            names: world.names.clone(),
            mints: market.assets.iter().map(|a| a.mint.to_string()).collect(),
            price_accounts: market
                .price_accounts()
                .iter()
                .map(ToString::to_string)
                .collect(),
        };
        let text = serde_json::to_string(&info)
            .map_err(|e| CliError(format!("cannot encode the node info: {e}")))?;
        crate::write_file(file, &text)?;
    }
    let _ = std::io::stdout().flush();

    let started = Instant::now();
    let mut day = 0usize;
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let elapsed = started.elapsed();
        if args.for_secs.is_some_and(|s| elapsed.as_secs() >= s) {
            return Ok(());
        }
        if chain.now() < wall_clock() {
            chain.set_time(wall_clock());
        }
        if args.prices_for_secs.is_some_and(|s| elapsed.as_secs() >= s) {
            continue;
        }
        if let Some(days) = elapsed.as_secs().checked_div(args.day_secs) {
            let due = usize::try_from(days)
                .unwrap_or(usize::MAX)
                .min(path.len().saturating_sub(1));
            if due > day {
                day = due;
                for (i, a) in market.assets.iter_mut().enumerate() {
                    // The path's relative move from day 0, applied to the starting price.
                    let rel = path[day][i] as f64 / path[0][i] as f64;
                    a.spec.price = ((start[i] as f64) * rel).round().max(1.0) as i64;
                }
                market.publish_prices(&chain).map_err(sdk)?;
                market.align_pools(&chain, 2.0).map_err(sdk)?;
                continue;
            }
        }
        market.publish_prices(&chain).map_err(sdk)?;
    }
}

#[cfg(test)]
mod tests {
    use super::LIMITS;

    #[test]
    fn the_help_gives_the_nodes_rooting_lag() {
        let lag = ballast_sandbox::node::ROOT_LAG_SLOTS;
        assert!(LIMITS.contains(&format!("finalizes a slot {lag} slots after it")));
    }
}
