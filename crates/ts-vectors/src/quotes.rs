//! Vectors of the quotes: what `deposit` mints, what `withdraw` pays and the NAV, computed
//! in the program's order with the program's own fee settlement (`Vault::settle_fees`).

use ballast::state::Vault;
use ballast_math::oracle::token_value;
use ballast_math::shares::{
    after_entry_spread, nav_per_share, redemption_amount, shares_for_deposit,
};
use ballast_math::{MathError, MathResult, OraclePrice, PriceSide, Rounding, Wad};
use serde_json::{json, Map, Value};

use crate::math::price_json;
use crate::{case, Rng};

/// Adds the quote vectors to `doc`.
pub fn add(doc: &mut Map<String, Value>, rng: &mut Rng) {
    doc.insert("deposit_quotes".into(), deposit_quotes(rng));
    doc.insert("withdraw_quotes".into(), withdraw_quotes(rng));
    doc.insert("nav".into(), navs(rng));
}

/// One asset of a quote: reserve balance, decimals and price.
struct Asset {
    balance: u64,
    decimals: u8,
    price: OraclePrice,
}

/// 2 to 8 assets, sometimes 16.
fn asset_count(rng: &mut Rng) -> usize {
    if rng.chance(10) {
        16
    } else {
        rng.range(2, 8) as usize
    }
}

/// A deposit and a share supply that make sense for `assets`: the supply prices a share at
/// 0.01 to 100 USD (none when the vault is empty) and the deposit is worth up to the NAV.
fn coherent(rng: &mut Rng, assets: &[Asset], index: usize) -> (u64, u64) {
    let nav_usd: u128 = assets
        .iter()
        .map(|a| {
            token_value(
                a.balance,
                a.decimals,
                &a.price,
                PriceSide::Mid,
                Rounding::Down,
            )
        })
        .try_fold(0u128, |acc, v| {
            v.ok()
                .and_then(|v| acc.checked_add(v.raw() / 1_000_000_000_000_000_000))
        })
        .unwrap_or(0);
    let cents_per_share = u128::from(rng.range(1, 10_000));
    let supply = u64::try_from(nav_usd.saturating_mul(100_000_000_000) / cents_per_share)
        .unwrap_or(u64::MAX / 4);
    let a = &assets[index];
    let whole = 10u128.pow(u32::from(a.decimals));
    let usd_per_token = (u128::from(a.price.price.unsigned_abs())
        / 10u128.pow(a.price.exponent.unsigned_abs()))
    .max(1);
    let tokens = (nav_usd.max(1) / usd_per_token).max(1);
    let fraction = u128::from(rng.range(1, 10_000));
    let amount = u64::try_from(tokens.saturating_mul(whole).saturating_mul(fraction) / 10_000)
        .unwrap_or(u64::MAX / 4);
    (amount.max(1), supply)
}

fn asset(rng: &mut Rng) -> Asset {
    let decimals = rng.range(0, 18) as u8;
    let exponent = -(rng.range(2, 10) as i32);
    let digits = rng.range(1, 13) as u32;
    let price = rng.range(1, 10u64.pow(digits)) as i64;
    let conf = price.unsigned_abs() / rng.range(50, 100_000);
    let balance_bits = if rng.chance(90) { 56 } else { 64 };
    Asset {
        balance: rng.bits_u64(balance_bits),
        decimals,
        price: OraclePrice {
            price,
            conf,
            exponent,
        },
    }
}

fn assets_json(assets: &[Asset]) -> Value {
    Value::Array(
        assets
            .iter()
            .map(|a| {
                json!({ "balance": a.balance.to_string(), "decimals": a.decimals, "price": price_json(&a.price) })
            })
            .collect(),
    )
}

/// The fee state of a vault: the management fee, the owed shares and the last settlement.
struct Fees {
    fee_bps: u16,
    owed: u64,
    settled: i64,
    now: i64,
}

fn fee_state(rng: &mut Rng) -> Fees {
    let settled = rng.range(1_600_000_000, 1_700_000_000) as i64;
    Fees {
        fee_bps: if rng.chance(30) {
            0
        } else {
            rng.range(1, 500) as u16
        },
        owed: if rng.chance(40) { 0 } else { rng.bits_u64(40) },
        settled,
        now: settled + rng.range(0, 3 * 31_536_000) as i64 - if rng.chance(5) { 100 } else { 0 },
    }
}

fn fees_json(f: &Fees) -> Value {
    json!({
        "management_fee_bps": f.fee_bps, "fee_shares_owed": f.owed.to_string(),
        "fees_settled_ts": f.settled.to_string(), "now": f.now.to_string(),
    })
}

/// The effective supply after settling the fee, by the program's own `Vault::settle_fees`:
/// `(supply, fee shares accrued by this settlement)`.
fn settle(f: &Fees, mint_supply: u64) -> Result<(u64, u64), String> {
    let mut vault: Vault = bytemuck::Zeroable::zeroed();
    vault.management_fee_bps = f.fee_bps;
    vault.fee_shares_owed = f.owed;
    vault.fees_settled_ts = f.settled;
    let supply = vault
        .settle_fees(f.now, mint_supply)
        .map_err(|e| format!("{e:?}"))?;
    Ok((supply, vault.fee_shares_owed.saturating_sub(f.owed)))
}

fn math_name(e: MathError) -> String {
    format!("{e:?}")
}

/// `deposit`'s computation, in the program's order.
fn deposit(
    assets: &[Asset],
    index: usize,
    amount: u64,
    spread: u16,
    f: &Fees,
    mint_supply: u64,
) -> Result<Value, String> {
    let mut nav = Wad::ZERO;
    for a in assets {
        let value = token_value(
            a.balance,
            a.decimals,
            &a.price,
            PriceSide::High,
            Rounding::Up,
        )
        .map_err(math_name)?;
        nav = nav.checked_add(value).map_err(math_name)?;
    }
    let a = &assets[index];
    let deposit_value = token_value(amount, a.decimals, &a.price, PriceSide::Low, Rounding::Down)
        .map_err(math_name)?;
    let credited = after_entry_spread(deposit_value, spread).map_err(math_name)?;
    let (supply, accrued) = settle(f, mint_supply)?;
    let shares = shares_for_deposit(credited, nav, supply).map_err(math_name)?;
    let supply_after = supply.checked_add(shares).ok_or("MathOverflow")?;
    let nav_after = nav.checked_add(deposit_value).map_err(math_name)?;
    let per_share = nav_per_share(nav_after, supply_after).map_err(math_name)?;
    Ok(json!({
        "nav_before": nav.raw().to_string(),
        "deposit_value": deposit_value.raw().to_string(),
        "credited_value": credited.raw().to_string(),
        "supply_before": supply.to_string(),
        "fee_shares_accrued": accrued.to_string(),
        "shares_out": shares.to_string(),
        "supply_after": supply_after.to_string(),
        "nav_per_share": per_share.raw().to_string(),
    }))
}

fn deposit_quotes(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for i in 0..80 {
        let n = asset_count(rng);
        let assets: Vec<Asset> = (0..n).map(|_| asset(rng)).collect();
        let index = rng.range(0, n as u64 - 1) as usize;
        let spread = rng.range(0, 100) as u16;
        let fees = fee_state(rng);
        // Most cases are a vault at 0.01 to 100 USD a share and a deposit of up to its size;
        // every fifth is random, for the refusals.
        let (amount, mint_supply) = if i % 5 == 4 {
            (rng.bits_u64(60).max(1), rng.bits_u64(60))
        } else {
            coherent(rng, &assets, index)
        };
        let result = match deposit(&assets, index, amount, spread, &fees, mint_supply) {
            Ok(out) => json!({ "out": out }),
            Err(e) => json!({ "error": e }),
        };
        let inputs = json!({
            "assets": assets_json(&assets), "asset_index": index, "amount": amount.to_string(),
            "entry_spread_bps": spread, "mint_supply": mint_supply.to_string(), "fees": fees_json(&fees),
        });
        cases.push(case(inputs, result));
    }
    Value::Array(cases)
}

/// `withdraw`'s computation, in the program's order.
fn withdraw(
    reserves: &[u64],
    shares: u64,
    skip: u16,
    f: &Fees,
    mint_supply: u64,
) -> Result<Value, String> {
    if shares == 0 {
        return Err("ZeroAmount".into());
    }
    if shares > mint_supply {
        return Err("InsufficientShares".into());
    }
    let (supply, accrued) = settle(f, mint_supply)?;
    let amounts = reserves
        .iter()
        .enumerate()
        .map(|(i, &reserve)| {
            if skip & (1 << i) != 0 {
                Ok(0)
            } else {
                redemption_amount(reserve, shares, supply)
            }
        })
        .collect::<MathResult<Vec<u64>>>()
        .map_err(math_name)?;
    if amounts.iter().all(|&a| a == 0) {
        return Err("WithdrawTooSmall".into());
    }
    Ok(json!({
        "amounts": amounts.iter().map(u64::to_string).collect::<Vec<_>>(),
        "supply_before": supply.to_string(),
        "fee_shares_accrued": accrued.to_string(),
        "supply_after": supply.saturating_sub(shares).to_string(),
    }))
}

fn withdraw_quotes(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..100 {
        let n = asset_count(rng);
        let reserves: Vec<u64> = (0..n).map(|_| rng.bits_u64(64)).collect();
        let mint_supply = rng.bits_u64(62);
        let shares = if rng.chance(5) {
            mint_supply.saturating_add(1)
        } else {
            rng.range(0, mint_supply)
        };
        let skip = if rng.chance(20) {
            rng.range(0, u64::from(u16::MAX)) as u16
        } else {
            0
        };
        let fees = fee_state(rng);
        let result = match withdraw(&reserves, shares, skip, &fees, mint_supply) {
            Ok(out) => json!({ "out": out }),
            Err(e) => json!({ "error": e }),
        };
        let inputs = json!({
            "reserves": reserves.iter().map(u64::to_string).collect::<Vec<_>>(),
            "shares": shares.to_string(), "skip_assets": skip, "mint_supply": mint_supply.to_string(),
            "fees": fees_json(&fees),
        });
        cases.push(case(inputs, result));
    }
    Value::Array(cases)
}

/// The NAV at each side of the prices: `low` and `mid` rounded down (what the vault can
/// count on, and how rounds value it), `high` rounded up (how deposits price shares).
fn navs(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..40 {
        let n = asset_count(rng);
        let assets: Vec<Asset> = (0..n).map(|_| asset(rng)).collect();
        let sum = |side: PriceSide, rounding: Rounding| -> Value {
            let total = assets.iter().try_fold(Wad::ZERO, |acc, a| {
                acc.checked_add(token_value(
                    a.balance, a.decimals, &a.price, side, rounding,
                )?)
            });
            match total {
                Ok(v) => json!({ "out": v.raw().to_string() }),
                Err(e) => json!({ "error": format!("{e:?}") }),
            }
        };
        cases.push(json!({
            "assets": assets_json(&assets),
            "low": sum(PriceSide::Low, Rounding::Down),
            "mid": sum(PriceSide::Mid, Rounding::Down),
            "high": sum(PriceSide::High, Rounding::Up),
        }));
    }
    Value::Array(cases)
}
