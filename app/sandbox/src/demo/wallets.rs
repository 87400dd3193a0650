//! The demo's vault as its wallets see it: values at the oracle, NAV per share, weights and
//! bands, and the wallets' deposits and in-kind redemptions.

use ballast::state::Vault;
use ballast_math::{Policy, Wad};
use ballast_sdk::ix::{Deposit, Withdraw};
use ballast_sdk::logs::program_units;
use ballast_sdk::state::decode_vault;
use ballast_sdk::{Keypair, Pubkey, SdkError, SdkResult, Signer};

use super::report::DepositorReport;
use crate::chain::EmbeddedChain;
use crate::market::DemoMarket;
use crate::vault::DemoVault;

/// Base units of the vault's virtual shares (ballast-math's inflation defence).
const VIRTUAL_SHARES: f64 = ballast_math::shares::VIRTUAL_SHARES as f64;
/// The virtual value in USD.
const VIRTUAL_USD: f64 = 0.001;

/// One wallet of the demo.
pub(super) struct Wallet {
    pub(super) keypair: Keypair,
    pub(super) shares_account: Pubkey,
    pub(super) tokens: Vec<Pubkey>,
    pub(super) deposit_asset: Option<usize>,
    pub(super) deposit_usd: u64,
    pub(super) report: DepositorReport,
}

/// The demo's market and vault on its chain.
pub(super) struct World<'a> {
    pub(super) chain: &'a EmbeddedChain,
    pub(super) market: DemoMarket,
    pub(super) vault: DemoVault,
}

impl World<'_> {
    /// `amount` base units of asset `i` in USD at its current oracle price.
    pub(super) fn usd(&self, i: usize, amount: u64) -> f64 {
        let a = &self.market.assets[i].spec;
        amount as f64 / 10f64.powi(i32::from(a.decimals)) * a.price as f64 * 1e-8
    }

    /// Each reserve's value at the oracle mids.
    pub(super) fn values(&self) -> Vec<f64> {
        self.vault
            .reserve_balances(self.chain)
            .iter()
            .enumerate()
            .map(|(i, &r)| self.usd(i, r))
            .collect()
    }

    /// The vault's state now.
    pub(super) fn state(&self) -> SdkResult<Vault> {
        let address = self.vault.vault();
        let account = self
            .chain
            .account(&address)
            .ok_or(SdkError::AccountNotFound(address))?;
        decode_vault(&address, &account)
    }

    /// The supply every share price counts now: the mint's plus the management fee's
    /// shares owed (the program settles them before every deposit and withdrawal).
    pub(super) fn supply(&self) -> SdkResult<u64> {
        let minted = self
            .chain
            .mint(&self.vault.accounts.pdas.share_mint)?
            .supply;
        super::governance::effective_supply(self, minted)
    }

    /// The virtual shares of ballast-math's inflation defence, base units.
    pub(super) fn virtual_shares(&self) -> f64 {
        VIRTUAL_SHARES
    }

    /// The vault's target weights at `ts` (`Vault::targets_at`: a ramp moves them).
    pub(super) fn targets_at(&self, ts: i64) -> SdkResult<Vec<f64>> {
        let targets = ballast_sdk::governance::targets_at(&self.state()?, ts)?;
        Ok(targets.iter().map(|&w| f64::from(w) / 10_000.0).collect())
    }

    /// The vault's target weights now.
    pub(super) fn targets_now(&self) -> SdkResult<Vec<f64>> {
        self.targets_at(self.chain.now())
    }

    /// NAV per whole share at the oracle mids, with the virtual position (as ballast-math).
    pub(super) fn nav_per_share(&self) -> SdkResult<f64> {
        let nav: f64 = self.values().iter().sum();
        Ok((nav + VIRTUAL_USD) / ((self.supply()? as f64 + VIRTUAL_SHARES) / 1e9))
    }

    /// Each asset's weight at the oracle mids.
    pub(super) fn weights(&self) -> Vec<f64> {
        let v = self.values();
        let nav: f64 = v.iter().sum();
        v.iter().map(|x| x / nav.max(f64::MIN_POSITIVE)).collect()
    }

    /// The largest `|weight - target|`, against the targets of now.
    pub(super) fn drift(&self) -> SdkResult<f64> {
        Ok(self
            .weights()
            .iter()
            .zip(&self.targets_now()?)
            .map(|(w, t)| (w - t).abs())
            .fold(0.0, f64::max))
    }

    /// The policy's bands now, around the targets of now (vol-band reads the vault's
    /// volatility state).
    pub(super) fn bands(&self) -> SdkResult<Vec<f64>> {
        let state = self.state()?;
        let policy = Policy::from_bytes(&state.rebalance.policy)?;
        let targets = ballast_sdk::governance::targets_at(&state, self.chain.now())?;
        let vols: Vec<Wad> = (0..targets.len())
            .map(|i| state.volatility[i].get().sigma().unwrap_or(Wad::ZERO))
            .collect();
        let mut out = vec![Wad::ZERO; targets.len()];
        policy.bands(&targets, &vols, &mut out)?;
        Ok(out.iter().map(|b| b.raw() as f64 / 1e18).collect())
    }

    /// A funded wallet named `name` with a share account and a token account per asset.
    pub(super) fn new_wallet(&self, name: &str) -> SdkResult<Wallet> {
        let keypair = self.chain.funded_keypair()?;
        let owner = keypair.pubkey();
        let shares_account = self
            .chain
            .create_token_account(&self.vault.accounts.pdas.share_mint, &owner)?;
        let tokens = self
            .market
            .assets
            .iter()
            .map(|a| self.chain.create_token_account(&a.mint, &owner))
            .collect::<SdkResult<Vec<_>>>()?;
        Ok(Wallet {
            keypair,
            shares_account,
            tokens,
            deposit_asset: None,
            deposit_usd: 0,
            report: DepositorReport {
                name: name.to_string(),
                asset: None,
                deposit_day: 0,
                redeem_day: 0,
                deposited_usd: 0.0,
                shares: 0,
                redeemed_usd: None,
                shares_times_nav_usd: 0.0,
                rounding_tolerance_usd: 0.0,
            },
        })
    }

    /// `w` is minted `usd` dollars of asset `asset` and deposits them; returns the
    /// instruction's compute units.
    pub(super) fn deposit(&self, w: &mut Wallet, asset: usize, usd: u64) -> SdkResult<u64> {
        let spec = &self.market.assets[asset].spec;
        let amount = spec.amount_for_usd(usd);
        self.chain
            .mint_to(&self.market.assets[asset].mint, &w.tokens[asset], amount)?;
        let before = self.chain.token_balance(&w.shares_account);
        let deposit = Deposit::new(
            &self.vault.accounts,
            &w.keypair.pubkey(),
            &w.tokens[asset],
            &w.shares_account,
            asset,
            amount,
            0,
        )?;
        let sent = self.chain.send(&[deposit.instruction()], &[&w.keypair])?;
        w.report.deposited_usd += self.usd(asset, amount);
        w.report.shares += self.chain.token_balance(&w.shares_account) - before;
        w.report.asset = Some(spec.name.to_string());
        Ok(program_units(&sent.logs, &ballast::ID))
    }

    /// `w` redeems every share it holds, in kind; records what it was paid against shares
    /// times NAV per share and returns the instruction's compute units.
    pub(super) fn redeem(&self, w: &mut Wallet) -> SdkResult<u64> {
        let shares = self.chain.token_balance(&w.shares_account);
        let supply = self.supply()?;
        let nps = self.nav_per_share()?;
        let before: Vec<u64> = w
            .tokens
            .iter()
            .map(|t| self.chain.token_balance(t))
            .collect();
        let n = self.market.assets.len();
        let withdraw = Withdraw::new(
            &self.vault.accounts,
            &w.keypair.pubkey(),
            &w.shares_account,
            &w.tokens,
            shares,
            vec![0; n],
            0,
        )?;
        let sent = self.chain.send(&[withdraw.instruction()], &[&w.keypair])?;
        let redeemed: f64 = w
            .tokens
            .iter()
            .zip(&before)
            .enumerate()
            .map(|(i, (t, b))| self.usd(i, self.chain.token_balance(t) - b))
            .sum();
        let expected = shares as f64 / 1e9 * nps;
        w.report.shares_times_nav_usd = expected;
        // Each payout is rounded down (at most one base unit per asset) and the virtual
        // value (0.001 USD) stays in the vault; plus f64 noise.
        w.report.rounding_tolerance_usd = (0..n).map(|i| self.usd(i, 1)).sum::<f64>()
            + VIRTUAL_USD * shares as f64 / (supply as f64 + VIRTUAL_SHARES)
            + 1e-9 * expected.max(1.0);
        w.report.redeemed_usd = Some(redeemed);
        Ok(program_units(&sent.logs, &ballast::ID))
    }

    /// Publishes day `t`'s prices and lets arbitrage align the pools.
    pub(super) fn set_day_prices(&mut self, prices: &[i64]) -> SdkResult<()> {
        for (a, &p) in self.market.assets.iter_mut().zip(prices) {
            a.spec.price = p;
        }
        self.market.publish_prices(self.chain)?;
        self.market.align_pools(self.chain, 2.0)?;
        Ok(())
    }
}
