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
    /// A portfolio whose total value is zero has no weights.
    EmptyPortfolio,
    /// More assets than the capacity of a fixed-size buffer (const generic `N`).
    TooManyAssets,
    /// A timestamp earlier than the one already recorded.
    TimeWentBackwards,
    /// A swap whose sold and bought assets are the same.
    SwapSameAsset,
    /// A swap that sells an asset at or below its target.
    SwapSellsUnderweight,
    /// A swap that buys an asset at or above its target.
    SwapBuysOverweight,
    /// A swap that would move an asset past its trade target.
    SwapOvershoots,
    /// A swap whose notional is above the per-swap cap (a fraction of NAV).
    SwapAboveCap,
    /// A swap whose notional is below the minimum notional.
    SwapBelowMinimum,
    /// The oracle confidence intervals are wider than the slippage budget: the minimum output
    /// would exceed the fair output at the mid prices, which no honest venue could meet.
    ConfidenceTooWide,
    /// A price published longer ago than the age limit allows.
    PriceStale,
    /// A price published further ahead of the clock than the tolerated skew.
    PriceFromTheFuture,
    /// A price older than one the vault already used for the same asset.
    PriceOlderThanLastUsed,
    /// A price whose confidence interval is wider than the limit.
    PriceConfidenceTooWide,
    /// A rebalance round is already open.
    RoundAlreadyOpen,
    /// No rebalance round is open.
    NoOpenRound,
    /// The cooldown since the last round has not passed.
    CooldownActive,
    /// The policy finds no rebalance due.
    NotTriggered,
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
            MathError::EmptyPortfolio => "portfolio has no value",
            MathError::TooManyAssets => "more assets than the buffer capacity",
            MathError::TimeWentBackwards => "timestamp earlier than the recorded one",
            MathError::SwapSameAsset => "swap sells and buys the same asset",
            MathError::SwapSellsUnderweight => "swap sells an asset that is not overweight",
            MathError::SwapBuysOverweight => "swap buys an asset that is not underweight",
            MathError::SwapOvershoots => "swap moves an asset past its trade target",
            MathError::SwapAboveCap => "swap notional above the per-swap cap",
            MathError::SwapBelowMinimum => "swap notional below the minimum",
            MathError::ConfidenceTooWide => {
                "oracle confidence wider than the slippage budget allows"
            }
            MathError::PriceStale => "price older than the age limit",
            MathError::PriceFromTheFuture => "price published ahead of the clock",
            MathError::PriceOlderThanLastUsed => "price older than one already used",
            MathError::PriceConfidenceTooWide => "price confidence wider than the limit",
            MathError::RoundAlreadyOpen => "a rebalance round is already open",
            MathError::NoOpenRound => "no rebalance round is open",
            MathError::CooldownActive => "the rebalance cooldown has not passed",
            MathError::NotTriggered => "the policy finds no rebalance due",
        };
        f.write_str(text)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for MathError {}

/// Result alias of this crate.
pub type MathResult<T> = Result<T, MathError>;
