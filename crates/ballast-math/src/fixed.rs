//! Fixed-point numbers: [`Wad`], an unsigned u128 scaled by 10^18.
//!
//! One representation for everything the vault values: a USD price per whole token, a USD
//! value, a weight (1.0 = 100%), a volatility. `Wad(10^18)` is 1.0; the smallest step is
//! 10^-18. The largest value is about 3.4 * 10^20 (u128::MAX / 10^18), far above any
//! portfolio. Every operation that can round takes a [`Rounding`], so the direction is
//! visible at each call site, and every operation that can overflow returns a [`MathError`].

use crate::error::{MathError, MathResult};
use crate::wide::mul_div;

/// 10^18: the scale of [`Wad`].
pub const WAD: u128 = 1_000_000_000_000_000_000;
/// Basis points in one (100%).
pub const BPS: u64 = 10_000;
/// 10^18 / 10^4: one basis point in [`Wad`] units.
const WAD_PER_BPS: u128 = 100_000_000_000_000;
/// One micro-USD (10^-6 USD) in [`Wad`] units: the unit of the vault's USD settings
/// (minimum swap notional, keeper reward cap).
pub const MICRO_USD: u128 = 1_000_000_000_000;

/// The direction of a rounding. Money math picks the direction that favours the vault (its
/// existing holders) at every call site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Toward zero (floor for the unsigned numbers of this crate).
    Down,
    /// Away from zero (ceiling).
    Up,
}

/// Unsigned fixed-point number with 18 decimals (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Wad(pub u128);

impl Wad {
    /// 0.0
    pub const ZERO: Wad = Wad(0);
    /// 1.0
    pub const ONE: Wad = Wad(WAD);

    /// The raw scaled integer.
    pub const fn raw(self) -> u128 {
        self.0
    }

    /// An integer `n` as `n.0`.
    pub fn from_int(n: u64) -> Wad {
        // u64::MAX * 10^18 < u128::MAX: cannot overflow.
        Wad(u128::from(n).saturating_mul(WAD))
    }

    /// Basis points as a fraction: 2_500 bps is 0.25. Exact.
    pub fn from_bps(bps: u64) -> Wad {
        // u64::MAX * 10^14 < u128::MAX: cannot overflow.
        Wad(u128::from(bps).saturating_mul(WAD_PER_BPS))
    }

    /// `micro_usd` 10^-6 USD as a value. Exact.
    pub fn from_micro_usd(micro_usd: u64) -> Wad {
        // u64::MAX * 10^12 < u128::MAX: cannot overflow.
        Wad(u128::from(micro_usd).saturating_mul(MICRO_USD))
    }

    /// The value in micro-USD, rounded as asked; `Overflow` above u64.
    pub fn to_micro_usd(self, rounding: Rounding) -> MathResult<u64> {
        let micro = mul_div(self.0, 1, MICRO_USD, rounding)?;
        u64::try_from(micro).map_err(|_| MathError::Overflow)
    }

    /// `numerator / denominator` as a fraction.
    pub fn from_ratio(numerator: u128, denominator: u128, rounding: Rounding) -> MathResult<Wad> {
        mul_div(numerator, WAD, denominator, rounding).map(Wad)
    }

    /// This fraction in basis points, rounded as asked.
    pub fn to_bps(self, rounding: Rounding) -> MathResult<u64> {
        let bps = mul_div(self.0, 1, WAD_PER_BPS, rounding)?;
        u64::try_from(bps).map_err(|_| MathError::Overflow)
    }

    /// The integer part, rounded as asked, checked to fit in u64.
    pub fn to_u64(self, rounding: Rounding) -> MathResult<u64> {
        let n = mul_div(self.0, 1, WAD, rounding)?;
        u64::try_from(n).map_err(|_| MathError::Overflow)
    }

    /// Checked `self + other`.
    pub fn checked_add(self, other: Wad) -> MathResult<Wad> {
        self.0
            .checked_add(other.0)
            .map(Wad)
            .ok_or(MathError::Overflow)
    }

    /// Checked `self - other`; `Underflow` if `other > self`.
    pub fn checked_sub(self, other: Wad) -> MathResult<Wad> {
        self.0
            .checked_sub(other.0)
            .map(Wad)
            .ok_or(MathError::Underflow)
    }

    /// `|self - other|`.
    pub fn abs_diff(self, other: Wad) -> Wad {
        Wad(self.0.abs_diff(other.0))
    }

    /// `self * other`, rounded as asked.
    pub fn mul(self, other: Wad, rounding: Rounding) -> MathResult<Wad> {
        mul_div(self.0, other.0, WAD, rounding).map(Wad)
    }

    /// `self / other`, rounded as asked; `DivisionByZero` if `other` is zero.
    pub fn div(self, other: Wad, rounding: Rounding) -> MathResult<Wad> {
        mul_div(self.0, WAD, other.0, rounding).map(Wad)
    }

    /// `self * numerator / denominator` with a 256-bit intermediate, rounded as asked.
    pub fn mul_div(self, numerator: Wad, denominator: Wad, rounding: Rounding) -> MathResult<Wad> {
        mul_div(self.0, numerator.0, denominator.0, rounding).map(Wad)
    }

    /// Sum of an iterator of values, checked.
    pub fn checked_sum<I: IntoIterator<Item = Wad>>(values: I) -> MathResult<Wad> {
        values
            .into_iter()
            .try_fold(Wad::ZERO, |acc, v| acc.checked_add(v))
    }
}

impl core::fmt::Display for Wad {
    // Off-chain formatting only: digits are 0..=9 and positions below 18, nothing can overflow.
    #[allow(clippy::arithmetic_side_effects)]
    /// Decimal rendering with all 18 fractional digits trimmed of trailing zeros.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let int = self.0 / WAD;
        let frac = self.0 % WAD;
        if frac == 0 {
            return write!(f, "{int}");
        }
        let mut digits = [b'0'; 18];
        let mut rest = frac;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        let len = digits.iter().rposition(|&d| d != b'0').map_or(0, |p| p + 1);
        let text = core::str::from_utf8(&digits[..len]).map_err(|_| core::fmt::Error)?;
        write!(f, "{int}.{text}")
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn worked_examples() {
        let half = Wad::from_bps(5_000);
        assert_eq!(half, Wad(WAD / 2));
        assert_eq!(
            Wad::from_int(3).mul(half, Rounding::Down),
            Ok(Wad(3 * WAD / 2))
        );
        let third_down = Wad::ONE.div(Wad::from_int(3), Rounding::Down).unwrap();
        let third_up = Wad::ONE.div(Wad::from_int(3), Rounding::Up).unwrap();
        assert_eq!(third_down, Wad(333_333_333_333_333_333));
        assert_eq!(third_up, Wad(333_333_333_333_333_334));
        assert_eq!(third_down.to_bps(Rounding::Down), Ok(3_333));
        assert_eq!(third_down.to_bps(Rounding::Up), Ok(3_334));
        assert_eq!(
            Wad::ONE.div(Wad::ZERO, Rounding::Down),
            Err(MathError::DivisionByZero)
        );
        assert_eq!(Wad::ZERO.checked_sub(Wad::ONE), Err(MathError::Underflow));
        assert_eq!(Wad(u128::MAX).checked_add(Wad(1)), Err(MathError::Overflow));
        assert_eq!(format!("{}", Wad::from_bps(12_345)), "1.2345");
        assert_eq!(format!("{}", Wad::from_int(7)), "7");
    }

    proptest! {
        #[test]
        fn bps_round_trip_is_exact(bps in 0u64..=1_000_000) {
            prop_assert_eq!(Wad::from_bps(bps).to_bps(Rounding::Down), Ok(bps));
            prop_assert_eq!(Wad::from_bps(bps).to_bps(Rounding::Up), Ok(bps));
        }

        #[test]
        fn mul_then_div_loses_at_most_one_step(a in 0u128..(1u128 << 100), b in 1u128..(1u128 << 80)) {
            let (a, b) = (Wad(a), Wad(b));
            let down = a.mul(b, Rounding::Down).and_then(|p| p.div(b, Rounding::Down));
            if let Ok(back) = down {
                prop_assert!(back <= a);
            }
            let up = a.mul(b, Rounding::Up).and_then(|p| p.div(b, Rounding::Up));
            if let Ok(back) = up {
                prop_assert!(back >= a);
            }
        }

        #[test]
        fn never_panics(a in any::<u128>(), b in any::<u128>()) {
            let (a, b) = (Wad(a), Wad(b));
            let _ = a.mul(b, Rounding::Up);
            let _ = a.div(b, Rounding::Up);
            let _ = a.checked_add(b);
            let _ = a.checked_sub(b);
            let _ = a.to_bps(Rounding::Up);
            prop_assert!(a.abs_diff(b) == b.abs_diff(a));
        }
    }
}
