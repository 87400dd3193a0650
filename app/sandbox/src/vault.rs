//! [`DemoVault`]: a vault on a [`DemoMarket`], funded at its target weights, escrows
//! created, rebalancing configured with the market's venue allowlisted, and a frozen
//! address lookup table of its accounts published on it (as `ballast init` does), so that
//! its keepers send v0 transactions.

use anchor_lang::prelude::Pubkey;
use ballast::state::Change;
use ballast_sdk::ix::{self, NewAsset, VaultAccounts};
use ballast_sdk::{lookup, pda, SdkError, SdkResult};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::chain::EmbeddedChain;
use crate::market::{DemoConfig, DemoMarket};

/// A vault on a demo market, funded at its target weights, escrows created, rebalancing
/// configured with the market's venue allowlisted, its lookup table published.
pub struct DemoVault {
    /// Its manager.
    pub manager: Keypair,
    /// Its id.
    pub vault_id: u64,
    /// Its accounts (price accounts: the market's).
    pub accounts: VaultAccounts,
    /// The depositor that funded it, with one token account per asset and a share account.
    pub depositor: Keypair,
    /// The depositor's token accounts, in asset order.
    pub depositor_tokens: Vec<Pubkey>,
    /// The depositor's share account.
    pub depositor_shares: Pubkey,
}

impl DemoVault {
    /// Creates vault `vault_id` of a new manager on `market`, deposits `config.nav_usd` at
    /// the target weights and configures rebalancing.
    pub fn create(
        chain: &EmbeddedChain,
        market: &DemoMarket,
        vault_id: u64,
        config: &DemoConfig,
    ) -> SdkResult<Self> {
        let manager = chain.funded_keypair()?;
        let token = anchor_spl::token::ID;
        let vault = pda::vault(&manager.pubkey(), vault_id);
        let new_assets: Vec<NewAsset> = market
            .assets
            .iter()
            .map(|a| NewAsset {
                mint: a.mint,
                token_program: token,
                feed_id: a.feed_id,
                target_weight_bps: a.spec.weight_bps,
            })
            .collect();
        let init =
            ix::InitializeVault::new(&manager.pubkey(), vault_id, &new_assets, config.params);
        // The rules apply at once while no shares exist: configure before the first deposit.
        let mut rules = config.rebalance.clone();
        rules.dex_allowlist = market.venue_programs();
        let configure = ix::ApplyChange::new(&manager.pubkey(), &vault, Change::Rebalance(rules));
        chain.send(&[init.instruction(), configure.instruction()], &[&manager])?;
        let mints: Vec<(Pubkey, Pubkey)> = market.assets.iter().map(|a| (a.mint, token)).collect();
        let mut accounts = VaultAccounts::derive(vault, &mints, &market.price_accounts());
        let payer = chain.payer().pubkey();
        for i in 0..market.assets.len() {
            let create = ix::CreateEscrow::new(&accounts, i, &payer)?;
            chain.send(&[create.instruction()], &[])?;
        }
        let addresses = lookup::vault_addresses(&accounts);
        let table = ready(lookup::create_table(chain, &manager, &addresses))?;
        // A node serving this chain roots a slot ROOT_LAG_SLOTS behind the current one, and
        // only then lets transactions use the table: move past that.
        for _ in 0..=crate::node::ROOT_LAG_SLOTS {
            chain.advance_slot();
        }
        let publish = ix::SetLookupTable::new(&manager.pubkey(), &vault, &table);
        chain.send(&[publish.instruction()], &[&manager])?;
        accounts.lookup_table = Some(table);

        let depositor = chain.funded_keypair()?;
        let depositor_shares =
            chain.create_token_account(&accounts.pdas.share_mint, &depositor.pubkey())?;
        let mut depositor_tokens = Vec::new();
        for (i, a) in market.assets.iter().enumerate() {
            let account = chain.create_token_account(&a.mint, &depositor.pubkey())?;
            let amount = a
                .spec
                .amount_for_usd(config.nav_usd * u64::from(a.spec.weight_bps) / 10_000);
            chain.mint_to(&a.mint, &account, amount)?;
            let deposit = ix::Deposit::new(
                &accounts,
                &depositor.pubkey(),
                &account,
                &depositor_shares,
                i,
                amount,
                0,
            )?;
            chain.send(&[deposit.instruction()], &[&depositor])?;
            depositor_tokens.push(account);
        }
        Ok(DemoVault {
            manager,
            vault_id,
            accounts,
            depositor,
            depositor_tokens,
            depositor_shares,
        })
    }

    /// The vault account.
    pub fn vault(&self) -> Pubkey {
        self.accounts.vault()
    }

    /// Each reserve's balance, in asset order.
    pub fn reserve_balances(&self, chain: &EmbeddedChain) -> Vec<u64> {
        self.accounts
            .assets
            .iter()
            .map(|a| chain.token_balance(&a.reserve))
            .collect()
    }
}

/// The output of a future of the embedded chain, whose futures are ready at once (it never
/// waits on I/O).
pub(crate) fn ready<T>(future: impl std::future::Future<Output = SdkResult<T>>) -> SdkResult<T> {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => Err(SdkError::Transport(
            "an embedded-chain future was not ready".into(),
        )),
    }
}
