//! Target weights that move gradually (as Balancer's managed pools do): a new set of
//! targets is reached linearly between a start and an end time, so a change of weights never
//! creates one large trade at a single moment.
//!
//! [`weights_at`] is the one function for the target weights at a given time: the program's
//! trigger and trade targets, the keeper, `ballast status` and the backtester all call it.
//!
//! Every point of a ramp sums to exactly 10,000 bps: each weight is the linear interpolation
//! rounded down, and the few basis points the floors leave (fewer than the number of assets)
//! go one each to the assets with the largest remainders (ties to the lowest index), so a
//! weight is always its exact value rounded down or up, and never leaves the range between
//! its start and end weights.

use crate::error::{MathError, MathResult};
use crate::fixed::BPS;

/// A ramp from `from` to `to` between `start` and `end` (unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ramp<'a> {
    /// Target weights at and before `start`, bps (summing to 10,000).
    pub from: &'a [u16],
    /// Target weights at and after `end`, bps (summing to 10,000).
    pub to: &'a [u16],
    /// When the weights start to move.
    pub start: i64,
    /// When they reach `to` (`end >= start`; equal means a step at `start`).
    pub end: i64,
}

/// Checks that `weights` sum to exactly 10,000 bps (zeros allowed: an asset being added or
/// removed has a target of 0 at one end of its ramp). `InvalidWeights` otherwise.
pub fn validate_weight_sum(weights: &[u16]) -> MathResult<()> {
    let mut sum: u64 = 0;
    for &w in weights {
        sum = sum.checked_add(u64::from(w)).ok_or(MathError::Overflow)?;
    }
    if sum == BPS {
        Ok(())
    } else {
        Err(MathError::InvalidWeights)
    }
}

/// Writes the target weights of `ramp` at `now` into `out` (see the module documentation).
/// `LengthMismatch` when the slices differ, `InvalidWeights` when an end does not sum to
/// 10,000, `InvalidParameter` when `end < start`, `TooManyAssets` above 64 assets.
pub fn weights_at(ramp: &Ramp<'_>, now: i64, out: &mut [u16]) -> MathResult<()> {
    let n = ramp.from.len();
    if ramp.to.len() != n || out.len() != n {
        return Err(MathError::LengthMismatch);
    }
    if n > 64 {
        return Err(MathError::TooManyAssets);
    }
    validate_weight_sum(ramp.from)?;
    validate_weight_sum(ramp.to)?;
    if ramp.end < ramp.start {
        return Err(MathError::InvalidParameter);
    }
    if now >= ramp.end {
        out.copy_from_slice(ramp.to);
        return Ok(());
    }
    if now <= ramp.start {
        out.copy_from_slice(ramp.from);
        return Ok(());
    }
    // 0 < elapsed < duration, both positive and below 2^64.
    let elapsed = u128::from(now.abs_diff(ramp.start));
    let duration = u128::from(ramp.end.abs_diff(ramp.start));
    // w = from + (to - from) * elapsed / duration, as (from * duration + (to - from) *
    // elapsed) / duration with the signed difference split by direction.
    let mut remainders = [0u128; 64];
    let mut sum: u64 = 0;
    for (i, (&f, &t)) in ramp.from.iter().zip(ramp.to).enumerate() {
        let base = u128::from(f)
            .checked_mul(duration)
            .ok_or(MathError::Overflow)?;
        let moved = u128::from(f.abs_diff(t))
            .checked_mul(elapsed)
            .ok_or(MathError::Overflow)?;
        let scaled = if t >= f {
            base.checked_add(moved)
        } else {
            base.checked_sub(moved)
        }
        .ok_or(MathError::Overflow)?;
        let whole = scaled
            .checked_div(duration)
            .ok_or(MathError::DivisionByZero)?;
        let weight = u16::try_from(whole).map_err(|_| MathError::Overflow)?;
        out[i] = weight;
        remainders[i] = scaled
            .checked_rem(duration)
            .ok_or(MathError::DivisionByZero)?;
        sum = sum
            .checked_add(u64::from(weight))
            .ok_or(MathError::Overflow)?;
    }
    // The exact weights sum to 10,000, so the floors leave fewer than n basis points.
    let mut left = BPS.checked_sub(sum).ok_or(MathError::Underflow)?;
    while left > 0 {
        let mut best: Option<usize> = None;
        for (i, &r) in remainders.iter().enumerate().take(n) {
            if r > 0 && best.is_none_or(|b| r > remainders[b]) {
                best = Some(i);
            }
        }
        let i = best.ok_or(MathError::InvalidWeights)?;
        out[i] = out[i].checked_add(1).ok_or(MathError::Overflow)?;
        remainders[i] = 0;
        left = left.checked_sub(1).ok_or(MathError::Underflow)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn linear_between_the_ends() {
        let (from, to) = ([6_000, 4_000, 0], [4_000, 3_000, 3_000]);
        let ramp = Ramp {
            from: &from,
            to: &to,
            start: 100,
            end: 200,
        };
        let mut out = [0u16; 3];
        weights_at(&ramp, 50, &mut out).unwrap();
        assert_eq!(out, from);
        weights_at(&ramp, 150, &mut out).unwrap();
        assert_eq!(out, [5_000, 3_500, 1_500]);
        weights_at(&ramp, 200, &mut out).unwrap();
        assert_eq!(out, to);
        // At 1/3 of the way the exact weights are 5333.3, 3666.6, 1000: floors 5333, 3666,
        // 1000 leave one bp, which goes to the largest remainder (3666.6).
        let thirds = Ramp {
            start: 0,
            end: 3,
            ..ramp
        };
        weights_at(&thirds, 1, &mut out).unwrap();
        assert_eq!(out, [5_333, 3_667, 1_000]);
    }

    #[test]
    fn refusals() {
        let mut out = [0u16; 2];
        let ramp = |to: &'static [u16], start, end| Ramp {
            from: &[5_000, 5_000],
            to,
            start,
            end,
        };
        assert_eq!(
            weights_at(&ramp(&[5_000, 4_999], 0, 10), 5, &mut out),
            Err(MathError::InvalidWeights)
        );
        assert_eq!(
            weights_at(&ramp(&[4_000, 6_000], 10, 0), 5, &mut out),
            Err(MathError::InvalidParameter)
        );
        assert_eq!(
            weights_at(&ramp(&[10_000], 0, 10), 5, &mut out),
            Err(MathError::LengthMismatch)
        );
        // A step: start == end.
        weights_at(&ramp(&[4_000, 6_000], 10, 10), 10, &mut out).unwrap();
        assert_eq!(out, [4_000, 6_000]);
        weights_at(&ramp(&[4_000, 6_000], 10, 10), 9, &mut out).unwrap();
        assert_eq!(out, [5_000, 5_000]);
    }

    fn weights(n: usize) -> impl Strategy<Value = Vec<u16>> {
        proptest::collection::vec(0u32..1_000, n).prop_map(|raw| {
            let total: u32 = raw.iter().sum::<u32>().max(1);
            let mut w: Vec<u16> = raw.iter().map(|&r| (r * 10_000 / total) as u16).collect();
            let sum: u32 = w.iter().map(|&x| u32::from(x)).sum();
            w[0] += (10_000 - sum) as u16;
            w
        })
    }

    proptest! {
        #[test]
        fn every_point_sums_to_10_000_and_stays_between_the_ends(
            (from, to) in (2usize..=16).prop_flat_map(|n| (weights(n), weights(n))),
            start in -1_000_000i64..1_000_000, duration in 0i64..100_000_000, at in 0.0f64..1.2,
        ) {
            let end = start + duration;
            let now = start + (duration as f64 * at) as i64;
            let mut out = vec![0u16; from.len()];
            weights_at(&Ramp { from: &from, to: &to, start, end }, now, &mut out).unwrap();
            prop_assert_eq!(out.iter().map(|&w| u64::from(w)).sum::<u64>(), 10_000);
            for ((&w, &f), &t) in out.iter().zip(&from).zip(&to) {
                prop_assert!(w >= f.min(t) && w <= f.max(t), "{w} outside [{f}, {t}]");
                if duration > 0 {
                    let exact = f64::from(f) + (f64::from(t) - f64::from(f))
                        * ((now - start).clamp(0, duration) as f64 / duration as f64);
                    prop_assert!((f64::from(w) - exact).abs() < 1.0 + 1e-9);
                }
            }
        }
    }
}
