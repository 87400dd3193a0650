//! The local AMM as a rebalancing venue of a [`Market`]: pools funded at the oracle price,
//! an arbitrageur that trades a pool back to the oracle price, `rebalance` instructions
//! routed through a pool, and the keeper's plan (ballast-math, as the program checks it).
//!
//! Prices here are ratios of base units: "price of side A in side B" is how many base units
//! of B one base unit of A is worth (`f64`, only to steer traders and to measure
//! deviations; every amount the vault sees is an exact integer quote).

use anchor_lang::prelude::Pubkey;
use ballast_math::planner::{plan_swaps, Swap};
use ballast_math::round::{open_round, trade_target, Holdings};
use ballast_math::Wad;
use ballast_test_amm::SwapQuote;
use solana_signer::Signer;

use crate::amm::{swap_data, AmmPool};
use crate::ix::{self, DexCall, Rebalance};
use crate::market::Market;
use crate::{Harness, Sent};

/// The index of the vault asset whose mint is `mint`.
pub fn asset_index_of(m: &Market, mint: &Pubkey) -> usize {
    m.v.assets
        .iter()
        .position(|a| a.mint == *mint)
        .unwrap_or_else(|| panic!("{mint} is not a vault asset"))
}

/// Creates the pool of assets `i` and `j` charging `fee_bps`, funded with `usd_per_side`
/// whole dollars of each asset at its current oracle (spec) price.
pub fn create_market_pool(
    m: &mut Market,
    i: usize,
    j: usize,
    usd_per_side: u64,
    fee_bps: u16,
) -> AmmPool {
    let (a, b) = (m.v.assets[i].clone(), m.v.assets[j].clone());
    let pool = m.h.create_pool(a.mint, a.kind, b.mint, b.kind, fee_bps);
    let amount = |k: usize| m.v.assets[k].spec.amount_for_usd(usd_per_side);
    let (ia, ib) = (
        asset_index_of(m, &pool.mint_a),
        asset_index_of(m, &pool.mint_b),
    );
    let (amount_a, amount_b) = (amount(ia), amount(ib));
    m.h.add_liquidity(&pool, amount_a, amount_b);
    pool
}

/// The pools of every pair of a market's assets.
pub struct MarketPools {
    pools: Vec<((usize, usize), AmmPool)>,
}

impl MarketPools {
    /// Creates a pool for each of the `n (n - 1) / 2` pairs (see [`create_market_pool`]).
    pub fn create_all(m: &mut Market, usd_per_side: u64, fee_bps: u16) -> Self {
        let n = m.v.assets.len();
        let mut pools = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                pools.push(((i, j), create_market_pool(m, i, j, usd_per_side, fee_bps)));
            }
        }
        MarketPools { pools }
    }

    /// The pool of assets `i` and `j`, in either order.
    pub fn get(&self, i: usize, j: usize) -> &AmmPool {
        let key = (i.min(j), i.max(j));
        &self
            .pools
            .iter()
            .find(|(pair, _)| *pair == key)
            .unwrap_or_else(|| panic!("no pool for {key:?}"))
            .1
    }

    /// Every pool.
    pub fn all(&self) -> impl Iterator<Item = &AmmPool> {
        self.pools.iter().map(|(_, pool)| pool)
    }
}

/// The oracle price of `pool`'s side A in base units of side B (spec prices, mid).
pub fn oracle_ratio(m: &Market, pool: &AmmPool) -> f64 {
    let a = &m.v.assets[asset_index_of(m, &pool.mint_a)];
    let b = &m.v.assets[asset_index_of(m, &pool.mint_b)];
    // Both mantissas have the same exponent, which cancels.
    (a.spec.price as f64 / b.spec.price as f64)
        * 10f64.powi(i32::from(b.decimals) - i32::from(a.decimals))
}

/// The pool's marginal price of side A in base units of side B: `reserve_b / reserve_a`
/// (before fee).
pub fn pool_ratio(h: &Harness, pool: &AmmPool) -> f64 {
    let (ra, rb) = h.pool_reserves(pool);
    rb as f64 / ra as f64
}

/// How far the pool's price of side A is from the oracle's, in bps (positive: A is dearer
/// in the pool).
pub fn pool_deviation_bps(m: &Market, pool: &AmmPool) -> f64 {
    (pool_ratio(&m.h, pool) / oracle_ratio(m, pool) - 1.0) * 10_000.0
}

/// The input that moves a pool to a price: the venue client's.
pub use ballast_test_amm::client::arbitrage_input;

/// The exact fee and output of selling `amount_in` of `mint_in` to `pool` now.
pub fn pool_quote(h: &Harness, pool: &AmmPool, mint_in: &Pubkey, amount_in: u64) -> SwapQuote {
    let (ra, rb) = h.pool_reserves(pool);
    let (r_in, r_out) = if *mint_in == pool.mint_a {
        (ra, rb)
    } else {
        (rb, ra)
    };
    ballast_test_amm::quote_swap(amount_in, r_in, r_out, pool.fee_bps).expect("pool has a price")
}

/// An arbitrageur trades `pool` back to the oracle price: it computes the input with
/// [`arbitrage_input`], is minted exactly that much, and swaps. Returns the swap's
/// transaction, or `None` when the pool is already within `tolerance_bps` of the oracle.
/// Panics unless the pool ends within `tolerance_bps`.
pub fn arbitrage_to_oracle(m: &mut Market, pool: &AmmPool, tolerance_bps: f64) -> Option<Sent> {
    let deviation = pool_deviation_bps(m, pool);
    if deviation.abs() <= tolerance_bps {
        return None;
    }
    let (ra, rb) = m.h.pool_reserves(pool);
    let oracle = oracle_ratio(m, pool);
    // A is cheap in the pool: pay B for A (the price of A in B must rise to the oracle's);
    // A is dear: pay A for B (the price of B in A must rise to 1 / oracle).
    let (mint_in, amount_in) = if deviation < 0.0 {
        (pool.mint_b, arbitrage_input(rb, ra, pool.fee_bps, oracle))
    } else {
        (
            pool.mint_a,
            arbitrage_input(ra, rb, pool.fee_bps, 1.0 / oracle),
        )
    };
    assert!(
        amount_in > 0,
        "an arbitrage of {deviation} bps has an input"
    );
    let trader = m.h.create_amm_trader(pool, 0, 0);
    let source = trader.account_of(pool, &mint_in);
    m.h.mint_tokens(&mint_in, &source, amount_in);
    let ix = trader.swap(pool, &mint_in, amount_in, 0).instruction();
    let sent = m.h.send_ok(&[ix], &[&trader.keypair]);
    let after = pool_deviation_bps(m, pool);
    assert!(
        after.abs() <= tolerance_bps,
        "arbitrage left the pool {after} bps from the oracle (was {deviation})"
    );
    Some(sent)
}

/// The `rebalance` selling `amount_in` of asset `sell` for asset `buy` through `pool`, the
/// venue asked for at least `venue_min_out` (the vault enforces its own bound regardless).
/// The swap authority is the venue's `user_authority`, passed as a non-signer: the vault
/// signs for it in its CPI.
pub fn amm_rebalance(
    m: &Market,
    pool: &AmmPool,
    sell: usize,
    buy: usize,
    amount_in: u64,
    venue_min_out: u64,
) -> Rebalance {
    let (s, b) = (&m.v.assets[sell], &m.v.assets[buy]);
    let accounts = pool.rebalance_swap_accounts(&m.v.swap_authority, &s.escrow, &b.escrow, &s.mint);
    ix::rebalance(
        &m.v,
        &m.keeper.pubkey(),
        &m.keeper_accounts[buy],
        sell,
        buy,
        amount_in,
        DexCall {
            program: ballast_test_amm::ID,
            accounts,
            data: swap_data(amount_in, venue_min_out),
        },
    )
}

/// Each reserve's value at the oracle (spec) mid prices, rounded down, as the program
/// values them when the confidence is zero.
pub fn reserve_values(m: &Market) -> Vec<Wad> {
    m.v.assets
        .iter()
        .enumerate()
        .map(|(i, a)| m.h.asset_value(&m.v, i, &a.reserve))
        .collect()
}

/// What the program fixes when a round opens, as `ballast_math::round::open_round` (the
/// function the program calls) computes it from the current reserves: each asset's trade
/// target in parts per billion of NAV.
pub fn round_fractions(m: &Market) -> Vec<u64> {
    let state = m.h.vault_state(&m.v.vault);
    let rules = state.rebalance.rules().expect("configured rules");
    let targets = state.targets_at(m.h.now()).expect("targets");
    let values = reserve_values(m);
    let holdings = Holdings {
        values: &values,
        targets: &targets,
        volatilities: &[],
    };
    let mut fractions = vec![0u64; values.len()];
    open_round::<16>(
        &rules,
        &state.round_state(),
        m.h.now(),
        &holdings,
        &mut fractions,
    )
    .expect("a round is due");
    fractions
}

/// The round's trade targets the vault stored when the round opened.
pub fn stored_round_fractions(m: &Market) -> Vec<u64> {
    let state = m.h.vault_state(&m.v.vault);
    state.round_trade_targets[..m.v.assets.len()].to_vec()
}

/// The keeper's next swap: a fresh greedy plan (ballast-math `plan_swaps`) from the current
/// reserves toward `fractions` of the current NAV, skipping swaps under `min_usd` dollars;
/// `None` when nothing is left worth a swap.
pub fn next_swap(m: &Market, fractions: &[u64], min_usd: u64) -> Option<Swap> {
    let values = reserve_values(m);
    let nav = Wad::checked_sum(values.iter().copied()).expect("nav");
    let goal: Vec<Wad> = fractions
        .iter()
        .map(|&f| trade_target(f, nav).expect("goal"))
        .collect();
    let prices: Vec<_> = (0..m.v.assets.len()).map(|i| m.asset_price(i)).collect();
    let plan = plan_swaps::<16>(&values, &goal, &prices, Wad::from_int(min_usd)).expect("plan");
    plan.as_slice().first().copied()
}

/// A Wad of dollars as `f64` dollars (for tolerances and messages).
pub fn usd(value: Wad) -> f64 {
    value.raw() as f64 / ballast_math::WAD as f64
}
