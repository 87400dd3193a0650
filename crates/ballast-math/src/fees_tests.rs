//! Tests of [`crate::fees`].
#![allow(clippy::arithmetic_side_effects)]

use super::*;
use proptest::prelude::*;

fn exact(supply: u64, fee_bps: u16, dt: u64) -> f64 {
    let x = (fee_bps as f64 / 10_000.0) * (dt as f64 / SECONDS_PER_YEAR as f64);
    supply as f64 * x.min(4.0).exp_m1()
}

#[test]
fn one_year_at_two_percent() {
    // 1,000 shares (9 decimals) for a year at 200 bps: e^0.02 - 1 = 0.0202013400267558...
    let m = accrued_fee_shares(1_000_000_000_000, 200, SECONDS_PER_YEAR).unwrap();
    assert_eq!(m, 20_201_340_026);
    // The holders keep supply / (supply + m) = e^-0.02 = 0.980198673...
    let kept = 1e12 / (1e12 + m as f64);
    assert!((kept - (-0.02f64).exp()).abs() < 1e-11);
}

#[test]
fn nothing_accrues_without_supply_fee_or_time() {
    assert_eq!(accrued_fee_shares(0, 500, 1_000), Ok(0));
    assert_eq!(accrued_fee_shares(1_000, 0, 1_000), Ok(0));
    assert_eq!(accrued_fee_shares(1_000, 500, 0), Ok(0));
    assert_eq!(
        accrued_fee_shares(1_000, MAX_MANAGEMENT_FEE_BPS + 1, 1),
        Err(MathError::InvalidParameter)
    );
}

#[test]
fn decades_and_u64_extremes_never_fail() {
    // 30 years at 5 %: x = 1.5, e^1.5 - 1 = 3.4816890703380645.
    let m = accrued_fee_shares(1_000_000_000, 500, 30 * SECONDS_PER_YEAR).unwrap();
    assert_eq!(m, 3_481_689_070);
    // A century at 5 % accrues no more than 80 years (the exponent cap), e^4 - 1.
    let century = accrued_fee_shares(1_000_000_000, 500, 100 * SECONDS_PER_YEAR).unwrap();
    assert_eq!(century, 53_598_150_033);
    assert_eq!(
        accrued_fee_shares(1_000_000_000, 500, u64::MAX).unwrap(),
        century
    );
    // A supply near u64::MAX: minted shares stop at the headroom, no error.
    let big = u64::MAX - 10;
    assert_eq!(accrued_fee_shares(big, 500, SECONDS_PER_YEAR), Ok(10));
    assert_eq!(accrued_fee_shares(u64::MAX, 500, u64::MAX), Ok(0));
    assert_eq!(
        exp_minus_one_down(Wad(MAX_ACCRUAL_EXPONENT.0 + 1)),
        Err(MathError::InvalidParameter)
    );
}

proptest! {
    #[test]
    fn series_is_exp_minus_one_rounded_down(x in 0u128..=4_000_000_000_000_000_000) {
        let got = exp_minus_one_down(Wad(x)).unwrap().0 as f64 / 1e18;
        let want = (x as f64 / 1e18).exp_m1();
        prop_assert!(got <= want * (1.0 + 1e-14) + 1e-17, "{got} > {want}");
        prop_assert!(got >= want * (1.0 - 1e-14) - 1e-16, "{got} << {want}");
    }

    #[test]
    fn never_more_than_the_exact_fee(supply in 1u64..=u64::MAX / 64, fee in 1u16..=500,
                                     dt in 1u64..=100 * SECONDS_PER_YEAR) {
        let m = accrued_fee_shares(supply, fee, dt).unwrap() as f64;
        let want = exact(supply, fee, dt);
        prop_assert!(m <= want * (1.0 + 1e-12) + 1.0, "{m} > {want}");
        prop_assert!(m >= want * (1.0 - 1e-9) - 2.0, "{m} << {want}");
    }

    #[test]
    fn splitting_a_period_accrues_the_same(supply in 1_000u64..=1u64 << 60, fee in 1u16..=500,
                                            a in 0u64..=5 * SECONDS_PER_YEAR,
                                            b in 0u64..=5 * SECONDS_PER_YEAR) {
        let once = accrued_fee_shares(supply, fee, a + b).unwrap();
        let first = accrued_fee_shares(supply, fee, a).unwrap();
        let second = accrued_fee_shares(supply + first, fee, b).unwrap();
        let split = first + second;
        // Each settlement rounds down (exponent, terms, shares): the split is never above
        // the single settlement by more than the rounding of the exponent, and below it by
        // at most a few units plus the same relative rounding.
        let slack = 3 + supply / 10_000_000_000_000_000;
        prop_assert!(split <= once + slack, "split {split} > once {once}");
        prop_assert!(once <= split + slack, "once {once} > split {split}");
    }
}
