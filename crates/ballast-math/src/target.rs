//! Trade targets: where a triggered rebalance moves each asset.
//!
//! | name                    | byte | an asset outside its band `t +- b` goes to  | an asset inside it |
//! |-------------------------|------|---------------------------------------------|--------------------|
//! | `out-of-band-to-target` | 0    | its target `t`                              | stays (absorbs)    |
//! | `to-band-edge`          | 1    | the nearest edge `t +- b` (Leland's region) | stays (absorbs)    |
//! | `halfway`               | 2    | halfway to the nearest edge, `t +- b/2`     | stays (absorbs)    |
//! | `full`                  | 3    | its target `t`                              | its target `t`     |
//!
//! In the first three modes an asset inside its band (`abs(w - t) <= b`) has no trade of its
//! own to do; it only trades to absorb the imbalance of the others (below). So with four or
//! more assets `out-of-band-to-target` is *not* a full rebalance: an asset 3 pp over a 5 pp
//! band stays where it is while another 6 pp over sells to target, and the assets under
//! their targets buy only what that sale pays for. `full` is what most references mean by
//! "rebalance to target": every asset back to its target at every rebalance.
//!
//! # Balancing
//! The mandatory moves of the assets outside their bands rarely cancel out (one asset 8 pp
//! over a 5 pp band sells 3 pp to its edge; nobody needs to buy 3 pp). [`trade_target_values`]
//! therefore turns them into a *balanced* set of final values: the side that needs less
//! absorbs the difference, spread over its assets in proportion to their remaining room
//! (the distance between their own mandatory point and their target), so that:
//! - every asset outside its band reaches at least its mandatory point;
//! - no asset crosses its target, and every asset only moves toward it;
//! - buying and selling balance (up to the rounding dust of `T * t_i`, a few 10^-18 USD).
//!
//! In `full` mode every mandatory point is the target itself, so nothing is left to absorb:
//! the final values are the target values `T * t_i` (rounded down), and what is sold exceeds
//! what is bought by exactly that rounding dust (`T - sum_i T * t_i`, under one unit per
//! asset).
//!
//! The planner ([`crate::planner`]) trades to these final values, and `check_swap` checks a
//! keeper's swap against them.

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad};
use crate::portfolio::{target_value, total_value};
use crate::ramp::validate_weight_sum;
use crate::wide::mul_div;

/// Where a triggered rebalance trades an asset back to (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradeTarget {
    /// `out-of-band-to-target` (0): the assets outside their bands go all the way to their
    /// targets; the assets inside theirs trade only to absorb the imbalance.
    OutOfBandToTarget,
    /// `to-band-edge` (1): the assets outside their bands go to the nearest band edge.
    ToBandEdge,
    /// `halfway` (2): the assets outside their bands go halfway between the target and the
    /// nearest band edge.
    Halfway,
    /// `full` (3): every asset goes to its target whenever the policy fires.
    Full,
}

impl TradeTarget {
    /// Every mode, in encoding order.
    pub const ALL: [TradeTarget; 4] = [
        TradeTarget::OutOfBandToTarget,
        TradeTarget::ToBandEdge,
        TradeTarget::Halfway,
        TradeTarget::Full,
    ];

    /// The stable lowercase name.
    pub const fn name(self) -> &'static str {
        match self {
            TradeTarget::OutOfBandToTarget => "out-of-band-to-target",
            TradeTarget::ToBandEdge => "to-band-edge",
            TradeTarget::Halfway => "halfway",
            TradeTarget::Full => "full",
        }
    }

    /// One-byte encoding: 0 out-of-band-to-target, 1 to-band-edge, 2 halfway, 3 full.
    pub const fn to_u8(self) -> u8 {
        match self {
            TradeTarget::OutOfBandToTarget => 0,
            TradeTarget::ToBandEdge => 1,
            TradeTarget::Halfway => 2,
            TradeTarget::Full => 3,
        }
    }

    /// Decodes [`TradeTarget::to_u8`]; `InvalidParameter` for other bytes.
    pub fn from_u8(byte: u8) -> MathResult<TradeTarget> {
        match byte {
            0 => Ok(TradeTarget::OutOfBandToTarget),
            1 => Ok(TradeTarget::ToBandEdge),
            2 => Ok(TradeTarget::Halfway),
            3 => Ok(TradeTarget::Full),
            _ => Err(MathError::InvalidParameter),
        }
    }

    /// The point an asset at `current` with target `target` and band half-width `band`
    /// must reach: `target` in `full` mode; in the other modes `current` itself when inside
    /// the band (`abs(current - target) <= band`). Works on weights and on USD values alike.
    /// `band / 2` rounds down (toward the target).
    pub fn mandatory_point(self, current: Wad, target: Wad, band: Wad) -> MathResult<Wad> {
        if self == TradeTarget::Full {
            return Ok(target);
        }
        if current.abs_diff(target) <= band {
            return Ok(current);
        }
        let offset = match self {
            TradeTarget::OutOfBandToTarget | TradeTarget::Full => Wad::ZERO,
            TradeTarget::ToBandEdge => band,
            TradeTarget::Halfway => Wad(band.0.checked_div(2).ok_or(MathError::DivisionByZero)?),
        };
        if current > target {
            // current > target + band >= target + offset: cannot overflow past current.
            target.checked_add(offset)
        } else {
            // current < target - band, so offset <= band < target.
            target.checked_sub(offset)
        }
    }
}

impl core::fmt::Display for TradeTarget {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Fills `out[i]` with the balanced final USD value of asset `i` (see the module
/// documentation) and returns the total value. `bands[i]` are band half-widths as fractions
/// of NAV (from [`crate::policy::Policy::bands`]); target values `T * t_i` and band values
/// `T * b_i` are rounded down.
pub fn trade_target_values(
    values: &[Wad],
    targets: &[u16],
    bands: &[Wad],
    mode: TradeTarget,
    out: &mut [Wad],
) -> MathResult<Wad> {
    let n = values.len();
    if targets.len() != n || bands.len() != n || out.len() != n {
        return Err(MathError::LengthMismatch);
    }
    // Zero targets are allowed: an asset ramping in or out of the vault.
    validate_weight_sum(targets)?;
    let total = total_value(values)?;
    if total == Wad::ZERO {
        return Err(MathError::EmptyPortfolio);
    }
    // Pass 1: mandatory points, and per side the total need and total room.
    let (mut need_sell, mut need_buy, mut room_sell, mut room_buy) = (0u128, 0u128, 0u128, 0u128);
    for i in 0..n {
        let (v, t) = (values[i], target_value(total, targets[i], Rounding::Down)?);
        let band = total.mul(bands[i], Rounding::Down)?;
        let point = mode.mandatory_point(v, t, band)?;
        out[i] = point;
        let need = v.abs_diff(point).0;
        let room = point.abs_diff(t).0;
        let (need_acc, room_acc) = if v > t {
            (&mut need_sell, &mut room_sell)
        } else {
            (&mut need_buy, &mut room_buy)
        };
        *need_acc = need_acc.checked_add(need).ok_or(MathError::Overflow)?;
        *room_acc = room_acc.checked_add(room).ok_or(MathError::Overflow)?;
    }
    // Pass 2: the side that needs less absorbs the difference, within its room.
    let buyers_absorb = need_sell >= need_buy;
    let extra = if buyers_absorb {
        need_sell.abs_diff(need_buy).min(room_buy)
    } else {
        need_sell.abs_diff(need_buy).min(room_sell)
    };
    let room_total = if buyers_absorb { room_buy } else { room_sell };
    if extra == 0 {
        return Ok(total);
    }
    let shift = 64u32.saturating_sub(room_total.leading_zeros());
    let mut given: u128 = 0;
    for i in 0..n {
        let t = target_value(total, targets[i], Rounding::Down)?;
        if (values[i] > t) == buyers_absorb {
            continue;
        }
        // Proportional share, with room and room_total scaled down together so the divisor
        // fits in 64 bits (the fast path of mul_div); the shares still sum to at most
        // `extra`, and the remainder loop below hands out what the scaling left.
        let room = out[i].abs_diff(t).0;
        let share = mul_div(extra, room >> shift, room_total >> shift, Rounding::Down)?.min(room);
        out[i] = shift_toward(out[i], t, share)?;
        given = given.checked_add(share).ok_or(MathError::Overflow)?;
    }
    // The rounding remainder (fewer units than assets) goes to the first assets with room.
    let mut rest = extra.checked_sub(given).ok_or(MathError::Underflow)?;
    for i in 0..n {
        if rest == 0 {
            break;
        }
        let t = target_value(total, targets[i], Rounding::Down)?;
        if (values[i] > t) == buyers_absorb {
            continue;
        }
        let step = out[i].abs_diff(t).0.min(rest);
        out[i] = shift_toward(out[i], t, step)?;
        rest = rest.checked_sub(step).ok_or(MathError::Underflow)?;
    }
    Ok(total)
}

/// Moves `point` by `step` toward `target` (never past it).
fn shift_toward(point: Wad, target: Wad, step: u128) -> MathResult<Wad> {
    if point > target {
        Ok(point.checked_sub(Wad(step))?.max(target))
    } else {
        Ok(point.checked_add(Wad(step))?.min(target))
    }
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
    fn mandatory_points() {
        let (t, b) = (Wad::from_bps(5_000), Wad::from_bps(500));
        let over = Wad::from_bps(5_800);
        let under = Wad::from_bps(4_200);
        assert_eq!(
            TradeTarget::OutOfBandToTarget.mandatory_point(over, t, b),
            Ok(t)
        );
        assert_eq!(
            TradeTarget::ToBandEdge.mandatory_point(over, t, b),
            Ok(Wad::from_bps(5_500))
        );
        assert_eq!(
            TradeTarget::ToBandEdge.mandatory_point(under, t, b),
            Ok(Wad::from_bps(4_500))
        );
        assert_eq!(
            TradeTarget::Halfway.mandatory_point(over, t, b),
            Ok(Wad::from_bps(5_250))
        );
        assert_eq!(
            TradeTarget::Halfway.mandatory_point(under, t, b),
            Ok(Wad::from_bps(4_750))
        );
        // Inside (edge included): no trade.
        let edge = Wad::from_bps(5_500);
        assert_eq!(
            TradeTarget::OutOfBandToTarget.mandatory_point(edge, t, b),
            Ok(edge)
        );
        for m in TradeTarget::ALL {
            assert_eq!(TradeTarget::from_u8(m.to_u8()), Ok(m));
        }
        assert_eq!(TradeTarget::from_u8(3), Ok(TradeTarget::Full));
        assert_eq!(TradeTarget::from_u8(4), Err(MathError::InvalidParameter));
        // The encodings other code stores: fixed.
        let bytes: Vec<(u8, &str)> = TradeTarget::ALL
            .iter()
            .map(|m| (m.to_u8(), m.name()))
            .collect();
        assert_eq!(
            bytes,
            [
                (0, "out-of-band-to-target"),
                (1, "to-band-edge"),
                (2, "halfway"),
                (3, "full")
            ]
        );
        // Full: the target, inside the band or not.
        for current in [over, under, edge, t] {
            assert_eq!(TradeTarget::Full.mandatory_point(current, t, b), Ok(t));
        }
    }

    #[test]
    fn band_edge_with_absorption() {
        // Targets 50/30/20 of 1000 USD; A at 580 (+8 pp), B at 230 (-7 pp), C at 190 (-1 pp);
        // band 5 pp. A must sell to 550 (30), B must buy to 250 (20): 10 more to absorb on the
        // buy side, spread by room: B has 50 (250 -> 300), C has 10 (190 -> 200).
        let values = [usd(580), usd(230), usd(190)];
        let bands = [Wad::from_bps(500); 3];
        let mut out = [Wad::ZERO; 3];
        trade_target_values(
            &values,
            &[5_000, 3_000, 2_000],
            &bands,
            TradeTarget::ToBandEdge,
            &mut out,
        )
        .unwrap();
        let b_extra = Wad(10 * Wad::ONE.0 * 50 / 60);
        let c_extra = Wad(10 * Wad::ONE.0 * 10 / 60 + 1); // remainder unit goes to the first
        assert_eq!(out[0], usd(550));
        assert_eq!(out[1].0 + out[2].0, usd(450).0);
        assert!(out[1] >= usd(250).checked_add(b_extra).unwrap());
        assert!(out[2] <= usd(190).checked_add(c_extra).unwrap());
    }

    #[test]
    fn out_of_band_to_target_moves_outsiders_fully() {
        // A +6 pp (out of a 5 pp band), B -3, C -3 (inside): everyone ends on target.
        let values = [usd(460), usd(270), usd(270)];
        let mut out = [Wad::ZERO; 3];
        let bands = [Wad::from_bps(500); 3];
        trade_target_values(
            &values,
            &[4_000, 3_000, 3_000],
            &bands,
            TradeTarget::OutOfBandToTarget,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, [usd(400), usd(300), usd(300)]);
    }

    #[test]
    fn four_assets_out_of_band_to_target_is_not_full() {
        // Targets 25 % each of 1000 USD, band 5 pp: A +6 pp (outside), B +3 pp (inside),
        // C and D -4.5 pp each (inside). Only A must trade: it sells 60 to its target; the
        // buyers absorb 60 in proportion to their room (45 each): C and D buy 30 each. B keeps
        // its 3 pp surplus. Full: everyone to 250.
        let values = [usd(310), usd(280), usd(205), usd(205)];
        let targets = [2_500; 4];
        let bands = [Wad::from_bps(500); 4];
        let mut out = [Wad::ZERO; 4];
        trade_target_values(
            &values,
            &targets,
            &bands,
            TradeTarget::OutOfBandToTarget,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, [usd(250), usd(280), usd(235), usd(235)]);
        trade_target_values(&values, &targets, &bands, TradeTarget::Full, &mut out).unwrap();
        assert_eq!(out, [usd(250); 4]);
        // Full trades every asset; the other rule leaves B alone.
        let traded = |o: &[Wad; 4]| o.iter().zip(&values).filter(|(a, b)| a != b).count();
        assert_eq!(traded(&out), 4);
    }

    /// Deterministic pseudo-random values and targets for `n` assets (a small LCG).
    fn portfolio(n: usize, seed: u64) -> (Vec<Wad>, Vec<u16>) {
        let mut x = seed;
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % m
        };
        let mut targets: Vec<u16> = (0..n).map(|_| 1 + next(999) as u16).collect();
        let sum: u32 = targets.iter().map(|&t| u32::from(t)).sum();
        for t in targets.iter_mut() {
            *t = ((u32::from(*t) * 10_000 / sum).max(1)) as u16;
        }
        let rest = 10_000 - targets.iter().map(|&t| i32::from(t)).sum::<i32>();
        targets[0] = (i32::from(targets[0]) + rest) as u16;
        // Values around their targets, some far outside a 5 pp band, some inside, with
        // fractional USD so that T * t_i needs rounding.
        let values = (0..n)
            .map(|i| {
                Wad(
                    u128::from(targets[i]) * 10u128.pow(17) * u128::from(50 + next(100)) / 100
                        + u128::from(next(1_000_000_007)),
                )
            })
            .collect();
        (values, targets)
    }

    #[test]
    fn full_sends_every_asset_to_its_rounded_down_target_at_4_8_and_16_assets() {
        for n in [4usize, 8, 16] {
            for seed in 1..=20u64 {
                let (values, targets) = portfolio(n, seed * 7_919 + n as u64);
                let total: u128 = values.iter().map(|v| v.0).sum();
                for band_bps in [0u64, 100, 500, 2_000] {
                    let bands = vec![Wad::from_bps(band_bps); n];
                    let mut out = vec![Wad::ZERO; n];
                    let t =
                        trade_target_values(&values, &targets, &bands, TradeTarget::Full, &mut out)
                            .unwrap();
                    assert_eq!(t.0, total);
                    // Independent: floor(T * t_i / 10^4) in plain u128 (no overflow here).
                    for i in 0..n {
                        assert_eq!(
                            out[i].0,
                            total * u128::from(targets[i]) / 10_000,
                            "n {n} asset {i}"
                        );
                    }
                    // Balanced: sold minus bought is the rounding dust, under one unit an asset.
                    let sold: u128 = (0..n)
                        .filter(|&i| values[i] > out[i])
                        .map(|i| values[i].0 - out[i].0)
                        .sum();
                    let bought: u128 = (0..n)
                        .filter(|&i| values[i] < out[i])
                        .map(|i| out[i].0 - values[i].0)
                        .sum();
                    let dust = total - out.iter().map(|w| w.0).sum::<u128>();
                    assert_eq!(sold - bought, dust);
                    assert!(dust < n as u128);
                }
            }
        }
    }

    #[test]
    fn out_of_band_modes_leave_inside_assets_on_the_heavy_side_alone_at_8_and_16_assets() {
        // The rule the three band modes share, checked on larger portfolios: an asset inside its
        // band on the side that needs more never trades; every asset outside reaches at least its
        // mandatory point; nothing crosses its target.
        for n in [8usize, 16] {
            for seed in 1..=20u64 {
                let (values, targets) = portfolio(n, seed * 104_729 + n as u64);
                let total = Wad(values.iter().map(|v| v.0).sum());
                let bands = vec![Wad::from_bps(300); n];
                for mode in [
                    TradeTarget::OutOfBandToTarget,
                    TradeTarget::ToBandEdge,
                    TradeTarget::Halfway,
                ] {
                    let mut out = vec![Wad::ZERO; n];
                    trade_target_values(&values, &targets, &bands, mode, &mut out).unwrap();
                    let tv: Vec<Wad> = targets
                        .iter()
                        .map(|&t| target_value(total, t, Rounding::Down).unwrap())
                        .collect();
                    let band = total.mul(bands[0], Rounding::Down).unwrap();
                    let need = |over: bool| -> u128 {
                        (0..n)
                            .filter(|&i| (values[i] > tv[i]) == over)
                            .map(|i| {
                                values[i]
                                    .abs_diff(mode.mandatory_point(values[i], tv[i], band).unwrap())
                                    .0
                            })
                            .sum()
                    };
                    let sellers_heavy = need(true) >= need(false);
                    for i in 0..n {
                        let inside = values[i].abs_diff(tv[i]) <= band;
                        if inside && (values[i] > tv[i]) == sellers_heavy {
                            assert_eq!(out[i], values[i], "{mode} n {n} asset {i}");
                        }
                        let p = mode.mandatory_point(values[i], tv[i], band).unwrap();
                        let (lo, hi) = if values[i] > tv[i] {
                            (tv[i], p)
                        } else {
                            (p, tv[i])
                        };
                        assert!(lo <= out[i] && out[i] <= hi, "{mode} n {n} asset {i}");
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn balanced_and_between_current_and_target(
            raw in proptest::collection::vec((1u64..1_000_000_000, 1u16..100), 2..20),
            band_bps in 0u64..2_000, mode in 0u8..4,
        ) {
            let weights_sum: u64 = raw.iter().map(|r| u64::from(r.1)).sum();
            let mut targets: Vec<u16> = raw.iter().map(|r| (u64::from(r.1) * 10_000 / weights_sum).max(1) as u16).collect();
            let s: i64 = targets.iter().map(|&t| i64::from(t)).sum();
            let last = targets.len() - 1;
            targets[last] = (i64::from(targets[last]) + 10_000 - s) as u16;
            prop_assume!(targets[last] > 0);
            let values: Vec<Wad> = raw.iter().map(|r| Wad::from_int(r.0)).collect();
            let bands = vec![Wad::from_bps(band_bps); values.len()];
            let mut out = vec![Wad::ZERO; values.len()];
            let mode = TradeTarget::from_u8(mode).unwrap();
            let total = trade_target_values(&values, &targets, &bands, mode, &mut out).unwrap();
            let sum: u128 = out.iter().map(|w| w.0).sum();
            prop_assert!(total.0.abs_diff(sum) <= values.len() as u128 * 2);
            for i in 0..values.len() {
                let t = target_value(total, targets[i], Rounding::Down).unwrap();
                let (lo, hi) = if values[i] > t { (t, values[i]) } else { (values[i], t) };
                prop_assert!(lo <= out[i] && out[i] <= hi);
            }
        }
    }
}
