//! Portfolio state: total value, current weights and deviations from the target weights.
//!
//! # Units
//! - Values are USD [`Wad`]s (whatever side of the oracle interval the caller valued with).
//! - Weights are [`Wad`] fractions: `Wad::ONE` is 100 %, `Wad::from_bps(500)` is 5 %.
//! - Target weights are basis points (`u16`), non-zero, summing to exactly [`BPS`].
//! - An absolute deviation is `weight - target` as a signed fraction of NAV, so
//!   `-0.05` means "5 percentage points under target". A relative deviation is
//!   `(weight - target) / target`, so `0.25` means "25 % above its target weight".
//!
//! # Rounding
//! Weights are rounded down, so `n` weights sum to `1 - e` with `0 <= e < n` units of
//! 10^-18: within one unit of precision per asset (asserted by a property test).
//! Relative deviations round their magnitude down (toward zero).
//!
//! Nothing here allocates: results go into caller-provided slices.

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad, BPS};
use crate::signed::SignedWad;
use crate::wide::mul_div;

/// One asset's deviation from its target weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deviation {
    /// `weight - target`, a signed fraction of NAV (percentage points / 100). Exact given the
    /// (rounded-down) weight.
    pub absolute: SignedWad,
    /// `(weight - target) / target`, a signed fraction of the target; magnitude rounded down.
    pub relative: SignedWad,
}

/// Everything the policies and the planner need to know about one asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AssetState {
    /// USD value held.
    pub value: Wad,
    /// Current weight, `value / total`, rounded down.
    pub weight: Wad,
    /// Target weight as a fraction (exact: `target_bps / 10_000`).
    pub target: Wad,
    /// Deviation of `weight` from `target`.
    pub deviation: Deviation,
}

/// Checks that `targets` are all non-zero and sum to exactly 10_000 bps.
pub fn validate_targets(targets: &[u16]) -> MathResult<()> {
    let mut sum: u64 = 0;
    for &t in targets {
        if t == 0 {
            return Err(MathError::InvalidWeights);
        }
        sum = sum.checked_add(u64::from(t)).ok_or(MathError::Overflow)?;
    }
    if sum != BPS {
        return Err(MathError::InvalidWeights);
    }
    Ok(())
}

/// Sum of `values`, checked.
pub fn total_value(values: &[Wad]) -> MathResult<Wad> {
    Wad::checked_sum(values.iter().copied())
}

/// `value / total` as a fraction, rounded as asked. `EmptyPortfolio` if `total` is zero.
pub fn weight_of(value: Wad, total: Wad, rounding: Rounding) -> MathResult<Wad> {
    if total == Wad::ZERO {
        return Err(MathError::EmptyPortfolio);
    }
    Wad::from_ratio(value.0, total.0, rounding)
}

/// Writes the current weights of `values` (rounded down) into `out` and returns the total.
/// `LengthMismatch` if the slices differ in length, `EmptyPortfolio` if the total is zero.
pub fn current_weights(values: &[Wad], out: &mut [Wad]) -> MathResult<Wad> {
    if values.len() != out.len() {
        return Err(MathError::LengthMismatch);
    }
    let total = total_value(values)?;
    for (w, &v) in out.iter_mut().zip(values) {
        *w = weight_of(v, total, Rounding::Down)?;
    }
    Ok(total)
}

/// Deviation of `weight` from a target of `target_bps`. `InvalidWeights` if the target is 0.
pub fn deviation(weight: Wad, target_bps: u16) -> MathResult<Deviation> {
    if target_bps == 0 {
        return Err(MathError::InvalidWeights);
    }
    let target = Wad::from_bps(u64::from(target_bps));
    let absolute = SignedWad::diff(weight, target);
    let relative = absolute.scale(Wad::ONE, target, Rounding::Down)?;
    Ok(Deviation { absolute, relative })
}

/// Full analysis of a portfolio: validates `targets`, fills `out[i]` for every asset and
/// returns the total value. All three slices must have the same length.
pub fn analyse(values: &[Wad], targets: &[u16], out: &mut [AssetState]) -> MathResult<Wad> {
    if values.len() != targets.len() || values.len() != out.len() {
        return Err(MathError::LengthMismatch);
    }
    validate_targets(targets)?;
    let total = total_value(values)?;
    for ((state, &value), &target_bps) in out.iter_mut().zip(values).zip(targets) {
        let weight = weight_of(value, total, Rounding::Down)?;
        *state = AssetState {
            value,
            weight,
            target: Wad::from_bps(u64::from(target_bps)),
            deviation: deviation(weight, target_bps)?,
        };
    }
    Ok(total)
}

/// The USD value at which an asset of target weight `target_bps` is exactly on target in a
/// portfolio worth `total`, rounded as asked.
pub fn target_value(total: Wad, target_bps: u16, rounding: Rounding) -> MathResult<Wad> {
    // total * (t * 10^14) / 10^18 == total * t / 10^4, with a smaller intermediate.
    mul_div(total.0, u128::from(target_bps), u128::from(BPS), rounding).map(Wad)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(x: u64) -> Wad {
        Wad::from_int(x)
    }

    #[test]
    fn sixty_forty_drifted_to_seventy_thirty() {
        // 700 + 300 USD against a 60/40 target.
        let values = [usd(700), usd(300)];
        let mut out = [AssetState::default(); 2];
        let total = analyse(&values, &[6_000, 4_000], &mut out).unwrap();
        assert_eq!(total, usd(1_000));
        assert_eq!(out[0].weight, Wad::from_bps(7_000));
        assert_eq!(out[1].weight, Wad::from_bps(3_000));
        // +10 pp and -10 pp.
        assert_eq!(
            out[0].deviation.absolute,
            SignedWad::positive(Wad::from_bps(1_000))
        );
        assert_eq!(
            out[1].deviation.absolute,
            SignedWad::negative(Wad::from_bps(1_000))
        );
        // +10/60 = 16.67 % (rounded toward zero), -10/40 = -25 %.
        assert_eq!(
            out[0].deviation.relative,
            SignedWad::positive(Wad(166_666_666_666_666_666))
        );
        assert_eq!(
            out[1].deviation.relative,
            SignedWad::negative(Wad::from_bps(2_500))
        );
        assert_eq!(target_value(total, 6_000, Rounding::Down), Ok(usd(600)));
    }

    #[test]
    fn thirds_round_down() {
        let mut w = [Wad::ZERO; 3];
        current_weights(&[usd(1), usd(1), usd(1)], &mut w).unwrap();
        assert_eq!(w, [Wad(333_333_333_333_333_333); 3]);
    }

    #[test]
    fn bad_inputs() {
        assert_eq!(
            validate_targets(&[5_000, 4_999]),
            Err(MathError::InvalidWeights)
        );
        assert_eq!(
            validate_targets(&[10_000, 0]),
            Err(MathError::InvalidWeights)
        );
        assert_eq!(
            validate_targets(&[u16::MAX, 1]),
            Err(MathError::InvalidWeights)
        );
        assert_eq!(validate_targets(&[10_000]), Ok(()));
        let mut out = [AssetState::default(); 2];
        assert_eq!(
            analyse(&[usd(1)], &[10_000], &mut out),
            Err(MathError::LengthMismatch)
        );
        assert_eq!(
            analyse(&[Wad::ZERO, Wad::ZERO], &[5_000, 5_000], &mut out),
            Err(MathError::EmptyPortfolio)
        );
        assert_eq!(
            current_weights(&[Wad(u128::MAX), Wad(1)], &mut [Wad::ZERO; 2]),
            Err(MathError::Overflow)
        );
    }

    proptest! {
        #[test]
        fn weights_sum_to_one_within_one_unit_per_asset(
            values in proptest::collection::vec(any::<u64>(), 1..50),
            scale in 0u32..19,
        ) {
            let values: Vec<Wad> = values.iter().map(|&v| Wad(u128::from(v) * 10u128.pow(scale))).collect();
            let mut w = vec![Wad::ZERO; values.len()];
            match current_weights(&values, &mut w) {
                Ok(_) => {
                    let sum: u128 = w.iter().map(|x| x.0).sum();
                    prop_assert!(sum <= Wad::ONE.0);
                    prop_assert!(Wad::ONE.0 - sum < values.len() as u128);
                }
                Err(e) => prop_assert!(e == MathError::EmptyPortfolio || e == MathError::Overflow),
            }
        }

        #[test]
        fn never_panics(values in proptest::collection::vec(any::<u128>(), 0..20),
                        targets in proptest::collection::vec(any::<u16>(), 0..20)) {
            let values: Vec<Wad> = values.into_iter().map(Wad).collect();
            let mut out = vec![AssetState::default(); values.len()];
            let _ = analyse(&values, &targets, &mut out);
            for &t in &targets {
                let _ = deviation(Wad(u128::from(t) * 7), t);
            }
        }
    }
}
