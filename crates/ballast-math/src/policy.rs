//! Rebalancing trigger policies: when a rebalance is due, and the no-trade band of each asset.
//!
//! | name               | due when                                                   | band of asset i             |
//! |--------------------|------------------------------------------------------------|-----------------------------|
//! | `calendar`         | `now - last >= interval`                                   | 0 (everything to target)    |
//! | `absolute-band`    | some `abs(w_i - t_i) > b`                                  | `b`                         |
//! | `relative-band`    | some `abs(w_i - t_i) > r * t_i`                            | `r * t_i`                   |
//! | `five-twenty-five` | some `abs(w_i - t_i) > min(b, r * t_i)` (b = 5 pp, r = 25 %)| `min(b, r * t_i)`           |
//! | `hybrid`           | `now - last >= interval` and some asset outside its band   | `min(b, r * t_i)` or `b` if r = 0 |
//! | `vol-band`         | some `abs(w_i - t_i) > clamp(k * sigma_i, floor, cap)`     | `clamp(k * sigma_i, floor, cap)` |
//!
//! Weights and bands are [`Wad`] fractions of NAV (a band of `Wad::from_bps(500)` is
//! 5 percentage points); every parameter is stored as an integer in basis points or seconds.
//! `sigma_i` is the annualised volatility of [`crate::volatility`], so `k_bps = 1_000`
//! (k = 0.1) gives an asset with 60 % annual volatility a 6 pp band. Bands are exact for the
//! bps-based policies; `k * sigma` is rounded down (a narrower band trades sooner).
//! "Outside" is strict: an asset exactly on its band edge is inside.
//!
//! A [`Policy`] encodes to [`POLICY_LEN`] = 32 bytes for a zero-copy account
//! ([`Policy::to_bytes`], [`Policy::from_bytes`]); the text grammar is in [`crate::parse`].

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad, BPS};
use crate::signed::SignedWad;

/// Length of the fixed-size encoding of a [`Policy`].
pub const POLICY_LEN: usize = 32;
/// Longest calendar interval accepted: ten 365-day years.
pub const MAX_INTERVAL_SECS: u64 = 315_360_000;
/// Largest vol-band multiplier: k = 100.
pub const MAX_VOL_K_BPS: u32 = 1_000_000;

const TAG_CALENDAR: u8 = 1;
const TAG_ABSOLUTE: u8 = 2;
const TAG_RELATIVE: u8 = 3;
const TAG_FIVE_TWENTY_FIVE: u8 = 4;
const TAG_HYBRID: u8 = 5;
const TAG_VOL_BAND: u8 = 6;

/// A trigger policy with its parameters (see the module documentation for the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Rebalance fully every `interval_secs` (1..=[`MAX_INTERVAL_SECS`]).
    Calendar {
        /// Seconds between rebalances.
        interval_secs: u64,
    },
    /// Rebalance when an asset drifts more than `band_bps` (1..=10_000) percentage-point bps.
    AbsoluteBand {
        /// Half-width of the band, in bps of NAV.
        band_bps: u32,
    },
    /// Rebalance when an asset drifts more than `band_bps` (1..=10_000) of its own target.
    RelativeBand {
        /// Half-width of the band, in bps of the asset's target weight.
        band_bps: u32,
    },
    /// The 5/25 rule: band `min(abs_bps of NAV, rel_bps of target)`, both 1..=10_000.
    FiveTwentyFive {
        /// Absolute part, bps of NAV (500 in the classic rule).
        abs_bps: u32,
        /// Relative part, bps of the target weight (2_500 in the classic rule).
        rel_bps: u32,
    },
    /// Look only every `interval_secs`; then trade only if an asset is outside its band
    /// `min(band_bps, rel_bps * target)` (`rel_bps = 0`: absolute band only).
    Hybrid {
        /// Seconds between looks (1..=[`MAX_INTERVAL_SECS`]).
        interval_secs: u64,
        /// Absolute band, bps of NAV (1..=10_000).
        band_bps: u32,
        /// Relative band, bps of the target weight (0..=10_000, 0 = unused).
        rel_bps: u32,
    },
    /// Band `clamp(k * sigma_i, floor, cap)` from each asset's annualised volatility.
    VolBand {
        /// Multiplier k in bps (10_000 = 1.0), 1..=[`MAX_VOL_K_BPS`].
        k_bps: u32,
        /// Narrowest band, bps of NAV, `floor_bps <= cap_bps`.
        floor_bps: u32,
        /// Widest band, bps of NAV (1..=10_000).
        cap_bps: u32,
        /// Half-life of the volatility estimator ([`crate::volatility::update_volatility`]).
        half_life_secs: u32,
    },
}

/// What a policy looks at.
#[derive(Debug, Clone, Copy)]
pub struct PolicyInputs<'a> {
    /// Current unix time (seconds).
    pub now: i64,
    /// Unix time of the last completed rebalance.
    pub last_rebalance: i64,
    /// Current weights (fractions of NAV).
    pub weights: &'a [Wad],
    /// Target weights in bps, summing to 10_000.
    pub targets: &'a [u16],
    /// Annualised volatilities; required (same length) for `vol-band` only, else ignored.
    pub volatilities: &'a [Wad],
}

impl Policy {
    /// The stable lowercase name (also the first token of the text form).
    pub const fn name(&self) -> &'static str {
        match self {
            Policy::Calendar { .. } => "calendar",
            Policy::AbsoluteBand { .. } => "absolute-band",
            Policy::RelativeBand { .. } => "relative-band",
            Policy::FiveTwentyFive { .. } => "five-twenty-five",
            Policy::Hybrid { .. } => "hybrid",
            Policy::VolBand { .. } => "vol-band",
        }
    }

    /// The classic 5/25 rule: 5 pp absolute, 25 % relative.
    pub const FIVE_TWENTY_FIVE: Policy = Policy::FiveTwentyFive {
        abs_bps: 500,
        rel_bps: 2_500,
    };

    /// Checks every parameter against its documented range (`InvalidParameter`).
    pub fn validate(&self) -> MathResult<()> {
        let bps = |x: u32| (1..=BPS).contains(&u64::from(x));
        let interval = |x: u64| (1..=MAX_INTERVAL_SECS).contains(&x);
        let ok = match *self {
            Policy::Calendar { interval_secs } => interval(interval_secs),
            Policy::AbsoluteBand { band_bps } | Policy::RelativeBand { band_bps } => bps(band_bps),
            Policy::FiveTwentyFive { abs_bps, rel_bps } => bps(abs_bps) && bps(rel_bps),
            Policy::Hybrid {
                interval_secs,
                band_bps,
                rel_bps,
            } => interval(interval_secs) && bps(band_bps) && (rel_bps == 0 || bps(rel_bps)),
            Policy::VolBand {
                k_bps,
                floor_bps,
                cap_bps,
                half_life_secs,
            } => {
                (1..=MAX_VOL_K_BPS).contains(&k_bps)
                    && bps(cap_bps)
                    && floor_bps <= cap_bps
                    && half_life_secs > 0
            }
        };
        if ok {
            Ok(())
        } else {
            Err(MathError::InvalidParameter)
        }
    }

    /// The calendar interval, for the policies that have one.
    pub const fn interval_secs(&self) -> Option<u64> {
        match *self {
            Policy::Calendar { interval_secs } | Policy::Hybrid { interval_secs, .. } => {
                Some(interval_secs)
            }
            _ => None,
        }
    }

    /// The estimator half-life, for `vol-band`.
    pub const fn half_life_secs(&self) -> Option<u32> {
        match *self {
            Policy::VolBand { half_life_secs, .. } => Some(half_life_secs),
            _ => None,
        }
    }

    /// Half-width of the no-trade band of an asset with target `target_bps` and annualised
    /// volatility `sigma` (ignored except by `vol-band`), as a fraction of NAV.
    pub fn band(&self, target_bps: u16, sigma: Wad) -> MathResult<Wad> {
        let relative = |rel_bps: u32| -> MathResult<Wad> {
            // t * r = target_bps * rel_bps / 10^8, exactly target_bps * rel_bps * 10^10 units.
            u128::from(target_bps)
                .checked_mul(u128::from(rel_bps))
                .and_then(|x| x.checked_mul(10_000_000_000))
                .map(Wad)
                .ok_or(MathError::Overflow)
        };
        match *self {
            Policy::Calendar { .. } => Ok(Wad::ZERO),
            Policy::AbsoluteBand { band_bps } => Ok(Wad::from_bps(u64::from(band_bps))),
            Policy::RelativeBand { band_bps } => relative(band_bps),
            Policy::FiveTwentyFive {
                abs_bps: band_bps,
                rel_bps,
            }
            | Policy::Hybrid {
                band_bps, rel_bps, ..
            } => {
                let absolute = Wad::from_bps(u64::from(band_bps));
                if rel_bps == 0 {
                    Ok(absolute)
                } else {
                    Ok(absolute.min(relative(rel_bps)?))
                }
            }
            Policy::VolBand {
                k_bps,
                floor_bps,
                cap_bps,
                ..
            } => {
                let raw = sigma.mul(Wad::from_bps(u64::from(k_bps)), Rounding::Down)?;
                let floor = Wad::from_bps(u64::from(floor_bps));
                let cap = Wad::from_bps(u64::from(cap_bps));
                Ok(raw.max(floor).min(cap))
            }
        }
    }

    /// Fills `out[i]` with the band of asset `i`. `volatilities` must have the length of
    /// `targets` for `vol-band` and is ignored otherwise.
    pub fn bands(&self, targets: &[u16], volatilities: &[Wad], out: &mut [Wad]) -> MathResult<()> {
        if out.len() != targets.len() {
            return Err(MathError::LengthMismatch);
        }
        let uses_vol = matches!(self, Policy::VolBand { .. });
        if uses_vol && volatilities.len() != targets.len() {
            return Err(MathError::LengthMismatch);
        }
        for (i, (b, &t)) in out.iter_mut().zip(targets).enumerate() {
            let sigma = if uses_vol {
                volatilities.get(i).copied().unwrap_or_default()
            } else {
                Wad::ZERO
            };
            *b = self.band(t, sigma)?;
        }
        Ok(())
    }

    /// Whether the calendar part (if any) allows a rebalance at `now`. Policies without a
    /// calendar always allow one; a `last_rebalance` in the future never does.
    pub fn calendar_due(&self, now: i64, last_rebalance: i64) -> MathResult<bool> {
        match self.interval_secs() {
            None => Ok(true),
            Some(interval) => {
                let elapsed = now.checked_sub(last_rebalance).ok_or(MathError::Overflow)?;
                Ok(elapsed >= 0 && elapsed.unsigned_abs() >= interval)
            }
        }
    }

    /// Whether a rebalance is due now (see the module table).
    pub fn is_due(&self, inputs: &PolicyInputs<'_>) -> MathResult<bool> {
        let n = inputs.targets.len();
        if inputs.weights.len() != n {
            return Err(MathError::LengthMismatch);
        }
        let uses_vol = matches!(self, Policy::VolBand { .. });
        if uses_vol && inputs.volatilities.len() != n {
            return Err(MathError::LengthMismatch);
        }
        if !self.calendar_due(inputs.now, inputs.last_rebalance)? {
            return Ok(false);
        }
        if let Policy::Calendar { .. } = self {
            return Ok(true);
        }
        for (i, (&w, &t)) in inputs.weights.iter().zip(inputs.targets).enumerate() {
            let sigma = if uses_vol {
                inputs.volatilities.get(i).copied().unwrap_or_default()
            } else {
                Wad::ZERO
            };
            if is_outside(w, t, self.band(t, sigma)?) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The fixed-size little-endian encoding: byte 0 the tag (1 calendar, 2 absolute-band,
    /// 3 relative-band, 4 five-twenty-five, 5 hybrid, 6 vol-band), bytes 1..8 zero,
    /// bytes 8..16 `interval_secs` (u64, zero when unused), then four u32 parameters
    /// `a, b, c, d` (zero when unused): absolute/relative-band `a = band_bps`;
    /// five-twenty-five `a = abs_bps, b = rel_bps`; hybrid `a = band_bps, b = rel_bps`;
    /// vol-band `a = k_bps, b = floor_bps, c = cap_bps, d = half_life_secs`.
    pub fn to_bytes(&self) -> [u8; POLICY_LEN] {
        let (tag, interval, params) = match *self {
            Policy::Calendar { interval_secs } => (TAG_CALENDAR, interval_secs, [0; 4]),
            Policy::AbsoluteBand { band_bps } => (TAG_ABSOLUTE, 0, [band_bps, 0, 0, 0]),
            Policy::RelativeBand { band_bps } => (TAG_RELATIVE, 0, [band_bps, 0, 0, 0]),
            Policy::FiveTwentyFive { abs_bps, rel_bps } => {
                (TAG_FIVE_TWENTY_FIVE, 0, [abs_bps, rel_bps, 0, 0])
            }
            Policy::Hybrid {
                interval_secs,
                band_bps,
                rel_bps,
            } => (TAG_HYBRID, interval_secs, [band_bps, rel_bps, 0, 0]),
            Policy::VolBand {
                k_bps,
                floor_bps,
                cap_bps,
                half_life_secs,
            } => (TAG_VOL_BAND, 0, [k_bps, floor_bps, cap_bps, half_life_secs]),
        };
        let mut out = [0u8; POLICY_LEN];
        out[0] = tag;
        out[8..16].copy_from_slice(&interval.to_le_bytes());
        for (chunk, p) in out[16..].as_chunks_mut::<4>().0.iter_mut().zip(params) {
            chunk.copy_from_slice(&p.to_le_bytes());
        }
        out
    }

    /// Decodes [`Policy::to_bytes`], refusing (`InvalidParameter`) an unknown tag, non-zero
    /// padding or unused fields, and parameters outside their ranges.
    pub fn from_bytes(bytes: &[u8; POLICY_LEN]) -> MathResult<Policy> {
        let mut interval = [0u8; 8];
        interval.copy_from_slice(&bytes[8..16]);
        let interval = u64::from_le_bytes(interval);
        let mut p = [0u32; 4];
        for (slot, chunk) in p.iter_mut().zip(bytes[16..].as_chunks::<4>().0) {
            *slot = u32::from_le_bytes(*chunk);
        }
        if bytes[1..8].iter().any(|&b| b != 0) {
            return Err(MathError::InvalidParameter);
        }
        let policy = match bytes[0] {
            TAG_CALENDAR => Policy::Calendar {
                interval_secs: interval,
            },
            TAG_ABSOLUTE => Policy::AbsoluteBand { band_bps: p[0] },
            TAG_RELATIVE => Policy::RelativeBand { band_bps: p[0] },
            TAG_FIVE_TWENTY_FIVE => Policy::FiveTwentyFive {
                abs_bps: p[0],
                rel_bps: p[1],
            },
            TAG_HYBRID => Policy::Hybrid {
                interval_secs: interval,
                band_bps: p[0],
                rel_bps: p[1],
            },
            TAG_VOL_BAND => Policy::VolBand {
                k_bps: p[0],
                floor_bps: p[1],
                cap_bps: p[2],
                half_life_secs: p[3],
            },
            _ => return Err(MathError::InvalidParameter),
        };
        // Unused fields must be zero: re-encoding must give back the same bytes.
        if policy.to_bytes() != *bytes {
            return Err(MathError::InvalidParameter);
        }
        policy.validate()?;
        Ok(policy)
    }
}

/// `abs(weight - target) > band`, with the target in bps.
pub fn is_outside(weight: Wad, target_bps: u16, band: Wad) -> bool {
    weight.abs_diff(Wad::from_bps(u64::from(target_bps))) > band
}

/// `weight - target` as a signed fraction (convenience for reporting).
pub fn drift(weight: Wad, target_bps: u16) -> SignedWad {
    SignedWad::diff(weight, Wad::from_bps(u64::from(target_bps)))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: i64 = 86_400;

    fn inputs<'a>(now: i64, w: &'a [Wad], t: &'a [u16], v: &'a [Wad]) -> PolicyInputs<'a> {
        PolicyInputs {
            now,
            last_rebalance: 0,
            weights: w,
            targets: t,
            volatilities: v,
        }
    }

    fn bps(x: u64) -> Wad {
        Wad::from_bps(x)
    }

    #[test]
    fn calendar() {
        let p = Policy::Calendar {
            interval_secs: 7 * DAY as u64,
        };
        let (w, t) = ([bps(5_000), bps(5_000)], [5_000, 5_000]);
        assert!(!p.is_due(&inputs(7 * DAY - 1, &w, &t, &[])).unwrap());
        assert!(p.is_due(&inputs(7 * DAY, &w, &t, &[])).unwrap());
        assert!(!p.is_due(&inputs(-5, &w, &t, &[])).unwrap());
        assert_eq!(p.band(5_000, Wad::ZERO), Ok(Wad::ZERO));
    }

    #[test]
    fn absolute_and_relative_bands() {
        // 60/40 target drifted to 65.01/34.99.
        let (w, t) = ([bps(6_501), bps(3_499)], [6_000, 4_000]);
        let abs5 = Policy::AbsoluteBand { band_bps: 500 };
        assert!(abs5.is_due(&inputs(0, &w, &t, &[])).unwrap());
        // Exactly on the edge is inside.
        assert!(!abs5
            .is_due(&inputs(0, &[bps(6_500), bps(3_500)], &t, &[]))
            .unwrap());
        // 10 % relative: bands 6 pp and 4 pp; drift 5.01 pp is inside for the 60 % asset
        // and outside for the 40 % one.
        let rel10 = Policy::RelativeBand { band_bps: 1_000 };
        assert_eq!(rel10.band(6_000, Wad::ZERO), Ok(bps(600)));
        assert_eq!(rel10.band(4_000, Wad::ZERO), Ok(bps(400)));
        assert!(rel10.is_due(&inputs(0, &w, &t, &[])).unwrap());
        assert!(!is_outside(bps(6_501), 6_000, bps(600)));
    }

    #[test]
    fn five_twenty_five() {
        let p = Policy::FIVE_TWENTY_FIVE;
        // Big asset (60 %): min(5 pp, 15 pp) = 5 pp. Small asset (8 %): min(5, 2) = 2 pp.
        assert_eq!(p.band(6_000, Wad::ZERO), Ok(bps(500)));
        assert_eq!(p.band(800, Wad::ZERO), Ok(bps(200)));
        let t = [6_000, 3_200, 800];
        assert!(!p
            .is_due(&inputs(0, &[bps(6_400), bps(2_800), bps(800)], &t, &[]))
            .unwrap());
        assert!(p
            .is_due(&inputs(0, &[bps(5_800), bps(3_200), bps(1_001)], &t, &[]))
            .unwrap());
    }

    #[test]
    fn hybrid_needs_both() {
        let p = Policy::Hybrid {
            interval_secs: DAY as u64,
            band_bps: 300,
            rel_bps: 0,
        };
        let t = [5_000, 5_000];
        let far = [bps(5_400), bps(4_600)];
        let near = [bps(5_200), bps(4_800)];
        assert!(!p.is_due(&inputs(DAY - 1, &far, &t, &[])).unwrap());
        assert!(!p.is_due(&inputs(DAY, &near, &t, &[])).unwrap());
        assert!(p.is_due(&inputs(DAY, &far, &t, &[])).unwrap());
        let with_rel = Policy::Hybrid {
            interval_secs: 1,
            band_bps: 300,
            rel_bps: 100,
        };
        assert_eq!(with_rel.band(5_000, Wad::ZERO), Ok(bps(50)));
    }

    #[test]
    fn vol_band_clamps() {
        let p = Policy::VolBand {
            k_bps: 1_000,
            floor_bps: 100,
            cap_bps: 800,
            half_life_secs: 1,
        };
        // 60 % vol -> 6 pp; 5 % vol -> 0.5 pp, floored to 1 pp; 200 % -> 20 pp, capped at 8.
        assert_eq!(p.band(5_000, bps(6_000)), Ok(bps(600)));
        assert_eq!(p.band(5_000, bps(500)), Ok(bps(100)));
        assert_eq!(p.band(5_000, bps(20_000)), Ok(bps(800)));
        let t = [5_000, 5_000];
        let w = [bps(5_700), bps(4_300)];
        assert!(p
            .is_due(&inputs(0, &w, &t, &[bps(6_000), bps(6_000)]))
            .unwrap());
        assert!(!p
            .is_due(&inputs(0, &w, &t, &[bps(8_000), bps(8_000)]))
            .unwrap());
        assert_eq!(
            p.is_due(&inputs(0, &w, &t, &[])),
            Err(MathError::LengthMismatch)
        );
    }

    #[test]
    fn encoding_round_trips_and_rejects_garbage() {
        let all = [
            Policy::Calendar {
                interval_secs: 604_800,
            },
            Policy::AbsoluteBand { band_bps: 500 },
            Policy::RelativeBand { band_bps: 2_000 },
            Policy::FIVE_TWENTY_FIVE,
            Policy::Hybrid {
                interval_secs: 86_400,
                band_bps: 300,
                rel_bps: 2_500,
            },
            Policy::VolBand {
                k_bps: 1_000,
                floor_bps: 100,
                cap_bps: 1_000,
                half_life_secs: 604_800,
            },
        ];
        for p in all {
            assert_eq!(Policy::from_bytes(&p.to_bytes()), Ok(p));
        }
        let mut bytes = Policy::AbsoluteBand { band_bps: 500 }.to_bytes();
        bytes[20] = 1; // unused field set
        assert_eq!(Policy::from_bytes(&bytes), Err(MathError::InvalidParameter));
        assert_eq!(
            Policy::from_bytes(&[0; POLICY_LEN]),
            Err(MathError::InvalidParameter)
        );
        let bad = Policy::AbsoluteBand { band_bps: 10_001 }.to_bytes();
        assert_eq!(Policy::from_bytes(&bad), Err(MathError::InvalidParameter));
        let inverted = Policy::VolBand {
            k_bps: 1,
            floor_bps: 9,
            cap_bps: 8,
            half_life_secs: 1,
        };
        assert_eq!(inverted.validate(), Err(MathError::InvalidParameter));
    }

    proptest! {
        #[test]
        fn decoding_never_panics(bytes in proptest::array::uniform32(any::<u8>())) {
            if let Ok(p) = Policy::from_bytes(&bytes) {
                prop_assert_eq!(p.to_bytes(), bytes);
            }
        }

        #[test]
        fn evaluation_never_panics(bytes in proptest::array::uniform32(0u8..8), now in any::<i64>(),
                                   last in any::<i64>(), w in any::<u128>(), sigma in any::<u128>(),
                                   t in any::<u16>()) {
            let mut bytes = bytes;
            bytes[1..8].fill(0);
            if let Ok(p) = Policy::from_bytes(&bytes) {
                let _ = p.band(t, Wad(sigma));
                let weights = [Wad(w)];
                let _ = p.is_due(&PolicyInputs { now, last_rebalance: last, weights: &weights,
                                                 targets: &[t], volatilities: &[Wad(sigma)] });
            }
        }
    }
}
