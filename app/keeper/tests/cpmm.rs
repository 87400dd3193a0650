//! The keeper against Raydium CPMM (a source build of the pinned upstream commit) on the
//! embedded chain: its quote is exactly what the program pays, it takes the better of two
//! venues that both have pools, and it splits a swap that one shallow pool cannot fill
//! within the vault's bound. Skipped (one line saying how to get the program) when it is
//! missing, failed under `CI`.

use ballast::events::Rebalanced;
use ballast_keeper::venue::raydium_cpmm::PROGRAM_ID as CPMM;
use ballast_keeper::{
    Decision, ExecutedSwap, Keeper, KeeperOptions, NotDueReason, VaultOutcome, VaultReport,
    VaultTarget, Venues,
};
use ballast_math::oracle::token_value;
use ballast_math::{PriceSide, Rounding, Wad};
use ballast_sandbox::keeping::keep_until_idle;
use ballast_sandbox::venues::{venue_available, RAYDIUM_CPMM};
use ballast_sandbox::{
    DemoConfig, DemoMarket, DemoVault, DemoVenue, EmbeddedChain, FOUR_ASSETS, PRICE_EXPONENT,
};

const SOL: usize = 0;
const USDC: usize = 3;
/// SOL at $225 (+50%): outside its band; BTC, ETH and USDC all buy.
const SOL_RALLY: i64 = 22_500_000_000;

struct Setup {
    chain: EmbeddedChain,
    market: DemoMarket,
    vault: DemoVault,
}

impl Setup {
    /// A demo market on `venue` with `usd_per_side` pools, plus CPMM pools beside test-AMM
    /// ones when `both`; `None` when CPMM is missing.
    fn new(venue: DemoVenue, usd_per_side: u64, both: bool) -> Option<Self> {
        if !venue_available(&RAYDIUM_CPMM) {
            return None;
        }
        let chain = EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)");
        let config = DemoConfig {
            venue,
            pool_usd_per_side: usd_per_side,
            ..DemoConfig::default()
        };
        let mut market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).expect("market");
        if both {
            market
                .add_cpmm_pools(&chain, usd_per_side)
                .expect("CPMM pools");
        }
        let vault = DemoVault::create(&chain, &market, 1, &config).expect("vault");
        market.set_price(&chain, SOL, SOL_RALLY).unwrap();
        market.align_pools(&chain, 2.0).unwrap();
        Some(Setup {
            chain,
            market,
            vault,
        })
    }

    fn target(&self) -> VaultTarget {
        VaultTarget {
            vault: self.vault.vault(),
            price_accounts: self.market.price_accounts(),
        }
    }

    fn keeper(&self, options: KeeperOptions) -> Keeper<Venues> {
        Keeper::new(self.chain.funded_keypair().unwrap(), Venues::all(), options)
    }

    async fn keep(&self, keeper: &Keeper<Venues>) -> Vec<VaultReport> {
        keep_until_idle(&self.chain, &self.market, keeper, &self.target())
            .await
            .unwrap()
    }

    fn weights(&self) -> Vec<f64> {
        let values: Vec<Wad> = self
            .market
            .assets
            .iter()
            .zip(self.vault.reserve_balances(&self.chain))
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

fn executed(reports: &[VaultReport]) -> Vec<&ExecutedSwap> {
    reports.iter().flat_map(|r| &r.executed).collect()
}

/// Each executed swap's own event (a batch shares one transaction's logs).
fn event(swap: &ExecutedSwap) -> Rebalanced {
    let mut events: Vec<Rebalanced> = ballast_sdk::events::decode_events(&swap.confirmed.logs);
    assert_eq!(events.len(), swap.batch_size);
    events.swap_remove(swap.position)
}

fn round_complete(reports: &[VaultReport]) -> bool {
    reports.last().is_some_and(|r| {
        r.outcome
            == VaultOutcome::Idle {
                decision: Decision::NotDue {
                    reason: NotDueReason::RoundComplete,
                },
            }
    })
}

#[tokio::test]
async fn the_keeper_quotes_cpmm_exactly_and_restores_the_band() {
    let Some(s) = Setup::new(DemoVenue::RaydiumCpmm, 5_000_000, false) else {
        return;
    };
    let keeper = s.keeper(KeeperOptions::default());
    let reports = s.keep(&keeper).await;
    let swaps = executed(&reports);
    assert_eq!(swaps.len(), 3, "one swap per pair");
    for swap in &swaps {
        let e = event(swap);
        assert_eq!(e.dex_program, CPMM);
        assert_eq!(swap.venue, "raydium-cpmm");
        assert_eq!(e.amount_in, swap.swap.amount_in);
        assert_eq!(
            e.amount_out, swap.quoted_out,
            "the pool paid the quote, exactly"
        );
        let (total, in_cpmm) = swap.compute_units();
        assert!(
            in_cpmm > 20_000 && total > in_cpmm,
            "{total} CU, {in_cpmm} in CPMM"
        );
    }
    assert!(round_complete(&reports));
    s.assert_within_band();
}

#[tokio::test]
async fn the_keeper_takes_the_better_venue_when_both_have_pools() {
    let Some(s) = Setup::new(DemoVenue::TestAmm, 5_000_000, true) else {
        return;
    };
    let keeper = s.keeper(KeeperOptions::default());
    // Both venues' pools are at the oracle and equally deep: CPMM's 0.25% beats 0.30%.
    let plan = {
        let report = keeper.run_vault(&s.chain, &s.target()).await;
        assert!(report.opened.is_some());
        keeper.plan(&s.chain, &s.target()).await.unwrap()
    };
    let Decision::Rebalance { swaps, .. } = &plan.decision else {
        panic!("due: {}", plan.decision);
    };
    let swap = swaps.iter().find(|w| w.buy == USDC).expect("SOL -> USDC");
    let best = keeper
        .route(&s.chain, &plan.snapshot, swap)
        .await
        .unwrap()
        .expect("a route");
    assert_eq!(best.venue, "raydium-cpmm");
    let amm_only = Keeper::new(
        s.chain.funded_keypair().unwrap(),
        ballast_keeper::TestAmm,
        KeeperOptions::default(),
    );
    let amm = amm_only
        .route(&s.chain, &plan.snapshot, swap)
        .await
        .unwrap()
        .expect("a test-AMM route");
    assert!(best.amount_out > amm.amount_out);

    // Someone pushes CPMM's SOL/USDC pool 1% against the vault: the test AMM is better now.
    let pool = s
        .market
        .cpmm_pools
        .iter()
        .find(|p| p.has_mint(&s.market.assets[SOL].mint) && p.has_mint(&s.market.assets[USDC].mint))
        .copied()
        .expect("the CPMM pool of the pair");
    let sol = &s.market.assets[SOL];
    let dump = sol.spec.amount_for_usd(50_000);
    s.chain
        .mint_to(&sol.mint, &sol.trader_account, dump)
        .unwrap();
    let usdc_account = s.market.assets[USDC].trader_account;
    s.chain
        .cpmm_swap(
            &pool,
            s.chain.payer(),
            (&sol.trader_account, &usdc_account),
            &sol.mint,
            dump,
            0,
        )
        .unwrap();
    let now = keeper
        .route(&s.chain, &plan.snapshot, swap)
        .await
        .unwrap()
        .expect("a route");
    assert_eq!(now.venue, "test-amm");
    assert_eq!(now.amount_out, amm.amount_out);

    // The round fills through whichever venue quotes best for each swap.
    let reports = s.keep(&keeper).await;
    let swaps = executed(&reports);
    assert!(!swaps.is_empty());
    for swap in &swaps {
        assert_eq!(event(swap).amount_out, swap.quoted_out);
    }
    assert!(swaps.iter().any(|w| w.venue == "test-amm"));
    assert!(swaps.iter().any(|w| w.venue == "raydium-cpmm"));
    s.assert_within_band();
}

#[tokio::test]
async fn the_keeper_splits_a_swap_one_shallow_pool_cannot_fill() {
    // $60,000 a side: selling $6,000 of SOL for BTC would move the pool ~10%.
    let Some(s) = Setup::new(DemoVenue::RaydiumCpmm, 60_000, false) else {
        return;
    };
    let keeper = s.keeper(KeeperOptions::default());
    let reports = s.keep(&keeper).await;
    let swaps = executed(&reports);
    let by_pair = |buy: usize| swaps.iter().filter(|w| w.swap.buy == buy).count();
    assert!(by_pair(1) > 1, "SOL -> BTC in parts: {}", by_pair(1));
    for swap in &swaps {
        let e = event(swap);
        assert_eq!(e.amount_out, swap.quoted_out);
        assert!(
            e.amount_out >= e.min_amount_out,
            "every part within the bound"
        );
    }
    assert!(
        reports
            .iter()
            .all(|r| !matches!(r.outcome, VaultOutcome::Refused { .. })),
        "no part refused"
    );
    assert!(
        round_complete(&reports),
        "{:?}",
        reports.last().map(|r| &r.outcome)
    );
    s.assert_within_band();
}
