//! Tests of [`crate::planner`] (kept apart to keep the module short).
#![allow(clippy::arithmetic_side_effects)]

use super::*;
use proptest::prelude::*;

const SOL: AssetPrice = AssetPrice {
    price: OraclePrice {
        price: 15_000_000_000,
        conf: 5_000_000,
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
const BTC: AssetPrice = AssetPrice {
    price: OraclePrice {
        price: 10_000_000_000_000,
        conf: 2_000_000_000,
        exponent: -8,
    },
    decimals: 8,
};

fn usd(x: u64) -> Wad {
    Wad::from_int(x)
}

#[test]
fn three_assets_to_target() {
    // 50/30/20 of 1000 USD, held as 600 SOL-USD, 250 USDC, 150 BTC-USD.
    let values = [usd(600), usd(250), usd(150)];
    let targets = [5_000, 3_000, 2_000];
    let prices = [SOL, USDC, BTC];
    let policy = Policy::Calendar { interval_secs: 1 };
    let plan: SwapList<16> = plan_rebalance(
        &values,
        &targets,
        &prices,
        &policy,
        &[],
        TradeTarget::OutOfBandToTarget,
        usd(1),
    )
    .unwrap();
    // SOL is 100 USD over; USDC and BTC 50 under each (tie: lowest index first).
    // 50 USD of SOL at 150 USD = 0.333333333 SOL = 333_333_333 lamports (rounded down).
    assert_eq!(
        plan.as_slice(),
        &[
            Swap {
                sell: 0,
                buy: 1,
                amount_in: 333_333_333,
                notional: Wad(49_999_999_950_000_000_000)
            },
            Swap {
                sell: 0,
                buy: 2,
                amount_in: 333_333_333,
                notional: Wad(49_999_999_950_000_000_000)
            },
        ]
    );
    // Each swap passes the program's check against the starting state.
    let limits = SwapLimits {
        nav: usd(1_000),
        max_swap_bps: 1_000,
        min_notional: usd(1),
    };
    let tt = [usd(500), usd(300), usd(200)];
    for s in plan.as_slice() {
        assert!(check_swap(&values, &targets, &tt, &SOL, s, &limits).is_ok());
    }
}

#[test]
fn minimum_notional_and_empty_plans() {
    let values = [usd(505), usd(495)];
    let prices = [USDC, USDC];
    let tt = [usd(500), usd(500)];
    let plan: SwapList<4> = plan_swaps(&values, &tt, &prices, usd(10)).unwrap();
    assert!(plan.is_empty());
    let plan: SwapList<4> = plan_swaps(&values, &tt, &prices, usd(5)).unwrap();
    assert_eq!(
        plan.as_slice(),
        &[Swap {
            sell: 0,
            buy: 1,
            amount_in: 5_000_000,
            notional: usd(5)
        }]
    );
    let on_target: SwapList<4> = plan_swaps(&tt, &tt, &prices, Wad::ZERO).unwrap();
    assert!(on_target.is_empty());
}

#[test]
fn capacity_and_lengths() {
    let values = [usd(1); 5];
    let prices = [USDC; 5];
    assert_eq!(
        plan_swaps::<4>(&values, &values, &prices, Wad::ZERO),
        Err(MathError::TooManyAssets)
    );
    assert_eq!(
        plan_swaps::<8>(&values, &values[..4], &prices, Wad::ZERO),
        Err(MathError::LengthMismatch)
    );
    let mut list = SwapList::<1>::new();
    assert_eq!(list.push(Swap::default()), Ok(()));
    assert_eq!(list.push(Swap::default()), Err(MathError::TooManyAssets));
    assert_eq!(list.len(), 1);
}

#[test]
fn check_swap_reasons() {
    // 60/40 target on 1000 USD, at 700/300, band-edge trade targets 650/350 (5 pp band).
    let values = [usd(700), usd(300)];
    let targets = [6_000, 4_000];
    let tt = [usd(650), usd(350)];
    let limits = SwapLimits {
        nav: usd(1_000),
        max_swap_bps: 400,
        min_notional: usd(10),
    };
    let swap = |sell: u16, buy: u16, dollars: u64| Swap {
        sell,
        buy,
        amount_in: dollars * 1_000_000,
        notional: Wad::ZERO,
    };
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 1, 40), &limits),
        Ok(usd(40))
    );
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 0, 40), &limits),
        Err(MathError::SwapSameAsset)
    );
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(1, 0, 40), &limits),
        Err(MathError::SwapSellsUnderweight)
    );
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 5, 40), &limits),
        Err(MathError::AssetIndexOutOfRange)
    );
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 1, 9), &limits),
        Err(MathError::SwapBelowMinimum)
    );
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 1, 41), &limits),
        Err(MathError::SwapAboveCap)
    );
    let wide = SwapLimits {
        max_swap_bps: 10_000,
        ..limits
    };
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 1, 50), &wide),
        Ok(usd(50))
    );
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 1, 51), &wide),
        Err(MathError::SwapOvershoots)
    );
    let bad = SwapLimits {
        max_swap_bps: 0,
        ..limits
    };
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &swap(0, 1, 40), &bad),
        Err(MathError::InvalidParameter)
    );
    // Buying an asset that is already over its target.
    let three = [usd(500), usd(300), usd(200)];
    let t3 = [4_000, 2_000, 4_000];
    let tt3 = [usd(400), usd(200), usd(400)];
    assert_eq!(
        check_swap(&three, &t3, &tt3, &USDC, &swap(0, 1, 20), &wide),
        Err(MathError::SwapBuysOverweight)
    );
    // A trade target past the target does not license crossing the target.
    let crossing = [usd(500), usd(500)];
    assert_eq!(
        check_swap(&values, &targets, &crossing, &USDC, &swap(0, 1, 150), &wide),
        Err(MathError::SwapOvershoots)
    );
    // The swap's value is rounded up for the upper checks: one base unit too many fails.
    let unit_over = Swap {
        amount_in: 50_000_001,
        ..swap(0, 1, 0)
    };
    assert_eq!(
        check_swap(&values, &targets, &tt, &USDC, &unit_over, &wide),
        Err(MathError::SwapOvershoots)
    );
}

/// Random portfolio: values in whole USD, targets summing to 10_000, one of three prices.
fn portfolio() -> impl Strategy<Value = (Vec<Wad>, Vec<u16>, Vec<AssetPrice>)> {
    proptest::collection::vec((1u64..10_000_000, 1u16..1_000, 0usize..3), 2..50).prop_filter_map(
        "targets",
        |raw| {
            let sum: u64 = raw.iter().map(|r| u64::from(r.1)).sum();
            let mut targets: Vec<u16> = raw
                .iter()
                .map(|r| (u64::from(r.1) * 10_000 / sum).max(1) as u16)
                .collect();
            let s: i64 = targets.iter().map(|&t| i64::from(t)).sum();
            let last = targets.len() - 1;
            let fixed = i64::from(targets[last]) + 10_000 - s;
            if fixed <= 0 {
                return None;
            }
            targets[last] = fixed as u16;
            let values = raw.iter().map(|r| Wad::from_int(r.0)).collect();
            let prices = raw.iter().map(|r| [SOL, USDC, BTC][r.2]).collect();
            Some((values, targets, prices))
        },
    )
}

proptest! {
    #[test]
    fn plans_are_short_and_never_move_away_from_target(
        (values, targets, prices) in portfolio(), band_bps in 0u32..1_500, mode in 0u8..3,
        min_usd in 0u64..100,
    ) {
        let n = values.len();
        let mode = TradeTarget::from_u8(mode).unwrap();
        let policy = if band_bps == 0 { Policy::Calendar { interval_secs: 1 } } else { Policy::AbsoluteBand { band_bps } };
        let plan: SwapList<64> = plan_rebalance(&values, &targets, &prices, &policy, &[], mode, usd(min_usd)).unwrap();
        prop_assert!(plan.len() < n, "{} swaps for {} assets", plan.len(), n);
        let nav: Wad = nav_of(&values).unwrap();
        let mut bands = vec![Wad::ZERO; n];
        policy.bands(&targets, &[], &mut bands).unwrap();
        let mut tt = vec![Wad::ZERO; n];
        trade_target_values(&values, &targets, &bands, mode, &mut tt).unwrap();
        let limits = SwapLimits { nav, max_swap_bps: 10_000, min_notional: usd(min_usd) };
        let mut after = values.clone();
        for s in plan.as_slice() {
            prop_assert!(s.notional >= usd(min_usd));
            // Every planned swap passes the program's check against the starting state.
            prop_assert!(check_swap(&values, &targets, &tt, &prices[usize::from(s.sell)], s, &limits).is_ok());
            after[usize::from(s.sell)].0 -= s.notional.0;
            after[usize::from(s.buy)].0 += s.notional.0;
        }
        for i in 0..n {
            let t = target_value(nav, targets[i], Rounding::Down).unwrap();
            prop_assert!(after[i].abs_diff(t) <= values[i].abs_diff(t), "asset {} moved away", i);
            // Never crosses the target.
            prop_assert!((after[i] >= t) == (values[i] >= t) || after[i] == t);
        }
        if min_usd == 0 {
            // With no minimum, everyone reaches its trade target up to rounding dust: one
            // base unit (at most 0.001 USD here) per swap.
            let dust = Wad::from_bps(10) .0 * (n as u128);
            for i in 0..n {
                prop_assert!(after[i].abs_diff(tt[i]).0 <= dust, "asset {} left far from its trade target", i);
            }
        }
    }

    #[test]
    fn planning_never_panics(values in proptest::collection::vec(any::<u64>(), 1..20),
                             tts in proptest::collection::vec(any::<u64>(), 1..20),
                             price in any::<i64>(), conf in any::<u64>(), exponent in -20i32..2,
                             decimals in any::<u8>(), min in any::<u64>(), scale in 0u32..30) {
        let n = values.len().min(tts.len());
        let k = 10u128.pow(scale);
        let values: Vec<Wad> = values[..n].iter().map(|&v| Wad(u128::from(v).saturating_mul(k))).collect();
        let tts: Vec<Wad> = tts[..n].iter().map(|&v| Wad(u128::from(v).saturating_mul(k))).collect();
        let prices = vec![AssetPrice { price: OraclePrice { price, conf, exponent }, decimals }; n];
        if let Ok(plan) = plan_swaps::<20>(&values, &tts, &prices, Wad(u128::from(min))) {
            prop_assert!(plan.len() < n.max(1));
        }
        let limits = SwapLimits { nav: Wad(u128::from(min).saturating_mul(k)), max_swap_bps: 10_000, min_notional: Wad::ZERO };
        let swap = Swap { sell: 0, buy: (n as u16).saturating_sub(1), amount_in: min, notional: Wad::ZERO };
        let _ = check_swap(&values, &[5_000; 20][..n], &tts, &prices[0], &swap, &limits);
    }
}
