//! `ballast demo`: a year of a vault's life on the embedded chain.
//!
//! Deploys Ballast and the local AMM in LiteSVM, creates a 4-asset vault (SOL, BTC, ETH,
//! USDC test mints with their real decimals, 40/30/20/10) funded with $100,000 at its
//! targets, a $5M-a-side pool per pair, and plays a seeded calibrated price path
//! (`ballast_backtest::generator`) or real closes (`--prices`): every day the clock moves,
//! new `PriceUpdateV2` accounts are published, an arbitrageur brings the pools to the
//! oracle, the keeper (`ballast-keeper`) rebalances when the policy says so, and wallets
//! deposit and redeem on a schedule. Ends with a report and a chart.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ballast::events::Rebalanced;
use ballast_backtest::generator::Generator;
use ballast_backtest::svg::backtest_chart;
use ballast_backtest::{parse_weights, read_prices, Market};
use ballast_keeper::{Keeper, KeeperOptions, TestAmm, VaultOutcome, VaultTarget};
use ballast_math::{Policy, Wad};
use ballast_sandbox::{DemoAsset, DemoConfig, DemoMarket, DemoVault, EmbeddedChain, FOUR_ASSETS};
use ballast_sdk::events::decode_events;
use ballast_sdk::state::decode_vault;
use ballast_sdk::{ix, Keypair, Pubkey, Signer};
use indicatif::{ProgressBar, ProgressStyle};

use crate::backtest::policy_and_mode;
use crate::chain::{block_on, dollars, new_chain, sdk, units_of};
use crate::{json, write_file, CliError};

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
}

/// How far past its band a weight may end a round before the report calls it outside.
const OUTSIDE_TOLERANCE: f64 = 1e-4;
/// Dollar value of each demo depositor's deposit.
const DEPOSITS_USD: [u64; 3] = [1_500, 3_000, 5_000];
/// Base units of the vault's virtual shares (ballast-math's inflation defence).
const VIRTUAL_SHARES: f64 = ballast_math::shares::VIRTUAL_SHARES as f64;
/// The virtual value in USD.
const VIRTUAL_USD: f64 = 0.001;

/// The price path: asset specs (start prices) and a price per day and asset.
struct PricePath {
    specs: Vec<DemoAsset>,
    names: Vec<String>,
    /// `prices[t][i]`, price mantissas at the demo exponent (-8).
    prices: Vec<Vec<i64>>,
    /// Seconds between day `t - 1` and day `t` (index 0 unused).
    steps: Vec<i64>,
    source: String,
}

fn mantissa(usd: f64) -> Option<i64> {
    let m = (usd * 1e8).round();
    (1.0..9.0e18).contains(&m).then_some(m as i64)
}

fn leak(name: &str) -> &'static str {
    Box::leak(name.to_string().into_boxed_str())
}

/// Day 0 to day `days` of the seeded generator calibrated on real daily closes
/// (`ballast_backtest::generator`), as price mantissas at the demo exponent starting from
/// each spec's price: `prices[t][i]`.
pub fn generated_prices(
    specs: &[DemoAsset],
    seed: u64,
    days: usize,
) -> Result<Vec<Vec<i64>>, CliError> {
    let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
    let market = Generator::calibrated(&names, seed)?.market(days + 1)?;
    Ok((0..market.bars())
        .map(|t| {
            specs
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let rel = market.bar(t)[i] / market.bar(0)[i];
                    mantissa(s.price as f64 * 1e-8 * rel).unwrap_or(1)
                })
                .collect()
        })
        .collect())
}

fn price_path(args: &Args) -> Result<PricePath, CliError> {
    if args.days < 4 {
        return Err(CliError::arg("--days", "must be at least 4"));
    }
    if args.prices.is_empty() {
        let names: Vec<String> = FOUR_ASSETS.iter().map(|a| a.name.to_string()).collect();
        let mut specs = FOUR_ASSETS.to_vec();
        if let Some(w) = &args.weights {
            for (s, bps) in specs.iter_mut().zip(parse_weights(w, &names)?) {
                s.weight_bps = bps;
            }
        }
        let prices = generated_prices(&specs, args.seed, args.days)?;
        return Ok(PricePath {
            specs,
            names,
            prices,
            steps: vec![86_400; args.days + 1],
            source: format!(
                "seeded generator (seed {}), calibrated daily closes",
                args.seed
            ),
        });
    }
    let files = args
        .prices
        .iter()
        .map(|f| read_prices(f))
        .collect::<Result<Vec<_>, _>>()?;
    let market = Market::align(&files)?;
    if market.assets() < 2 || market.assets() > 8 {
        return Err(CliError::arg(
            "--prices",
            "give 2 to 8 price files (one per asset)",
        ));
    }
    let bars = market.bars().min(args.days + 1);
    if bars < 5 {
        return Err(CliError::arg(
            "--prices",
            format!("only {} common dates; need at least 5", market.bars()),
        ));
    }
    let names = market.names.clone();
    let weights: Vec<u16> = match &args.weights {
        Some(w) => parse_weights(w, &names)?,
        None => {
            let demo: Option<Vec<u16>> = names
                .iter()
                .map(|n| {
                    FOUR_ASSETS
                        .iter()
                        .find(|a| a.name.eq_ignore_ascii_case(n))
                        .map(|a| a.weight_bps)
                })
                .collect();
            match demo.filter(|w| w.iter().map(|&x| u32::from(x)).sum::<u32>() == 10_000) {
                Some(w) => w,
                None => {
                    let n = names.len() as u16;
                    let mut w = vec![10_000 / n; names.len()];
                    w[0] += 10_000 - (10_000 / n) * n;
                    w
                }
            }
        }
    };
    let mut prices = Vec::with_capacity(bars);
    for t in 0..bars {
        let row = market.bar(t);
        let mut out = Vec::with_capacity(row.len());
        for (i, &p) in row.iter().enumerate() {
            out.push(mantissa(p).ok_or_else(|| {
                CliError::arg(
                    "--prices",
                    format!("{}: price {p} on bar {t} does not fit 8 decimals", names[i]),
                )
            })?);
        }
        prices.push(out);
    }
    let specs = names
        .iter()
        .zip(&weights)
        .enumerate()
        .map(|(i, (n, &w))| {
            let decimals = FOUR_ASSETS
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(n))
                .map_or(8, |a| a.decimals);
            DemoAsset {
                name: leak(n),
                decimals,
                weight_bps: w,
                price: prices[0][i],
                conf: 0,
            }
        })
        .collect();
    let mut steps = vec![86_400];
    steps.extend((1..bars).map(|t| market.times[t] - market.times[t - 1]));
    Ok(PricePath {
        specs,
        names,
        prices,
        steps,
        source: format!(
            "{} ({} .. {})",
            args.prices.join(", "),
            ballast_backtest::time::format_time(market.times[0]),
            ballast_backtest::time::format_time(market.times[bars - 1])
        ),
    })
}

/// One wallet of the demo.
struct Depositor {
    name: &'static str,
    keypair: Keypair,
    shares_account: Pubkey,
    tokens: Vec<Pubkey>,
    deposit_day: usize,
    redeem_day: usize,
    deposit_asset: Option<usize>,
    deposit_usd: u64,
    deposited_usd: f64,
    shares: u64,
    redeemed_usd: Option<f64>,
    expected_usd: f64,
    tolerance_usd: f64,
}

/// What the run measured.
#[derive(Default)]
struct Stats {
    rounds: usize,
    swaps: usize,
    fees_usd: f64,
    slippage_usd: f64,
    rewards_usd: f64,
    traded_usd: f64,
    worst_drift: f64,
    worst_drift_day: usize,
    /// Per round: (day, max |w - target|, max (|w - target| - band)).
    after_rounds: Vec<(usize, f64, f64)>,
    keeper_problems: Vec<String>,
    cu_deposit: Vec<u64>,
    cu_withdraw: Vec<u64>,
    cu_rebalance: Vec<u64>,
    cu_rebalance_excl_amm: Vec<u64>,
}

struct Run<'a> {
    chain: &'a EmbeddedChain,
    market: DemoMarket,
    vault: DemoVault,
    targets: Vec<f64>,
}

impl Run<'_> {
    fn usd(&self, i: usize, amount: u64) -> f64 {
        let a = &self.market.assets[i].spec;
        amount as f64 / 10f64.powi(i32::from(a.decimals)) * a.price as f64 * 1e-8
    }

    fn values(&self) -> Vec<f64> {
        self.vault
            .reserve_balances(self.chain)
            .iter()
            .enumerate()
            .map(|(i, &r)| self.usd(i, r))
            .collect()
    }

    fn supply(&self) -> Result<u64, CliError> {
        Ok(self
            .chain
            .mint(&self.vault.accounts.pdas.share_mint)
            .map_err(sdk)?
            .supply)
    }

    /// NAV per whole share at the oracle mids, with the virtual position (as ballast-math).
    fn nav_per_share(&self) -> Result<f64, CliError> {
        let nav: f64 = self.values().iter().sum();
        Ok((nav + VIRTUAL_USD) / ((self.supply()? as f64 + VIRTUAL_SHARES) / 1e9))
    }

    fn weights(&self) -> Vec<f64> {
        let v = self.values();
        let nav: f64 = v.iter().sum();
        v.iter().map(|x| x / nav.max(f64::MIN_POSITIVE)).collect()
    }

    fn drift(&self) -> f64 {
        self.weights()
            .iter()
            .zip(&self.targets)
            .map(|(w, t)| (w - t).abs())
            .fold(0.0, f64::max)
    }

    /// The policy's bands now (vol-band reads the vault's volatility state).
    fn bands(&self) -> Result<Vec<f64>, CliError> {
        let address = self.vault.vault();
        let account = self
            .chain
            .account(&address)
            .ok_or_else(|| CliError(format!("vault {address} vanished")))?;
        let state = decode_vault(&address, &account).map_err(sdk)?;
        let policy = Policy::from_bytes(&state.rebalance.policy)
            .map_err(|e| CliError(format!("stored policy: {e}")))?;
        let targets: Vec<u16> = state.assets().iter().map(|a| a.target_weight_bps).collect();
        let vols: Vec<Wad> = (0..targets.len())
            .map(|i| state.volatility[i].get().sigma().unwrap_or(Wad::ZERO))
            .collect();
        let mut out = vec![Wad::ZERO; targets.len()];
        policy
            .bands(&targets, &vols, &mut out)
            .map_err(|e| CliError(format!("bands: {e}")))?;
        Ok(out.iter().map(|b| b.raw() as f64 / 1e18).collect())
    }

    fn new_wallet(&self, name: &'static str) -> Result<Depositor, CliError> {
        let keypair = self.chain.funded_keypair().map_err(sdk)?;
        let owner = keypair.pubkey();
        let shares_account = self
            .chain
            .create_token_account(&self.vault.accounts.pdas.share_mint, &owner)
            .map_err(sdk)?;
        let tokens = self
            .market
            .assets
            .iter()
            .map(|a| self.chain.create_token_account(&a.mint, &owner))
            .collect::<Result<Vec<_>, _>>()
            .map_err(sdk)?;
        Ok(Depositor {
            name,
            keypair,
            shares_account,
            tokens,
            deposit_day: 0,
            redeem_day: 0,
            deposit_asset: None,
            deposit_usd: 0,
            deposited_usd: 0.0,
            shares: 0,
            redeemed_usd: None,
            expected_usd: 0.0,
            tolerance_usd: 0.0,
        })
    }

    fn deposit(
        &self,
        d: &mut Depositor,
        asset: usize,
        usd: u64,
        stats: &mut Stats,
    ) -> Result<(), CliError> {
        let spec = &self.market.assets[asset].spec;
        let amount = spec.amount_for_usd(usd);
        self.chain
            .mint_to(&self.market.assets[asset].mint, &d.tokens[asset], amount)
            .map_err(sdk)?;
        let before = self.chain.token_balance(&d.shares_account);
        let deposit = ix::Deposit::new(
            &self.vault.accounts,
            &d.keypair.pubkey(),
            &d.tokens[asset],
            &d.shares_account,
            asset,
            amount,
            0,
        )
        .map_err(sdk)?
        .instruction();
        let sent = self.chain.send(&[deposit], &[&d.keypair]).map_err(sdk)?;
        stats.cu_deposit.push(units_of(&sent.logs, &ballast::ID));
        d.deposited_usd += self.usd(asset, amount);
        d.shares += self.chain.token_balance(&d.shares_account) - before;
        d.deposit_asset = Some(asset);
        Ok(())
    }

    fn redeem(&self, d: &mut Depositor, stats: &mut Stats) -> Result<(), CliError> {
        let shares = self.chain.token_balance(&d.shares_account);
        let supply = self.supply()?;
        let nps = self.nav_per_share()?;
        let before: Vec<u64> = d
            .tokens
            .iter()
            .map(|t| self.chain.token_balance(t))
            .collect();
        let n = self.market.assets.len();
        let withdraw = ix::Withdraw::new(
            &self.vault.accounts,
            &d.keypair.pubkey(),
            &d.shares_account,
            &d.tokens,
            shares,
            vec![0; n],
            0,
        )
        .map_err(sdk)?
        .instruction();
        let sent = self.chain.send(&[withdraw], &[&d.keypair]).map_err(sdk)?;
        stats.cu_withdraw.push(units_of(&sent.logs, &ballast::ID));
        let redeemed: f64 = d
            .tokens
            .iter()
            .zip(&before)
            .enumerate()
            .map(|(i, (t, b))| self.usd(i, self.chain.token_balance(t) - b))
            .sum();
        d.expected_usd = shares as f64 / 1e9 * nps;
        // Each payout is rounded down (at most one base unit per asset) and the virtual
        // value (0.001 USD) stays in the vault; plus f64 noise.
        d.tolerance_usd = (0..n).map(|i| self.usd(i, 1)).sum::<f64>()
            + VIRTUAL_USD * shares as f64 / (supply as f64 + VIRTUAL_SHARES)
            + 1e-9 * d.expected_usd.max(1.0);
        d.redeemed_usd = Some(redeemed);
        Ok(())
    }

    /// Publishes day `t`'s prices and lets arbitrage align the pools.
    fn set_day_prices(&mut self, prices: &[i64]) -> Result<(), CliError> {
        for (a, &p) in self.market.assets.iter_mut().zip(prices) {
            a.spec.price = p;
        }
        self.market.publish_prices(self.chain).map_err(sdk)?;
        self.market.align_pools(self.chain, 2.0).map_err(sdk)?;
        Ok(())
    }
}

fn wad_usd(w: Wad) -> f64 {
    w.raw() as f64 / 1e18
}

fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

fn cu_line(v: &[u64]) -> String {
    if v.is_empty() {
        return "-".into();
    }
    let mean = v.iter().sum::<u64>() as f64 / v.len() as f64;
    format!(
        "{:.0} mean, {} .. {} ({} calls)",
        mean,
        v.iter().min().copied().unwrap_or(0),
        v.iter().max().copied().unwrap_or(0),
        v.len()
    )
}

fn absolute(path: &str) -> String {
    let p = Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
    };
    abs.to_string_lossy().into_owned()
}

/// Runs `ballast demo`.
pub fn run(args: Args) -> Result<(), CliError> {
    let (policy, mode) = policy_and_mode(&args.policy, &args.mode)?;
    let path = price_path(&args)?;
    let days = path.prices.len() - 1;
    let started = Instant::now();
    let chain = new_chain(args.programs_dir.as_ref())?;
    let mut config = DemoConfig::default();
    config.rebalance.policy = policy.to_bytes();
    config.rebalance.trade_target = mode.to_u8();
    let market = DemoMarket::create(&chain, &path.specs, &config).map_err(sdk)?;
    let vault = DemoVault::create(&chain, &market, 1, &config).map_err(sdk)?;
    let targets: Vec<f64> = path
        .specs
        .iter()
        .map(|s| f64::from(s.weight_bps) / 10_000.0)
        .collect();
    let mut run = Run {
        chain: &chain,
        market,
        vault,
        targets: targets.clone(),
    };
    let n = path.specs.len();
    let mut stats = Stats::default();

    // The founder funded the vault at its targets when it was created.
    let founder_deposit: f64 = run.values().iter().sum();
    let founder_shares = chain.token_balance(&run.vault.depositor_shares);
    let keeper = Keeper::new(
        chain.funded_keypair().map_err(sdk)?,
        TestAmm,
        KeeperOptions::default(),
    );
    let target = VaultTarget {
        vault: run.vault.vault(),
        price_accounts: run.market.price_accounts(),
    };
    let mut wallets = Vec::new();
    for (k, (name, deposit_day, redeem_day)) in [
        ("alice", 0, days / 2),
        ("bob", days / 4, days),
        ("carol", days / 3, 3 * days / 4),
    ]
    .into_iter()
    .enumerate()
    {
        let mut w = run.new_wallet(name)?;
        w.deposit_day = deposit_day;
        w.redeem_day = redeem_day;
        w.deposit_asset = Some([0, 1.min(n - 1), n - 1][k]);
        w.deposit_usd = DEPOSITS_USD[k];
        wallets.push(w);
    }

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
    let mut times = Vec::with_capacity(days + 1);
    let mut weights = Vec::with_capacity((days + 1) * n);
    let mut nps = Vec::with_capacity(days + 1);
    let mut buy_hold = Vec::with_capacity(days + 1);
    let mut mix = Vec::with_capacity(days + 1);
    let p0 = &path.prices[0];
    let mut mix_value = 1.0;
    let nps0 = run.nav_per_share()?;

    block_on(async {
        for t in 0..=days {
            if t > 0 {
                chain.warp(path.steps[t]);
                run.set_day_prices(&path.prices[t])?;
                let drift = run.drift();
                if drift > stats.worst_drift {
                    stats.worst_drift = drift;
                    stats.worst_drift_day = t;
                }
                let report = keeper.run_vault(&chain, &target).await;
                for swap in &report.executed {
                    let logs = &swap.confirmed.logs;
                    let total = units_of(logs, &ballast::ID);
                    stats.cu_rebalance.push(total);
                    stats
                        .cu_rebalance_excl_amm
                        .push(total - units_of(logs, &ballast_test_amm::ID));
                    for e in decode_events::<Rebalanced>(logs) {
                        let (s, b) = (usize::from(e.sell_index), usize::from(e.buy_index));
                        let value_in = run.usd(s, e.amount_in);
                        let value_out = run.usd(b, e.amount_out);
                        let fee = value_in * f64::from(config.pool_fee_bps) / 10_000.0;
                        stats.traded_usd += value_in;
                        stats.fees_usd += fee;
                        stats.slippage_usd += value_in - value_out - fee;
                        stats.rewards_usd += run.usd(b, e.keeper_reward);
                        stats.swaps += 1;
                    }
                }
                match &report.outcome {
                    VaultOutcome::Idle { .. } => {}
                    VaultOutcome::Refused { swap, error, .. } => {
                        stats.keeper_problems.push(format!(
                        "day {t}: the program refused a {} swap {} -> {} ({error}); the keeper \
                         re-plans from fresh state",
                        dollars(wad_usd(swap.notional)),
                        path.names[swap.sell],
                        path.names[swap.buy]
                    ))
                    }
                    other => stats.keeper_problems.push(format!("day {t}: {other:?}")),
                }
                if !report.executed.is_empty() {
                    stats.rounds += 1;
                    let bands = run.bands()?;
                    let w = run.weights();
                    let worst = w
                        .iter()
                        .zip(&targets)
                        .map(|(w, t)| (w - t).abs())
                        .fold(0.0, f64::max);
                    let excess = w
                        .iter()
                        .zip(&targets)
                        .zip(&bands)
                        .map(|((w, t), b)| (w - t).abs() - b)
                        .fold(f64::NEG_INFINITY, f64::max);
                    stats.after_rounds.push((t, worst, excess));
                }
            }
            for w in wallets.iter_mut() {
                if w.deposit_day == t {
                    let asset = w.deposit_asset.unwrap_or(0);
                    run.deposit(w, asset, w.deposit_usd, &mut stats)?;
                }
            }
            for w in wallets.iter_mut() {
                if w.redeem_day == t && t < days {
                    run.redeem(w, &mut stats)?;
                }
            }
            times.push(chain.now());
            weights.extend(run.weights());
            nps.push(run.nav_per_share()? / nps0);
            let bh: f64 = (0..n)
                .map(|i| targets[i] * path.prices[t][i] as f64 / p0[i] as f64)
                .sum();
            if t > 0 {
                let r: f64 = (0..n)
                    .map(|i| {
                        targets[i] * (path.prices[t][i] as f64 / path.prices[t - 1][i] as f64 - 1.0)
                    })
                    .sum();
                mix_value *= 1.0 + r;
            }
            buy_hold.push(bh);
            mix.push(mix_value);
            bar.set_position(t as u64);
        }
        Ok::<(), CliError>(())
    })??;
    bar.finish_and_clear();

    let final_nps = run.nav_per_share()?;
    let final_nav: f64 = run.values().iter().sum();
    // Everyone still in redeems at the end, the founder last.
    let mut founder = Depositor {
        name: "founder",
        keypair: run.vault.depositor.insecure_clone(),
        shares_account: run.vault.depositor_shares,
        tokens: run.vault.depositor_tokens.clone(),
        deposit_day: 0,
        redeem_day: days,
        deposit_asset: None,
        deposit_usd: 0,
        deposited_usd: founder_deposit,
        shares: founder_shares,
        redeemed_usd: None,
        expected_usd: 0.0,
        tolerance_usd: 0.0,
    };
    for w in wallets.iter_mut().filter(|w| w.redeemed_usd.is_none()) {
        run.redeem(w, &mut stats)?;
    }
    run.redeem(&mut founder, &mut stats)?;
    let mut everyone = vec![founder];
    everyone.extend(wallets);
    let elapsed = started.elapsed();

    let svg = backtest_chart(
        &format!(
            "ballast demo: {policy} ({mode}), {days} days, {}",
            if args.prices.is_empty() {
                format!("seed {}", args.seed)
            } else {
                "real prices".to_string()
            }
        ),
        &times,
        &path.names,
        &[
            ("vault NAV per share", &nps),
            ("buy-and-hold", &buy_hold),
            ("target mix (costless)", &mix),
        ],
        &weights,
        &targets,
    );
    write_file(&args.chart, &svg)?;
    let chart = absolute(&args.chart);

    let bh_final = buy_hold.last().copied().unwrap_or(1.0);
    let mix_final = mix.last().copied().unwrap_or(1.0);
    let growth = final_nps / nps0;
    let max_after = stats.after_rounds.iter().map(|r| r.1).fold(0.0, f64::max);
    // A calendar policy has no bands; at a band edge (to-band-edge) the AMM fee may leave a
    // weight a hair outside, so "outside" means by more than a basis point.
    let has_bands = !matches!(policy, Policy::Calendar { .. });
    let outside_after = stats
        .after_rounds
        .iter()
        .filter(|r| r.2 > OUTSIDE_TOLERANCE)
        .count();

    if args.json {
        let rounds: Vec<String> = stats
            .after_rounds
            .iter()
            .map(|(d, w, e)| {
                json::object(&[
                    ("day", d.to_string()),
                    ("max_drift", json::number(*w)),
                    (
                        "max_excess_over_band",
                        if has_bands {
                            json::number(*e)
                        } else {
                            "null".into()
                        },
                    ),
                ])
            })
            .collect();
        let people: Vec<String> = everyone
            .iter()
            .map(|d| {
                json::object(&[
                    ("name", json::string(d.name)),
                    ("deposited_usd", json::number(d.deposited_usd)),
                    ("shares", d.shares.to_string()),
                    ("redeemed_usd", json::opt(d.redeemed_usd)),
                    ("shares_times_nav_usd", json::number(d.expected_usd)),
                    ("rounding_tolerance_usd", json::number(d.tolerance_usd)),
                ])
            })
            .collect();
        println!(
            "{}",
            json::object(&[
                ("policy", json::string(&policy.to_string())),
                ("mode", json::string(mode.name())),
                ("days", days.to_string()),
                ("nav_per_share_start", json::number(nps0)),
                ("nav_per_share_end", json::number(final_nps)),
                ("vault_growth", json::number(growth)),
                ("buy_hold_growth", json::number(bh_final)),
                ("target_mix_growth", json::number(mix_final)),
                ("rebalances", stats.rounds.to_string()),
                ("swaps", stats.swaps.to_string()),
                ("fees_usd", json::number(stats.fees_usd)),
                ("slippage_usd", json::number(stats.slippage_usd)),
                ("keeper_rewards_usd", json::number(stats.rewards_usd)),
                ("worst_drift", json::number(stats.worst_drift)),
                ("after_rebalances", json::array(&rounds)),
                ("depositors", json::array(&people)),
                ("chart", json::string(&chart)),
                ("seconds", json::number(elapsed.as_secs_f64())),
            ])
        );
        return Ok(());
    }

    let assets: Vec<String> = path
        .specs
        .iter()
        .map(|s| {
            format!(
                "{} {}% ({} decimals)",
                s.name,
                f64::from(s.weight_bps) / 100.0,
                s.decimals
            )
        })
        .collect();
    println!("Ballast demo on an embedded chain (LiteSVM running the compiled programs)");
    println!(
        "vault    {}  assets {}",
        run.vault.vault(),
        assets.join(", ")
    );
    println!(
        "policy   {policy} ({mode}), pools {} a side at {} bps, oracle age limit {} s",
        dollars(config.pool_usd_per_side as f64),
        config.pool_fee_bps,
        config.max_oracle_age_secs
    );
    println!("prices   {} days from {}", days, path.source);
    println!();
    let rows: Vec<(&str, String)> = vec![
        (
            "NAV per share start / end",
            format!(
                "{} / {} ({:+.2}%)",
                dollars(nps0),
                dollars(final_nps),
                (growth - 1.0) * 100.0
            ),
        ),
        (
            "buy-and-hold of the initial mix",
            format!(
                "{:+.2}%  (vault minus it: {:+.2} points)",
                (bh_final - 1.0) * 100.0,
                (growth - bh_final) * 100.0
            ),
        ),
        (
            "target mix, rebalanced daily at no cost",
            format!(
                "{:+.2}%  (vault minus it: {:+.2} points)",
                (mix_final - 1.0) * 100.0,
                (growth - mix_final) * 100.0
            ),
        ),
        (
            "final NAV (before the last redemptions)",
            dollars(final_nav),
        ),
        (
            "rebalances (rounds / swaps)",
            format!("{} / {}", stats.rounds, stats.swaps),
        ),
        ("traded (sold side)", dollars(stats.traded_usd)),
        (
            "AMM fees / slippage / keeper rewards",
            format!(
                "{} / {} / {}  (total {})",
                dollars(stats.fees_usd),
                dollars(stats.slippage_usd),
                dollars(stats.rewards_usd),
                dollars(stats.fees_usd + stats.slippage_usd + stats.rewards_usd)
            ),
        ),
        (
            "worst drift seen (before a keeper ran)",
            format!(
                "{} points on day {}",
                pct(stats.worst_drift).trim_end_matches('%'),
                stats.worst_drift_day
            ),
        ),
        (
            "worst drift right after a rebalance",
            if has_bands {
                format!(
                    "{} points; outside the bands (by more than 1 bp) after {} of {} rounds",
                    pct(max_after).trim_end_matches('%'),
                    outside_after,
                    stats.rounds
                )
            } else {
                format!(
                    "{} points (a calendar policy has no bands)",
                    pct(max_after).trim_end_matches('%')
                )
            },
        ),
    ];
    for (k, v) in rows {
        println!("{k:<42} {v}");
    }
    println!();
    println!("compute units (Ballast's instruction, CPIs included)");
    println!("  deposit                   {}", cu_line(&stats.cu_deposit));
    println!(
        "  withdraw                  {}",
        cu_line(&stats.cu_withdraw)
    );
    println!(
        "  rebalance                 {}",
        cu_line(&stats.cu_rebalance)
    );
    println!(
        "  rebalance excl. the AMM   {}",
        cu_line(&stats.cu_rebalance_excl_amm)
    );
    println!();
    println!("depositors (deposits valued at the oracle; redemptions paid in kind, valued at the oracle)");
    println!(
        "  {:<8} {:>12} {:>8} {:>4}   {:>12} {:>4}   {:>16}",
        "wallet", "deposited", "asset", "day", "redeemed", "day", "shares x NAV/sh"
    );
    for d in &everyone {
        let asset = d
            .deposit_asset
            .map_or("the mix".to_string(), |i| path.names[i].clone());
        println!(
            "  {:<8} {:>12} {:>8} {:>4}   {:>12} {:>4}   {:>16}",
            d.name,
            dollars(d.deposited_usd),
            asset,
            d.deposit_day,
            d.redeemed_usd.map_or("-".into(), dollars),
            d.redeem_day,
            dollars(d.expected_usd),
        );
    }
    if !stats.keeper_problems.is_empty() {
        println!();
        println!(
            "keeper ticks that did not end idle: {}",
            stats.keeper_problems.len()
        );
        for p in stats.keeper_problems.iter().take(5) {
            println!("  {p}");
        }
    }
    println!();
    println!("chart    {chart}");
    println!("{:.1} s", elapsed.as_secs_f64());
    Ok(())
}
