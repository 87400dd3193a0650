//! A demo market on an [`EmbeddedChain`]: mints with Pyth prices and a deep pool of the
//! local AMM (or of Raydium CPMM, [`crate::cpmm`]) for every pair of assets, plus an arbitrageur that keeps the pools at the
//! oracle prices and a faucet for a [`crate::LocalNode`]. Vaults on it:
//! [`crate::vault::DemoVault`]. Used by the CLI's demo and embedded commands, `ballast
//! node`, and the keeper's and CLI's tests.

use std::sync::Arc;

use anchor_lang::prelude::Pubkey;
use ballast::state::{RebalanceRules, VaultParams};
use ballast_math::policy::Policy;
use ballast_math::target::TradeTarget;
use ballast_test_amm::client::{arbitrage_input, AmmPool};
use solana_signer::Signer;

use ballast_keeper::venue::raydium_cpmm::CpmmPool;
use ballast_keeper::KeeperOptions;
use ballast_sdk::{ix, SdkError, SdkResult};

use crate::chain::EmbeddedChain;
use crate::node::Faucet;
use crate::venues::DemoVenue;

/// Exponent of every demo price.
pub const PRICE_EXPONENT: i32 = -8;

/// One demo asset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoAsset {
    /// Display name.
    pub name: &'static str,
    /// Mint decimals.
    pub decimals: u8,
    /// Target weight, bps.
    pub weight_bps: u16,
    /// Price mantissa (exponent [`PRICE_EXPONENT`]).
    pub price: i64,
    /// Confidence mantissa.
    pub conf: u64,
}

impl DemoAsset {
    /// An asset at `usd` whole dollars with zero confidence.
    pub const fn usd(name: &'static str, decimals: u8, weight_bps: u16, usd: i64) -> Self {
        DemoAsset {
            name,
            decimals,
            weight_bps,
            price: usd * 100_000_000,
            conf: 0,
        }
    }

    /// Base units worth `usd` whole dollars at the asset's price.
    pub fn amount_for_usd(&self, usd: u64) -> u64 {
        let scaled = u128::from(usd) * 10u128.pow(u32::from(self.decimals)) * 100_000_000;
        u64::try_from(scaled / u128::try_from(self.price.max(1)).unwrap_or(1)).unwrap_or(u64::MAX)
    }
}

/// SOL, BTC, ETH (8 decimals) and USDC at 40/30/20/10, as the test harness's mix.
pub const FOUR_ASSETS: [DemoAsset; 4] = [
    DemoAsset::usd("SOL", 9, 4_000, 150),
    DemoAsset::usd("BTC", 8, 3_000, 60_000),
    DemoAsset::usd("ETH", 8, 2_000, 3_000),
    DemoAsset::usd("USDC", 6, 1_000, 1),
];

/// How a demo market is built.
#[derive(Clone, Debug)]
pub struct DemoConfig {
    /// NAV deposited at the target weights, whole USD.
    pub nav_usd: u64,
    /// Dollars of each side of every pool.
    pub pool_usd_per_side: u64,
    /// The pools' fee, bps.
    pub pool_fee_bps: u16,
    /// The vault's oracle limits, entry spread and timelock.
    pub params: VaultParams,
    /// The vault's rebalancing rules (the DEX allowlist is replaced by the market's venue).
    pub rebalance: RebalanceRules,
    /// The DEX the pools are on (the test AMM's pools charge `pool_fee_bps`; Raydium
    /// CPMM's are under its standard 0.25 % config).
    pub venue: DemoVenue,
    /// The demo keeper's options.
    pub keeper: KeeperOptions,
}

impl Default for DemoConfig {
    /// $100,000 NAV, $5M pools charging 30 bps, [`DEMO_PARAMS`] and [`demo_rules`].
    fn default() -> Self {
        DemoConfig {
            nav_usd: 100_000,
            pool_usd_per_side: 5_000_000,
            pool_fee_bps: 30,
            params: DEMO_PARAMS,
            rebalance: demo_rules(vec![ballast_test_amm::ID]),
            venue: DemoVenue::TestAmm,
            keeper: KeeperOptions::default(),
        }
    }
}

/// The demo vaults' parameters: prices at most 60 s old to open a round and 10 s old for
/// deposits and swaps, confidence at most 2 %, a 10 bps entry spread for the holders, a
/// one-day timelock.
pub const DEMO_PARAMS: VaultParams = VaultParams {
    max_oracle_age_secs: 60,
    max_conf_bps: 200,
    fresh_price_secs: 10,
    entry_spread_bps: 10,
    timelock_secs: 86_400,
};

/// The demo vaults' rules with `dexes` allowlisted: a 5-point absolute band traded to
/// target (out-of-band assets), a swap auction from 0 to 1 % over 60 s, swaps of at most
/// half the NAV and at least $1, a one-hour cooldown, a 10 bps reward (out of the surplus
/// above the bound) capped at $10 a round.
pub fn demo_rules(dexes: Vec<Pubkey>) -> RebalanceRules {
    RebalanceRules {
        policy: Policy::AbsoluteBand { band_bps: 500 }.to_bytes(),
        trade_target: TradeTarget::OutOfBandToTarget.to_u8(),
        dex_allowlist: dexes,
        max_slippage_bps: 100,
        auction_start_bps: 0,
        auction_secs: 60,
        max_swap_bps: 5_000,
        min_notional_micro_usd: 1_000_000,
        cooldown_secs: 3_600,
        keeper_reward_bps: 10,
        keeper_reward_cap_micro_usd: 10_000_000,
    }
}

/// One asset of a demo market, as created.
#[derive(Clone, Copy, Debug)]
pub struct MarketAsset {
    /// What it was created from (the price is the current oracle price).
    pub spec: DemoAsset,
    /// Its mint (classic SPL Token).
    pub mint: Pubkey,
    /// Its Pyth feed id.
    pub feed_id: [u8; 32],
    /// Its `PriceUpdateV2` account.
    pub price_account: Pubkey,
    /// The arbitrageur's (the chain payer's) token account of it.
    pub trader_account: Pubkey,
}

/// Mints, prices and pools shared by any number of demo vaults.
pub struct DemoMarket {
    /// The assets.
    pub assets: Vec<MarketAsset>,
    /// The DEX its pools are on.
    pub venue: DemoVenue,
    /// A test-AMM pool per pair (with [`DemoVenue::TestAmm`]).
    pub pools: Vec<AmmPool>,
    /// A Raydium CPMM pool per pair (with [`DemoVenue::RaydiumCpmm`]).
    pub cpmm_pools: Vec<CpmmPool>,
}

/// Feed id of demo asset `i`.
pub fn feed_id(i: usize) -> [u8; 32] {
    let mut id = [0u8; 32];
    id[0] = 0xfe;
    id[1] = u8::try_from(i).unwrap_or(u8::MAX);
    id
}

impl DemoMarket {
    /// Creates the mints, prices (published now) and a pool per pair of `config.venue`
    /// funded at the oracle prices with `config.pool_usd_per_side` dollars a side.
    pub fn create(
        chain: &EmbeddedChain,
        specs: &[DemoAsset],
        config: &DemoConfig,
    ) -> SdkResult<Self> {
        let payer = chain.payer().pubkey();
        let token = anchor_spl::token::ID;
        let mut assets = Vec::with_capacity(specs.len());
        for (i, spec) in specs.iter().enumerate() {
            let mint = chain.create_mint(spec.decimals, &token)?;
            let trader_account = chain.create_token_account(&mint, &payer)?;
            assets.push(MarketAsset {
                spec: *spec,
                mint,
                feed_id: feed_id(i),
                price_account: Pubkey::new_unique(),
                trader_account,
            });
        }
        let mut market = DemoMarket {
            assets,
            venue: config.venue,
            pools: Vec::new(),
            cpmm_pools: Vec::new(),
        };
        market.publish_prices(chain)?;
        if config.venue == DemoVenue::RaydiumCpmm {
            crate::cpmm::create_market_pools(chain, &mut market, config.pool_usd_per_side)?;
            return Ok(market);
        }
        for i in 0..specs.len() {
            for j in i + 1..specs.len() {
                let pool = market.create_pool(chain, i, j, config)?;
                market.pools.push(pool);
            }
        }
        Ok(market)
    }

    fn create_pool(
        &self,
        chain: &EmbeddedChain,
        i: usize,
        j: usize,
        config: &DemoConfig,
    ) -> SdkResult<AmmPool> {
        let token = anchor_spl::token::ID;
        let (x, y) = (&self.assets[i], &self.assets[j]);
        let pool = AmmPool::derive((x.mint, token), (y.mint, token), config.pool_fee_bps);
        let payer = chain.payer().pubkey();
        chain.send(&[pool.create_instruction(&payer)], &[])?;
        let amount = |a: &MarketAsset| a.spec.amount_for_usd(config.pool_usd_per_side);
        let (a, b) = if pool.mint_a == x.mint {
            (x, y)
        } else {
            (y, x)
        };
        chain.mint_to(&a.mint, &a.trader_account, amount(a))?;
        chain.mint_to(&b.mint, &b.trader_account, amount(b))?;
        let ix = pool.add_liquidity_instruction(
            &payer,
            &a.trader_account,
            &b.trader_account,
            amount(a),
            amount(b),
        );
        chain.send(&[ix], &[])?;
        Ok(pool)
    }

    /// Adds a Raydium CPMM pool per pair (standard config, `usd_per_side` dollars a side at
    /// the oracle prices) next to the market's pools, so that both venues trade every pair.
    pub fn add_cpmm_pools(&mut self, chain: &EmbeddedChain, usd_per_side: u64) -> SdkResult<()> {
        crate::cpmm::create_market_pools(chain, self, usd_per_side)
    }

    /// The programs of the venues it has pools on (what its vaults allowlist).
    pub fn venue_programs(&self) -> Vec<Pubkey> {
        let mut programs = Vec::new();
        if !self.pools.is_empty() {
            programs.push(ballast_test_amm::ID);
        }
        if !self.cpmm_pools.is_empty() {
            programs.push(ballast_keeper::venue::raydium_cpmm::PROGRAM_ID);
        }
        if programs.is_empty() {
            programs.push(self.venue.program_id());
        }
        programs
    }

    /// The price accounts, in asset order.
    pub fn price_accounts(&self) -> Vec<Pubkey> {
        self.assets.iter().map(|a| a.price_account).collect()
    }

    /// A [`Faucet`] for a [`crate::LocalNode`] serving this market: every `requestAirdrop`
    /// also gives the recipient `usd` dollars (at the market's starting prices) of every
    /// asset, in its associated token accounts (created when missing).
    pub fn faucet(&self, usd: u64) -> Faucet {
        let gifts: Vec<(Pubkey, u64)> = self
            .assets
            .iter()
            .map(|a| (a.mint, a.spec.amount_for_usd(usd)))
            .collect();
        Arc::new(move |chain: &EmbeddedChain, owner: &Pubkey| {
            for (mint, amount) in &gifts {
                let program = chain.mint(mint)?.token_program;
                let create = ix::create_associated_token_account_idempotent(
                    &chain.payer().pubkey(),
                    owner,
                    mint,
                    &program,
                );
                chain.send(&[create], &[])?;
                if *amount > 0 {
                    let account = ix::associated_token_address(owner, mint, &program);
                    chain.mint_to(mint, &account, *amount)?;
                }
            }
            Ok(())
        })
    }

    /// Re-publishes every asset's current price at the chain's current time.
    pub fn publish_prices(&self, chain: &EmbeddedChain) -> SdkResult<()> {
        let now = chain.now();
        for a in &self.assets {
            chain.set_price(
                a.price_account,
                a.feed_id,
                a.spec.price,
                a.spec.conf,
                PRICE_EXPONENT,
                now,
            )?;
        }
        Ok(())
    }

    /// Sets asset `i`'s price (mantissa, exponent [`PRICE_EXPONENT`]) and re-publishes every
    /// price now.
    pub fn set_price(&mut self, chain: &EmbeddedChain, i: usize, price: i64) -> SdkResult<()> {
        self.assets[i].spec.price = price;
        self.publish_prices(chain)
    }

    pub(crate) fn index_of(&self, mint: &Pubkey) -> SdkResult<usize> {
        self.assets
            .iter()
            .position(|a| a.mint == *mint)
            .ok_or_else(|| SdkError::InvalidInput(format!("{mint} is not a demo asset")))
    }

    /// Arbitrages every pool back to within `tolerance_bps` of the oracle prices (mid);
    /// returns how many pools traded.
    pub fn align_pools(&self, chain: &EmbeddedChain, tolerance_bps: f64) -> SdkResult<usize> {
        let mut traded = 0;
        for pool in &self.pools {
            let (ia, ib) = (self.index_of(&pool.mint_a)?, self.index_of(&pool.mint_b)?);
            let (a, b) = (&self.assets[ia], &self.assets[ib]);
            // Price of A in base units of B; both mantissas share the exponent.
            let oracle = (a.spec.price as f64 / b.spec.price as f64)
                * 10f64.powi(i32::from(b.spec.decimals) - i32::from(a.spec.decimals));
            let (ra, rb) = (
                chain.token_balance(&pool.vault_a),
                chain.token_balance(&pool.vault_b),
            );
            let deviation = ((rb as f64 / ra as f64) / oracle - 1.0) * 10_000.0;
            if deviation.abs() <= tolerance_bps {
                continue;
            }
            // A cheap in the pool: pay B for A; A dear: pay A for B.
            let (input, output, amount) = if deviation < 0.0 {
                (b, a, arbitrage_input(rb, ra, pool.fee_bps, oracle))
            } else {
                (a, b, arbitrage_input(ra, rb, pool.fee_bps, 1.0 / oracle))
            };
            if amount == 0 {
                continue;
            }
            chain.mint_to(&input.mint, &input.trader_account, amount)?;
            let payer = chain.payer().pubkey();
            let swap = pool.swap(
                &payer,
                &input.trader_account,
                &output.trader_account,
                &input.mint,
                amount,
                0,
            );
            chain.send(&[swap.instruction()], &[])?;
            traded += 1;
        }
        Ok(traded + crate::cpmm::align_market_pools(chain, self, tolerance_bps)?)
    }
}
