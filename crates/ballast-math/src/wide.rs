//! `a * b / c` over u128 with a 256-bit intermediate product, so that share and value
//! arithmetic never overflows in the middle of a computation whose result fits.

use crate::error::{MathError, MathResult};
use crate::fixed::Rounding;

/// `a * b / c`, rounded as asked. Errors with `DivisionByZero` if `c == 0` and `Overflow`
/// if the quotient does not fit in u128.
///
/// The common case (`a * b` fits in u128) costs one multiplication and one division; products
/// above 2^128 take a two-digit schoolbook division (64-bit digits), which matters on SBF
/// where every u128 operation is emulated: a bit-by-bit loop cost about 4,000 CU per call.
pub fn mul_div(a: u128, b: u128, c: u128, rounding: Rounding) -> MathResult<u128> {
    if c == 0 {
        return Err(MathError::DivisionByZero);
    }
    if let Some(product) = a.checked_mul(b) {
        let quotient = product.checked_div(c).ok_or(MathError::DivisionByZero)?;
        let remainder = product.checked_rem(c).ok_or(MathError::DivisionByZero)?;
        return round(quotient, remainder, rounding);
    }
    let (hi, lo) = full_mul(a, b);
    if hi >= c {
        // The quotient is at least 2^128.
        return Err(MathError::Overflow);
    }
    if let Ok(small) = u64::try_from(c) {
        // Fast path (e.g. every Wad multiplication, whose divisor is 10^18 < 2^64): two
        // 128-by-64-bit divisions instead of the 128-step bit loop. Same result.
        let (quotient, remainder) = div_256_by_64(hi, lo, small);
        return round(quotient, remainder, rounding);
    }
    let (quotient, remainder) = div_256_by_large(hi, lo, c);
    round(quotient, remainder, rounding)
}

/// `a * b / c` for u64 operands, the result checked to fit in u64.
pub fn mul_div_u64(a: u64, b: u64, c: u64, rounding: Rounding) -> MathResult<u64> {
    let wide = mul_div(u128::from(a), u128::from(b), u128::from(c), rounding)?;
    u64::try_from(wide).map_err(|_| MathError::Overflow)
}

fn round(quotient: u128, remainder: u128, rounding: Rounding) -> MathResult<u128> {
    match rounding {
        Rounding::Down => Ok(quotient),
        Rounding::Up if remainder == 0 => Ok(quotient),
        Rounding::Up => quotient.checked_add(1).ok_or(MathError::Overflow),
    }
}

/// Full 256-bit product of two u128 as (high, low) halves (tuples compare as the products).
pub fn full_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & MASK);
    let (b_hi, b_lo) = (b >> 64, b & MASK);
    // Each partial product of two 64-bit halves fits in u128.
    let ll = a_lo.wrapping_mul(b_lo);
    let lh = a_lo.wrapping_mul(b_hi);
    let hl = a_hi.wrapping_mul(b_lo);
    let hh = a_hi.wrapping_mul(b_hi);
    // Middle column: at most 3 * (2^64 - 1), fits in u128.
    let mid = (ll >> 64).wrapping_add(lh & MASK).wrapping_add(hl & MASK);
    let lo = (ll & MASK) | (mid << 64);
    let hi = hh
        .wrapping_add(lh >> 64)
        .wrapping_add(hl >> 64)
        .wrapping_add(mid >> 64);
    (hi, lo)
}

/// Divides the 256-bit number `hi * 2^128 + lo` by a non-zero `d < 2^64`, given `hi < d`:
/// schoolbook division by 64-bit limbs. Each partial dividend is `r * 2^64 + limb` with
/// `r < d`, so it fits in u128 and its quotient digit fits in 64 bits.
fn div_256_by_64(hi: u128, lo: u128, d: u64) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let d = u128::from(d);
    // hi < d < 2^64: the two upper limbs are (0, hi).
    let n1 = (hi << 64) | (lo >> 64);
    // d != 0 (checked by the caller): the `unwrap_or` branches are unreachable.
    let (q1, r1) = (
        n1.checked_div(d).unwrap_or(0),
        n1.checked_rem(d).unwrap_or(0),
    );
    let n0 = (r1 << 64) | (lo & MASK);
    let (q0, r0) = (
        n0.checked_div(d).unwrap_or(0),
        n0.checked_rem(d).unwrap_or(0),
    );
    ((q1 << 64) | q0, r0)
}

/// Divides the 256-bit number `hi * 2^128 + lo` by `d >= 2^64`, given `hi < d` (so the
/// quotient fits in u128): Knuth's algorithm D with 64-bit digits and a two-digit divisor,
/// hence two quotient digits. Returns (quotient, remainder).
fn div_256_by_large(hi: u128, lo: u128, d: u128) -> (u128, u128) {
    // Normalise so the divisor's top bit is set; d >= 2^64 so the shift is below 64. The
    // shifted dividend still fits in 256 bits because hi < d.
    let shift = d.leading_zeros();
    let d = d << shift;
    let (n_hi, n_lo) = if shift == 0 {
        (hi, lo)
    } else {
        (
            (hi << shift) | (lo >> 128u32.wrapping_sub(shift)),
            lo << shift,
        )
    };
    let (v1, v0) = (high(d), low(d));
    let (q1, r) = div_3_by_2(high(n_hi), low(n_hi), high(n_lo), v1, v0);
    let (q0, r) = div_3_by_2(high(r), low(r), low(n_lo), v1, v0);
    ((u128::from(q1) << 64) | u128::from(q0), r >> shift)
}

/// `(u2, u1, u0) / (v1, v0)` in 64-bit digits, for a normalised divisor (top bit of `v1`
/// set) and `(u2, u1) < (v1, v0)`, so the quotient is one digit. Returns (quotient,
/// remainder), the remainder below the divisor.
fn div_3_by_2(u2: u64, u1: u64, u0: u64, v1: u64, v0: u64) -> (u64, u128) {
    let top = (u128::from(u2) << 64) | u128::from(u1);
    let v1w = u128::from(v1);
    // Estimate from the top two digits: at most 2 too large (Knuth, Theorem 4.3.1B).
    let mut qhat = if u2 >= v1 {
        u128::from(u64::MAX)
    } else {
        top.checked_div(v1w).unwrap_or(0)
    };
    // qhat * v1 <= top here, and rhat < 2^65, so nothing below wraps.
    let mut rhat = top.wrapping_sub(qhat.wrapping_mul(v1w));
    while rhat >> 64 == 0 && qhat.wrapping_mul(u128::from(v0)) > ((rhat << 64) | u128::from(u0)) {
        qhat = qhat.wrapping_sub(1);
        rhat = rhat.wrapping_add(v1w);
    }
    // remainder = (u2, u1, u0) - qhat * (v1, v0), a 192-bit subtraction; qhat is now at
    // most one too large, in which case the difference is negative and one divisor is added
    // back.
    let p0 = qhat.wrapping_mul(u128::from(v0));
    // qhat * v1 + high(p0) < 2^128 because qhat, v1 < 2^64.
    let p1 = qhat.wrapping_mul(v1w).wrapping_add(u128::from(high(p0)));
    let (r0, borrow) = u0.overflowing_sub(low(p0));
    let (r_top, negative_a) = top.overflowing_sub(p1);
    let (r_top, negative_b) = r_top.overflowing_sub(u128::from(borrow));
    let mut remainder = (r_top << 64) | u128::from(r0);
    if negative_a || negative_b {
        qhat = qhat.wrapping_sub(1);
        // The true remainder is `remainder - 2^192 + divisor`, below 2^128: wrapping
        // arithmetic on the low 128 bits gives it exactly.
        remainder = remainder.wrapping_add((u128::from(v1) << 64) | u128::from(v0));
    }
    (low(qhat), remainder)
}

fn high(x: u128) -> u64 {
    // Truncation intended: the upper 64 bits.
    (x >> 64) as u64
}

fn low(x: u128) -> u64 {
    // Truncation intended: the lower 64 bits.
    x as u64
}

/// Reference for the tests: restoring binary long division, one quotient bit per step.
#[cfg(test)]
fn div_256_by_128(mut hi: u128, mut lo: u128, d: u128) -> (u128, u128) {
    let mut quotient: u128 = 0;
    for _ in 0..128 {
        // Shift the 257-bit remainder window (carry, hi, lo) left by one.
        let carry = hi >> 127;
        hi = (hi << 1) | (lo >> 127);
        lo <<= 1;
        quotient <<= 1;
        if carry == 1 || hi >= d {
            // When carry is set the true value is hi + 2^128 > d; wrapping arithmetic gives
            // the right remainder because the result is below d < 2^128.
            hi = hi.wrapping_sub(d);
            quotient |= 1;
        }
    }
    (quotient, hi)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_products_round_both_ways() {
        assert_eq!(mul_div(7, 3, 2, Rounding::Down), Ok(10));
        assert_eq!(mul_div(7, 3, 2, Rounding::Up), Ok(11));
        assert_eq!(mul_div(6, 3, 2, Rounding::Up), Ok(9));
        assert_eq!(
            mul_div(1, 1, 0, Rounding::Down),
            Err(MathError::DivisionByZero)
        );
    }

    #[test]
    fn wide_products_divide_exactly() {
        // (2^127) * 6 / 3 = 2^128: does not fit.
        assert_eq!(
            mul_div(1 << 127, 6, 3, Rounding::Down),
            Err(MathError::Overflow)
        );
        // u128::MAX * u128::MAX / u128::MAX = u128::MAX.
        assert_eq!(
            mul_div(u128::MAX, u128::MAX, u128::MAX, Rounding::Down),
            Ok(u128::MAX)
        );
        // (2^100 * 2^100) / 2^90 = 2^110.
        assert_eq!(
            mul_div(1 << 100, 1 << 100, 1 << 90, Rounding::Up),
            Ok(1 << 110)
        );
        // (2^127 + 1) * 4 / 8 = 2^126 + 0.5
        assert_eq!(mul_div((1 << 127) + 1, 4, 8, Rounding::Down), Ok(1 << 126));
        assert_eq!(
            mul_div((1 << 127) + 1, 4, 8, Rounding::Up),
            Ok((1 << 126) + 1)
        );
    }

    proptest! {
        /// Against u128 arithmetic where the product fits.
        #[test]
        fn agrees_with_narrow_arithmetic(a in any::<u64>(), b in any::<u64>(), c in 1u128..) {
            let p = u128::from(a) * u128::from(b);
            prop_assert_eq!(mul_div(a.into(), b.into(), c, Rounding::Down), Ok(p / c));
            let up = p / c + u128::from(p % c != 0);
            prop_assert_eq!(mul_div(a.into(), b.into(), c, Rounding::Up), Ok(up));
        }

        /// (a * b) / b == a and the remainder identity for wide products.
        #[test]
        fn wide_identity(a in any::<u128>(), b in 1u128..) {
            prop_assert_eq!(mul_div(a, b, b, Rounding::Down), Ok(a));
            prop_assert_eq!(mul_div(a, b, b, Rounding::Up), Ok(a));
        }

        /// The 64-bit-divisor fast path agrees with the bit loop on any 256-bit dividend
        /// whose quotient fits (high half below the divisor).
        #[test]
        fn fast_path_agrees_with_bit_loop(hi_seed in any::<u128>(), lo in any::<u128>(), d in 1u64..) {
            let hi = hi_seed % u128::from(d);
            prop_assert_eq!(div_256_by_64(hi, lo, d), div_256_by_128(hi, lo, u128::from(d)));
        }

        /// The two-digit division agrees with the bit loop for every divisor of at least
        /// 2^64 and any 256-bit dividend whose quotient fits.
        #[test]
        fn large_divisor_agrees_with_bit_loop(hi_seed in any::<u128>(), lo in any::<u128>(), d in (1u128 << 64)..) {
            let hi = hi_seed % d;
            prop_assert_eq!(div_256_by_large(hi, lo, d), div_256_by_128(hi, lo, d));
        }

        /// Same with divisors near the edges (top bit set, just above 2^64, all ones).
        #[test]
        fn large_divisor_edges(hi_seed in any::<u128>(), lo in any::<u128>(), pick in 0usize..6, delta in 0u128..1_000) {
            let d = [1u128 << 64, (1u128 << 64) + delta, u128::MAX - delta, 1u128 << 127, (1u128 << 127) + delta, (u128::from(u64::MAX) << 64) | delta][pick];
            let hi = hi_seed % d;
            prop_assert_eq!(div_256_by_large(hi, lo, d), div_256_by_128(hi, lo, d));
            prop_assert_eq!(div_256_by_large(d - 1, u128::MAX, d), div_256_by_128(d - 1, u128::MAX, d));
        }

        /// Same through `mul_div`, at the Wad scale, for products above 2^128.
        #[test]
        fn fast_path_at_wad_scale(a in (1u128 << 64)..(1u128 << 110), b in (1u128 << 64)..(1u128 << 90)) {
            let d = 1_000_000_000_000_000_000u128;
            let (hi, lo) = full_mul(a, b);
            if hi < d {
                let (q, r) = div_256_by_128(hi, lo, d);
                prop_assert_eq!(mul_div(a, b, d, Rounding::Down), Ok(q));
                prop_assert_eq!(mul_div(a, b, d, Rounding::Up), Ok(q + u128::from(r != 0)));
            } else {
                prop_assert_eq!(mul_div(a, b, d, Rounding::Down), Err(MathError::Overflow));
            }
        }

        /// floor(a*b/c) <= ceil(a*b/c) <= floor + 1, never a panic.
        #[test]
        fn floor_and_ceil_bracket(a in any::<u128>(), b in any::<u128>(), c in any::<u128>()) {
            let down = mul_div(a, b, c, Rounding::Down);
            let up = mul_div(a, b, c, Rounding::Up);
            if let (Ok(d), Ok(u)) = (down, up) {
                prop_assert!(d <= u && u - d <= 1);
            }
        }
    }
}
