//! Vectors of the primitive functions: `mul_div`, `token_value`, the share functions, the
//! management fee, the auction and the weight ramp.

use ballast_math::fees::accrued_fee_shares;
use ballast_math::oracle::token_value;
use ballast_math::policy::Policy;
use ballast_math::ramp::{weights_at, Ramp};
use ballast_math::round::{auction_slippage_bps, auction_time_for, Rules};
use ballast_math::shares::{
    after_entry_spread, nav_per_share, redemption_amount, shares_for_deposit,
};
use ballast_math::target::TradeTarget;
use ballast_math::wide::mul_div;
use ballast_math::{OraclePrice, PriceSide, Rounding, Wad};
use serde_json::{json, Map, Value};

use crate::{case, outcome, Rng};

/// Adds the primitive vectors to `doc`.
pub fn add(doc: &mut Map<String, Value>, rng: &mut Rng) {
    doc.insert("mul_div".into(), mul_divs(rng));
    doc.insert("token_value".into(), token_values(rng));
    doc.insert("after_entry_spread".into(), spreads(rng));
    doc.insert("shares_for_deposit".into(), deposits(rng));
    doc.insert("redemption_amount".into(), redemptions(rng));
    doc.insert("nav_per_share".into(), navs_per_share(rng));
    doc.insert("accrued_fee_shares".into(), fees(rng));
    doc.insert("auction".into(), auctions(rng));
    doc.insert("weights_at".into(), ramps(rng));
}

/// `"down"` or `"up"`.
pub fn rounding_name(rounding: Rounding) -> &'static str {
    match rounding {
        Rounding::Down => "down",
        Rounding::Up => "up",
    }
}

/// `"low"`, `"mid"` or `"high"`.
pub fn side_name(side: PriceSide) -> &'static str {
    match side {
        PriceSide::Low => "low",
        PriceSide::Mid => "mid",
        PriceSide::High => "high",
    }
}

/// A random rounding.
fn rounding(rng: &mut Rng) -> Rounding {
    if rng.chance(50) {
        Rounding::Down
    } else {
        Rounding::Up
    }
}

/// A Pyth-like price: usually valid, sometimes at or past the edges of what is accepted.
pub fn price(rng: &mut Rng) -> OraclePrice {
    let price = if rng.chance(5) {
        -(rng.range(0, 1_000) as i64)
    } else {
        {
            let digits = rng.range(1, 15) as u32;
            rng.range(1, 10u64.pow(digits)) as i64
        }
    };
    let conf = if rng.chance(5) {
        price.unsigned_abs().saturating_add(rng.range(0, 10))
    } else {
        price.unsigned_abs() / rng.range(20, 100_000)
    };
    let exponent = if rng.chance(5) {
        [-19, -20, 1, 2][rng.range(0, 3) as usize]
    } else {
        -(rng.range(0, 12) as i32)
    };
    OraclePrice {
        price,
        conf,
        exponent,
    }
}

/// The JSON form of a price.
pub fn price_json(p: &OraclePrice) -> Value {
    json!({ "price": p.price.to_string(), "conf": p.conf.to_string(), "exponent": p.exponent })
}

fn mul_divs(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..150 {
        let a = rng.bits_u128(128);
        let b_bits = if rng.chance(50) { 64 } else { 128 };
        let b = rng.bits_u128(b_bits);
        let c = if rng.chance(3) {
            0
        } else {
            rng.bits_u128(128).max(1)
        };
        let r = rounding(rng);
        cases.push(case(
            json!({ "a": a.to_string(), "b": b.to_string(), "c": c.to_string(), "rounding": rounding_name(r) }),
            outcome(mul_div(a, b, c, r), |v| json!(v.to_string())),
        ));
    }
    Value::Array(cases)
}

fn token_values(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..200 {
        let amount = rng.bits_u64(64);
        let decimals = rng.range(0, 20) as u8;
        let p = price(rng);
        let side = [PriceSide::Low, PriceSide::Mid, PriceSide::High][rng.range(0, 2) as usize];
        let r = rounding(rng);
        cases.push(case(
            json!({
                "amount": amount.to_string(), "decimals": decimals, "price": price_json(&p),
                "side": side_name(side), "rounding": rounding_name(r),
            }),
            outcome(token_value(amount, decimals, &p, side, r), |v| {
                json!(v.raw().to_string())
            }),
        ));
    }
    Value::Array(cases)
}

fn spreads(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..60 {
        let value = rng.bits_u128(128);
        let spread = rng.range(0, 110) as u16;
        cases.push(case(
            json!({ "value": value.to_string(), "spread_bps": spread }),
            outcome(after_entry_spread(Wad(value), spread), |v| {
                json!(v.raw().to_string())
            }),
        ));
    }
    Value::Array(cases)
}

fn deposits(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..150 {
        let value = rng.bits_u128(100);
        let nav_bits = if rng.chance(10) { 128 } else { 100 };
        let nav = rng.bits_u128(nav_bits);
        let supply = rng.bits_u64(64);
        cases.push(case(
            json!({ "value": value.to_string(), "nav": nav.to_string(), "supply": supply.to_string() }),
            outcome(shares_for_deposit(Wad(value), Wad(nav), supply), |v| {
                json!(v.to_string())
            }),
        ));
    }
    Value::Array(cases)
}

fn redemptions(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..100 {
        let reserve = rng.bits_u64(64);
        let supply = rng.bits_u64(64);
        let shares = if rng.chance(10) {
            supply.saturating_add(rng.range(1, 1000))
        } else {
            rng.range(0, supply)
        };
        cases.push(case(
            json!({ "reserve": reserve.to_string(), "shares": shares.to_string(), "supply": supply.to_string() }),
            outcome(redemption_amount(reserve, shares, supply), |v| {
                json!(v.to_string())
            }),
        ));
    }
    Value::Array(cases)
}

fn navs_per_share(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..60 {
        let nav = rng.bits_u128(128);
        let supply = rng.bits_u64(64);
        cases.push(case(
            json!({ "nav": nav.to_string(), "supply": supply.to_string() }),
            outcome(nav_per_share(Wad(nav), supply), |v| {
                json!(v.raw().to_string())
            }),
        ));
    }
    Value::Array(cases)
}

fn fees(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..150 {
        let supply = rng.bits_u64(64);
        let fee_bps = rng.range(0, 520) as u16;
        let dt = if rng.chance(10) {
            rng.bits_u64(64)
        } else {
            rng.range(0, 100 * 31_536_000)
        };
        cases.push(case(
            json!({ "supply": supply.to_string(), "fee_bps": fee_bps, "dt_secs": dt.to_string() }),
            outcome(accrued_fee_shares(supply, fee_bps, dt), |v| {
                json!(v.to_string())
            }),
        ));
    }
    Value::Array(cases)
}

/// Rules with the auction parameters given (the rest is irrelevant to the auction).
fn auction_rules(start: u16, max: u16, secs: u32) -> Rules {
    Rules {
        policy: Policy::FIVE_TWENTY_FIVE,
        mode: TradeTarget::OutOfBandToTarget,
        cooldown_secs: 0,
        min_notional: Wad::ZERO,
        max_swap_bps: 10_000,
        auction_start_bps: start,
        max_slippage_bps: max,
        auction_secs: secs,
        keeper_reward_bps: 0,
        keeper_reward_cap_micro_usd: 0,
    }
}

fn auctions(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..120 {
        let max = rng.range(1, 1_000) as u16;
        let start = if rng.chance(5) {
            max.saturating_add(1)
        } else {
            rng.range(0, u64::from(max)) as u16
        };
        let secs = if rng.chance(10) {
            0
        } else {
            rng.range(1, 300) as u32
        };
        let opened_at = rng.range(1_600_000_000, 1_800_000_000) as i64;
        let now = opened_at + rng.range(0, 400) as i64 - if rng.chance(5) { 500 } else { 0 };
        let asked = rng.range(0, 1_100) as u16;
        let rules = auction_rules(start, max, secs);
        cases.push(json!({
            "auction_start_bps": start, "max_slippage_bps": max, "auction_secs": secs,
            "opened_at": opened_at.to_string(), "now": now.to_string(), "slippage_bps": asked,
            "slippage_at_now": outcome(auction_slippage_bps(&rules, opened_at, now), |v| json!(v)),
            "time_for_slippage": auction_time_for(&rules, opened_at, asked).map(|t| t.to_string()),
        }));
    }
    Value::Array(cases)
}

/// `n` weights summing to 10,000 (some zero when `zeros` allows).
pub fn weights(rng: &mut Rng, n: usize, zeros: bool) -> Vec<u16> {
    let mut cuts: Vec<u64> = (0..n - 1).map(|_| rng.range(0, 10_000)).collect();
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(n);
    let mut last = 0;
    for cut in cuts.into_iter().chain([10_000]) {
        out.push((cut - last) as u16);
        last = cut;
    }
    if !zeros {
        // Move one bp into every zero weight from the largest.
        while let Some(z) = out.iter().position(|&w| w == 0) {
            let big = (0..n).max_by_key(|&i| out[i]).unwrap_or(0);
            out[big] -= 1;
            out[z] += 1;
        }
    }
    out
}

fn ramps(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..120 {
        let n = rng.range(2, 16) as usize;
        let from = weights(rng, n, true);
        let to = weights(rng, n, true);
        let start = rng.range(1_600_000_000, 1_700_000_000) as i64;
        let end = if rng.chance(5) {
            start - 1
        } else {
            start + rng.range(0, 90 * 86_400) as i64
        };
        let now = start - 100 + rng.range(0, (end - start).unsigned_abs() + 200) as i64;
        let mut out = vec![0u16; n];
        let result = weights_at(
            &Ramp {
                from: &from,
                to: &to,
                start,
                end,
            },
            now,
            &mut out,
        );
        cases.push(case(
            json!({ "from": from, "to": to, "start": start.to_string(), "end": end.to_string(), "now": now.to_string() }),
            outcome(result, |()| json!(out)),
        ));
    }
    Value::Array(cases)
}
