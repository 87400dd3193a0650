//! `rebalance` through the local constant-product AMM (`ballast-test-amm`): a whole round
//! planned by the keeper and executed against deep pools, a sandwiched pool refused by the
//! vault's own oracle bound, and the vault's compute units around the venue's.

use ballast::events::Rebalanced;
use ballast_math::Wad;
use ballast_tests::ix::Rebalance;
use ballast_tests::market::Market;
use ballast_tests::venue::{
    amm_rebalance, arbitrage_to_oracle, create_market_pool, next_swap, pool_deviation_bps,
    pool_quote, reserve_values, round_fractions, stored_round_fractions, usd, MarketPools,
};
use ballast_tests::*;

const SOL: usize = 0;
const ETH: usize = 2;
const USDC: usize = 3;

/// Dollars of each side in every pool: deep enough that a vault-sized swap moves the price
/// by a few tens of bps at most.
const POOL_USD_PER_SIDE: u64 = 5_000_000;
/// The pools' swap fee.
const FEE_BPS: u16 = 30;
/// How close to the oracle the arbitrageur leaves a pool.
const ARB_TOLERANCE_BPS: f64 = 2.0;
/// The keeper's own minimum: smaller swaps are not worth a transaction.
const KEEPER_MIN_USD: u64 = 20;
/// 6 SOL ($1,350 at $225): a swap the drifted vault allows.
const AMOUNT: u64 = 6_000_000_000;

#[track_caller]
fn assert_refused(m: &mut Market, ix: &Rebalance, expected: BallastError) {
    let before = m.balances();
    let r = m.send(ix);
    assert_ballast_error(r, expected);
    assert_eq!(m.balances(), before, "no vault balance may move");
}

/// USD value of `amount` base units of asset `i` at its oracle mid (as `f64` dollars).
fn value_usd(m: &Market, i: usize, amount: f64) -> f64 {
    let a = &m.v.assets[i];
    amount / 10f64.powi(i32::from(a.decimals)) * a.spec.price as f64 / 1e8
}

fn weights(m: &Market) -> Vec<f64> {
    let values = reserve_values(m);
    let nav = usd(Wad::checked_sum(values.iter().copied()).unwrap());
    values.iter().map(|v| usd(*v) / nav).collect()
}

fn escrow_balances(m: &Market) -> Vec<u64> {
    m.v.assets
        .iter()
        .map(|a| m.h.token_balance(&a.escrow))
        .collect()
}

/// The 4-asset market after SOL rallies 50% (to $225) with a deep SOL/USDC pool at the new
/// price.
fn drifted_with_sol_usdc_pool() -> (Market, ballast_tests::amm::AmmPool) {
    let mut m = Market::new(&FOUR_ASSETS);
    m.set_price(SOL, 22_500_000_000);
    let pool = create_market_pool(&mut m, SOL, USDC, POOL_USD_PER_SIDE, FEE_BPS);
    assert!(pool_deviation_bps(&m, &pool).abs() < 0.1);
    (m, pool)
}

#[test]
fn rebalance_through_the_amm_restores_the_bands_with_bounded_cost() {
    let mut m = Market::new(&FOUR_ASSETS);
    let pools = MarketPools::create_all(&mut m, POOL_USD_PER_SIDE, FEE_BPS);
    // SOL +50% ($225), ETH -30% ($2,100): SOL ~52.6% against 40%, ETH ~12.3% against 20%.
    m.set_price(SOL, 22_500_000_000);
    m.set_price(ETH, 210_000_000_000);
    let targets: Vec<f64> =
        m.v.assets
            .iter()
            .map(|a| f64::from(a.spec.weight_bps) / 10_000.0)
            .collect();
    let band = 0.05;
    let w = weights(&m);
    assert!((w[SOL] - targets[SOL]).abs() > band && (w[ETH] - targets[ETH]).abs() > band);

    // Arbitrageurs bring every pool to the new oracle prices before the keeper moves.
    let pool_list: Vec<_> = pools.all().copied().collect();
    let arbitraged = pool_list
        .iter()
        .filter(|pool| arbitrage_to_oracle(&mut m, pool, ARB_TOLERANCE_BPS).is_some())
        .count();
    assert_eq!(arbitraged, 5, "every pool but BTC/USDC had to move");

    let reserves: Vec<Pubkey> = m.v.assets.iter().map(|a| a.reserve).collect();
    let nav_before = m.h.value_at_spec_prices(&m.v, &reserves);
    let state = m.h.vault_state(&m.v.vault);
    let (reward_bps, reward_cap_usd) = (
        f64::from(state.rebalance.keeper_reward_bps),
        state.rebalance.keeper_reward_cap_micro_usd as f64 / 1e6,
    );

    // The keeper fixes the trade targets as the program will when the round opens, then
    // plans each swap from fresh balances and sends it through the pool of its pair.
    let fractions = round_fractions(&m);
    let (mut expected_loss, mut tolerance, mut traded) = (0.0, 0.0, 0.0);
    let mut swaps = 0;
    while let Some(swap) = next_swap(&m, &fractions, KEEPER_MIN_USD) {
        let (sell, buy) = (usize::from(swap.sell), usize::from(swap.buy));
        let pool = *pools.get(sell, buy);
        // A pool this round already traded in is arbitraged back first.
        arbitrage_to_oracle(&mut m, &pool, ARB_TOLERANCE_BPS);
        let deviation_bps = pool_deviation_bps(&m, &pool).abs();
        let sell_mint = m.v.assets[sell].mint;
        let quote = pool_quote(&m.h, &pool, &sell_mint, swap.amount_in);
        let (ra, rb) = m.h.pool_reserves(&pool);
        let (r_in, r_out) = if sell_mint == pool.mint_a {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let balances_before = (
            m.h.token_balance(&m.v.assets[sell].reserve),
            m.h.token_balance(&m.v.assets[buy].reserve),
            m.h.token_balance(&m.keeper_accounts[buy]),
        );

        let ix = amm_rebalance(&m, &pool, sell, buy, swap.amount_in, 0);
        let sent = m
            .send(&ix)
            .unwrap_or_else(|f| panic!("{swap:?}: {:?}\n{}", f.error, f.logs.join("\n")));
        swaps += 1;
        assert!(swaps <= 6, "the plan converges");
        if swaps == 1 {
            assert_eq!(
                stored_round_fractions(&m),
                fractions,
                "the keeper predicts the round's trade targets"
            );
        }

        // The vault received exactly the venue's quote, paid the keeper its reward out of it
        // and swept the rest into the reserve.
        let event: Vec<Rebalanced> = events(&sent.logs);
        assert_eq!(event.len(), 1);
        let event = &event[0];
        assert_eq!(event.amount_in, swap.amount_in);
        assert_eq!(event.amount_out, quote.amount_out);
        assert!(event.amount_out >= event.min_amount_out);
        let reward = m.h.token_balance(&m.keeper_accounts[buy]) - balances_before.2;
        assert_eq!(reward, event.keeper_reward);
        assert_eq!(
            m.h.token_balance(&m.v.assets[sell].reserve),
            balances_before.0 - swap.amount_in
        );
        assert_eq!(
            m.h.token_balance(&m.v.assets[buy].reserve),
            balances_before.1 + quote.amount_out - reward
        );
        assert_eq!(escrow_balances(&m), vec![0; 4], "escrows are swept");

        // What this swap should cost the vault, at the oracle mids: the pool's fee, the
        // price impact against the pool's marginal price, and the keeper's reward (at most
        // 10 bps of the output and $10). The pool's price is within ARB_TOLERANCE_BPS of the
        // oracle: the notional times the deviation measured before the swap, plus a cent of
        // rounding, is the tolerance.
        let notional = value_usd(&m, sell, swap.amount_in as f64);
        let fee = value_usd(&m, sell, quote.fee as f64);
        let mid_out = (swap.amount_in - quote.fee) as f64 * r_out as f64 / r_in as f64;
        let impact = value_usd(&m, buy, mid_out - quote.amount_out as f64);
        let reward_usd = value_usd(&m, buy, reward as f64);
        let out_usd = value_usd(&m, buy, quote.amount_out as f64);
        assert!(reward_usd <= (out_usd * reward_bps / 10_000.0).min(reward_cap_usd) + 1e-6);
        // Impact is at most x / (R_in + x) of the output at the pool price.
        let x = (swap.amount_in - quote.fee) as f64;
        assert!(
            impact <= value_usd(&m, buy, mid_out) * x / (r_in as f64 + x) + value_usd(&m, buy, 1.0)
        );
        expected_loss += fee + impact + reward_usd;
        tolerance += notional * deviation_bps / 10_000.0 + 0.01;
        traded += notional;
    }
    assert!(
        (3..=6).contains(&swaps),
        "one swap per underweight asset, then small top-ups: {swaps}"
    );

    // Every weight is back inside its band, and near its target.
    for (i, (w, t)) in weights(&m).iter().zip(&targets).enumerate() {
        assert!(
            (w - t).abs() < band,
            "asset {i}: {w} outside the band of {t}"
        );
        assert!((w - t).abs() < 0.001, "asset {i}: {w} not near {t}");
    }
    // The NAV lost at the oracle mids is what fees, impact and rewards explain, no more
    // (and no less: the vault keeps nothing in escrow and is skimmed by no one).
    let nav_after = m.h.value_at_spec_prices(&m.v, &reserves);
    let loss = usd(nav_before.checked_sub(nav_after).unwrap());
    assert!(
        loss <= expected_loss + tolerance,
        "lost ${loss:.2}, fees + impact + rewards explain ${expected_loss:.2} (± ${tolerance:.2})"
    );
    assert!(
        loss >= expected_loss - tolerance,
        "lost ${loss:.2}, less than fees + impact + rewards ${expected_loss:.2}"
    );
    // 30 bps fee, < 30 bps impact in pools this deep, 10 bps reward: under 1% of the traded
    // notional, the vault's slippage budget.
    assert!(loss < traded * 0.01, "lost ${loss:.2} on ${traded:.2}");
    assert_eq!(escrow_balances(&m), vec![0; 4], "no escrow holds tokens");
}

#[test]
fn rebalance_refuses_a_sandwiched_pool() {
    let (mut m, pool) = drifted_with_sol_usdc_pool();
    let (sol_mint, usdc_mint) = (m.v.assets[SOL].mint, m.v.assets[USDC].mint);
    let min_out = m.min_out(SOL, USDC, AMOUNT);
    // At the oracle price the keeper's swap clears the vault's bound.
    assert!(pool_quote(&m.h, &pool, &sol_mint, AMOUNT).amount_out >= min_out);
    let ix = amm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0);

    // Front-run: the attacker dumps 500 SOL ($112,500) into the pool, so the keeper's SOL
    // would buy ~4.5% fewer USDC.
    let front = 500_000_000_000;
    let attacker = m.h.create_amm_trader(&pool, 0, 0);
    let attacker_sol = attacker.account_of(&pool, &sol_mint);
    let attacker_usdc = attacker.account_of(&pool, &usdc_mint);
    m.h.mint_tokens(&sol_mint, &attacker_sol, front);
    let swap = attacker.swap(&pool, &sol_mint, front, 0).instruction();
    m.h.send_ok(&[swap], &[&attacker.keypair]);
    let skew = pool_deviation_bps(&m, &pool).abs();
    assert!(skew > 100.0, "the pool is {skew} bps off the oracle");
    assert!(pool_quote(&m.h, &pool, &sol_mint, AMOUNT).amount_out < min_out);

    // The victim: the venue would fill at any price (its own minimum is 0), the vault's
    // oracle bound refuses, and nothing moves.
    assert_refused(&mut m, &ix, BallastError::SwapOutputBelowMinimum);

    // Back-run: the attacker sells its USDC back and ends with less SOL than it put in (two
    // fees, and no victim trade to profit from).
    let usdc = m.h.token_balance(&attacker_usdc);
    let back = attacker.swap(&pool, &usdc_mint, usdc, 0).instruction();
    m.h.send_ok(&[back], &[&attacker.keypair]);
    let sol_back = m.h.token_balance(&attacker_sol);
    assert!(
        sol_back < front,
        "the sandwich lost {} lamports",
        front - sol_back
    );

    // Once arbitrage restores the pool, the same rebalance passes at a fair price.
    arbitrage_to_oracle(&mut m, &pool, ARB_TOLERANCE_BPS);
    let quote = pool_quote(&m.h, &pool, &sol_mint, AMOUNT);
    let sent = m
        .send(&ix)
        .expect("the same rebalance passes at the oracle price");
    let event: Vec<Rebalanced> = events(&sent.logs);
    assert_eq!(event[0].amount_out, quote.amount_out);
    assert!(event[0].amount_out >= min_out);
    assert_eq!(escrow_balances(&m), vec![0; 4]);
}

/// A regression guard, not a benchmark (compute units are deterministic): the vault's own
/// part of a 4-asset rebalance through the AMM measured 65,076 CU when this was written; the
/// CU report (`cargo run -p ballast-tests --bin cu-report`) has the figures per vault size.
/// The goal is 40,000; see the README for where the units go.
#[test]
fn rebalance_through_the_amm_stays_under_its_compute_guard() {
    let (mut m, pool) = drifted_with_sol_usdc_pool();
    let ix = amm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0);
    let sent = m.send(&ix).expect("rebalance through the AMM");
    let venue = sent.cpi_units_of(&ballast_test_amm::ID);
    assert!(venue > 0, "the venue ran as a CPI of the vault");
    let own = sent.ballast_units() - venue;
    assert!(
        own < 70_000,
        "the vault's own part of a 4-asset rebalance: {own} CU"
    );
}
