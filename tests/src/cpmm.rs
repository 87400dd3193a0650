//! Raydium CPMM (the pinned source build, `ballast_sandbox::venues`) in the harness: a
//! market whose vault allowlists it, pools of its pairs created by the program's own
//! `initialize` under a written config, `rebalance` through a pool, exact quotes (the
//! keeper's arithmetic on the pool as read), an arbitrageur, and CPMM's errors by name.
//!
//! A test that needs the program starts with [`cpmm_market`], which returns `None` (after
//! one line saying how to get the program) when it is missing, and fails under `CI`.

use anchor_lang::prelude::Pubkey;
use ballast_sandbox::cpmm::client::state::{self, AmmConfig};
use ballast_sandbox::cpmm::{arbitrage_input, standard_config};
use ballast_sandbox::venues::{venue_available, RAYDIUM_CPMM};
use solana_signer::Signer;

pub use ballast_sandbox::cpmm::client::{
    swap_base_input_data, swap_base_output_data, CpmmPool, CpmmPricing, CpmmSwap, PROGRAM_ID,
};

use crate::ix::{self, DexCall, Rebalance};
use crate::market::{Market, MARKET_NAV_USD};
use crate::{assert_error_code, AssetSpec, Failed, Sent};

/// CPMM's own errors (Anchor numbers them from 6000 in declaration order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum CpmmError {
    /// The pool is closed to swaps or not open yet.
    NotApproved = 6000,
    /// The output is below the caller's minimum.
    ExceededSlippage = 6005,
    /// The vaults passed are not the pool's.
    InvalidVault = 6008,
}

/// Anchor's `ConstraintRaw` (an account failing a constraint expression, e.g. CPMM's
/// "this vault is one of the pool's two").
pub const CONSTRAINT_RAW: u32 = 2003;

/// Anchor's `ConstraintAddress` (an account other than the one the constraint names).
pub const CONSTRAINT_ADDRESS: u32 = 2012;
/// SPL Token's `MintMismatch` (a transfer between accounts of different mints).
pub const TOKEN_MINT_MISMATCH: u32 = 3;

/// Asserts that `result` failed with CPMM's error `expected`.
#[track_caller]
pub fn assert_cpmm_error<T: std::fmt::Debug>(result: Result<T, Failed>, expected: CpmmError) {
    assert_error_code(result, expected as u32, &format!("CPMM {expected:?}"));
}

/// A market ([`Market::with`]) whose vault allowlists the hostile DEX, the test AMM
/// and CPMM, with CPMM loaded, its standard config (0.25 %) written and the pool-fee
/// receiver in place; `None` when the program is not available (see the module docs).
pub fn cpmm_market(specs: &[AssetSpec]) -> Option<Market> {
    if !venue_available(&RAYDIUM_CPMM) {
        return None;
    }
    let dexes = [ballast_hostile_dex::ID, ballast_test_amm::ID, PROGRAM_ID];
    let rules = ix::rules(&dexes);
    let m = Market::with(specs, MARKET_NAV_USD, crate::TEST_PARAMS, rules);
    let loaded = m.h.chain.load_raydium_cpmm().expect("the venue was found");
    assert!(loaded.provenance.contains("pinned") || loaded.provenance.contains("dumped"));
    m.h.chain
        .write_amm_config(&standard_config())
        .expect("config written");
    m.h.chain
        .write_pool_fee_receiver()
        .expect("receiver written");
    Some(m)
}

/// Writes another config, `index` with a trade fee of `trade_fee_rate` ppm; its address.
pub fn write_config(m: &Market, index: u16, trade_fee_rate: u64) -> Pubkey {
    let config = AmmConfig {
        index,
        trade_fee_rate,
        ..standard_config()
    };
    m.h.chain.write_amm_config(&config).expect("config written")
}

/// The standard config's address.
pub fn standard() -> Pubkey {
    state::amm_config_address(standard_config().index)
}

/// Creates the pool of assets `i` and `j` under `config`, funded with `usd_per_side`
/// dollars of each at the oracle (spec) prices by a fresh provider, then moves the clock
/// one second (a pool opens the second after its creation) and republishes the prices.
pub fn create_pool(
    m: &mut Market,
    config: &Pubkey,
    i: usize,
    j: usize,
    usd_per_side: u64,
) -> CpmmPool {
    let provider = m.h.funded_keypair();
    let mut side = |k: usize| {
        let a = m.v.assets[k].clone();
        let amount = a.spec.amount_for_usd(usd_per_side);
        let account = m.h.create_token_account(&a.mint, &provider.pubkey());
        m.h.mint_tokens(&a.mint, &account, amount);
        (a.mint, account, amount)
    };
    let (x, y) = (side(i), side(j));
    let pool =
        m.h.chain
            .create_cpmm_pool(&provider, config, x, y)
            .unwrap_or_else(|e| panic!("initialize: {e}"));
    let now = m.h.now();
    m.h.set_time(now + 1);
    m.h.refresh_prices(&m.v);
    pool
}

/// The `rebalance` selling `amount_in` of asset `sell` for asset `buy` through `pool`
/// (`swap_base_input`, the venue asked for at least `venue_min_out`).
pub fn cpmm_rebalance(
    m: &Market,
    pool: &CpmmPool,
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
            program: PROGRAM_ID,
            accounts,
            data: swap_base_input_data(amount_in, venue_min_out),
        },
    )
}

/// The pool's exact pricing of selling `mint_in` now.
pub fn pricing(m: &Market, pool: &CpmmPool, mint_in: &Pubkey) -> CpmmPricing {
    m.h.chain
        .cpmm_pricing(pool, mint_in)
        .expect("pool reads")
        .expect("pool open to swaps")
}

/// What selling `amount_in` of `mint_in` to `pool` does now.
pub fn quote(m: &Market, pool: &CpmmPool, mint_in: &Pubkey, amount_in: u64) -> CpmmSwap {
    pricing(m, pool, mint_in)
        .swap_base_input(amount_in)
        .expect("a quote")
}

/// The oracle price of `pool`'s token 0 in base units of token 1 (spec prices, mid).
pub fn oracle_ratio(m: &Market, pool: &CpmmPool) -> f64 {
    let find = |mint: &Pubkey| {
        m.v.assets
            .iter()
            .find(|a| a.mint == *mint)
            .expect("a vault asset")
    };
    let (a, b) = (
        find(&pool.state.token_0_mint),
        find(&pool.state.token_1_mint),
    );
    (a.spec.price as f64 / b.spec.price as f64)
        * 10f64.powi(i32::from(b.decimals) - i32::from(a.decimals))
}

/// How far the pool's price of token 0 is from the oracle's, bps (positive: dearer).
pub fn deviation_bps(m: &Market, pool: &CpmmPool) -> f64 {
    let (r0, r1) = m.h.chain.cpmm_reserves(&pool.address).expect("reserves");
    (r1 as f64 / r0 as f64 / oracle_ratio(m, pool) - 1.0) * 10_000.0
}

/// A trader with a token account of each side of `pool`, holding `amount_0` of token 0 and
/// `amount_1` of token 1; returns it and its two accounts.
pub fn trader(
    m: &mut Market,
    pool: &CpmmPool,
    amount_0: u64,
    amount_1: u64,
) -> (solana_keypair::Keypair, Pubkey, Pubkey) {
    let keypair = m.h.funded_keypair();
    let (m0, m1) = (pool.state.token_0_mint, pool.state.token_1_mint);
    let a0 = m.h.create_token_account(&m0, &keypair.pubkey());
    let a1 = m.h.create_token_account(&m1, &keypair.pubkey());
    if amount_0 > 0 {
        m.h.mint_tokens(&m0, &a0, amount_0);
    }
    if amount_1 > 0 {
        m.h.mint_tokens(&m1, &a1, amount_1);
    }
    (keypair, a0, a1)
}

/// A trader sells `amount_in` of `mint_in` to `pool` (minted to it first).
pub fn push(m: &mut Market, pool: &CpmmPool, mint_in: &Pubkey, amount_in: u64) -> Sent {
    let zero_in = *mint_in == pool.state.token_0_mint;
    let (amount_0, amount_1) = if zero_in {
        (amount_in, 0)
    } else {
        (0, amount_in)
    };
    let (keypair, a0, a1) = trader(m, pool, amount_0, amount_1);
    let accounts = if zero_in { (&a0, &a1) } else { (&a1, &a0) };
    let confirmed =
        m.h.chain
            .cpmm_swap(pool, &keypair, accounts, mint_in, amount_in, 0)
            .unwrap_or_else(|e| panic!("swap: {e}"));
    Sent {
        compute_units: confirmed.compute_units.unwrap_or_default(),
        logs: confirmed.logs,
        tx_bytes: 0,
    }
}

/// An arbitrageur trades `pool` back to within `tolerance_bps` of the oracle price; `None`
/// when it is there already. Panics unless the pool ends within the tolerance.
pub fn arbitrage(m: &mut Market, pool: &CpmmPool, tolerance_bps: f64) -> Option<Sent> {
    let deviation = deviation_bps(m, pool);
    if deviation.abs() <= tolerance_bps {
        return None;
    }
    let (r0, r1) = m.h.chain.cpmm_reserves(&pool.address).expect("reserves");
    let oracle = oracle_ratio(m, pool);
    let fee = pricing(m, pool, &pool.state.token_0_mint).trade_fee_rate;
    let (mint_in, amount_in) = if deviation < 0.0 {
        (
            pool.state.token_1_mint,
            arbitrage_input(r1, r0, fee, oracle),
        )
    } else {
        (
            pool.state.token_0_mint,
            arbitrage_input(r0, r1, fee, 1.0 / oracle),
        )
    };
    let sent = push(m, pool, &mint_in, amount_in);
    let after = deviation_bps(m, pool);
    assert!(
        after.abs() <= tolerance_bps,
        "arbitrage left the pool {after} bps from the oracle (was {deviation})"
    );
    Some(sent)
}

/// Compute units CPMM spent when called by Ballast in `sent`.
pub fn cpmm_units(sent: &Sent) -> u64 {
    sent.cpi_units_of(&PROGRAM_ID)
}
