//! Reading every asset's reserve and price: the first step of `deposit`, `open_round` and
//! `rebalance`, which take the same `[reserve, PriceUpdateV2]` pair per asset.

use anchor_lang::prelude::*;
use ballast_math::oracle::{token_value, PriceLimits};
use ballast_math::planner::AssetPrice;
use ballast_math::{OraclePrice, PriceSide, Rounding, Wad};

use crate::error::{BallastError, MathResultExt};
use crate::oracle::read_price;
use crate::state::Vault;
use crate::token::read_token_account;

/// One asset as an instruction read it.
#[derive(Clone, Copy, Debug)]
pub struct AssetRead {
    /// Its checked price.
    pub price: OraclePrice,
    /// The price's publish time.
    pub publish_time: i64,
    /// Its reserve's balance, base units.
    pub balance: u64,
    /// Whether its reserve is frozen.
    pub frozen: bool,
    /// Its mint's decimals.
    pub decimals: u8,
}

impl AssetRead {
    /// The reserve's value on `side` of the price, rounded as asked.
    pub fn value(&self, side: PriceSide, rounding: Rounding) -> Result<Wad> {
        self.value_of(self.balance, side, rounding)
    }

    /// The value of `amount` base units of the asset on `side` of the price.
    pub fn value_of(&self, amount: u64, side: PriceSide, rounding: Rounding) -> Result<Wad> {
        token_value(amount, self.decimals, &self.price, side, rounding).math()
    }

    /// The price with the decimals of its token.
    pub fn asset_price(&self) -> AssetPrice {
        AssetPrice {
            price: self.price,
            decimals: self.decimals,
        }
    }
}

/// Reads each asset's `[reserve, price]` pair of `pairs` (one per asset, in vault order:
/// `AssetAccountsMismatch` otherwise): the reserve must be the vault's (`ReserveMismatch`),
/// an account of the asset's token program (`InvalidTokenAccount`); the price must pass
/// `read_price` with `max_age_secs`, the vault's confidence limit and the asset's last used
/// publish time.
pub fn read_assets(
    vault: &Vault,
    pairs: &[[AccountInfo; 2]],
    now: i64,
    max_age_secs: u32,
) -> Result<Vec<AssetRead>> {
    let assets = vault.assets();
    require!(
        pairs.len() == assets.len(),
        BallastError::AssetAccountsMismatch
    );
    let mut reads = Vec::with_capacity(assets.len());
    for (config, [reserve, price_account]) in assets.iter().zip(pairs) {
        require_keys_eq!(reserve.key(), config.reserve, BallastError::ReserveMismatch);
        let limits = PriceLimits {
            now,
            max_age_secs,
            last_used: config.last_publish_time,
            max_conf_bps: vault.max_conf_bps,
        };
        let read = read_price(price_account, &config.feed_id, &limits)?;
        let view = read_token_account(reserve, &config.token_program_kind().program_id())?;
        reads.push(AssetRead {
            price: read.price,
            publish_time: read.publish_time,
            balance: view.amount,
            frozen: view.frozen,
            decimals: config.decimals,
        });
    }
    Ok(reads)
}

/// Records each asset's price publish time as the newest the vault has used.
pub fn record_publish_times(vault: &mut Vault, reads: &[AssetRead]) {
    for (config, read) in vault.assets.iter_mut().zip(reads) {
        config.last_publish_time = read.publish_time;
    }
}

/// Each reserve's value at the mid price, rounded down: how rounds and swaps value the vault.
pub fn mid_values(reads: &[AssetRead]) -> Result<Vec<Wad>> {
    reads
        .iter()
        .map(|r| r.value(PriceSide::Mid, Rounding::Down))
        .collect()
}
