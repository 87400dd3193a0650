//! The swap formula: pure functions, the same on chain and off chain.

use crate::constants::BPS_DENOMINATOR;

/// Fee kept by the pool on an input of `amount_in`: `ceil(amount_in * fee_bps / 10_000)`.
///
/// `None` when `fee_bps` exceeds 10,000 (a fee above the whole input).
pub fn swap_fee(amount_in: u64, fee_bps: u16) -> Option<u64> {
    let fee_bps = u64::from(fee_bps);
    if fee_bps > BPS_DENOMINATOR {
        return None;
    }
    // 64-bit division is one VM instruction; 128-bit division is a software routine.
    if let Some(numerator) = amount_in.checked_mul(fee_bps) {
        return Some(numerator.div_ceil(BPS_DENOMINATOR));
    }
    let numerator = u128::from(amount_in).checked_mul(u128::from(fee_bps))?;
    u64::try_from(numerator.div_ceil(u128::from(BPS_DENOMINATOR))).ok()
}

/// The amounts of one swap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwapQuote {
    /// Part of the input kept by the pool: `ceil(amount_in * fee_bps / 10_000)`.
    pub fee: u64,
    /// Output paid to the user.
    pub amount_out: u64,
}

/// Fee and output of a swap of `amount_in` against reserves `reserve_in` / `reserve_out`
/// with a fee of `fee_bps`: exactly what `swap` charges and pays.
///
/// `fee = ceil(amount_in * fee_bps / 10_000)`, `x = amount_in - fee`, and
/// `amount_out = floor(reserve_out * x / (reserve_in + x))`. Rounding favours the pool, so
/// `(reserve_in + amount_in) * (reserve_out - amount_out) >= reserve_in * reserve_out`: k
/// never decreases.
///
/// `amount_out` is 0 when the input is too small to buy one base unit. `None` when either
/// reserve is zero (an empty pool has no price) or `fee_bps` exceeds 10,000.
pub fn quote_swap(
    amount_in: u64,
    reserve_in: u64,
    reserve_out: u64,
    fee_bps: u16,
) -> Option<SwapQuote> {
    if reserve_in == 0 || reserve_out == 0 {
        return None;
    }
    let fee = swap_fee(amount_in, fee_bps)?;
    let in_after_fee = u128::from(amount_in.checked_sub(fee)?);
    let numerator = u128::from(reserve_out).checked_mul(in_after_fee)?;
    let denominator = u128::from(reserve_in).checked_add(in_after_fee)?;
    let amount_out = u64::try_from(numerator.checked_div(denominator)?).ok()?;
    Some(SwapQuote { fee, amount_out })
}

/// Output of a swap (see [`quote_swap`] for the formula): exactly what `swap` pays.
///
/// `Some(0)` when the input is too small to buy one base unit. `None` when either reserve
/// is zero (an empty pool has no price) or `fee_bps` exceeds 10,000.
pub fn quote(amount_in: u64, reserve_in: u64, reserve_out: u64, fee_bps: u16) -> Option<u64> {
    quote_swap(amount_in, reserve_in, reserve_out, fee_bps).map(|q| q.amount_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_rounds_up() {
        assert_eq!(swap_fee(10_000, 30), Some(30));
        assert_eq!(swap_fee(1, 30), Some(1));
        assert_eq!(swap_fee(0, 30), Some(0));
        assert_eq!(swap_fee(u64::MAX, 10_000), Some(u64::MAX));
        assert_eq!(swap_fee(u64::MAX, 1), Some(u64::MAX / 10_000 + 1));
        assert_eq!(swap_fee(u64::MAX / 2, 2), Some(u64::MAX / 10_000 + 1));
        assert_eq!(swap_fee(1, 10_001), None);
    }

    #[test]
    fn quote_matches_the_formula() {
        // fee = ceil(1000 * 30 / 10000) = 3, x = 997, out = floor(1e6 * 997 / 1000997) = 996.
        assert_eq!(quote(1_000, 1_000_000, 1_000_000, 30), Some(996));
        assert_eq!(quote(1, 1_000_000, 1_000_000, 30), Some(0));
        assert_eq!(quote(1_000, 0, 1_000_000, 30), None);
        assert_eq!(quote(1_000, 1_000_000, 0, 30), None);
        assert_eq!(quote(u64::MAX, u64::MAX, u64::MAX, 0), Some(u64::MAX / 2));
    }

    #[test]
    fn k_never_decreases() {
        let cases = [
            (1u64, 1u64, 1u64, 0u16),
            (7, 3, 1_000, 30),
            (1_000_000, 5, 10_000_000_000, 1_000),
            (u64::MAX / 3, u64::MAX / 2, 17, 1),
            (123_456_789, 987_654_321, 555_555_555, 25),
        ];
        for (amount_in, reserve_in, reserve_out, fee_bps) in cases {
            let out = quote(amount_in, reserve_in, reserve_out, fee_bps).unwrap();
            assert!(out < reserve_out);
            let before = u128::from(reserve_in) * u128::from(reserve_out);
            let after =
                (u128::from(reserve_in) + u128::from(amount_in)) * u128::from(reserve_out - out);
            assert!(after >= before);
        }
    }
}
