//! Raydium CPMM pools on an [`EmbeddedChain`]: the program (the pinned source build, found
//! by [`crate::venues::find_venue`]), a fee config, pools created by its own `initialize`,
//! swaps, and an arbitrageur's input for a target price.
//!
//! Creating a config is gated on Raydium's admin key, so the config account is written
//! directly ([`EmbeddedChain::write_amm_config`]); `initialize` also needs a token account
//! at Raydium's fixed pool-fee receiver, written the same way. Everything after that (pool
//! creation with its initial liquidity, swaps) goes through signed transactions to the
//! program. A new pool opens for swaps one second after it was created (the program's
//! rule): move the clock before trading.
//!
//! Addresses, decoding and quoting are the keeper's client
//! (`ballast_keeper::venue::raydium_cpmm`, re-exported as [`client`]).

use anchor_lang::prelude::Pubkey;
use ballast_keeper::venue::raydium_cpmm::state::{
    self, amm_config_address, lp_mint_address, observation_address, pool_address, vault_address,
    AmmConfig, PoolState, FEE_RATE_DENOMINATOR, POOL_FEE_RECEIVER, POOL_STATE_LEN, PROGRAM_ID,
};
use ballast_keeper::venue::raydium_cpmm::{
    swap_base_input_data, CpmmPool, CpmmPricing, RaydiumCpmm,
};
use ballast_sdk::chain::Confirmed;
use ballast_sdk::ix;
use ballast_sdk::{SdkError, SdkResult};
use solana_account::Account;
use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_signer::Signer;

pub use ballast_keeper::venue::raydium_cpmm as client;

use crate::chain::EmbeddedChain;
use crate::market::{DemoMarket, MarketAsset};
use crate::vault::ready;
use crate::venues::{find_venue, VenueBinary, RAYDIUM_CPMM};

/// `initialize` discriminator.
const INITIALIZE: [u8; 8] = [175, 175, 109, 31, 13, 152, 155, 237];
/// The rent sysvar.
const RENT_SYSVAR: Pubkey = Pubkey::from_str_const("SysvarRent111111111111111111111111111111111");
/// The native mint (the pool-fee receiver holds wrapped SOL on mainnet).
const NATIVE_MINT: Pubkey = Pubkey::from_str_const("So11111111111111111111111111111111111111112");
/// Byte of `PoolState::status` in the account.
const STATUS_OFFSET: usize = 329;
/// Bytes of `PoolState::open_time` in the account.
const OPEN_TIME: std::ops::Range<usize> = 373..381;

/// Raydium's most used config: index 0, a 0.25 % trade fee of which 12 % goes to the
/// protocol and 4 % to the fund, no creator fee, no pool-creation fee.
pub fn standard_config() -> AmmConfig {
    AmmConfig {
        index: 0,
        trade_fee_rate: 2_500,
        protocol_fee_rate: 120_000,
        fund_fee_rate: 40_000,
        create_pool_fee: 0,
        creator_fee_rate: 0,
        ..AmmConfig::default()
    }
}

fn invalid(what: &str, e: impl std::fmt::Display) -> SdkError {
    SdkError::InvalidInput(format!("{what}: {e}"))
}

/// A token account's 165 bytes: `mint`, `owner`, balance 0, initialised.
fn token_account_data(mint: &Pubkey, owner: &Pubkey) -> Vec<u8> {
    let mut data = vec![0u8; 165];
    data[..32].copy_from_slice(mint.as_ref());
    data[32..64].copy_from_slice(owner.as_ref());
    data[108] = 1;
    data
}

/// The input that moves a constant-product pool with reserves `reserve_in`/`reserve_out`
/// and a trade fee of `fee_ppm` (of the input) to `reserve_in' / reserve_out' = target`
/// (the wanted price of the output side in units of the input side); 0 when the price is
/// already there or above. The positive root of `(1 - f) d^2 + (2 - f) R_in d + R_in^2 -
/// target R_in R_out = 0`, for arbitrageurs that only need to land close (`f64`).
pub fn arbitrage_input(reserve_in: u64, reserve_out: u64, fee_ppm: u64, target: f64) -> u64 {
    let (r_in, r_out) = (reserve_in as f64, reserve_out as f64);
    let f = fee_ppm as f64 / FEE_RATE_DENOMINATOR as f64;
    let c = r_in * r_in - target * r_in * r_out;
    if c >= 0.0 {
        return 0;
    }
    let (qa, qb) = (1.0 - f, (2.0 - f) * r_in);
    let d = (-qb + (qb * qb - 4.0 * qa * c).sqrt()) / (2.0 * qa);
    d.max(0.0) as u64
}

impl EmbeddedChain {
    /// Loads Raydium CPMM at its program id (see [`crate::venues`]); what was loaded.
    pub fn load_raydium_cpmm(&self) -> SdkResult<VenueBinary> {
        let binary = find_venue(&RAYDIUM_CPMM)?;
        self.with_svm(|svm| svm.add_program(RAYDIUM_CPMM.id, &binary.bytes))
            .map_err(|e| SdkError::ProgramLoad {
                program: RAYDIUM_CPMM.id,
                reason: format!("{e:?}"),
            })?;
        Ok(binary)
    }

    /// Writes `config` at the PDA of its index (owned by CPMM, its bump set), as the
    /// admin-gated `create_amm_config` would have; returns the address.
    pub fn write_amm_config(&self, config: &AmmConfig) -> SdkResult<Pubkey> {
        let address = amm_config_address(config.index);
        let (_, bump) = Pubkey::find_program_address(
            &[b"amm_config", &config.index.to_be_bytes()],
            &PROGRAM_ID,
        );
        let data = AmmConfig { bump, ..*config }.encode();
        let lamports = self.with_svm(|svm| svm.minimum_balance_for_rent_exemption(data.len()));
        self.set_account(
            address,
            Account {
                lamports,
                data,
                owner: PROGRAM_ID,
                executable: false,
                rent_epoch: 0,
            },
        )?;
        Ok(address)
    }

    /// Writes the token account at Raydium's pool-fee receiver that `initialize` requires.
    pub fn write_pool_fee_receiver(&self) -> SdkResult<()> {
        let data = token_account_data(&NATIVE_MINT, &state::ADMIN);
        let lamports = self.with_svm(|svm| svm.minimum_balance_for_rent_exemption(data.len()));
        self.set_account(
            POOL_FEE_RECEIVER,
            Account {
                lamports,
                data,
                owner: anchor_spl::token::ID,
                executable: false,
                rent_epoch: 0,
            },
        )
    }

    /// Creates the pool of `x` and `y` under `config` with `initialize`, `creator` paying
    /// in `amount_x` of `x` from `account_x` and `amount_y` of `y` from `account_y` (its
    /// token accounts). The pool opens one second later.
    pub fn create_cpmm_pool(
        &self,
        creator: &Keypair,
        config: &Pubkey,
        (x, account_x, amount_x): (Pubkey, Pubkey, u64),
        (y, account_y, amount_y): (Pubkey, Pubkey, u64),
    ) -> SdkResult<CpmmPool> {
        let ((m0, a0, n0), (m1, a1, n1)) = if x < y {
            ((x, account_x, amount_x), (y, account_y, amount_y))
        } else {
            ((y, account_y, amount_y), (x, account_x, amount_x))
        };
        let (p0, p1) = (self.mint(&m0)?.token_program, self.mint(&m1)?.token_program);
        let pool = pool_address(config, &m0, &m1);
        let lp_mint = lp_mint_address(&pool);
        let token = anchor_spl::token::ID;
        let creator_key = creator.pubkey();
        let accounts = vec![
            AccountMeta::new(creator_key, true),
            AccountMeta::new_readonly(*config, false),
            AccountMeta::new_readonly(state::authority(), false),
            AccountMeta::new(pool, false),
            AccountMeta::new_readonly(m0, false),
            AccountMeta::new_readonly(m1, false),
            AccountMeta::new(lp_mint, false),
            AccountMeta::new(a0, false),
            AccountMeta::new(a1, false),
            AccountMeta::new(
                ix::associated_token_address(&creator_key, &lp_mint, &token),
                false,
            ),
            AccountMeta::new(vault_address(&pool, &m0), false),
            AccountMeta::new(vault_address(&pool, &m1), false),
            AccountMeta::new(POOL_FEE_RECEIVER, false),
            AccountMeta::new(observation_address(&pool), false),
            AccountMeta::new_readonly(token, false),
            AccountMeta::new_readonly(p0, false),
            AccountMeta::new_readonly(p1, false),
            AccountMeta::new_readonly(anchor_spl::associated_token::ID, false),
            AccountMeta::new_readonly(anchor_lang::system_program::ID, false),
            AccountMeta::new_readonly(RENT_SYSVAR, false),
        ];
        let mut data = INITIALIZE.to_vec();
        for word in [n0, n1, 0u64] {
            data.extend_from_slice(&word.to_le_bytes());
        }
        let initialize = Instruction {
            program_id: PROGRAM_ID,
            accounts,
            data,
        };
        self.send(&[initialize], &[creator])?;
        self.cpmm_pool(&pool)
    }

    /// The pool at `address`, decoded.
    pub fn cpmm_pool(&self, address: &Pubkey) -> SdkResult<CpmmPool> {
        let account = self
            .account(address)
            .filter(|a| a.owner == PROGRAM_ID)
            .ok_or(SdkError::AccountNotFound(*address))?;
        let state = PoolState::decode(&account.data).map_err(|e| invalid("CPMM pool", e))?;
        Ok(CpmmPool {
            address: *address,
            state,
        })
    }

    /// The pool's swap reserves `(token 0, token 1)`: its vault balances minus the fees
    /// accrued in them for the protocol, the fund and the creator.
    pub fn cpmm_reserves(&self, pool: &Pubkey) -> SdkResult<(u64, u64)> {
        let pool = self.cpmm_pool(pool)?;
        let (f0, f1) = pool
            .state
            .accrued_fees()
            .ok_or_else(|| invalid("CPMM pool", "fees overflow"))?;
        let b0 = self.token_balance(&pool.state.token_0_vault);
        let b1 = self.token_balance(&pool.state.token_1_vault);
        Ok((b0.saturating_sub(f0), b1.saturating_sub(f1)))
    }

    /// The pool's exact pricing of selling `mint_in` now (the keeper's, on this chain's
    /// state, the pool read again), or `None` when it cannot swap (closed, not open).
    pub fn cpmm_pricing(
        &self,
        pool: &CpmmPool,
        mint_in: &Pubkey,
    ) -> SdkResult<Option<CpmmPricing>> {
        let fresh = self.cpmm_pool(&pool.address)?;
        let pricings = ready(RaydiumCpmm::default().pricings(self, &[fresh], mint_in))?;
        Ok(pricings.into_iter().next().flatten())
    }

    /// `trader` sells `amount_in` of `mint_in` from `input_account` into `output_account`
    /// through `pool`, accepting no less than `min_out`.
    pub fn cpmm_swap(
        &self,
        pool: &CpmmPool,
        trader: &Keypair,
        (input_account, output_account): (&Pubkey, &Pubkey),
        mint_in: &Pubkey,
        amount_in: u64,
        min_out: u64,
    ) -> SdkResult<Confirmed> {
        let swap = Instruction {
            program_id: PROGRAM_ID,
            accounts: pool.swap_accounts(&trader.pubkey(), input_account, output_account, mint_in),
            data: swap_base_input_data(amount_in, min_out),
        };
        self.send(&[swap], &[trader])
    }

    /// Rewrites a pool's status bits (as Raydium's admin-gated `update_pool_status` would;
    /// 4 stops swaps) and open time, for tests.
    pub fn set_cpmm_pool_status(&self, pool: &Pubkey, status: u8, open_time: u64) -> SdkResult<()> {
        let mut account = self
            .account(pool)
            .filter(|a| a.owner == PROGRAM_ID && a.data.len() >= POOL_STATE_LEN)
            .ok_or(SdkError::AccountNotFound(*pool))?;
        account.data[STATUS_OFFSET] = status;
        account.data[OPEN_TIME].copy_from_slice(&open_time.to_le_bytes());
        self.set_account(*pool, account)
    }
}

/// Creates a demo market's CPMM pools: loads the program, writes the standard config and
/// the fee receiver, and creates one pool per pair funded with `usd_per_side` dollars a side
/// at the oracle prices by the chain's payer; then moves the clock one second so that the
/// pools are open.
pub(crate) fn create_market_pools(
    chain: &EmbeddedChain,
    market: &mut DemoMarket,
    usd_per_side: u64,
) -> SdkResult<()> {
    chain.load_raydium_cpmm()?;
    let config = chain.write_amm_config(&standard_config())?;
    chain.write_pool_fee_receiver()?;
    let payer = chain.payer().insecure_clone();
    let n = market.assets.len();
    for i in 0..n {
        for j in i + 1..n {
            let side = |a: &MarketAsset| -> SdkResult<(Pubkey, Pubkey, u64)> {
                let amount = a.spec.amount_for_usd(usd_per_side);
                chain.mint_to(&a.mint, &a.trader_account, amount)?;
                Ok((a.mint, a.trader_account, amount))
            };
            let (x, y) = (side(&market.assets[i])?, side(&market.assets[j])?);
            let pool = chain.create_cpmm_pool(&payer, &config, x, y)?;
            market.cpmm_pools.push(pool);
        }
    }
    chain.warp(1);
    market.publish_prices(chain)
}

/// Arbitrages a demo market's CPMM pools back to within `tolerance_bps` of the oracle
/// prices (mid): the chain's payer is minted the input and swaps. Returns how many pools
/// traded.
pub(crate) fn align_market_pools(
    chain: &EmbeddedChain,
    market: &DemoMarket,
    tolerance_bps: f64,
) -> SdkResult<usize> {
    let payer = chain.payer().insecure_clone();
    let mut traded = 0;
    for pool in &market.cpmm_pools {
        let s = &pool.state;
        let (a, b) = (
            &market.assets[market.index_of(&s.token_0_mint)?],
            &market.assets[market.index_of(&s.token_1_mint)?],
        );
        let fee_ppm = chain
            .account(&s.amm_config)
            .and_then(|acc| AmmConfig::decode(&acc.data).ok())
            .map_or(0, |c| c.trade_fee_rate);
        // Price of token 0 in base units of token 1; both mantissas share the exponent.
        let oracle = (a.spec.price as f64 / b.spec.price as f64)
            * 10f64.powi(i32::from(b.spec.decimals) - i32::from(a.spec.decimals));
        let (r0, r1) = chain.cpmm_reserves(&pool.address)?;
        let deviation = ((r1 as f64 / r0 as f64) / oracle - 1.0) * 10_000.0;
        if deviation.abs() <= tolerance_bps {
            continue;
        }
        // Token 0 cheap in the pool: pay token 1 for it; dear: pay token 0.
        let (input, output, amount) = if deviation < 0.0 {
            (b, a, arbitrage_input(r1, r0, fee_ppm, oracle))
        } else {
            (a, b, arbitrage_input(r0, r1, fee_ppm, 1.0 / oracle))
        };
        if amount == 0 {
            continue;
        }
        chain.mint_to(&input.mint, &input.trader_account, amount)?;
        chain.cpmm_swap(
            pool,
            &payer,
            (&input.trader_account, &output.trader_account),
            &input.mint,
            amount,
            0,
        )?;
        traded += 1;
    }
    Ok(traded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arbitrage_input_brings_a_pool_to_the_target_price() {
        let (r_in, r_out) = (1_000_000_000u64, 2_000_000_000u64);
        let d = arbitrage_input(r_in, r_out, 2_500, 0.6);
        let pricing = ballast_keeper::venue::raydium_cpmm::CpmmPricing {
            reserve_in: r_in,
            reserve_out: r_out,
            trade_fee_rate: 2_500,
            creator_fee_on_input: true,
            ..Default::default()
        };
        let out = pricing.amount_out(d).unwrap();
        // The fee stays in the reserves (no protocol or fund share here).
        let price = (r_in + d) as f64 / (r_out - out) as f64;
        assert!((price / 0.6 - 1.0).abs() < 1e-6, "{price}");
        assert_eq!(arbitrage_input(r_in, r_out, 2_500, 0.4), 0);
    }
}
