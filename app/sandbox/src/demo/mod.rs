//! A vault's life on the embedded chain, day by day ([`run`]): the demo market and a vault
//! funded by a founder at its targets, then for each day of a price path the clock moves,
//! new Pyth prices are published, an arbitrageur brings the pools to the oracle, the keeper
//! (`ballast-keeper`, through the test AMM) rebalances when the vault's policy says so, and
//! three wallets deposit and later redeem in kind. Everyone still in redeems at the end.
//! The manager governs meanwhile ([`governance`]): a management fee and one change of
//! target weights, queued on day 0, executed once the timelock has passed, the weights
//! ramped over days with the keeper following them, the fee's shares collected at the end.
//!
//! The result is a serializable [`DemoReport`] (NAV per share against buy-and-hold and the
//! costless target mix, rounds and swaps, costs, drift against the bands after each round,
//! compute units, and every wallet's deposit and redemption next to shares times NAV per
//! share) and the [`DemoSeries`] for a chart. Rendering is the caller's (`ballast demo`).

use ballast::events::Rebalanced;
use ballast_keeper::{Keeper, VaultOutcome, VaultTarget, Venues};
use ballast_math::{Policy, TradeTarget};
use ballast_sdk::events::decode_events;
use ballast_sdk::{SdkError, SdkResult};

pub mod governance;
mod report;
mod wallets;

pub use report::{
    ComputeUnits, DemoReport, DemoSeries, DepositorReport, GovernanceReport, RoundReport, UnitStats,
};
use wallets::{Wallet, World};

use crate::chain::EmbeddedChain;
use crate::keeping::keep_until_idle;
use crate::market::{DemoAsset, DemoConfig, DemoMarket};
use crate::vault::DemoVault;

/// Dollar value of each demo wallet's deposit (alice, bob, carol).
const DEPOSITS_USD: [u64; 3] = [1_500, 3_000, 5_000];

/// What to play.
#[derive(Clone, Debug)]
pub struct DemoPlan {
    /// The assets (their prices are day 0's).
    pub specs: Vec<DemoAsset>,
    /// `prices[t][i]`: asset `i`'s price mantissa on day `t` (exponent
    /// [`crate::PRICE_EXPONENT`]); day 0 first, at least 5 days.
    pub prices: Vec<Vec<i64>>,
    /// Seconds between day `t - 1` and day `t` (index 0 unused).
    pub steps: Vec<i64>,
    /// The market's and the vault's settings (policy and mode included).
    pub config: DemoConfig,
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct DemoRun {
    /// What it measured.
    pub report: DemoReport,
    /// The daily series.
    pub series: DemoSeries,
}

/// What the keeper's swaps cost and did, and the compute units seen.
#[derive(Default)]
struct Stats {
    rounds: usize,
    swaps: usize,
    fees_usd: f64,
    slippage_usd: f64,
    rewards_usd: f64,
    traded_usd: f64,
    transactions: usize,
    worst_drift: f64,
    worst_drift_day: usize,
    after_rounds: Vec<(usize, f64, f64)>,
    keeper_problems: Vec<String>,
    cu_deposit: Vec<u64>,
    cu_withdraw: Vec<u64>,
    cu_rebalance: Vec<u64>,
    cu_rebalance_excl_amm: Vec<u64>,
}

fn invalid(what: &str) -> SdkError {
    SdkError::InvalidInput(format!("demo plan: {what}"))
}

/// Plays `plan` on `chain` (a fresh embedded chain), calling `progress(day)` after each day.
pub async fn run(
    chain: &EmbeddedChain,
    plan: &DemoPlan,
    progress: &mut dyn FnMut(usize),
) -> SdkResult<DemoRun> {
    let n = plan.specs.len();
    if plan.prices.len() < 5 || plan.prices.iter().any(|p| p.len() != n) {
        return Err(invalid("at least 5 days of one price per asset"));
    }
    if plan.steps.len() < plan.prices.len() {
        return Err(invalid("one step per day"));
    }
    let config = &plan.config;
    let policy = Policy::from_bytes(&config.rebalance.policy)?;
    let mode = TradeTarget::from_u8(config.rebalance.trade_target)?;
    let days = plan.prices.len() - 1;
    let market = DemoMarket::create(chain, &plan.specs, config)?;
    let vault = DemoVault::create(chain, &market, 1, config)?;
    let targets: Vec<f64> = plan
        .specs
        .iter()
        .map(|s| f64::from(s.weight_bps) / 10_000.0)
        .collect();
    let mut world = World {
        chain,
        market,
        vault,
    };
    let mut stats = Stats::default();

    // The founder funded the vault at its targets when it was created.
    let founder_deposit: f64 = world.values().iter().sum();
    let founder_shares = chain.token_balance(&world.vault.depositor_shares);
    // Every venue the keeper knows; the vault allows only its market's.
    let keeper = Keeper::new(chain.funded_keypair()?, Venues::all(), config.keeper);
    let target = VaultTarget {
        vault: world.vault.vault(),
        price_accounts: world.market.price_accounts(),
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
        let mut w = world.new_wallet(name)?;
        w.report.deposit_day = deposit_day;
        w.report.redeem_day = redeem_day;
        w.deposit_asset = Some([0, 1.min(n - 1), n - 1][k]);
        w.deposit_usd = DEPOSITS_USD[k];
        wallets.push(w);
    }

    let names: Vec<String> = plan.specs.iter().map(|s| s.name.to_string()).collect();
    let mut gov = governance::Governance::queue(&world, &names, days)?;
    let mut series = DemoSeries {
        targets: targets.clone(),
        ..DemoSeries::default()
    };
    let p0 = &plan.prices[0];
    let mut mix_value = 1.0;
    let nps0 = world.nav_per_share()?;
    for t in 0..=days {
        if t > 0 {
            chain.warp(plan.steps[t]);
            world.set_day_prices(&plan.prices[t])?;
            gov.on_day(&world, t)?;
            let drift = world.drift()?;
            if drift > stats.worst_drift {
                stats.worst_drift = drift;
                stats.worst_drift_day = t;
            }
            keeper_day(&world, &keeper, &target, plan, t, &mut stats).await?;
        }
        for w in wallets.iter_mut().filter(|w| w.report.deposit_day == t) {
            let asset = w.deposit_asset.unwrap_or(0);
            let usd = w.deposit_usd;
            stats.cu_deposit.push(world.deposit(w, asset, usd)?);
        }
        for w in wallets
            .iter_mut()
            .filter(|w| w.report.redeem_day == t && t < days)
        {
            stats.cu_withdraw.push(world.redeem(w)?);
        }
        series.times.push(chain.now());
        series.weights.extend(world.weights());
        series.nav_per_share.push(world.nav_per_share()? / nps0);
        let bh: f64 = (0..n)
            .map(|i| targets[i] * plan.prices[t][i] as f64 / p0[i] as f64)
            .sum();
        if t > 0 {
            // The costless mix held since yesterday the targets of yesterday (a ramp moves them).
            let held = world.targets_at(series.times[t - 1])?;
            let r: f64 = (0..n)
                .map(|i| held[i] * (plan.prices[t][i] as f64 / plan.prices[t - 1][i] as f64 - 1.0))
                .sum();
            mix_value *= 1.0 + r;
        }
        series.buy_hold.push(bh);
        series.target_mix.push(mix_value);
        progress(t);
    }

    let final_nps = world.nav_per_share()?;
    let final_nav: f64 = world.values().iter().sum();
    let round_times: Vec<i64> = stats
        .after_rounds
        .iter()
        .map(|&(day, _, _)| series.times[day])
        .collect();
    let governance = gov.finish(&world, days, final_nps, &round_times)?;
    // Everyone still in redeems at the end, the founder last.
    let mut founder = Wallet {
        keypair: world.vault.depositor.insecure_clone(),
        shares_account: world.vault.depositor_shares,
        tokens: world.vault.depositor_tokens.clone(),
        deposit_asset: None,
        deposit_usd: 0,
        report: DepositorReport {
            name: "founder".into(),
            asset: None,
            deposit_day: 0,
            redeem_day: days,
            deposited_usd: founder_deposit,
            shares: founder_shares,
            redeemed_usd: None,
            shares_times_nav_usd: 0.0,
            rounding_tolerance_usd: 0.0,
        },
    };
    for w in wallets
        .iter_mut()
        .filter(|w| w.report.redeemed_usd.is_none())
    {
        stats.cu_withdraw.push(world.redeem(w)?);
    }
    stats.cu_withdraw.push(world.redeem(&mut founder)?);
    let mut depositors = vec![founder.report];
    depositors.extend(wallets.into_iter().map(|w| w.report));

    // A calendar policy has no bands.
    let has_bands = !matches!(policy, Policy::Calendar { .. });
    let buy_hold_growth = series.buy_hold.last().copied().unwrap_or(1.0);
    let report = DemoReport {
        vault: world.vault.vault().to_string(),
        policy: policy.to_string(),
        mode: mode.name().to_string(),
        days,
        nav_per_share_start: nps0,
        nav_per_share_end: final_nps,
        vault_growth: final_nps / nps0,
        buy_hold_growth,
        target_mix_growth: mix_value,
        final_nav_usd: final_nav,
        venue: config.venue.name().to_string(),
        rebalances: stats.rounds,
        swaps: stats.swaps,
        swap_transactions: stats.transactions,
        traded_usd: stats.traded_usd,
        fees_usd: stats.fees_usd,
        slippage_usd: stats.slippage_usd,
        keeper_rewards_usd: stats.rewards_usd,
        worst_drift: stats.worst_drift,
        worst_drift_day: stats.worst_drift_day,
        has_bands,
        after_rebalances: stats
            .after_rounds
            .iter()
            .map(|&(day, max_drift, excess)| RoundReport {
                day,
                max_drift,
                max_excess_over_band: has_bands.then_some(excess),
            })
            .collect(),
        depositors,
        compute_units: ComputeUnits {
            deposit: UnitStats::of(&stats.cu_deposit),
            withdraw: UnitStats::of(&stats.cu_withdraw),
            rebalance: UnitStats::of(&stats.cu_rebalance),
            rebalance_excl_amm: UnitStats::of(&stats.cu_rebalance_excl_amm),
        },
        keeper_problems: stats.keeper_problems,
        governance,
    };
    Ok(DemoRun { report, series })
}

/// Day `t`'s keeper tick: what its swaps cost, and the vault's drift after a round.
async fn keeper_day(
    world: &World<'_>,
    keeper: &Keeper<Venues>,
    target: &VaultTarget,
    plan: &DemoPlan,
    t: usize,
    stats: &mut Stats,
) -> SdkResult<()> {
    let specs = &plan.specs;
    // The keeper opens a round, then fills each swap as soon as the round's auction allows
    // the pool's price: the clock moves to that second (prices republished) between ticks.
    let mut reports = keep_until_idle(world.chain, &world.market, keeper, target).await?;
    let Some(report) = reports.pop() else {
        return Ok(());
    };
    let executed: Vec<_> = reports
        .into_iter()
        .flat_map(|r| r.executed)
        .chain(report.executed.iter().cloned())
        .collect();
    let mut last_transaction = None;
    for swap in &executed {
        // A batch's swaps share a transaction: this swap's event is its position's.
        let events = decode_events::<Rebalanced>(&swap.confirmed.logs);
        let Some(e) = events.get(swap.position) else {
            continue;
        };
        let (total, in_venue) = swap.compute_units();
        stats.cu_rebalance.push(total);
        stats.cu_rebalance_excl_amm.push(total - in_venue);
        let (s, b) = (usize::from(e.sell_index), usize::from(e.buy_index));
        let value_in = world.usd(s, e.amount_in);
        let value_out = world.usd(b, e.amount_out);
        let fee = world.usd(s, swap.venue_fee);
        stats.traded_usd += value_in;
        stats.fees_usd += fee;
        stats.slippage_usd += value_in - value_out - fee;
        stats.rewards_usd += world.usd(b, e.keeper_reward);
        stats.swaps += 1;
        if last_transaction != Some(swap.confirmed.signature) {
            stats.transactions += 1;
            last_transaction = Some(swap.confirmed.signature);
        }
    }
    match &report.outcome {
        VaultOutcome::Idle { .. } => {}
        VaultOutcome::Refused {
            swap: Some(swap),
            error,
            ..
        } => stats.keeper_problems.push(format!(
            "day {t}: the program refused a ${:.2} swap {} -> {} ({error}); the keeper \
             re-plans from fresh state",
            swap.notional.raw() as f64 / 1e18,
            specs[swap.sell].name,
            specs[swap.buy].name
        )),
        other => stats.keeper_problems.push(format!("day {t}: {other:?}")),
    }
    if !executed.is_empty() {
        stats.rounds += 1;
        let bands = world.bands()?;
        let w = world.weights();
        let targets = world.targets_now()?;
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
    Ok(())
}
