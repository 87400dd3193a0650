//! The keeper on the embedded chain (the compiled program in LiteSVM): its decisions
//! (due, not due, stale oracle, cooldown, auction) each checked against what the program
//! does with the same state, a restart in the middle of a round, and two keepers racing on
//! one vault.

use std::sync::Mutex;

use ballast::error::BallastError;
use ballast::events::Rebalanced;
use ballast_keeper::{
    Decision, Keeper, KeeperOptions, NotDueReason, OracleProblem, PlannedSwap, TestAmm,
    VaultOutcome, VaultReport, VaultTarget,
};
use ballast_math::oracle::token_value;
use ballast_math::{PriceSide, Rounding, Wad};
use ballast_sandbox::keeping::keep_until_idle;
use ballast_sandbox::{
    DemoConfig, DemoMarket, DemoVault, EmbeddedChain, FOUR_ASSETS, PRICE_EXPONENT,
};
use ballast_sdk::chain::{Chain, ChainClock, Confirmed};
use ballast_sdk::{Pubkey, SdkError, SdkResult, VersionedTransaction};
use solana_transaction_error::TransactionError;

const SOL: usize = 0;
const USDC: usize = 3;
/// SOL at $225 (+50%): about 52.6% of the vault against a 40% target, outside the 5-point
/// band.
const SOL_RALLY: i64 = 22_500_000_000;

struct Setup {
    chain: EmbeddedChain,
    market: DemoMarket,
    vault: DemoVault,
    config: DemoConfig,
}

impl Setup {
    fn new() -> Self {
        let chain = EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)");
        let config = DemoConfig::default();
        let market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).expect("market");
        let vault = DemoVault::create(&chain, &market, 1, &config).expect("vault");
        Setup {
            chain,
            market,
            vault,
            config,
        }
    }

    fn target(&self) -> VaultTarget {
        VaultTarget {
            vault: self.vault.vault(),
            price_accounts: self.market.price_accounts(),
        }
    }

    /// Moves asset `i`'s price and lets arbitrage bring the pools to it.
    fn move_price(&mut self, i: usize, price: i64) {
        self.market.set_price(&self.chain, i, price).unwrap();
        self.market.align_pools(&self.chain, 2.0).unwrap();
    }

    fn keeper(&self, options: KeeperOptions) -> Keeper<TestAmm> {
        Keeper::new(self.chain.funded_keypair().unwrap(), TestAmm, options)
    }

    /// Ticks `keeper` through the round's auction until it is idle (see
    /// `ballast_sandbox::keeping`).
    async fn keep(&self, keeper: &Keeper<TestAmm>, target: &VaultTarget) -> Vec<VaultReport> {
        keep_until_idle(&self.chain, &self.market, keeper, target)
            .await
            .unwrap()
    }

    /// Sends `open_round` for `target` (chosen by the test, not by the keeper's decision).
    async fn force_open_round(
        &self,
        keeper: &Keeper<TestAmm>,
        target: &VaultTarget,
    ) -> SdkResult<Confirmed> {
        let snapshot = ballast_keeper::read_snapshot(&self.chain, target).await?;
        keeper.open_round(&self.chain, &snapshot.accounts).await
    }

    /// Moves the clock to `t` (not back) and republishes the prices.
    fn wait_until(&self, t: i64) {
        self.chain.set_time(t.max(self.chain.now()));
        self.market.publish_prices(&self.chain).unwrap();
    }

    /// Opens a round (a keeper's first tick) and waits until its auction allows the pool's
    /// price for the first swap that can clear; returns that swap (its index in the plan).
    async fn open_round_and_wait(&self, target: &VaultTarget) -> usize {
        let keeper = self.keeper(KeeperOptions::default());
        let report = keeper.run_vault(&self.chain, target).await;
        assert!(report.opened.is_some(), "{report:?}");
        let VaultOutcome::AuctionWait {
            clears_at, swap, ..
        } = report.outcome
        else {
            panic!("expected an auction wait, got {:?}", report.outcome);
        };
        self.wait_until(clears_at);
        let plan = keeper.plan(&self.chain, target).await.unwrap();
        let Decision::Rebalance { swaps, .. } = &plan.decision else {
            panic!("due: {}", plan.decision);
        };
        swaps
            .iter()
            .position(|w| (w.sell, w.buy, w.amount_in) == (swap.sell, swap.buy, swap.amount_in))
            .expect("the waited-for swap is still planned")
    }

    fn reserves(&self) -> Vec<u64> {
        self.vault.reserve_balances(&self.chain)
    }

    /// Each reserve's weight at the current oracle mids.
    fn weights(&self) -> Vec<f64> {
        let values: Vec<Wad> = self
            .market
            .assets
            .iter()
            .zip(self.reserves())
            .map(|(a, amount)| {
                let price = ballast_math::OraclePrice {
                    price: a.spec.price,
                    conf: a.spec.conf,
                    exponent: PRICE_EXPONENT,
                };
                token_value(
                    amount,
                    a.spec.decimals,
                    &price,
                    PriceSide::Mid,
                    Rounding::Down,
                )
                .unwrap()
            })
            .collect();
        let nav = Wad::checked_sum(values.iter().copied()).unwrap();
        values
            .iter()
            .map(|v| v.raw() as f64 / nav.raw() as f64)
            .collect()
    }

    fn assert_within_band(&self) {
        for (i, (w, a)) in self.weights().iter().zip(&self.market.assets).enumerate() {
            let target = f64::from(a.spec.weight_bps) / 10_000.0;
            assert!(
                (w - target).abs() < 0.01,
                "asset {i}: weight {w} against {target}"
            );
        }
    }
}

fn ballast_code(error: BallastError) -> u32 {
    error.into()
}

/// Sends `swap` (chosen by the test, not by the keeper's decision) through the keeper's
/// venue: what the program says to a swap the keeper declined.
async fn force_swap(
    s: &Setup,
    keeper: &Keeper<TestAmm>,
    target: &VaultTarget,
    sell: usize,
    buy: usize,
    amount_in: u64,
) -> SdkResult<Confirmed> {
    let snapshot = ballast_keeper::read_snapshot(&s.chain, target).await?;
    let swap = PlannedSwap {
        sell,
        buy,
        amount_in,
        notional: Wad::ZERO,
        min_out_now: Some(0),
        min_out_at_max: 0,
        reward_cap: 0,
    };
    let route = keeper
        .route(&s.chain, &snapshot, &swap)
        .await?
        .expect("a pool for every pair");
    keeper
        .execute(&s.chain, &snapshot.accounts, &swap, &route)
        .await
}

#[track_caller]
fn assert_refused_with(result: SdkResult<Confirmed>, expected: BallastError) {
    match result {
        Err(SdkError::Rejected(rejection)) => assert!(
            rejection.is_ballast_error(expected),
            "expected {expected:?}, got {rejection}\n{}",
            rejection.logs.join("\n")
        ),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

fn rebalanced_events(confirmed: &Confirmed) -> Vec<Rebalanced> {
    ballast_sdk::events::decode_events(&confirmed.logs)
}

#[tokio::test]
async fn decision_not_due_on_a_balanced_vault_and_the_program_agrees() {
    let s = Setup::new();
    let keeper = s.keeper(KeeperOptions::default());
    let target = s.target();
    let plan = keeper.plan(&s.chain, &target).await.unwrap();
    assert_eq!(
        plan.decision,
        Decision::NotDue {
            reason: NotDueReason::PolicyNotTriggered
        }
    );
    let reports = keeper
        .run_once(&s.chain, std::slice::from_ref(&target))
        .await;
    assert!(reports[0].executed.is_empty());
    assert!(matches!(reports[0].outcome, VaultOutcome::Idle { .. }));

    // Opening a round anyway: the program refuses it for the same reason; and a swap
    // without an open round is refused too.
    let r = s.force_open_round(&keeper, &target).await;
    assert_refused_with(r, BallastError::NotTriggered);
    let amount = FOUR_ASSETS[SOL].amount_for_usd(100);
    let r = force_swap(&s, &keeper, &target, SOL, USDC, amount).await;
    assert_refused_with(r, BallastError::NoOpenRound);
}

#[tokio::test]
async fn decision_due_after_a_drift_and_the_keeper_restores_the_band() {
    let mut s = Setup::new();
    s.move_price(SOL, SOL_RALLY);
    let keeper = s.keeper(KeeperOptions::default());
    let target = s.target();
    let plan = keeper.plan(&s.chain, &target).await.unwrap();
    assert_eq!(plan.decision, Decision::OpenRound);
    let opened = keeper
        .open_round(&s.chain, &plan.snapshot.accounts)
        .await
        .unwrap();
    let round_start = s.chain.now();
    assert!(opened.logs.iter().any(|l| l.contains("Program data:")));
    let plan = keeper.plan(&s.chain, &target).await.unwrap();
    let Decision::Rebalance {
        opened_at, swaps, ..
    } = &plan.decision
    else {
        panic!("expected a rebalance, got {}", plan.decision);
    };
    assert_eq!(*opened_at, round_start);
    assert!(
        swaps.iter().all(|w| w.sell == SOL),
        "only SOL is overweight"
    );
    assert!(swaps.len() <= 3, "at most n - 1 swaps: {swaps:?}");
    // At the opening the auction allows no shortfall: no venue with a fee can fill yet.
    let report = keeper.run_vault(&s.chain, &target).await;
    assert!(report.executed.is_empty());
    let VaultOutcome::AuctionWait { clears_at, .. } = report.outcome else {
        panic!("expected to wait for the auction, got {:?}", report.outcome);
    };
    assert!(
        clears_at > round_start,
        "a 30 bps pool clears later in the auction"
    );

    let reports = s.keep(&keeper, &target).await;
    let executed: Vec<_> = reports.iter().flat_map(|r| r.executed.iter()).collect();
    assert_eq!(executed.len(), 3, "one swap per pair, no follow-ups");
    for executed in executed {
        // Swaps sent together share a transaction: each is its position's event.
        let events = rebalanced_events(&executed.confirmed);
        assert_eq!(events.len(), executed.batch_size);
        let event = &events[executed.position];
        assert_eq!(event.amount_in, executed.swap.amount_in);
        assert_eq!(
            event.amount_out, executed.quoted_out,
            "the venue paid its quote"
        );
    }
    assert_eq!(
        reports.last().unwrap().outcome,
        VaultOutcome::Idle {
            decision: Decision::NotDue {
                reason: NotDueReason::RoundComplete
            }
        }
    );
    s.assert_within_band();
}

#[tokio::test]
async fn decision_stale_oracle_skips_the_vault_and_the_loop_goes_on() {
    let mut s = Setup::new();
    // A second vault on the same market, kept with a price account for SOL that nobody
    // refreshes.
    let other = DemoVault::create(&s.chain, &s.market, 2, &s.config).unwrap();
    s.move_price(SOL, SOL_RALLY);
    let sol = s.market.assets[SOL];
    let stale_account = Pubkey::new_unique();
    let age = 120;
    s.chain
        .set_price(
            stale_account,
            sol.feed_id,
            sol.spec.price,
            sol.spec.conf,
            PRICE_EXPONENT,
            s.chain.now() - age,
        )
        .unwrap();
    let mut stale_prices = s.market.price_accounts();
    stale_prices[SOL] = stale_account;
    let stale = VaultTarget {
        vault: other.vault(),
        price_accounts: stale_prices,
    };
    let fresh = s.target();

    let keeper = s.keeper(KeeperOptions::default());
    let plan = keeper.plan(&s.chain, &stale).await.unwrap();
    assert_eq!(
        plan.decision,
        Decision::StaleOracle {
            asset: SOL,
            problem: OracleProblem::Stale { age, limit: 60 }
        }
    );
    let before = other.reserve_balances(&s.chain);
    let reports = keeper.run_once(&s.chain, &[stale.clone(), fresh]).await;
    assert!(reports[0].executed.is_empty());
    assert!(matches!(
        reports[0].outcome,
        VaultOutcome::Idle {
            decision: Decision::StaleOracle { asset: SOL, .. }
        }
    ));
    assert_eq!(
        other.reserve_balances(&s.chain),
        before,
        "the stale vault is untouched"
    );
    assert!(
        reports[1].opened.is_some(),
        "the fresh vault's round is opened"
    );
    let fresh = s.target();
    let finished = s.keep(&keeper, &fresh).await;
    assert!(finished.iter().any(|r| !r.executed.is_empty()));
    s.assert_within_band();

    // The program refuses the stale price for the same reason.
    let r = s.force_open_round(&keeper, &stale).await;
    assert_refused_with(r, BallastError::OracleStale);

    // The whole market going stale: every vault is skipped, nothing fails.
    s.chain.warp(61);
    let plan = keeper.plan(&s.chain, &s.target()).await.unwrap();
    assert!(matches!(
        plan.decision,
        Decision::StaleOracle { asset: 0, .. }
    ));
}

#[tokio::test]
async fn decision_cooldown_after_a_round_and_the_program_agrees() {
    let mut s = Setup::new();
    s.move_price(SOL, SOL_RALLY);
    let keeper = s.keeper(KeeperOptions::default());
    let target = s.target();
    let reports = s.keep(&keeper, &target).await;
    assert!(reports.iter().any(|r| !r.executed.is_empty()));
    let opened_at =
        ballast_sdk::state::decode_vault(&target.vault, &s.chain.account(&target.vault).unwrap())
            .unwrap()
            .round_opened_ts;
    let cooldown = i64::from(s.config.rebalance.cooldown_secs);

    // The round closes (5 minutes), then SOL rallies again to $300: due, but cooling down.
    s.chain.warp(ballast::constants::ROUND_WINDOW_SECS + 1);
    s.move_price(SOL, 30_000_000_000);
    let plan = keeper.plan(&s.chain, &target).await.unwrap();
    assert_eq!(
        plan.decision,
        Decision::Cooldown {
            until: opened_at + cooldown
        }
    );
    let reports = keeper
        .run_once(&s.chain, std::slice::from_ref(&target))
        .await;
    assert!(reports[0].executed.is_empty() && reports[0].opened.is_none());
    let r = s.force_open_round(&keeper, &target).await;
    assert_refused_with(r, BallastError::CooldownActive);

    // Once the cooldown has passed, the next round opens.
    let now = s.chain.now();
    s.chain.warp(opened_at + cooldown - now);
    s.market.publish_prices(&s.chain).unwrap();
    let plan = keeper.plan(&s.chain, &target).await.unwrap();
    assert_eq!(plan.decision, Decision::OpenRound);
}

/// Runs keepers that stop after one swap each (a crash or restart after every swap, and
/// once after sending without reading the confirmation) until the vault is done.
async fn run_with_restarts(s: &Setup) -> usize {
    let target = s.target();
    let one_swap = KeeperOptions {
        max_swaps_per_tick: 1,
        ..KeeperOptions::default()
    };
    let mut swaps = 0;
    let first_clearing = s.open_round_and_wait(&target).await;
    // A keeper sends its swap and dies before it sees the confirmation.
    let first = s.keeper(one_swap);
    let plan = first.plan(&s.chain, &target).await.unwrap();
    let Decision::Rebalance { swaps: planned, .. } = &plan.decision else {
        panic!("due: {}", plan.decision);
    };
    let route = first
        .route(&s.chain, &plan.snapshot, &planned[first_clearing])
        .await
        .unwrap()
        .unwrap();
    let tx = first
        .build_transaction(
            &s.chain,
            &plan.snapshot.accounts,
            &planned[first_clearing],
            &route,
        )
        .await
        .unwrap();
    drop(first);
    let _ = s.chain.send_transaction(&tx).await.unwrap();
    swaps += 1;
    // Whoever replays that very transaction (a restarted sender) is refused by the chain.
    let replay = s.chain.send_transaction(&tx).await;
    assert!(
        matches!(&replay, Err(SdkError::Rejected(r)) if r.error == TransactionError::AlreadyProcessed),
        "{replay:?}"
    );
    // New keeper processes, each making one swap before being restarted.
    for _ in 0..20 {
        let keeper = s.keeper(one_swap);
        let report = keeper.run_vault(&s.chain, &target).await;
        swaps += report.executed.len();
        match &report.outcome {
            VaultOutcome::Idle { decision } => {
                assert_eq!(
                    *decision,
                    Decision::NotDue {
                        reason: NotDueReason::RoundComplete
                    }
                );
                return swaps;
            }
            VaultOutcome::AuctionWait { clears_at, .. } => s.wait_until(*clears_at),
            outcome => assert_eq!(*outcome, VaultOutcome::SwapLimit),
        }
    }
    panic!("the restarted keepers never finished");
}

#[tokio::test]
async fn a_restart_mid_run_leaves_no_double_trade() {
    // The same market twice: one keeper without interruption, one restarted after every swap.
    let mut steady = Setup::new();
    steady.move_price(SOL, SOL_RALLY);
    let keeper = steady.keeper(KeeperOptions::default());
    let reports = steady.keep(&keeper, &steady.target()).await;
    let steady_swaps: usize = reports.iter().map(|r| r.executed.len()).sum();

    let mut restarted = Setup::new();
    restarted.move_price(SOL, SOL_RALLY);
    let restarted_swaps = run_with_restarts(&restarted).await;

    assert_eq!(restarted_swaps, steady_swaps, "the same swaps, none twice");
    restarted.assert_within_band();
    let (a, b) = (steady.reserves(), restarted.reserves());
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        let diff = x.abs_diff(*y) as f64 / *x as f64;
        assert!(diff < 1e-4, "asset {i}: {x} uninterrupted, {y} restarted");
    }
    // And another restart finds nothing to do.
    let again = restarted.keeper(KeeperOptions::default());
    let report = again.run_vault(&restarted.chain, &restarted.target()).await;
    assert!(report.executed.is_empty());
}

/// The embedded chain, where a competitor's transaction lands just before the first
/// transaction sent through this wrapper: a race lost by one slot.
struct LoseTheRace<'a> {
    inner: &'a EmbeddedChain,
    competitor: Mutex<Option<VersionedTransaction>>,
}

impl Chain for LoseTheRace<'_> {
    async fn get_account(&self, address: &Pubkey) -> SdkResult<Option<solana_account::Account>> {
        self.inner.get_account(address).await
    }

    async fn get_clock(&self) -> SdkResult<ChainClock> {
        self.inner.get_clock().await
    }

    async fn latest_blockhash(&self) -> SdkResult<solana_hash::Hash> {
        self.inner.latest_blockhash().await
    }

    async fn send_transaction(&self, transaction: &VersionedTransaction) -> SdkResult<Confirmed> {
        let competitor = self.competitor.lock().unwrap().take();
        if let Some(competitor) = competitor {
            self.inner
                .send_transaction(&competitor)
                .await
                .expect("the competitor's swap lands");
        }
        self.inner.send_transaction(transaction).await
    }
}

#[tokio::test]
async fn two_keepers_racing_one_rebalances_and_the_other_is_cleanly_refused() {
    let mut s = Setup::new();
    s.move_price(SOL, SOL_RALLY);
    let target = s.target();
    let (a, b) = (
        s.keeper(KeeperOptions::default()),
        s.keeper(KeeperOptions::default()),
    );

    // The round is open and the auction allows the pool's price; both read the same
    // state and plan the same swap.
    let first_clearing = s.open_round_and_wait(&target).await;
    let plan_a = a.plan(&s.chain, &target).await.unwrap();
    let plan_b = b.plan(&s.chain, &target).await.unwrap();
    assert_eq!(plan_a.decision, plan_b.decision);
    let Decision::Rebalance { swaps, .. } = &plan_a.decision else {
        panic!("due: {}", plan_a.decision);
    };
    let swap = swaps[first_clearing];
    let route = a
        .route(&s.chain, &plan_a.snapshot, &swap)
        .await
        .unwrap()
        .unwrap();
    let tx_a = a
        .build_transaction(&s.chain, &plan_a.snapshot.accounts, &swap, &route)
        .await
        .unwrap();

    // Keeper B runs its loop; keeper A's identical swap lands first.
    let before = s.reserves();
    let racing = LoseTheRace {
        inner: &s.chain,
        competitor: Mutex::new(Some(tx_a)),
    };
    let report = b.run_vault(&racing, &target).await;
    assert!(report.executed.is_empty(), "{report:?}");
    let VaultOutcome::Refused {
        swap: refused,
        error,
        code,
    } = &report.outcome
    else {
        panic!("expected a refusal, got {:?}", report.outcome);
    };
    assert_eq!(*refused, Some(swap));
    let clean = [
        BallastError::SwapOvershoots,
        BallastError::SwapSellsUnderweight,
        BallastError::SwapBuysOverweight,
    ];
    assert!(
        clean
            .iter()
            .any(|e| *code == Some(ballast_code(*e)) && error == &format!("{e:?}")),
        "refused with {error} ({code:?})"
    );
    // Exactly one trade moved the vault: A's.
    let after = s.reserves();
    assert_eq!(after[swap.sell], before[swap.sell] - swap.amount_in);
    assert!(after[swap.buy] > before[swap.buy]);

    // On its next ticks B re-plans from fresh state and finishes the round.
    let reports = s.keep(&b, &target).await;
    let executed: Vec<_> = reports.iter().flat_map(|r| &r.executed).collect();
    assert!(!executed.is_empty());
    assert!(executed.iter().all(|e| e.swap != swap));
    assert!(matches!(
        reports.last().unwrap().outcome,
        VaultOutcome::Idle { .. }
    ));
    s.assert_within_band();
}

/// The embedded chain behind a connection that drops the first `failures` reads.
struct Flaky<'a> {
    inner: &'a EmbeddedChain,
    failures: Mutex<u32>,
}

impl Chain for Flaky<'_> {
    async fn get_account(&self, address: &Pubkey) -> SdkResult<Option<solana_account::Account>> {
        {
            let mut left = self.failures.lock().unwrap();
            if *left > 0 {
                *left -= 1;
                return Err(SdkError::Transport("connection reset".into()));
            }
        }
        self.inner.get_account(address).await
    }

    async fn get_clock(&self) -> SdkResult<ChainClock> {
        self.inner.get_clock().await
    }

    async fn latest_blockhash(&self) -> SdkResult<solana_hash::Hash> {
        self.inner.latest_blockhash().await
    }

    async fn send_transaction(&self, transaction: &VersionedTransaction) -> SdkResult<Confirmed> {
        self.inner.send_transaction(transaction).await
    }
}

#[tokio::test]
async fn an_unreachable_chain_is_backed_off_not_fatal() {
    let mut s = Setup::new();
    s.move_price(SOL, SOL_RALLY);
    let keeper = s.keeper(KeeperOptions::default());
    let target = s.target();
    let flaky = Flaky {
        inner: &s.chain,
        failures: Mutex::new(2),
    };
    let reports = keeper.run_once(&flaky, std::slice::from_ref(&target)).await;
    assert!(
        reports[0].is_transient_failure(),
        "{:?}",
        reports[0].outcome
    );
    assert!(reports[0].executed.is_empty());

    // The loop backs off through the second failure and opens the round on its last tick;
    // the round's auction then lets it finish.
    let schedule = ballast_keeper::Schedule {
        interval: std::time::Duration::from_millis(1),
        max_backoff: std::time::Duration::from_millis(4),
        max_ticks: Some(2),
    };
    let reports = keeper
        .run(&flaky, std::slice::from_ref(&target), &schedule)
        .await;
    assert!(reports[0].opened.is_some(), "{:?}", reports[0].outcome);
    let finished = s.keep(&keeper, &target).await;
    assert!(finished.iter().any(|r| !r.executed.is_empty()));
    s.assert_within_band();
}
