//! The management fee: continuous, settled in shares, always rounded for the holders.
//!
//! A vault charging `fee_bps` a year lets its holders keep `exp(-r t)` of the vault after
//! `t` years, with `r = fee_bps / 10_000` (a continuous rate: 200 bps a year keeps 98.02 %
//! after one year). The fee is paid by minting shares to the manager's fee recipient: over
//! `dt` seconds, on `supply` shares, it mints `m` with `supply / (supply + m) = exp(-r dt / Y)`,
//! i.e. `m = supply * (exp(x) - 1)` with `x = r dt / Y` and `Y` = [`SECONDS_PER_YEAR`].
//!
//! Because `exp(x1) exp(x2) = exp(x1 + x2)`, settling at any moments accrues the same fee
//! as settling once: nobody's entry or exit time changes what they pay. The program settles
//! before every deposit and withdrawal (and before a fee change), so each holder pays the
//! fee for exactly the time it held shares.
//!
//! # Rounding (holders' favour)
//! `x` is rounded down, each term `x^n / n!` of `exp(x) - 1` is rounded down, and `m` is
//! rounded down: `m <= supply * (exp(r dt / Y) - 1)`. So a settlement mints at most the exact
//! fee and at most one share unit plus `supply * n_terms * 10^-18` below it, and splitting a
//! period into `k` settlements mints at most `k` (plus that) units less than settling once.
//!
//! # Bounds
//! `fee_bps` is at most [`MAX_MANAGEMENT_FEE_BPS`]. `x` is capped at [`MAX_ACCRUAL_EXPONENT`]
//! (80 years at the maximum fee): a vault nobody touched for longer accrues no more, and the
//! shares minted are capped so the supply stays within `u64`, so settling can never fail and
//! never blocks a withdrawal.

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad, BPS};
use crate::wide::mul_div;

/// Seconds in the fee's year (365 days).
pub const SECONDS_PER_YEAR: u64 = 31_536_000;
/// Largest management fee, bps a year (5 %).
pub const MAX_MANAGEMENT_FEE_BPS: u16 = 500;
/// Largest exponent `r dt / Y` one settlement accrues (4: 80 years at 5 %).
pub const MAX_ACCRUAL_EXPONENT: Wad = Wad(4_000_000_000_000_000_000);

/// `exp(x) - 1` for `0 <= x <= MAX_ACCRUAL_EXPONENT`, every term rounded down (so the result
/// is at most the exact value, by at most one unit per term).
pub fn exp_minus_one_down(x: Wad) -> MathResult<Wad> {
    if x > MAX_ACCRUAL_EXPONENT {
        return Err(MathError::InvalidParameter);
    }
    let mut sum = Wad::ZERO;
    let mut term = x;
    let mut n: u128 = 1;
    while term > Wad::ZERO {
        sum = sum.checked_add(term)?;
        n = n.checked_add(1).ok_or(MathError::Overflow)?;
        // term_{n} = term_{n-1} * x / n, rounded down.
        term = Wad(mul_div(
            term.0,
            x.0,
            n.checked_mul(crate::fixed::WAD)
                .ok_or(MathError::Overflow)?,
            Rounding::Down,
        )?);
    }
    Ok(sum)
}

/// The exponent `fee_bps / 10_000 * dt / Y` (rounded down), capped at
/// [`MAX_ACCRUAL_EXPONENT`].
pub fn accrual_exponent(fee_bps: u16, dt_secs: u64) -> MathResult<Wad> {
    if fee_bps > MAX_MANAGEMENT_FEE_BPS {
        return Err(MathError::InvalidParameter);
    }
    let denominator = u128::from(BPS)
        .checked_mul(u128::from(SECONDS_PER_YEAR))
        .ok_or(MathError::Overflow)?;
    // fee_bps * dt fits in u128 for any u64 dt.
    let numerator = u128::from(fee_bps)
        .checked_mul(u128::from(dt_secs))
        .ok_or(MathError::Overflow)?;
    let x = Wad::from_ratio(numerator, denominator, Rounding::Down).unwrap_or(MAX_ACCRUAL_EXPONENT);
    Ok(x.min(MAX_ACCRUAL_EXPONENT))
}

/// Fee shares accrued over `dt_secs` at `fee_bps` a year on `supply` shares (see the module
/// documentation), rounded down, and capped so that `supply + m` fits in `u64`.
pub fn accrued_fee_shares(supply: u64, fee_bps: u16, dt_secs: u64) -> MathResult<u64> {
    if supply == 0 || fee_bps == 0 || dt_secs == 0 {
        return Ok(0);
    }
    let growth = exp_minus_one_down(accrual_exponent(fee_bps, dt_secs)?)?;
    let minted = mul_div(
        u128::from(supply),
        growth.0,
        crate::fixed::WAD,
        Rounding::Down,
    )?;
    let headroom = u64::MAX.saturating_sub(supply);
    Ok(u64::try_from(minted).unwrap_or(u64::MAX).min(headroom))
}

#[cfg(test)]
#[path = "fees_tests.rs"]
mod tests;
