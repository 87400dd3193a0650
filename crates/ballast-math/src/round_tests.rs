//! Tests of [`crate::round`] (kept apart to keep the module short).
#![allow(clippy::arithmetic_side_effects)]

use super::*;
use crate::execution::min_output;
use crate::oracle::OraclePrice;
use proptest::prelude::*;

const SOL: AssetPrice = AssetPrice {
    price: OraclePrice {
        price: 15_000_000_000,
        conf: 1_500_000,
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

fn rules() -> Rules {
    Rules {
        policy: Policy::AbsoluteBand { band_bps: 500 },
        mode: TradeTarget::OutOfBandToTarget,
        cooldown_secs: 3_600,
        min_notional: Wad::from_int(10),
        max_swap_bps: 10_000,
        auction_start_bps: 0,
        max_slippage_bps: 100,
        auction_secs: 60,
        keeper_reward_bps: 10,
        keeper_reward_cap_micro_usd: 50_000_000,
    }
}

/// 70/30 SOL/USDC for 50/50 targets: far outside a 5 % band.
fn drifted() -> ([Wad; 2], [u16; 2]) {
    ([Wad::from_int(7_000), Wad::from_int(3_000)], [5_000, 5_000])
}

fn holdings<'a>(values: &'a [Wad], targets: &'a [u16]) -> Holdings<'a> {
    Holdings {
        values,
        targets,
        volatilities: &[],
    }
}

#[test]
fn open_round_fixes_trade_targets_as_fractions() {
    let (values, targets) = drifted();
    let mut fractions = [0u64; 2];
    let state = open_round::<4>(
        &rules(),
        &RoundState::default(),
        1_000,
        &holdings(&values, &targets),
        &mut fractions,
    )
    .unwrap();
    assert_eq!(
        state,
        RoundState {
            opened_at: 1_000,
            ends_at: 1_000 + ROUND_WINDOW_SECS,
            rewards_paid_micro_usd: 0
        }
    );
    assert_eq!(fractions, [FRACTION_SCALE / 2, FRACTION_SCALE / 2]);
}

#[test]
fn open_round_refusals() {
    let (values, targets) = drifted();
    let h = holdings(&values, &targets);
    let mut f = [0u64; 2];
    let open = RoundState {
        opened_at: 1_000,
        ends_at: 1_300,
        rewards_paid_micro_usd: 0,
    };
    assert_eq!(
        open_round::<4>(&rules(), &open, 1_299, &h, &mut f),
        Err(MathError::RoundAlreadyOpen)
    );
    // Closed at 1_300, but the cooldown (3_600 s from the opening) runs until 4_600.
    assert_eq!(
        open_round::<4>(&rules(), &open, 4_599, &h, &mut f),
        Err(MathError::CooldownActive)
    );
    assert!(open_round::<4>(&rules(), &open, 4_600, &h, &mut f).is_ok());
    // The first round needs no cooldown, however recent the vault's creation.
    let created = RoundState {
        opened_at: 1_000,
        ..RoundState::default()
    };
    assert!(open_round::<4>(&rules(), &created, 1_001, &h, &mut f).is_ok());
    // Inside the band: not due.
    let calm = [Wad::from_int(5_200), Wad::from_int(4_800)];
    assert_eq!(
        open_round::<4>(
            &rules(),
            &created,
            1_001,
            &holdings(&calm, &targets),
            &mut f
        ),
        Err(MathError::NotTriggered)
    );
    assert_eq!(
        open_round::<1>(&rules(), &created, 1_001, &h, &mut f),
        Err(MathError::TooManyAssets)
    );
}

#[test]
fn auction_widens_linearly_then_holds() {
    let r = Rules {
        auction_start_bps: 20,
        max_slippage_bps: 80,
        auction_secs: 60,
        ..rules()
    };
    assert_eq!(auction_slippage_bps(&r, 100, 100), Ok(20));
    assert_eq!(auction_slippage_bps(&r, 100, 130), Ok(50));
    assert_eq!(auction_slippage_bps(&r, 100, 101), Ok(21));
    assert_eq!(auction_slippage_bps(&r, 100, 160), Ok(80));
    assert_eq!(auction_slippage_bps(&r, 100, 10_000), Ok(80));
    // A clock before the opening allows the start, never more.
    assert_eq!(auction_slippage_bps(&r, 100, 50), Ok(20));
    let instant = Rules {
        auction_secs: 0,
        ..r
    };
    assert_eq!(auction_slippage_bps(&instant, 100, 100), Ok(80));
    let inverted = Rules {
        auction_start_bps: 90,
        ..r
    };
    assert_eq!(
        auction_slippage_bps(&inverted, 100, 100),
        Err(MathError::InvalidParameter)
    );
}

#[test]
fn swap_terms_check_the_round_and_tighten_the_bound_early() {
    // 10 SOL (1,500 USD) against 500 USDC for 50/50: sell SOL.
    let values = [Wad::from_int(1_500), Wad::from_int(500)];
    let targets = [5_000, 5_000];
    let h = holdings(&values, &targets);
    let fractions = [FRACTION_SCALE / 2, FRACTION_SCALE / 2];
    let prices = [SOL, USDC];
    let state = RoundState {
        opened_at: 1_000,
        ends_at: 1_300,
        rewards_paid_micro_usd: 20_000_000,
    };
    let swap = SwapRequest {
        sell: 0,
        buy: 1,
        amount_in: 2_000_000_000, // 2 SOL = 300 USD
    };
    let r = rules();
    let terms = |now| swap_terms(&r, &state, now, &h, &fractions, &prices, &swap);
    assert_eq!(terms(1_300), Err(MathError::NoOpenRound));
    // At the opening the auction allows no slippage: the bound (input at its high price,
    // output at its low one) is above what a zero-fee venue at the mids pays.
    assert_eq!(terms(1_000), Err(MathError::ConfidenceTooWide));
    let half = terms(1_030).unwrap();
    let full = terms(1_060).unwrap();
    assert_eq!((half.slippage_bps, full.slippage_bps), (50, 100));
    assert_eq!(half.notional, Wad::from_int(300));
    // 2 SOL at 150.015 = 300.03 USD; kept (1 - s); over USDC's low price 0.9999, ceil.
    assert_eq!(half.min_out, 298_559_706);
    assert_eq!(full.min_out, 297_059_406);
    assert_eq!(
        terms(1_299),
        Ok(full),
        "held at the maximum after the auction"
    );
    // 30 of the round's 50 USD cap remain: 30 USDC at its high price 1.0001, rounded down.
    assert_eq!(full.reward_cap, 29_997_000);
    // Selling more than the round's trade target allows overshoots.
    let big = SwapRequest {
        amount_in: 6_000_000_000,
        ..swap
    };
    assert_eq!(
        swap_terms(&r, &state, 1_060, &h, &fractions, &prices, &big),
        Err(MathError::SwapOvershoots)
    );
}

#[test]
fn slippage_needed_is_the_first_that_clears() {
    let amount = 2_000_000_000; // 2 SOL, 300 USDC fair
    let quote = 298_500_000; // 0.5 % below fair
    let s = slippage_needed(amount, &SOL, &USDC, quote, 100).unwrap();
    assert!(min_output(amount, &SOL, &USDC, s).unwrap() <= quote);
    assert!(min_output(amount, &SOL, &USDC, s - 1).map_or(true, |b| b > quote));
    // 300.03 * (1 - s) / 0.9999 <= 298.5  =>  s >= 52 bps.
    assert_eq!(s, 52);
    assert_eq!(slippage_needed(amount, &SOL, &USDC, 290_000_000, 100), None);
    // A generous quote still needs the two confidence widths (1 bp each side): 2 bps.
    assert_eq!(
        slippage_needed(amount, &SOL, &USDC, 400_000_000, 100),
        Some(2)
    );
}

#[test]
fn keeper_reward_comes_out_of_the_surplus() {
    // 10 bps of 1,000,000 is 1,000; only 400 above the bound; cap 10,000.
    assert_eq!(keeper_reward(1_000_000, 999_600, 10, 10_000), Ok(400));
    assert_eq!(keeper_reward(1_000_000, 990_000, 10, 10_000), Ok(1_000));
    assert_eq!(keeper_reward(1_000_000, 990_000, 10, 700), Ok(700));
    assert_eq!(keeper_reward(1_000_000, 1_000_000, 10, 10_000), Ok(0));
    assert_eq!(keeper_reward(999_999, 1_000_000, 10, 10_000), Ok(0));
}

proptest! {
    #[test]
    fn auction_time_is_the_first_second_that_allows_a_slippage(
        start in 0u16..200, span in 0u16..800, secs in 0u32..600, want in 0u16..1_200,
        opened in 0i64..1_000_000,
    ) {
        let r = Rules { auction_start_bps: start, max_slippage_bps: start + span, auction_secs: secs, ..rules() };
        match auction_time_for(&r, opened, want) {
            None => prop_assert!(want > r.max_slippage_bps),
            Some(t) => {
                prop_assert!(auction_slippage_bps(&r, opened, t).unwrap() >= want);
                if t > opened {
                    prop_assert!(auction_slippage_bps(&r, opened, t - 1).unwrap() < want);
                }
            }
        }
    }

    #[test]
    fn the_auction_never_narrows(start in 0u16..200, span in 0u16..800, secs in 0u32..600,
                                 t in 0i64..1_000, dt in 0i64..1_000) {
        let r = Rules { auction_start_bps: start, max_slippage_bps: start + span, auction_secs: secs, ..rules() };
        let a = auction_slippage_bps(&r, 0, t).unwrap();
        let b = auction_slippage_bps(&r, 0, t + dt).unwrap();
        prop_assert!(a <= b && b <= r.max_slippage_bps && a >= r.auction_start_bps);
    }

    #[test]
    fn the_vault_keeps_at_least_the_bound(received in any::<u64>(), min_out in any::<u64>(),
                                          bps in 0u16..=100, cap in any::<u64>()) {
        let reward = keeper_reward(received, min_out, bps, cap).unwrap();
        prop_assert!(reward <= cap);
        prop_assert!(u128::from(reward) * 10_000 <= u128::from(received) * u128::from(bps));
        if received >= min_out {
            prop_assert!(received - reward >= min_out);
        } else {
            prop_assert_eq!(reward, 0);
        }
    }
}
