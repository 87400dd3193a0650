//! The test market on the validator: one pool of the local test AMM per pair of assets,
//! created and funded over RPC by the trader at the oracle prices, and the vault's
//! parameters and rules.

use anchor_lang::prelude::Pubkey;
use ballast::state::{RebalanceRules, VaultParams};
use ballast_math::policy::Policy;
use ballast_math::target::TradeTarget;
use ballast_sdk::chain::send_instructions;
use ballast_sdk::RpcChain;
use ballast_test_amm::client::AmmPool;
use solana_signer::Signer;

use crate::genesis::{Genesis, ASSETS};
use crate::TestResult;

/// Dollars on each side of every pool.
pub const POOL_USD_PER_SIDE: u64 = 2_000_000;
/// The pools' fee, bps.
pub const POOL_FEE_BPS: u16 = 30;
/// Seconds the vault's swap auction takes to widen to its largest slippage: short, since
/// a keeper on a validator waits them in real time.
pub const AUCTION_SECS: u32 = 3;

/// The test vault's parameters: prices at most 120 s old to open a round and 60 s old for
/// deposits and swaps, confidence at most 2 %, a 10 bps entry spread, a one-hour timelock.
pub const PARAMS: VaultParams = VaultParams {
    max_oracle_age_secs: 120,
    max_conf_bps: 200,
    fresh_price_secs: 60,
    entry_spread_bps: 10,
    timelock_secs: 3_600,
};

/// The test vault's rules: a 5-point absolute band traded to target, an auction from 0 to
/// 1 % over [`AUCTION_SECS`], swaps of at most half the NAV and at least $1, no cooldown
/// (two rounds run back to back), a 10 bps keeper reward capped at $10.
pub fn rules() -> RebalanceRules {
    RebalanceRules {
        policy: Policy::AbsoluteBand { band_bps: 500 }.to_bytes(),
        trade_target: TradeTarget::OutOfBandToTarget.to_u8(),
        dex_allowlist: vec![ballast_test_amm::ID],
        max_slippage_bps: 100,
        auction_start_bps: 0,
        auction_secs: AUCTION_SECS,
        max_swap_bps: 5_000,
        min_notional_micro_usd: 1_000_000,
        cooldown_secs: 0,
        keeper_reward_bps: 10,
        keeper_reward_cap_micro_usd: 10_000_000,
    }
}

/// Creates and funds a pool per pair (one transaction each); returns them.
pub async fn create_pools(rpc: &RpcChain, genesis: &Genesis) -> TestResult<Vec<AmmPool>> {
    let token = anchor_spl::token::ID;
    let trader = &genesis.trader;
    let mut pools = Vec::new();
    for i in 0..ASSETS.len() {
        for j in i + 1..ASSETS.len() {
            let pool = AmmPool::derive(
                (genesis.mints[i], token),
                (genesis.mints[j], token),
                POOL_FEE_BPS,
            );
            let side = |mint: &Pubkey| -> (u64, Pubkey) {
                let k = if *mint == genesis.mints[i] { i } else { j };
                (
                    ASSETS[k].amount_for_usd(POOL_USD_PER_SIDE),
                    trader.tokens[k],
                )
            };
            let (amount_a, account_a) = side(&pool.mint_a);
            let (amount_b, account_b) = side(&pool.mint_b);
            let create = pool.create_instruction(&trader.keypair.pubkey());
            let fund = pool.add_liquidity_instruction(
                &trader.keypair.pubkey(),
                &account_a,
                &account_b,
                amount_a,
                amount_b,
            );
            send_instructions(rpc, &trader.keypair, &[create, fund], &[], None).await?;
            pools.push(pool);
        }
    }
    Ok(pools)
}
