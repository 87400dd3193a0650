//! A funded vault ready to rebalance, with a keeper, the hostile DEX's token accounts and
//! helpers to move prices and build `rebalance` instructions.

use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::{InstructionData, ToAccountMetas};
use ballast_hostile_dex::Mode;
use ballast_math::execution::{fair_output_mid, min_output};
use ballast_math::planner::AssetPrice;
use ballast_math::OraclePrice;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::fixtures::{User, VaultFixture, PRICE_EXPONENT};
use crate::ix::{self, DexCall, Rebalance};
use crate::Harness;

/// NAV of a freshly funded market vault, in whole USD.
pub const MARKET_NAV_USD: u64 = 100_000;

/// A vault funded at its target weights, escrows created, rebalancing configured
/// ([`ix::configure_rebalance`]) with the hostile DEX and the local AMM allowlisted.
pub struct Market {
    pub h: Harness,
    pub v: VaultFixture,
    /// The liquidity provider that funded the vault.
    pub lp: User,
    /// A keeper and its token account of every asset (for rewards).
    pub keeper: Keypair,
    pub keeper_accounts: Vec<Pubkey>,
    /// The hostile DEX's token account of every asset, each holding plenty.
    pub hostile_pools: Vec<Pubkey>,
}

impl Market {
    /// Builds the market for `specs` with `MARKET_NAV_USD` deposited at target weights, the
    /// harness's parameters and rules ([`crate::TEST_PARAMS`], [`ix::rules`]).
    pub fn new(specs: &[crate::AssetSpec]) -> Self {
        let rules = ix::rules(&[ballast_hostile_dex::ID, ballast_test_amm::ID]);
        Self::with(specs, MARKET_NAV_USD, crate::TEST_PARAMS, rules)
    }

    /// Builds the market for `specs` with `nav_usd` deposited at target weights, the vault
    /// created with `params` and configured with `rules` (before the first deposit, so at
    /// once).
    pub fn with(
        specs: &[crate::AssetSpec],
        nav_usd: u64,
        params: ballast::state::VaultParams,
        rules: ballast::state::RebalanceRules,
    ) -> Self {
        let mut h = Harness::new();
        h.load_program(ballast_hostile_dex::ID, "ballast_hostile_dex");
        h.load_program(ballast_test_amm::ID, "ballast_test_amm");
        let v = h.create_vault_with(specs, params);
        h.create_escrows(&v);
        // Rules apply at once while no shares exist: configure before the first deposit.
        let mut configure = ix::configure_rebalance(&v, &[]);
        configure.args = rules;
        h.send_ok(&[configure.instruction()], &[&v.manager]);
        let amounts: Vec<u64> = specs
            .iter()
            .map(|s| s.amount_for_usd(nav_usd * u64::from(s.weight_bps) / 10_000))
            .collect();
        let lp = h.create_user(&v, &amounts);
        for (i, &amount) in amounts.iter().enumerate() {
            h.send_ok(
                &[ix::deposit(&v, &lp, i, amount).instruction()],
                &[&lp.keypair],
            );
        }

        let keeper = h.funded_keypair();
        let keeper_accounts = v
            .assets
            .iter()
            .map(|a| h.create_token_account(&a.mint, &keeper.pubkey()))
            .collect();
        let hostile_authority = hostile_authority();
        let hostile_pools = v
            .assets
            .iter()
            .map(|a| {
                let account = h.create_token_account(&a.mint, &hostile_authority);
                h.mint_tokens(&a.mint, &account, u64::MAX / 4);
                account
            })
            .collect();
        Market {
            h,
            v,
            lp,
            keeper,
            keeper_accounts,
            hostile_pools,
        }
    }

    /// Moves asset `i`'s oracle price to `price` (mantissa, exponent -8) and republishes all.
    pub fn set_price(&mut self, i: usize, price: i64) {
        self.v.assets[i].spec.price = price;
        self.h.refresh_prices(&self.v);
    }

    /// The oracle price of asset `i` with its decimals.
    pub fn asset_price(&self, i: usize) -> AssetPrice {
        let a = &self.v.assets[i];
        AssetPrice {
            price: OraclePrice {
                price: a.spec.price,
                conf: a.spec.conf,
                exponent: PRICE_EXPONENT,
            },
            decimals: a.decimals,
        }
    }

    /// What a zero-fee venue at the oracle mids pays for `amount_in` of `sell` in `buy`.
    pub fn fair_out(&self, sell: usize, buy: usize, amount_in: u64) -> u64 {
        fair_output_mid(amount_in, &self.asset_price(sell), &self.asset_price(buy))
            .expect("fair output")
    }

    /// The vault's oracle-bounded minimum output at the configured 1% slippage.
    pub fn min_out(&self, sell: usize, buy: usize, amount_in: u64) -> u64 {
        min_output(
            amount_in,
            &self.asset_price(sell),
            &self.asset_price(buy),
            100,
        )
        .expect("bound")
    }

    /// A rebalance through the hostile DEX, which behaves as `mode` with `take` and `give`.
    pub fn hostile_rebalance(
        &self,
        sell: usize,
        buy: usize,
        amount_in: u64,
        mode: Mode,
        take: u64,
        give: u64,
    ) -> Rebalance {
        let (s, b) = (&self.v.assets[sell], &self.v.assets[buy]);
        let accounts = ballast_hostile_dex::accounts::Run {
            swap_authority: self.v.swap_authority,
            escrow_in: s.escrow,
            escrow_out: b.escrow,
            pool_in: self.hostile_pools[sell],
            pool_out: self.hostile_pools[buy],
            hostile_authority: hostile_authority(),
            mint_in: s.mint,
            mint_out: b.mint,
            token_program: s.kind.id(),
        }
        .to_account_metas(None);
        let data = ballast_hostile_dex::instruction::Run {
            mode,
            take,
            give,
            data: Vec::new(),
        }
        .data();
        ix::rebalance(
            &self.v,
            &self.keeper.pubkey(),
            &self.keeper_accounts[buy],
            sell,
            buy,
            amount_in,
            DexCall {
                program: ballast_hostile_dex::ID,
                accounts,
                data,
            },
        )
    }

    /// An honest trade through the hostile DEX: it takes `amount_in` and pays the fair output.
    pub fn fair_rebalance(&self, sell: usize, buy: usize, amount_in: u64) -> Rebalance {
        let give = self.fair_out(sell, buy, amount_in);
        self.hostile_rebalance(sell, buy, amount_in, Mode::Trade, amount_in, give)
    }

    /// Every balance a refused rebalance must leave unchanged: reserves, escrows, the
    /// keeper's accounts and the share supply.
    pub fn balances(&self) -> Vec<u64> {
        let mut all: Vec<u64> = self
            .v
            .assets
            .iter()
            .map(|a| self.h.token_balance(&a.reserve))
            .collect();
        all.extend(
            self.v
                .assets
                .iter()
                .map(|a| self.h.token_balance(&a.escrow)),
        );
        all.extend(self.keeper_accounts.iter().map(|k| self.h.token_balance(k)));
        all.push(self.h.mint_supply(&self.v.share_mint));
        all
    }

    /// Sends `ix` signed by the keeper, opening a round first (its own transaction) when
    /// none is open: a refused `open_round` (cooldown, not triggered) is returned as is.
    pub fn send(&mut self, ix: &Rebalance) -> Result<crate::Sent, crate::Failed> {
        self.open_round_if_closed()?;
        let keeper = self.keeper.insecure_clone();
        self.h.send(&[ix.instruction()], &[&keeper])
    }

    /// Sends `open_round` when no round is open.
    pub fn open_round_if_closed(&mut self) -> Result<(), crate::Failed> {
        let state = self.h.vault_state(&self.v.vault);
        if self.h.now() >= state.round_ends_ts {
            self.h.send(&[ix::open_round(&self.v).instruction()], &[])?;
        }
        Ok(())
    }

    /// Replaces the vault's rules through the timelock: queue, wait `timelock_secs`
    /// (prices republished), execute.
    pub fn reconfigure(&mut self, c: &ix::ConfigureRebalance) {
        let state = self.h.vault_state(&self.v.vault);
        let id = state.next_change_id;
        let manager = self.v.manager.insecure_clone();
        self.h.send_ok(&[c.queue(id)], &[&manager]);
        let now = self.h.now();
        self.h.set_time(now + i64::from(state.timelock_secs));
        self.h.refresh_prices(&self.v);
        let payer = self.h.payer().pubkey();
        let execute = ix::ExecuteChange::new(&payer, &self.v.vault, id, &manager.pubkey());
        self.h.send_ok(&[execute.instruction()], &[]);
    }
}

/// The hostile DEX's authority PDA.
pub fn hostile_authority() -> Pubkey {
    Pubkey::find_program_address(
        &[ballast_hostile_dex::AUTHORITY_SEED],
        &ballast_hostile_dex::ID,
    )
    .0
}

/// Marks `key` writable in `metas` (to smuggle an account to the DEX as writable).
pub fn make_writable(metas: &mut [AccountMeta], key: &Pubkey) {
    for meta in metas.iter_mut().filter(|m| m.pubkey == *key) {
        meta.is_writable = true;
    }
}
