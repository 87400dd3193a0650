//! Exponentially weighted volatility estimate, cheap enough to update on chain at every
//! oracle read.
//!
//! # Definition
//! The state keeps the last price `p0` (a USD [`Wad`]), its unix time `t0` and an
//! **annualised variance** `v` (a [`Wad`]; `sigma = sqrt(v)`, `0.64` means a 80 % annual
//! volatility). A new price `p` at time `t` with `dt = t - t0 > 0` seconds updates it as:
//!
//! ```text
//! r      = min(|p - p0| / p0, MAX_RETURN)           simple return, rounded down
//! sample = r^2 * YEAR_SECONDS / dt                  annualised variance of this step
//! lambda = 2^(-dt / half_life)                      time-aware decay
//! v'     = lambda * v + (1 - lambda) * sample       every product rounded down
//! ```
//!
//! `r^2` approximates the squared log-return (they agree to within `r^3`, i.e. to 0.1 % of
//! the sample for a 0.1 % move). The weight of a sample is proportional to the time it
//! covers, so the estimate does not depend on how often it is updated: with updates every
//! `dt` seconds, `(1 - lambda) * sample ~ ln 2 * r^2 * YEAR / half_life`, independent of `dt`
//! for `dt << half_life`. After one `half_life` of new data, old data weighs one half; after
//! ten, one thousandth. Returns are clamped at [`MAX_RETURN`] (100 %) so a single broken print
//! cannot blow the estimate up (and so nothing can overflow).
//!
//! `lambda` is computed exactly in its integer part (`2^-q` is a shift) and to 32 binary
//! digits in its fractional part, as a product of the constants `2^(-2^-k)`: relative error
//! below 2 * 10^-10.
//!
//! Updates with `dt == 0` are ignored (the first price of a second wins); `dt < 0` is an
//! error. Rounding is down everywhere: the estimate is a statistic, not money, and a value
//! rounded down by 10^-18 changes no band.

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad, WAD};
use crate::oracle::{OraclePrice, PriceSide};

/// Seconds in the 365-day year the variance is annualised over.
pub const YEAR_SECONDS: u64 = 31_536_000;
/// Largest simple return one update can contribute (1.0 = 100 %).
pub const MAX_RETURN: Wad = Wad::ONE;
/// Fractional binary digits of `dt / half_life` used for the decay.
const DECAY_BITS: usize = 32;

/// `2^(-2^-k)` for k = 1..=32, rounded to the nearest 10^-18.
const HALVING_ROOTS: [Wad; DECAY_BITS] = [
    Wad(707_106_781_186_547_524),
    Wad(840_896_415_253_714_543),
    Wad(917_004_043_204_671_232),
    Wad(957_603_280_698_573_647),
    Wad(978_572_062_087_700_135),
    Wad(989_228_013_193_975_484),
    Wad(994_599_423_483_633_176),
    Wad(997_296_056_085_470_126),
    Wad(998_647_112_890_970_174),
    Wad(999_323_327_502_650_752),
    Wad(999_661_606_496_243_684),
    Wad(999_830_788_931_929_063),
    Wad(999_915_390_886_613_498),
    Wad(999_957_694_548_431_133),
    Wad(999_978_847_050_491_930),
    Wad(999_989_423_469_314_464),
    Wad(999_994_711_720_674_283),
    Wad(999_997_355_856_841_395),
    Wad(999_998_677_927_546_760),
    Wad(999_999_338_963_554_895),
    Wad(999_999_669_481_722_826),
    Wad(999_999_834_740_847_758),
    Wad(999_999_917_370_420_465),
    Wad(999_999_958_685_209_379),
    Wad(999_999_979_342_604_476),
    Wad(999_999_989_671_302_185),
    Wad(999_999_994_835_651_079),
    Wad(999_999_997_417_825_536),
    Wad(999_999_998_708_912_767),
    Wad(999_999_999_354_456_383),
    Wad(999_999_999_677_228_192),
    Wad(999_999_999_838_614_096),
];

/// The per-asset state of the estimator. Plain integers: `#[repr(C)]`, 40 bytes of data.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VolState {
    /// Last price seen, USD per whole token; zero before the first update.
    pub last_price: Wad,
    /// Annualised variance (see the module documentation).
    pub variance: Wad,
    /// Unix time of `last_price`.
    pub last_time: i64,
}

impl VolState {
    /// A state seeded with a prior annualised volatility `sigma` (e.g. 0.8 for 80 %), so that
    /// the bands are sensible before enough history accumulates.
    pub fn seeded(price: Wad, now: i64, sigma: Wad) -> MathResult<VolState> {
        Ok(VolState {
            last_price: price,
            variance: sigma.mul(sigma, Rounding::Down)?,
            last_time: now,
        })
    }

    /// The annualised volatility `sqrt(variance)`, rounded down.
    pub fn sigma(&self) -> MathResult<Wad> {
        wad_sqrt(self.variance)
    }
}

/// Feeds one new price (USD per whole token) observed at unix time `now` into `state`, with a
/// decay half-life of `half_life_secs` seconds (see the module documentation).
///
/// Errors: `InvalidParameter` if `half_life_secs == 0`, `NonPositivePrice` if `new_price` is
/// zero, `TimeWentBackwards` if `now` is before `state.last_time`.
pub fn update_volatility(
    state: VolState,
    new_price: Wad,
    now: i64,
    half_life_secs: u32,
) -> MathResult<VolState> {
    if half_life_secs == 0 {
        return Err(MathError::InvalidParameter);
    }
    if new_price == Wad::ZERO {
        return Err(MathError::NonPositivePrice);
    }
    if state.last_price == Wad::ZERO {
        return Ok(VolState {
            last_price: new_price,
            last_time: now,
            ..state
        });
    }
    let dt = now
        .checked_sub(state.last_time)
        .ok_or(MathError::Overflow)?;
    if dt < 0 {
        return Err(MathError::TimeWentBackwards);
    }
    if dt == 0 {
        return Ok(state);
    }
    let dt = dt.unsigned_abs();
    let r = new_price
        .abs_diff(state.last_price)
        .div(state.last_price, Rounding::Down)?
        .min(MAX_RETURN);
    let r2 = r.mul(r, Rounding::Down)?;
    let sample = r2.mul_div(
        Wad(u128::from(YEAR_SECONDS)),
        Wad(u128::from(dt)),
        Rounding::Down,
    )?;
    let lambda = decay(dt, u64::from(half_life_secs))?;
    let kept = state.variance.mul(lambda, Rounding::Down)?;
    let fresh = sample.mul(Wad::ONE.checked_sub(lambda)?, Rounding::Down)?;
    Ok(VolState {
        last_price: new_price,
        variance: kept.checked_add(fresh)?,
        last_time: now,
    })
}

/// [`update_volatility`] from an oracle price, valued at its mid.
pub fn update_volatility_from_oracle(
    state: VolState,
    price: &OraclePrice,
    now: i64,
    half_life_secs: u32,
) -> MathResult<VolState> {
    let p = price.to_wad(PriceSide::Mid, Rounding::Down)?;
    update_volatility(state, p, now, half_life_secs)
}

/// `2^(-dt / half_life)` as a fraction in [0, 1], rounded down (see the module docs).
pub fn decay(dt: u64, half_life: u64) -> MathResult<Wad> {
    let whole = dt.checked_div(half_life).ok_or(MathError::DivisionByZero)?;
    let rem = dt.checked_rem(half_life).ok_or(MathError::DivisionByZero)?;
    if whole >= 64 {
        // 2^-64 < 10^-18: nothing is left of the old variance.
        return Ok(Wad::ZERO);
    }
    let (half_life, mut acc) = (u128::from(half_life), Wad::ONE);
    let mut rem_wide = u128::from(rem);
    for root in HALVING_ROOTS {
        // Binary long division of rem / half_life: rem < half_life < 2^64, so 2 * rem fits.
        rem_wide = rem_wide.checked_mul(2).ok_or(MathError::Overflow)?;
        if rem_wide >= half_life {
            rem_wide = rem_wide
                .checked_sub(half_life)
                .ok_or(MathError::Underflow)?;
            acc = acc.mul(root, Rounding::Down)?;
        }
        if rem_wide == 0 {
            break;
        }
    }
    let shift = u32::try_from(whole).map_err(|_| MathError::Overflow)?;
    Ok(Wad(acc.0.checked_shr(shift).unwrap_or(0)))
}

/// `sqrt(x)` of a [`Wad`] (so `sqrt(0.64) = 0.8`), rounded down.
pub fn wad_sqrt(x: Wad) -> MathResult<Wad> {
    match x.0.checked_mul(WAD) {
        Some(scaled) => Ok(Wad(scaled.isqrt())),
        // Above ~3.4e20 the last 9 digits are not needed: sqrt(x * 1e18) = sqrt(x) * 1e9.
        None => {
            x.0.isqrt()
                .checked_mul(1_000_000_000)
                .map(Wad)
                .ok_or(MathError::Overflow)
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: i64 = 86_400;

    #[test]
    fn decay_matches_powers_of_two() {
        assert_eq!(decay(0, 100), Ok(Wad::ONE));
        assert_eq!(decay(100, 100), Ok(Wad(WAD / 2)));
        assert_eq!(decay(300, 100), Ok(Wad(WAD / 8)));
        assert_eq!(decay(50, 100), Ok(HALVING_ROOTS[0]));
        assert_eq!(decay(6_400, 100), Ok(Wad::ZERO));
        assert_eq!(decay(1, 0), Err(MathError::DivisionByZero));
        // 2^(-1/3) = 0.793700525984099737...
        let third = decay(1, 3).unwrap().0 as f64 / 1e18;
        assert!((third - 0.793_700_525_984_099_7).abs() < 1e-9);
        // Larger arguments lose nothing to overflow.
        let x = decay(u64::MAX, u64::MAX - 1).unwrap().0 as f64 / 1e18;
        assert!((x - 0.5).abs() < 1e-9);
    }

    #[test]
    fn sqrt_of_wads() {
        assert_eq!(wad_sqrt(Wad::from_bps(6_400)), Ok(Wad::from_bps(8_000)));
        assert_eq!(wad_sqrt(Wad::from_int(4)), Ok(Wad::from_int(2)));
        assert!(wad_sqrt(Wad(u128::MAX)).is_ok());
    }

    #[test]
    fn one_daily_move_of_one_percent() {
        // Seeded at zero variance, one 1 % move after one day, half-life one day:
        // sample = 0.0001 * 365 = 0.0365, lambda = 0.5, v' = 0.01825.
        let s = VolState::seeded(Wad::from_int(100), 0, Wad::ZERO).unwrap();
        let s = update_volatility(s, Wad::from_int(101), DAY, DAY as u32).unwrap();
        assert_eq!(s.variance, Wad(18_250_000_000_000_000));
        assert_eq!(s.last_price, Wad::from_int(101));
        assert_eq!(s.last_time, DAY);
    }

    #[test]
    fn steady_daily_moves_converge_to_their_annual_volatility() {
        // +-1 % every day is 1 % daily volatility = sqrt(365) % = 19.1 % a year.
        let mut s = VolState::seeded(Wad::from_int(100), 0, Wad::ZERO).unwrap();
        let mut up = true;
        for day in 1..=60 {
            let p = if up {
                Wad::from_int(101)
            } else {
                Wad::from_int(100)
            };
            up = !up;
            s = update_volatility(s, p, day * DAY, 7 * DAY as u32).unwrap();
        }
        let sigma = s.sigma().unwrap().0 as f64 / 1e18;
        assert!((sigma - 0.191).abs() < 0.01, "sigma {sigma}");
        // The same moves sampled hourly (no move in between) give the same answer.
        let mut h = VolState::seeded(Wad::from_int(100), 0, Wad::ZERO).unwrap();
        let mut up = true;
        for day in 1..=60 {
            for hour in 1..24 {
                let p = h.last_price;
                h = update_volatility(h, p, (day - 1) * DAY + hour * 3_600, 7 * DAY as u32)
                    .unwrap();
            }
            let p = if up {
                Wad::from_int(101)
            } else {
                Wad::from_int(100)
            };
            up = !up;
            h = update_volatility(h, p, day * DAY, 7 * DAY as u32).unwrap();
        }
        let hourly = h.sigma().unwrap().0 as f64 / 1e18;
        assert!((hourly - 0.191).abs() < 0.02, "hourly {hourly}");
    }

    #[test]
    fn edge_cases() {
        let s = VolState::default();
        let s1 = update_volatility(s, Wad::from_int(5), 10, 60).unwrap();
        assert_eq!(
            (s1.last_price, s1.variance, s1.last_time),
            (Wad::from_int(5), Wad::ZERO, 10)
        );
        assert_eq!(update_volatility(s1, Wad::from_int(9), 10, 60), Ok(s1));
        assert_eq!(
            update_volatility(s1, Wad::from_int(9), 9, 60),
            Err(MathError::TimeWentBackwards)
        );
        assert_eq!(
            update_volatility(s1, Wad::ZERO, 11, 60),
            Err(MathError::NonPositivePrice)
        );
        assert_eq!(
            update_volatility(s1, Wad::ONE, 11, 0),
            Err(MathError::InvalidParameter)
        );
        // A 1000x print is clamped to a 100 % return.
        let crazy = update_volatility(s1, Wad::from_int(5_000), 11, 60).unwrap();
        let capped = update_volatility(s1, Wad::from_int(10), 11, 60).unwrap();
        assert_eq!(crazy.variance, capped.variance);
    }

    proptest! {
        #[test]
        fn never_panics(p0 in any::<u128>(), v in any::<u128>(), t0 in any::<i64>(),
                        p in any::<u128>(), t in any::<i64>(), hl in any::<u32>()) {
            let s = VolState { last_price: Wad(p0), variance: Wad(v), last_time: t0 };
            let _ = update_volatility(s, Wad(p), t, hl);
            let _ = s.sigma();
        }

        #[test]
        fn decay_is_monotone(dt in 0u64..1_000_000, hl in 1u64..100_000) {
            let a = decay(dt, hl).unwrap();
            let b = decay(dt + 1, hl).unwrap();
            prop_assert!(b <= a && a <= Wad::ONE);
        }
    }
}
