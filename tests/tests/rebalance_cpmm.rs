//! `rebalance` through Raydium CPMM (a source build of the pinned upstream commit, loaded
//! at its mainnet id): a whole round bringing a 4-asset vault (one asset a Token-2022 mint)
//! back inside its bands with its loss explained by pool fees, price impact and keeper
//! rewards; and attacks through the real program, each refused with its own error and no
//! balance moved. Skipped (one line saying how to get the program) when it is missing,
//! failed under `CI`.

use ballast::events::Rebalanced;
use ballast_math::Wad;
use ballast_tests::cpmm::{
    arbitrage, assert_cpmm_error, cpmm_market, cpmm_rebalance, create_pool, deviation_bps, push,
    quote, standard, write_config, CpmmError, CpmmPool, CONSTRAINT_ADDRESS, CONSTRAINT_RAW,
    TOKEN_MINT_MISMATCH,
};
use ballast_tests::market::Market;
use ballast_tests::venue::{next_swap, reserve_values, round_fractions, usd};
use ballast_tests::*;

const SOL: usize = 0;
const BTC: usize = 1;
const ETH: usize = 2;
const USDC: usize = 3;

/// Dollars of each side of a deep pool.
const DEEP_USD: u64 = 5_000_000;
/// How close to the oracle the arbitrageur leaves a pool.
const ARB_TOLERANCE_BPS: f64 = 2.0;
/// The keeper's own minimum: smaller swaps are not worth a transaction.
const KEEPER_MIN_USD: u64 = 20;
/// 6 SOL ($1,350 at $225): a swap the drifted vault allows.
const AMOUNT: u64 = 6_000_000_000;

/// The harness's four assets with ETH a Token-2022 mint.
fn specs() -> Vec<AssetSpec> {
    let mut specs = FOUR_ASSETS.to_vec();
    specs[ETH].kind = TokenKind::Token2022;
    specs
}

/// Every balance a refused rebalance must leave unchanged, the pool's vaults included.
fn balances(m: &Market, pool: &CpmmPool) -> Vec<u64> {
    let mut all = m.balances();
    all.push(m.h.token_balance(&pool.state.token_0_vault));
    all.push(m.h.token_balance(&pool.state.token_1_vault));
    all
}

#[track_caller]
fn assert_unchanged(m: &Market, pool: &CpmmPool, before: &[u64]) {
    assert_eq!(balances(m, pool), before, "no balance may move");
}

/// USD value of `amount` base units of asset `i` at its oracle mid.
fn value_usd(m: &Market, i: usize, amount: f64) -> f64 {
    let a = &m.v.assets[i];
    amount / 10f64.powi(i32::from(a.decimals)) * a.spec.price as f64 / 1e8
}

fn weights(m: &Market) -> Vec<f64> {
    let values = reserve_values(m);
    let nav = usd(Wad::checked_sum(values.iter().copied()).unwrap());
    values.iter().map(|v| usd(*v) / nav).collect()
}

/// The 4-asset market after SOL rallies 50% (to $225), with a deep SOL/USDC pool at the new
/// price; `None` when CPMM is missing.
fn drifted() -> Option<(Market, CpmmPool)> {
    let mut m = cpmm_market(&specs())?;
    m.set_price(SOL, 22_500_000_000);
    let pool = create_pool(&mut m, &standard(), SOL, USDC, DEEP_USD);
    assert!(deviation_bps(&m, &pool).abs() < 0.1);
    m.open_round_if_closed().expect("a round opens");
    Some((m, pool))
}

#[test]
fn rebalance_through_cpmm_restores_the_bands_with_the_loss_explained() {
    let Some(mut m) = cpmm_market(&specs()) else {
        return;
    };
    let config = standard();
    let mut pools = Vec::new();
    for i in 0..4 {
        for j in i + 1..4 {
            pools.push(((i, j), create_pool(&mut m, &config, i, j, DEEP_USD)));
        }
    }
    let pool_of = |pools: &[((usize, usize), CpmmPool)], i: usize, j: usize| {
        pools
            .iter()
            .find(|(p, _)| *p == (i.min(j), i.max(j)))
            .expect("a pool per pair")
            .1
    };
    // SOL +50% ($225), ETH -30% ($2,100): both outside their 5-point bands.
    m.set_price(SOL, 22_500_000_000);
    m.set_price(ETH, 210_000_000_000);
    let targets: Vec<f64> = specs()
        .iter()
        .map(|s| f64::from(s.weight_bps) / 1e4)
        .collect();
    let w = weights(&m);
    assert!((w[SOL] - targets[SOL]).abs() > 0.05 && (w[ETH] - targets[ETH]).abs() > 0.05);
    for (_, pool) in &pools {
        arbitrage(&mut m, pool, ARB_TOLERANCE_BPS);
    }

    let reserves: Vec<Pubkey> = m.v.assets.iter().map(|a| a.reserve).collect();
    let nav_before = m.h.value_at_spec_prices(&m.v, &reserves);
    let fractions = round_fractions(&m);
    let (mut expected, mut tolerance, mut traded, mut swaps, mut token_2022) =
        (0.0, 0.0, 0.0, 0, false);
    while let Some(swap) = next_swap(&m, &fractions, KEEPER_MIN_USD) {
        let (sell, buy) = (usize::from(swap.sell), usize::from(swap.buy));
        let pool = pool_of(&pools, sell, buy);
        arbitrage(&mut m, &pool, ARB_TOLERANCE_BPS);
        let deviation = deviation_bps(&m, &pool).abs();
        let sell_mint = m.v.assets[sell].mint;
        let q = quote(&m, &pool, &sell_mint, swap.amount_in);
        let pricing = ballast_tests::cpmm::pricing(&m, &pool, &sell_mint);
        let reward_before = m.h.token_balance(&m.keeper_accounts[buy]);
        let ix = cpmm_rebalance(&m, &pool, sell, buy, swap.amount_in, 0);
        let sent = m
            .send(&ix)
            .unwrap_or_else(|f| panic!("{swap:?}: {:?}\n{}", f.error, f.logs.join("\n")));
        swaps += 1;
        assert!(swaps <= 6, "the plan converges");
        token_2022 |= m.v.assets[sell].kind == TokenKind::Token2022
            || m.v.assets[buy].kind == TokenKind::Token2022;

        // CPMM paid exactly the quote made with its own arithmetic on the pool as read.
        let events: Vec<Rebalanced> = events(&sent.logs);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].amount_in, swap.amount_in);
        assert_eq!(events[0].amount_out, q.amount_received);
        let reward = m.h.token_balance(&m.keeper_accounts[buy]) - reward_before;
        assert_eq!(reward, events[0].keeper_reward);

        // The vault's cost: the trade fee, the impact against the pool's marginal price
        // (reserves net of the fees accrued in the vaults), the reward.
        let x = (swap.amount_in - q.trade_fee) as f64;
        let mid_out = x * pricing.reserve_out as f64 / pricing.reserve_in as f64;
        let fee = value_usd(&m, sell, q.trade_fee as f64);
        let impact = value_usd(&m, buy, mid_out - q.amount_received as f64);
        let notional = value_usd(&m, sell, swap.amount_in as f64);
        expected += fee + impact + value_usd(&m, buy, reward as f64);
        tolerance += notional * deviation / 10_000.0 + 0.01;
        traded += notional;
    }
    assert!((3..=6).contains(&swaps), "{swaps} swaps");
    assert!(token_2022, "a Token-2022 pair traded");
    for (i, (w, t)) in weights(&m).iter().zip(&targets).enumerate() {
        assert!((w - t).abs() < 0.001, "asset {i}: {w} not near {t}");
    }
    let nav_after = m.h.value_at_spec_prices(&m.v, &reserves);
    let loss = usd(nav_before.checked_sub(nav_after).unwrap());
    assert!(
        (loss - expected).abs() <= tolerance,
        "lost ${loss:.2}; fees + impact + rewards explain ${expected:.2} (± ${tolerance:.2})"
    );
    // 25 bps fee, little impact in pools this deep, 10 bps reward.
    assert!(loss < traded * 0.01, "lost ${loss:.2} on ${traded:.2}");
}

#[test]
fn a_pool_of_another_pair_is_refused() {
    let Some((mut m, pool)) = drifted() else {
        return;
    };
    let sol_btc = create_pool(&mut m, &standard(), SOL, BTC, DEEP_USD);
    let before = balances(&m, &pool);
    // Sold SOL for USDC through the SOL/BTC pool: CPMM pays BTC into the USDC escrow, which
    // the token program refuses.
    let ix = cpmm_rebalance(&m, &sol_btc, SOL, USDC, AMOUNT, 0);
    assert_error_code(m.send(&ix), TOKEN_MINT_MISMATCH, "token MintMismatch");
    assert_unchanged(&m, &pool, &before);
    // The pool of the pair with the vault of another pool: CPMM's account constraint
    // refuses it.
    let mut ix = cpmm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0);
    ix.dex_accounts[6].pubkey = sol_btc.vaults_for(&m.v.assets[SOL].mint).0;
    assert_error_code(m.send(&ix), CONSTRAINT_RAW, "CPMM ConstraintRaw");
    assert_unchanged(&m, &pool, &before);
    // The pool's own SOL vault (and mint) on both sides: CPMM finds no direction.
    let mut ix = cpmm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0);
    ix.dex_accounts[7].pubkey = pool.vaults_for(&m.v.assets[SOL].mint).0;
    ix.dex_accounts[11].pubkey = m.v.assets[SOL].mint;
    assert_cpmm_error(m.send(&ix), CpmmError::InvalidVault);
    assert_unchanged(&m, &pool, &before);
}

#[test]
fn a_pool_of_another_config_is_refused_or_bounded() {
    let Some((mut m, pool)) = drifted() else {
        return;
    };
    // A 2% pool of the same pair under config 1.
    let dear = write_config(&m, 1, 20_000);
    let dear_pool = create_pool(&mut m, &dear, SOL, USDC, DEEP_USD);
    let before = balances(&m, &pool);
    // Its pool with the standard config's account: CPMM checks the pool's config.
    let mut ix = cpmm_rebalance(&m, &dear_pool, SOL, USDC, AMOUNT, 0);
    ix.dex_accounts[2].pubkey = standard();
    assert_error_code(m.send(&ix), CONSTRAINT_ADDRESS, "CPMM ConstraintAddress");
    assert_unchanged(&m, &pool, &before);
    // Consistently passed, the dear pool is a real venue, but 2% is more than the vault's
    // 1% bound allows.
    let ix = cpmm_rebalance(&m, &dear_pool, SOL, USDC, AMOUNT, 0);
    assert_ballast_error(m.send(&ix), BallastError::SwapOutputBelowMinimum);
    assert_unchanged(&m, &pool, &before);
    // The standard pool of the pair passes.
    let sent = m
        .send(&cpmm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0))
        .expect("fair pool");
    assert_eq!(events::<Rebalanced>(&sent.logs).len(), 1);
}

#[test]
fn a_pushed_pool_is_refused_by_the_bound_and_a_fair_one_is_bounded() {
    let Some((mut m, pool)) = drifted() else {
        return;
    };
    let sol = m.v.assets[SOL].mint;
    let min_out = m.min_out(SOL, USDC, AMOUNT);
    // An attacker dumps 500 SOL ($112,500) into the pool first: the price falls ~4.5%.
    push(&mut m, &pool, &sol, 500_000_000_000);
    assert!(deviation_bps(&m, &pool).abs() > 100.0);
    assert!(quote(&m, &pool, &sol, AMOUNT).amount_received < min_out);
    let before = balances(&m, &pool);
    let ix = cpmm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0);
    assert_ballast_error(m.send(&ix), BallastError::SwapOutputBelowMinimum);
    assert_unchanged(&m, &pool, &before);
    // Pushed by less than the bound allows (0.4%): the swap passes, at no less than the
    // vault's minimum, and the keeper is paid only out of the surplus above it.
    arbitrage(&mut m, &pool, ARB_TOLERANCE_BPS);
    push(&mut m, &pool, &sol, 40_000_000_000);
    let q = quote(&m, &pool, &sol, AMOUNT);
    assert!(q.amount_received >= min_out);
    let sent = m.send(&ix).expect("within the bound");
    let e = &events::<Rebalanced>(&sent.logs)[0];
    assert_eq!(e.amount_out, q.amount_received);
    assert!(e.amount_out - e.keeper_reward >= e.min_amount_out);
}

#[test]
fn a_paused_pool_and_a_pool_not_yet_open_are_refused() {
    let Some((mut m, pool)) = drifted() else {
        return;
    };
    let before = balances(&m, &pool);
    let ix = cpmm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0);
    m.h.chain
        .set_cpmm_pool_status(&pool.address, 0b100, 0)
        .expect("status written");
    assert_cpmm_error(m.send(&ix), CpmmError::NotApproved);
    assert_unchanged(&m, &pool, &before);
    let later = u64::try_from(m.h.now() + 3_600).unwrap();
    m.h.chain
        .set_cpmm_pool_status(&pool.address, 0, later)
        .expect("open time written");
    assert_cpmm_error(m.send(&ix), CpmmError::NotApproved);
    assert_unchanged(&m, &pool, &before);
    m.h.chain
        .set_cpmm_pool_status(&pool.address, 0, 0)
        .expect("reopened");
    m.send(&ix).expect("the open pool trades");
}

#[test]
fn the_output_account_of_another_vault_is_refused() {
    let Some((mut m, pool)) = drifted() else {
        return;
    };
    // A second vault on the same mints, with its escrows.
    let specs = specs();
    let mut other = m.h.prepare_vault(&specs, 8);
    for (i, a) in m.v.assets.clone().iter().enumerate() {
        other.set_mint(i, a.mint, a.kind);
    }
    m.h.send_ok(
        &[ix::initialize_vault(&other).instruction()],
        &[&other.manager],
    );
    m.h.create_escrows(&other);
    let stolen_into = other.assets[USDC].escrow;
    let before = balances(&m, &pool);
    let other_before = m.h.token_balance(&stolen_into);
    // CPMM pays whatever output account it is given: the vault sees nothing arrive.
    let mut ix = cpmm_rebalance(&m, &pool, SOL, USDC, AMOUNT, 0);
    ix.dex_accounts[5].pubkey = stolen_into;
    assert_ballast_error(m.send(&ix), BallastError::SwapOutputBelowMinimum);
    assert_unchanged(&m, &pool, &before);
    assert_eq!(m.h.token_balance(&stolen_into), other_before);
}

#[test]
fn amounts_beyond_the_pool_are_refused() {
    let Some(mut m) = cpmm_market(&specs()) else {
        return;
    };
    // SOL triples ($450): two thirds of the vault, BTC far under its target.
    m.set_price(SOL, 45_000_000_000);
    // A $5,000 pool: the vault may sell more SOL than the pool holds.
    let pool = create_pool(&mut m, &standard(), SOL, BTC, 5_000);
    let sol_reserve = m.h.token_balance(&pool.vaults_for(&m.v.assets[SOL].mint).0);
    let btc_reserve = m.h.token_balance(&pool.vaults_for(&m.v.assets[BTC].mint).0);
    let amount = sol_reserve * 3 / 2;
    let before = balances(&m, &pool);
    // Constant product never empties the pool: the output is far below the oracle bound.
    let ix = cpmm_rebalance(&m, &pool, SOL, BTC, amount, 0);
    assert_ballast_error(m.send(&ix), BallastError::SwapOutputBelowMinimum);
    assert_unchanged(&m, &pool, &before);
    // Asking CPMM for more than its whole BTC reserve as a minimum: its own refusal.
    let ix = cpmm_rebalance(&m, &pool, SOL, BTC, sol_reserve / 100, btc_reserve + 1);
    assert_cpmm_error(m.send(&ix), CpmmError::ExceededSlippage);
    assert_unchanged(&m, &pool, &before);
}
