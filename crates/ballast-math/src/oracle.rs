//! From Pyth's `(price, conf, exponent)` and token amounts with decimals to [`Wad`] values.
//!
//! A Pyth price `p` with exponent `e` means `p * 10^e` USD per whole token; its confidence
//! `c` (same exponent) is one standard deviation. An amount `a` of a token with `d` decimals
//! is `a * 10^-d` whole tokens. The value in Wad units is therefore
//! `a * p * 10^(18 + e - d)`, computed from the integers directly (one rounding at most).

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad, BPS};
use crate::wide::mul_div;

/// Most negative supported price exponent (Pyth feeds use -5 to -10 in practice).
pub const MIN_EXPONENT: i32 = -18;
/// Largest supported price exponent.
pub const MAX_EXPONENT: i32 = 0;
/// Largest supported token decimals.
pub const MAX_DECIMALS: u8 = 18;

/// Which end of the confidence interval to value with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceSide {
    /// `price - conf`: for what the vault receives (deposits, swap outputs).
    Low,
    /// `price`: the published aggregate.
    Mid,
    /// `price + conf`: for what the vault gives away or already holds when pricing new shares.
    High,
}

/// A Pyth price as published: `price * 10^exponent` USD, confidence `conf` in the same units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OraclePrice {
    /// Price mantissa.
    pub price: i64,
    /// Confidence (one standard deviation) mantissa.
    pub conf: u64,
    /// Decimal exponent shared by `price` and `conf`.
    pub exponent: i32,
}

impl OraclePrice {
    /// Checks the sign of the price and the exponent range.
    pub fn validate(&self) -> MathResult<()> {
        if self.price <= 0 {
            return Err(MathError::NonPositivePrice);
        }
        if !(MIN_EXPONENT..=MAX_EXPONENT).contains(&self.exponent) {
            return Err(MathError::ExponentOutOfRange);
        }
        Ok(())
    }

    /// `conf / price` in basis points, rounded up (a wide interval is never under-reported).
    pub fn conf_bps(&self) -> MathResult<u64> {
        self.validate()?;
        let bps = mul_div(
            u128::from(self.conf),
            u128::from(BPS),
            u128::from(self.price.unsigned_abs()),
            Rounding::Up,
        )?;
        u64::try_from(bps).map_err(|_| MathError::Overflow)
    }

    /// The price mantissa on the asked side of the confidence interval.
    pub fn mantissa(&self, side: PriceSide) -> MathResult<u128> {
        self.validate()?;
        let price = u128::from(self.price.unsigned_abs());
        let conf = u128::from(self.conf);
        match side {
            PriceSide::Mid => Ok(price),
            PriceSide::High => price.checked_add(conf).ok_or(MathError::Overflow),
            PriceSide::Low => match price.checked_sub(conf) {
                Some(low) if low > 0 => Ok(low),
                _ => Err(MathError::NonPositivePrice),
            },
        }
    }

    /// USD per whole token as a [`Wad`], on the asked side.
    pub fn to_wad(&self, side: PriceSide, rounding: Rounding) -> MathResult<Wad> {
        let mantissa = self.mantissa(side)?;
        scale_pow10(
            mantissa,
            self.exponent.checked_add(18).ok_or(MathError::Overflow)?,
            rounding,
        )
        .map(Wad)
    }
}

/// Clock skew tolerated between a price's publish time and the cluster clock, seconds: Pyth
/// publishers' clocks and the validators' clock are not the same clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 10;

/// What a price must satisfy to be used, besides being a valid price ([`OraclePrice::validate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceLimits {
    /// The cluster's unix time.
    pub now: i64,
    /// Oldest accepted publish time, in seconds before `now`.
    pub max_age_secs: u32,
    /// Newest publish time the vault already used for this asset: older ones are refused,
    /// so a caller cannot go back to a price the vault has seen superseded.
    pub last_used: i64,
    /// Widest accepted `conf / price`, in bps.
    pub max_conf_bps: u16,
}

/// The one freshness and width check of a price, used by the program for every price it
/// reads and by clients to predict it. Refuses, in this order: an invalid price
/// (`NonPositivePrice`, `ExponentOutOfRange`), one published more than `max_age_secs` ago
/// (`PriceStale`) or more than [`MAX_CLOCK_SKEW_SECS`] ahead of `now`
/// (`PriceFromTheFuture`), one older than `last_used` (`PriceOlderThanLastUsed`), and one
/// whose confidence is wider than `max_conf_bps` (`PriceConfidenceTooWide`).
pub fn check_price(price: &OraclePrice, publish_time: i64, limits: &PriceLimits) -> MathResult<()> {
    price.validate()?;
    let age = limits.now.saturating_sub(publish_time);
    if age > i64::from(limits.max_age_secs) {
        return Err(MathError::PriceStale);
    }
    if publish_time > limits.now.saturating_add(MAX_CLOCK_SKEW_SECS) {
        return Err(MathError::PriceFromTheFuture);
    }
    if publish_time < limits.last_used {
        return Err(MathError::PriceOlderThanLastUsed);
    }
    // conf_bps() <= max, i.e. ceil(conf * 10^4 / price) <= max, is exactly
    // conf * 10^4 <= max * price: two multiplications instead of a u128 division.
    let scaled_conf = u128::from(price.conf)
        .checked_mul(u128::from(BPS))
        .ok_or(MathError::Overflow)?;
    let allowed = u128::from(limits.max_conf_bps)
        .checked_mul(u128::from(price.price.unsigned_abs()))
        .ok_or(MathError::Overflow)?;
    if scaled_conf > allowed {
        return Err(MathError::PriceConfidenceTooWide);
    }
    Ok(())
}

/// USD value of `amount` base units of a token with `decimals`, priced on `side` of `price`.
pub fn token_value(
    amount: u64,
    decimals: u8,
    price: &OraclePrice,
    side: PriceSide,
    rounding: Rounding,
) -> MathResult<Wad> {
    if decimals > MAX_DECIMALS {
        return Err(MathError::DecimalsOutOfRange);
    }
    let mantissa = price.mantissa(side)?;
    // 18 + e - d lies in [-18, 18] for the supported ranges.
    let power = 18i32
        .checked_add(price.exponent)
        .and_then(|p| p.checked_sub(i32::from(decimals)))
        .ok_or(MathError::Overflow)?;
    let factor = pow10(power.unsigned_abs())?;
    if power >= 0 {
        u128::from(amount)
            .checked_mul(mantissa)
            .and_then(|product| product.checked_mul(factor))
            .map(Wad)
            .ok_or(MathError::Overflow)
    } else {
        // Divide inside the 256-bit product, so a value that fits never overflows midway.
        mul_div(u128::from(amount), mantissa, factor, rounding).map(Wad)
    }
}

/// Base units of a token with `decimals` worth `value`, priced on `side` of `price`: the
/// inverse of [`token_value`].
pub fn token_amount(
    value: Wad,
    decimals: u8,
    price: &OraclePrice,
    side: PriceSide,
    rounding: Rounding,
) -> MathResult<u64> {
    if decimals > MAX_DECIMALS {
        return Err(MathError::DecimalsOutOfRange);
    }
    let mantissa = price.mantissa(side)?;
    // amount = value * 10^(d - e - 18) / mantissa
    let power = i32::from(decimals)
        .checked_sub(price.exponent)
        .and_then(|p| p.checked_sub(18))
        .ok_or(MathError::Overflow)?;
    let amount = if power >= 0 {
        mul_div(value.0, pow10(power.unsigned_abs())?, mantissa, rounding)?
    } else {
        let denominator = mantissa
            .checked_mul(pow10(power.unsigned_abs())?)
            .ok_or(MathError::Overflow)?;
        mul_div(value.0, 1, denominator, rounding)?
    };
    u64::try_from(amount).map_err(|_| MathError::Overflow)
}

/// `10^n` for n <= 38.
pub fn pow10(n: u32) -> MathResult<u128> {
    10u128.checked_pow(n).ok_or(MathError::Overflow)
}

/// `x * 10^power`, dividing (with the asked rounding) when `power` is negative.
fn scale_pow10(x: u128, power: i32, rounding: Rounding) -> MathResult<u128> {
    let factor = pow10(power.unsigned_abs())?;
    if power >= 0 {
        x.checked_mul(factor).ok_or(MathError::Overflow)
    } else {
        mul_div(x, 1, factor, rounding)
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SOL: OraclePrice = OraclePrice {
        price: 15_012_345_678,
        conf: 7_500_000,
        exponent: -8,
    };

    #[test]
    fn sol_price_and_value() {
        // $150.12345678 per SOL.
        assert_eq!(
            SOL.to_wad(PriceSide::Mid, Rounding::Down),
            Ok(Wad(150_123_456_780_000_000_000))
        );
        // 2.5 SOL (9 decimals) at the low side: 2.5 * (150.12345678 - 0.075) USD.
        let v = token_value(2_500_000_000, 9, &SOL, PriceSide::Low, Rounding::Down).unwrap();
        assert_eq!(v, Wad(375_121_141_950_000_000_000));
        // conf / price = 0.04996 % -> 5 bps rounded up.
        assert_eq!(SOL.conf_bps(), Ok(5));
    }

    #[test]
    fn check_price_refuses_in_order() {
        let limits = PriceLimits {
            now: 1_000,
            max_age_secs: 10,
            last_used: 985,
            max_conf_bps: 5,
        };
        assert_eq!(check_price(&SOL, 990, &limits), Ok(()));
        assert_eq!(check_price(&SOL, 1_010, &limits), Ok(()), "10 s of skew");
        assert_eq!(check_price(&SOL, 989, &limits), Err(MathError::PriceStale));
        assert_eq!(
            check_price(&SOL, 1_011, &limits),
            Err(MathError::PriceFromTheFuture)
        );
        let used = PriceLimits {
            last_used: 995,
            ..limits
        };
        assert_eq!(
            check_price(&SOL, 994, &used),
            Err(MathError::PriceOlderThanLastUsed)
        );
        let tight = PriceLimits {
            max_conf_bps: 4,
            ..limits
        };
        assert_eq!(
            check_price(&SOL, 990, &tight),
            Err(MathError::PriceConfidenceTooWide)
        );
        // At the limit exactly: 7_500_000 * 10^4 = 5 * 15_000_000_000.
        let exact = OraclePrice {
            price: 15_000_000_000,
            ..SOL
        };
        let five = PriceLimits {
            max_conf_bps: 5,
            ..limits
        };
        assert_eq!(check_price(&exact, 990, &five), Ok(()));
        let wider = OraclePrice {
            conf: 7_500_001,
            ..exact
        };
        assert_eq!(
            check_price(&wider, 990, &five),
            Err(MathError::PriceConfidenceTooWide)
        );
        let negative = OraclePrice { price: -1, ..SOL };
        assert_eq!(
            check_price(&negative, 990, &limits),
            Err(MathError::NonPositivePrice)
        );
    }

    #[test]
    fn amount_is_inverse_of_value() {
        let v = token_value(1_234_567, 6, &SOL, PriceSide::Mid, Rounding::Down).unwrap();
        let back = token_amount(v, 6, &SOL, PriceSide::Mid, Rounding::Down).unwrap();
        assert!(back <= 1_234_567 && back + 1 >= 1_234_567);
    }

    #[test]
    fn bad_prices_are_refused() {
        let zero = OraclePrice { price: 0, ..SOL };
        assert_eq!(zero.validate(), Err(MathError::NonPositivePrice));
        let negative = OraclePrice { price: -5, ..SOL };
        assert_eq!(negative.conf_bps(), Err(MathError::NonPositivePrice));
        let positive_exp = OraclePrice { exponent: 3, ..SOL };
        assert_eq!(positive_exp.validate(), Err(MathError::ExponentOutOfRange));
        let tiny_exp = OraclePrice {
            exponent: -19,
            ..SOL
        };
        assert_eq!(tiny_exp.validate(), Err(MathError::ExponentOutOfRange));
        let all_conf = OraclePrice {
            conf: 15_012_345_678,
            ..SOL
        };
        assert_eq!(
            all_conf.mantissa(PriceSide::Low),
            Err(MathError::NonPositivePrice)
        );
        assert_eq!(
            token_value(1, 19, &SOL, PriceSide::Mid, Rounding::Down),
            Err(MathError::DecimalsOutOfRange)
        );
    }

    #[test]
    fn extremes_overflow_instead_of_wrapping() {
        let huge = OraclePrice {
            price: i64::MAX,
            conf: u64::MAX,
            exponent: 0,
        };
        assert_eq!(
            token_value(u64::MAX, 0, &huge, PriceSide::High, Rounding::Down),
            Err(MathError::Overflow)
        );
        let big = OraclePrice {
            price: i64::MAX,
            conf: 0,
            exponent: 0,
        };
        assert_eq!(
            token_value(u64::MAX, 0, &big, PriceSide::Mid, Rounding::Down),
            Err(MathError::Overflow)
        );
        // A tiny price on a huge amount is representable: 18.44... Wad units.
        let tiny = OraclePrice {
            price: 1,
            conf: 0,
            exponent: -18,
        };
        assert_eq!(
            token_value(u64::MAX, 18, &tiny, PriceSide::Mid, Rounding::Down),
            Ok(Wad(18))
        );
        assert_eq!(
            token_value(u64::MAX, 18, &tiny, PriceSide::Mid, Rounding::Up),
            Ok(Wad(19))
        );
    }

    proptest! {
        #[test]
        fn confidence_check_is_conf_bps(price in 1i64..i64::MAX, conf in any::<u64>(), max in any::<u16>()) {
            let p = OraclePrice { price, conf, exponent: -8 };
            let limits = PriceLimits { now: 0, max_age_secs: 0, last_used: 0, max_conf_bps: max };
            let by_division = p.conf_bps().unwrap() <= u64::from(max);
            prop_assert_eq!(check_price(&p, 0, &limits).is_ok(), by_division);
        }

        #[test]
        fn sides_are_ordered(price in 1i64..=i64::MAX, conf in any::<u64>(), exponent in MIN_EXPONENT..=MAX_EXPONENT,
                             amount in any::<u64>(), decimals in 0u8..=MAX_DECIMALS) {
            let p = OraclePrice { price, conf, exponent };
            let low = token_value(amount, decimals, &p, PriceSide::Low, Rounding::Down);
            let mid = token_value(amount, decimals, &p, PriceSide::Mid, Rounding::Down);
            let high = token_value(amount, decimals, &p, PriceSide::High, Rounding::Up);
            if let (Ok(l), Ok(m)) = (low, mid) { prop_assert!(l <= m); }
            if let (Ok(m), Ok(h)) = (mid, high) { prop_assert!(m <= h); }
        }

        #[test]
        fn never_panics(price in any::<i64>(), conf in any::<u64>(), exponent in any::<i32>(),
                        amount in any::<u64>(), decimals in any::<u8>(), value in any::<u128>()) {
            let p = OraclePrice { price, conf, exponent };
            for side in [PriceSide::Low, PriceSide::Mid, PriceSide::High] {
                let _ = token_value(amount, decimals, &p, side, Rounding::Up);
                let _ = token_amount(Wad(value), decimals, &p, side, Rounding::Down);
                let _ = p.to_wad(side, Rounding::Up);
            }
            let _ = p.conf_bps();
        }
    }
}
