//! [`SignedWad`]: a sign and a [`Wad`] magnitude, for deviations from a target.

use crate::error::MathResult;
use crate::fixed::{Rounding, Wad};

/// A signed fixed-point number: `magnitude` with a sign. Zero is always non-negative, so
/// that equal numbers have one representation (the derived `Eq` is then exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SignedWad {
    negative: bool,
    magnitude: Wad,
}

impl SignedWad {
    /// 0.0
    pub const ZERO: SignedWad = SignedWad {
        negative: false,
        magnitude: Wad::ZERO,
    };

    /// `+magnitude`.
    pub const fn positive(magnitude: Wad) -> SignedWad {
        SignedWad {
            negative: false,
            magnitude,
        }
    }

    /// `-magnitude` (zero stays non-negative).
    pub const fn negative(magnitude: Wad) -> SignedWad {
        SignedWad {
            negative: magnitude.0 != 0,
            magnitude,
        }
    }

    /// `a - b`, exact (cannot overflow).
    pub fn diff(a: Wad, b: Wad) -> SignedWad {
        if a >= b {
            SignedWad::positive(a.abs_diff(b))
        } else {
            SignedWad::negative(a.abs_diff(b))
        }
    }

    /// True when strictly below zero.
    pub const fn is_negative(self) -> bool {
        self.negative
    }

    /// True when strictly above zero.
    pub const fn is_positive(self) -> bool {
        !self.negative && self.magnitude.0 != 0
    }

    /// `|self|`.
    pub const fn abs(self) -> Wad {
        self.magnitude
    }

    /// `self * factor / divisor` with the magnitude rounded as asked (the sign is kept, so
    /// `Rounding::Down` rounds toward zero).
    pub fn scale(self, factor: Wad, divisor: Wad, rounding: Rounding) -> MathResult<SignedWad> {
        let magnitude = self.magnitude.mul_div(factor, divisor, rounding)?;
        Ok(if self.negative {
            SignedWad::negative(magnitude)
        } else {
            SignedWad::positive(magnitude)
        })
    }
}

impl PartialOrd for SignedWad {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SignedWad {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        match (self.negative, other.negative) {
            (false, false) => self.magnitude.cmp(&other.magnitude),
            (true, true) => other.magnitude.cmp(&self.magnitude),
            (false, true) => core::cmp::Ordering::Greater,
            (true, false) => core::cmp::Ordering::Less,
        }
    }
}

impl core::fmt::Display for SignedWad {
    /// `-0.05`, `0.05`, `0`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        write!(f, "{}", self.magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_order() {
        let a = SignedWad::diff(Wad(3), Wad(5));
        let b = SignedWad::diff(Wad(5), Wad(3));
        assert!(a.is_negative() && b.is_positive());
        assert_eq!((a.abs(), b.abs()), (Wad(2), Wad(2)));
        assert!(a < SignedWad::ZERO && SignedWad::ZERO < b);
        assert_eq!(SignedWad::negative(Wad::ZERO), SignedWad::ZERO);
        assert!(SignedWad::negative(Wad(5)) < SignedWad::negative(Wad(4)));
        assert_eq!(
            format!("{}", SignedWad::negative(Wad::from_bps(500))),
            "-0.05"
        );
        let half = a.scale(Wad(1), Wad(2), Rounding::Up).unwrap();
        assert_eq!(half, SignedWad::negative(Wad(1)));
    }
}
