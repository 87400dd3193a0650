//! What the keeper reads for one decision: the vault, its reserves and prices, and the
//! clock, all fresh ([`read_snapshot`]); nothing is remembered between ticks.

use ballast::state::Vault;
use ballast_sdk::chain::{require_account, Chain, ChainClock};
use ballast_sdk::ix::VaultAccounts;
use ballast_sdk::state::{decode_price_update, decode_token_account, decode_vault, PriceUpdate};
use ballast_sdk::{Pubkey, SdkError, SdkResult};

use crate::decide::ReserveInput;

/// A vault to keep, with the Pyth price account to read for each asset (vault order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultTarget {
    /// The vault account.
    pub vault: Pubkey,
    /// One `PriceUpdateV2` account per asset.
    pub price_accounts: Vec<Pubkey>,
}

/// Everything read for one decision.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The decoded vault.
    pub state: Vault,
    /// Its accounts (with the target's price accounts).
    pub accounts: VaultAccounts,
    /// Each asset's price, `None` if the account is missing or not a `PriceUpdateV2`.
    pub prices: Vec<Option<PriceUpdate>>,
    /// Each reserve.
    pub reserves: Vec<ReserveInput>,
    /// The cluster clock when read.
    pub clock: ChainClock,
}

impl Snapshot {
    /// Each asset's price with its decimals (an error when a price account is missing).
    pub fn asset_prices(&self) -> SdkResult<Vec<ballast_math::planner::AssetPrice>> {
        self.prices
            .iter()
            .zip(self.state.assets())
            .zip(&self.accounts.assets)
            .map(|((price, config), accounts)| {
                price
                    .as_ref()
                    .map(|p| p.asset_price(config.decimals))
                    .ok_or(SdkError::AccountNotFound(accounts.price_account))
            })
            .collect()
    }
}

/// Reads the vault, its reserves and prices, and the clock.
pub async fn read_snapshot<C: Chain>(chain: &C, target: &VaultTarget) -> SdkResult<Snapshot> {
    let account = require_account(chain, &target.vault).await?;
    let state = decode_vault(&target.vault, &account)?;
    let accounts = VaultAccounts::from_state(target.vault, &state, &target.price_accounts)?;
    let mut addresses: Vec<Pubkey> = accounts.assets.iter().map(|a| a.reserve).collect();
    addresses.extend(accounts.assets.iter().map(|a| a.price_account));
    let fetched = chain.get_multiple_accounts(&addresses).await?;
    let n = accounts.assets.len();
    let mut reserves = Vec::with_capacity(n);
    for (address, account) in addresses[..n].iter().zip(&fetched[..n]) {
        let account = account
            .as_ref()
            .ok_or(SdkError::AccountNotFound(*address))?;
        let token = decode_token_account(address, account)?;
        reserves.push(ReserveInput {
            amount: token.amount,
            frozen: token.frozen,
        });
    }
    let prices = addresses[n..]
        .iter()
        .zip(&fetched[n..])
        .map(|(address, account)| {
            account
                .as_ref()
                .and_then(|a| decode_price_update(address, a).ok())
        })
        .collect();
    let clock = chain.get_clock().await?;
    Ok(Snapshot {
        state,
        accounts,
        prices,
        reserves,
        clock,
    })
}
