//! The execution bound: the least output the vault accepts for a swap.

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad, BPS};
use crate::oracle::{token_amount, token_value, PriceSide};
use crate::planner::AssetPrice;
use crate::wide::{full_mul, mul_div};

/// Minimum acceptable output, in base units of the bought asset, for selling `amount_in`
/// base units of the sold asset with a slippage budget of `max_slippage_bps` (0..10_000).
///
/// # Which side of each confidence interval
/// The bound protects the vault: whatever the true prices are *within* the oracles'
/// confidence intervals, the vault must not receive less than the fair output minus the
/// slippage budget. The fair output `amount_in * p_sell / p_buy` is largest when the sold
/// asset is worth the most and the bought asset the least, so the bound takes
///
/// ```text
/// min_out = ceil( amount_in * (p_sell + c_sell) / (p_buy - c_buy) * (1 - slippage) )
/// ```
///
/// i.e. the input valued at the **high** side of the sold asset (what the vault gives up is
/// worth as much as it could be) and the output priced at the **low** side of the bought
/// asset (each unit received is worth as little as it could be, so more are required).
/// Valuing the input at its *low* side would be the lenient choice: it would let a venue pay
/// up to two confidence widths below fair on top of the slippage.
///
/// The strict bound is still satisfiable by an honest venue as long as the slippage budget
/// is wider than the two confidence intervals (plus the venue's fee and impact): an honest
/// venue trading at the mid prices pays `amount_in * p_sell / p_buy`, which is at least
/// `min_out` when `(1 - s) * (1 + conf_sell) / (1 - conf_buy) <= 1`, roughly
/// `s >= conf_sell + conf_buy`. When even a zero-fee venue at the mid prices could not meet
/// the bound, the function refuses with `ConfidenceTooWide` instead of returning a bound no
/// trade can pass: an oracle that uncertain cannot vouch for the price, and the swap should
/// wait.
///
/// # Rounding
/// Each step rounds up (input value, slippage haircut, output amount), so the bound is at or
/// above the exact value, by at most a couple of base units. The mid-price comparison rounds
/// down (the honest output is not over-estimated).
///
/// Errors: `InvalidParameter` for a slippage of 10_000 bps or more, the oracle errors of
/// either price (including `NonPositivePrice` when `conf >= price` on the bought side),
/// `Overflow` when the bound does not fit in u64, and `ConfidenceTooWide` as above.
pub fn min_output(
    amount_in: u64,
    sell: &AssetPrice,
    buy: &AssetPrice,
    max_slippage_bps: u16,
) -> MathResult<u64> {
    if u64::from(max_slippage_bps) >= BPS {
        return Err(MathError::InvalidParameter);
    }
    let keep = BPS
        .checked_sub(u64::from(max_slippage_bps))
        .ok_or(MathError::Underflow)?;
    let value_in = token_value(
        amount_in,
        sell.decimals,
        &sell.price,
        PriceSide::High,
        Rounding::Up,
    )?;
    // value * keep / 10^4: the same ceiling as value.mul(Wad::from_bps(keep)), with a
    // u128 product.
    let value_min = Wad(mul_div(
        value_in.0,
        u128::from(keep),
        u128::from(BPS),
        Rounding::Up,
    )?);
    let bound = token_amount(
        value_min,
        buy.decimals,
        &buy.price,
        PriceSide::Low,
        Rounding::Up,
    )?;
    if !honest_venue_can_meet(sell, buy, max_slippage_bps)? {
        return Err(MathError::ConfidenceTooWide);
    }
    Ok(bound)
}

/// Whether a zero-fee venue trading at both mid prices meets the exact (unrounded) bound:
/// `(1 - s) (p_s + c_s) / (p_b - c_b) <= p_s / p_b`, compared exactly as
/// `(10_000 - s) (p_s + c_s) p_b <= 10_000 p_s (p_b - c_b)` on the mantissas (both sides
/// carry the same exponents, and the decimals cancel). One 256-bit comparison instead of
/// converting a fair output to token units (the rounded bound may then exceed the rounded
/// fair output by at most one base unit).
fn honest_venue_can_meet(
    sell: &AssetPrice,
    buy: &AssetPrice,
    max_slippage_bps: u16,
) -> MathResult<bool> {
    let keep = u128::from(
        BPS.checked_sub(u64::from(max_slippage_bps))
            .ok_or(MathError::Underflow)?,
    );
    let sell_high = sell.price.mantissa(PriceSide::High)?;
    let sell_mid = sell.price.mantissa(PriceSide::Mid)?;
    let buy_mid = buy.price.mantissa(PriceSide::Mid)?;
    let buy_low = buy.price.mantissa(PriceSide::Low)?;
    // left = keep * sell_high * buy_mid, right = BPS * sell_mid * buy_low, as 256-bit
    // products (hi, lo) compared lexicographically.
    let left = full_mul(
        keep.checked_mul(sell_high).ok_or(MathError::Overflow)?,
        buy_mid,
    );
    let right = full_mul(
        u128::from(BPS)
            .checked_mul(sell_mid)
            .ok_or(MathError::Overflow)?,
        buy_low,
    );
    Ok(left <= right)
}

/// `amount_in * p_sell / p_buy` at both mid prices, in base units of the bought asset,
/// rounded down: what a zero-fee venue trading at the oracle mids would pay.
pub fn fair_output_mid(amount_in: u64, sell: &AssetPrice, buy: &AssetPrice) -> MathResult<u64> {
    let value = token_value(
        amount_in,
        sell.decimals,
        &sell.price,
        PriceSide::Mid,
        Rounding::Down,
    )?;
    token_amount(
        value,
        buy.decimals,
        &buy.price,
        PriceSide::Mid,
        Rounding::Down,
    )
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::oracle::OraclePrice;
    use proptest::prelude::*;

    const SOL: AssetPrice = AssetPrice {
        price: OraclePrice {
            price: 15_000_000_000,
            conf: 7_500_000,
            exponent: -8,
        },
        decimals: 9,
    };
    const USDC: AssetPrice = AssetPrice {
        price: OraclePrice {
            price: 100_000_000,
            conf: 10_000,
            exponent: -8,
        },
        decimals: 6,
    };

    #[test]
    fn one_sol_for_usdc() {
        // 1 SOL at 150 +- 0.075 (5 bps) for USDC at 1 +- 0.0001 (1 bp), 1 % slippage:
        // 150.075 * 0.99 / 0.9999 = 148.5891089108... USDC -> 148_589_109 units (ceil).
        let bound = min_output(1_000_000_000, &SOL, &USDC, 100).unwrap();
        assert_eq!(bound, 148_589_109);
        assert_eq!(fair_output_mid(1_000_000_000, &SOL, &USDC), Ok(150_000_000));
        assert!(bound < 150_000_000);
    }

    #[test]
    fn zero_slippage_or_wide_confidence_is_refused() {
        // With no slippage budget the strict bound exceeds the mid output.
        assert_eq!(
            min_output(1_000_000_000, &SOL, &USDC, 0),
            Err(MathError::ConfidenceTooWide)
        );
        // 6 bps of confidence in total: 5 bps of slippage is not enough, 7 is.
        assert_eq!(
            min_output(1_000_000_000, &SOL, &USDC, 5),
            Err(MathError::ConfidenceTooWide)
        );
        assert!(min_output(1_000_000_000, &SOL, &USDC, 7).is_ok());
        // Exact prices: zero slippage means exactly fair.
        let exact = |p: AssetPrice| AssetPrice {
            price: OraclePrice { conf: 0, ..p.price },
            ..p
        };
        assert_eq!(
            min_output(1_000_000_000, &exact(SOL), &exact(USDC), 0),
            Ok(150_000_000)
        );
        assert_eq!(
            min_output(1, &SOL, &USDC, 10_000),
            Err(MathError::InvalidParameter)
        );
        let dead = AssetPrice {
            price: OraclePrice {
                conf: 100_000_000,
                ..USDC.price
            },
            ..USDC
        };
        assert_eq!(
            min_output(1, &SOL, &dead, 100),
            Err(MathError::NonPositivePrice)
        );
    }

    #[test]
    fn reverse_direction_rounds_up() {
        // 150 USDC for SOL: 150 * 1.0001 * 0.99 / 149.925 = 0.9905942977... SOL.
        let bound = min_output(150_000_000, &USDC, &SOL, 100).unwrap();
        assert_eq!(bound, 990_594_298);
    }

    proptest! {
        #[test]
        fn bound_is_strict_but_below_mid(amount in 1u64..u64::MAX / 4, p1 in 1i64..1_000_000_000_000,
                                         p2 in 1i64..1_000_000_000_000, c1 in 0u64..1_000,
                                         c2 in 0u64..1_000, s in 0u16..10_000, d1 in 0u8..=18, d2 in 0u8..=18) {
            let sell = AssetPrice { price: OraclePrice { price: p1, conf: c1, exponent: -8 }, decimals: d1 };
            let buy = AssetPrice { price: OraclePrice { price: p2, conf: c2, exponent: -8 }, decimals: d2 };
            if let Ok(bound) = min_output(amount, &sell, &buy, s) {
                // The exact bound is at most the exact fair output; rounded, one unit above.
                // (A fair output too large for u64 is above any bound that fits.)
                if let Ok(fair) = fair_output_mid(amount, &sell, &buy) {
                    prop_assert!(bound <= fair.saturating_add(1));
                }
                // Less slippage never lowers the bound.
                if s > 0 {
                    if let Ok(tighter) = min_output(amount, &sell, &buy, s - 1) {
                        prop_assert!(tighter >= bound);
                    }
                }
            }
        }

        #[test]
        fn never_panics(amount in any::<u64>(), p1 in any::<i64>(), p2 in any::<i64>(), c1 in any::<u64>(),
                        c2 in any::<u64>(), e1 in any::<i32>(), e2 in any::<i32>(), d1 in any::<u8>(),
                        d2 in any::<u8>(), s in any::<u16>()) {
            let sell = AssetPrice { price: OraclePrice { price: p1, conf: c1, exponent: e1 }, decimals: d1 };
            let buy = AssetPrice { price: OraclePrice { price: p2, conf: c2, exponent: e2 }, decimals: d2 };
            let _ = min_output(amount, &sell, &buy, s);
        }
    }
}
