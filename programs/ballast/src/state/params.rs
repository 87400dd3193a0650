//! The vault's parameters chosen at creation, and the checks every client can run before
//! sending (`ballast-sdk`'s setup calls the same functions as `initialize_vault`).

use anchor_lang::prelude::*;

use crate::constants::*;
use crate::error::BallastError;

/// Oracle limits, entry spread and timelock of a vault (`initialize_vault`'s arguments;
/// `Change::OracleLimits`, `Change::EntrySpread` and `Change::Timelock` change them later).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct VaultParams {
    /// Oldest price `open_round` accepts, seconds (1..=300).
    pub max_oracle_age_secs: u32,
    /// Widest accepted oracle confidence, bps of price (1..=9999).
    pub max_conf_bps: u16,
    /// Oldest price a deposit or swap may use, seconds (1..=60, at most
    /// `max_oracle_age_secs`).
    pub fresh_price_secs: u16,
    /// Entry spread kept for the holders on each deposit, bps (0..=100).
    pub entry_spread_bps: u16,
    /// Seconds a queued change waits before it may execute (3,600..=2,592,000).
    pub timelock_secs: u32,
}

impl VaultParams {
    /// Checks every limit: `InvalidOracleConfig`, `InvalidEntrySpread`, `InvalidTimelock`.
    pub fn validate(&self) -> core::result::Result<(), BallastError> {
        check_oracle_limits(
            self.max_oracle_age_secs,
            self.max_conf_bps,
            self.fresh_price_secs,
        )?;
        if self.entry_spread_bps > MAX_ENTRY_SPREAD_BPS {
            return Err(BallastError::InvalidEntrySpread);
        }
        if !(MIN_TIMELOCK_SECS..=MAX_TIMELOCK_SECS).contains(&self.timelock_secs) {
            return Err(BallastError::InvalidTimelock);
        }
        Ok(())
    }
}

/// `max_oracle_age_secs` in 1..=300, `fresh_price_secs` in 1..=60 and at most
/// `max_oracle_age_secs`, `max_conf_bps` in 1..=9999; else `InvalidOracleConfig`.
pub fn check_oracle_limits(
    max_oracle_age_secs: u32,
    max_conf_bps: u16,
    fresh_price_secs: u16,
) -> core::result::Result<(), BallastError> {
    let ok = (1..=MAX_ORACLE_AGE_LIMIT_SECS).contains(&max_oracle_age_secs)
        && (1..=MAX_FRESH_PRICE_SECS).contains(&fresh_price_secs)
        && u32::from(fresh_price_secs) <= max_oracle_age_secs
        && (1..10_000).contains(&max_conf_bps);
    if ok {
        Ok(())
    } else {
        Err(BallastError::InvalidOracleConfig)
    }
}

/// The target weights of a new vault: 2..=16 of them (`TooFewAssets`, `TooManyAssets`),
/// none zero (`ZeroWeight`), summing to 10,000 bps (`WeightsDoNotSum`).
pub fn check_initial_weights(weights: &[u16]) -> core::result::Result<(), BallastError> {
    if weights.len() < MIN_ASSETS {
        return Err(BallastError::TooFewAssets);
    }
    if weights.len() > MAX_ASSETS {
        return Err(BallastError::TooManyAssets);
    }
    if weights.contains(&0) {
        return Err(BallastError::ZeroWeight);
    }
    ballast_math::portfolio::validate_targets(weights).map_err(|_| BallastError::WeightsDoNotSum)
}
