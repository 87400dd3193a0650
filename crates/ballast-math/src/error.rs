//! Typed errors of every checked operation in this crate.

use core::fmt;

/// Why a computation was refused. Every fallible function of this crate returns one of these
/// instead of wrapping, saturating silently or panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathError {
    /// A result does not fit its type (u64 token amounts, u128 fixed-point values).
    Overflow,
    /// A subtraction would go below zero.
    Underflow,
    /// A division by zero was asked for.
    DivisionByZero,
    /// An oracle price (or its low side, price - conf) is zero or negative.
    NonPositivePrice,
    /// An oracle exponent outside [`crate::oracle::MIN_EXPONENT`, `crate::oracle::MAX_EXPONENT`].
    ExponentOutOfRange,
    /// Token decimals above [`crate::oracle::MAX_DECIMALS`].
    DecimalsOutOfRange,
    /// A deposit that would mint zero shares.
    ZeroShares,
    /// A redemption whose every payout rounds down to zero.
    ZeroRedemption,
    /// Target weights that do not sum to exactly 10_000 bps (or contain a zero weight).
    InvalidWeights,
    /// Two slices that must describe the same assets have different lengths.
    LengthMismatch,
    /// An asset index outside the portfolio.
    AssetIndexOutOfRange,
    /// A configuration parameter outside its documented range.
    InvalidParameter,
}

impl fmt::Display for MathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            MathError::Overflow => "arithmetic overflow",
            MathError::Underflow => "arithmetic underflow",
            MathError::DivisionByZero => "division by zero",
            MathError::NonPositivePrice => "oracle price is not positive",
            MathError::ExponentOutOfRange => "oracle exponent outside the supported range",
            MathError::DecimalsOutOfRange => "token decimals outside the supported range",
            MathError::ZeroShares => "deposit would mint zero shares",
            MathError::ZeroRedemption => "redemption would pay out nothing",
            MathError::InvalidWeights => "target weights must be non-zero and sum to 10000 bps",
            MathError::LengthMismatch => "inputs describe different numbers of assets",
            MathError::AssetIndexOutOfRange => "asset index out of range",
            MathError::InvalidParameter => "parameter outside its documented range",
        };
        f.write_str(text)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for MathError {}

/// Result alias of this crate.
pub type MathResult<T> = Result<T, MathError>;
