//! Vectors of the encodings: policies (`Policy::to_bytes` and its text form), trade-target
//! modes, governance changes (Borsh, as `apply_change` and `queue_change` take them) and
//! Pyth `PriceUpdateV2` accounts.

use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountSerialize;
use ballast::state::{Change, RebalanceRules};
use ballast_math::policy::{Policy, POLICY_LEN};
use ballast_math::target::TradeTarget;
use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, PriceUpdateV2, VerificationLevel};
use serde_json::{json, Map, Value};

use crate::{hex, Rng};

/// Adds the encoding vectors to `doc`.
pub fn add(doc: &mut Map<String, Value>, rng: &mut Rng) {
    doc.insert("policies".into(), policies(rng));
    doc.insert("policy_bytes".into(), policy_bytes(rng));
    doc.insert(
        "trade_targets".into(),
        TradeTarget::ALL
            .iter()
            .map(|m| json!({ "name": m.name(), "byte": m.to_u8() }))
            .collect(),
    );
    doc.insert("changes".into(), changes());
    doc.insert("price_updates".into(), price_updates(rng));
}

/// The JSON form of a policy: its name as `kind`, its parameters in camelCase.
pub fn policy_json(p: &Policy) -> Value {
    match *p {
        Policy::Calendar { interval_secs } => {
            json!({ "kind": "calendar", "intervalSecs": interval_secs.to_string() })
        }
        Policy::AbsoluteBand { band_bps } => {
            json!({ "kind": "absolute-band", "bandBps": band_bps })
        }
        Policy::RelativeBand { band_bps } => {
            json!({ "kind": "relative-band", "bandBps": band_bps })
        }
        Policy::FiveTwentyFive { abs_bps, rel_bps } => {
            json!({ "kind": "five-twenty-five", "absBps": abs_bps, "relBps": rel_bps })
        }
        Policy::Hybrid {
            interval_secs,
            band_bps,
            rel_bps,
        } => json!({
            "kind": "hybrid", "intervalSecs": interval_secs.to_string(), "bandBps": band_bps, "relBps": rel_bps,
        }),
        Policy::VolBand {
            k_bps,
            floor_bps,
            cap_bps,
            half_life_secs,
        } => json!({
            "kind": "vol-band", "kBps": k_bps, "floorBps": floor_bps, "capBps": cap_bps,
            "halfLifeSecs": half_life_secs,
        }),
    }
}

/// A random policy, valid or not.
fn random_policy(rng: &mut Rng) -> Policy {
    let u32_param = |rng: &mut Rng| -> u32 {
        if rng.chance(10) {
            rng.next_u64() as u32
        } else {
            rng.range(0, 10_001) as u32
        }
    };
    let interval = |rng: &mut Rng| -> u64 {
        if rng.chance(10) {
            rng.next_u64()
        } else {
            rng.range(0, 400_000_000)
        }
    };
    match rng.range(0, 5) {
        0 => Policy::Calendar {
            interval_secs: interval(rng),
        },
        1 => Policy::AbsoluteBand {
            band_bps: u32_param(rng),
        },
        2 => Policy::RelativeBand {
            band_bps: u32_param(rng),
        },
        3 => Policy::FiveTwentyFive {
            abs_bps: u32_param(rng),
            rel_bps: u32_param(rng),
        },
        4 => Policy::Hybrid {
            interval_secs: interval(rng),
            band_bps: u32_param(rng),
            rel_bps: u32_param(rng),
        },
        _ => Policy::VolBand {
            k_bps: u32_param(rng).saturating_mul(if rng.chance(50) { 100 } else { 1 }),
            floor_bps: u32_param(rng),
            cap_bps: u32_param(rng),
            half_life_secs: u32_param(rng),
        },
    }
}

fn policies(rng: &mut Rng) -> Value {
    let mut list = vec![
        Policy::FIVE_TWENTY_FIVE,
        Policy::Calendar {
            interval_secs: 30 * 86_400,
        },
        Policy::Hybrid {
            interval_secs: 7 * 86_400,
            band_bps: 300,
            rel_bps: 0,
        },
        Policy::VolBand {
            k_bps: 20_000,
            floor_bps: 100,
            cap_bps: 1_000,
            half_life_secs: 30 * 86_400,
        },
    ];
    list.extend((0..60).map(|_| random_policy(rng)));
    list.iter()
        .map(|p| {
            json!({
                "policy": policy_json(p),
                "bytes": hex(&p.to_bytes()),
                "text": p.to_string(),
                "valid": p.validate().is_ok(),
            })
        })
        .collect()
}

/// Byte strings for `Policy::from_bytes`: valid encodings with one byte changed, and noise.
fn policy_bytes(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for _ in 0..60 {
        let mut bytes = random_policy(rng).to_bytes();
        if rng.chance(60) {
            let at = rng.range(0, POLICY_LEN as u64 - 1) as usize;
            bytes[at] = rng.next_u64() as u8;
        }
        let decoded = Policy::from_bytes(&bytes);
        cases.push(json!({
            "bytes": hex(&bytes),
            "policy": decoded.as_ref().ok().map(policy_json),
            "error": decoded.err().map(|e| format!("{e:?}")),
        }));
    }
    Value::Array(cases)
}

fn key(byte: u8) -> Pubkey {
    Pubkey::new_from_array([byte; 32])
}

/// One of each change, with its JSON form and Borsh bytes.
fn changes() -> Value {
    let rules = RebalanceRules {
        policy: Policy::FIVE_TWENTY_FIVE.to_bytes(),
        trade_target: TradeTarget::Halfway.to_u8(),
        dex_allowlist: vec![key(7), key(8)],
        max_slippage_bps: 150,
        auction_start_bps: 20,
        auction_secs: 120,
        max_swap_bps: 2_500,
        min_notional_micro_usd: 10_000_000,
        cooldown_secs: 3_600,
        keeper_reward_bps: 10,
        keeper_reward_cap_micro_usd: 5_000_000,
    };
    let rules_json = json!({
        "policy": policy_json(&Policy::FIVE_TWENTY_FIVE), "tradeTarget": TradeTarget::Halfway.name(),
        "dexAllowlist": [key(7).to_string(), key(8).to_string()], "maxSlippageBps": 150,
        "auctionStartBps": 20, "auctionSecs": 120, "maxSwapBps": 2_500,
        "minNotionalMicroUsd": "10000000", "cooldownSecs": 3_600, "keeperRewardBps": 10,
        "keeperRewardCapMicroUsd": "5000000",
    });
    let list = [
        (
            Change::Rebalance(rules),
            json!({ "kind": "rebalance", "rules": rules_json }),
        ),
        (
            Change::OracleLimits {
                max_oracle_age_secs: 120,
                max_conf_bps: 200,
                fresh_price_secs: 15,
            },
            json!({ "kind": "oracleLimits", "maxOracleAgeSecs": 120, "maxConfBps": 200, "freshPriceSecs": 15 }),
        ),
        (
            Change::EntrySpread {
                entry_spread_bps: 25,
            },
            json!({ "kind": "entrySpread", "entrySpreadBps": 25 }),
        ),
        (
            Change::TargetWeights {
                weights: vec![5_000, 3_000, 2_000],
                ramp_start: 1_750_000_000,
                ramp_end: 1_750_086_400,
            },
            json!({ "kind": "targetWeights", "weights": [5_000, 3_000, 2_000], "rampStart": "1750000000", "rampEnd": "1750086400" }),
        ),
        (
            Change::ManagementFee { fee_bps: 150 },
            json!({ "kind": "managementFee", "feeBps": 150 }),
        ),
        (
            Change::FeeRecipient { recipient: key(9) },
            json!({ "kind": "feeRecipient", "recipient": key(9).to_string() }),
        ),
        (
            Change::Guardian { guardian: key(10) },
            json!({ "kind": "guardian", "guardian": key(10).to_string() }),
        ),
        (
            Change::Manager {
                new_manager: key(11),
            },
            json!({ "kind": "manager", "newManager": key(11).to_string() }),
        ),
        (
            Change::Timelock {
                timelock_secs: 86_400,
            },
            json!({ "kind": "timelock", "timelockSecs": 86_400 }),
        ),
        (
            Change::AddAsset {
                mint: key(12),
                feed_id: [13; 32],
            },
            json!({ "kind": "addAsset", "mint": key(12).to_string(), "feedId": hex(&[13; 32]) }),
        ),
        (
            Change::Unpause { flags: 3 },
            json!({ "kind": "unpause", "flags": 3 }),
        ),
    ];
    list.iter()
        .map(|(change, form)| {
            let bytes = anchor_lang::prelude::borsh::to_vec(change).unwrap_or_default();
            json!({ "change": form, "bytes": hex(&bytes) })
        })
        .collect()
}

/// Fully verified `PriceUpdateV2` accounts as the Pyth receiver writes them (previous
/// publication a second earlier, EMA equal to the price, posted at slot 1).
fn price_updates(rng: &mut Rng) -> Value {
    let mut cases = Vec::new();
    for i in 0..6u8 {
        let feed_id = [i.wrapping_mul(37).wrapping_add(1); 32];
        let price = rng.range(1, 10u64.pow(12)) as i64;
        let conf = rng.range(0, 10u64.pow(6));
        let exponent = -(rng.range(0, 12) as i32);
        let publish_time = rng.range(1_600_000_000, 1_800_000_000) as i64;
        let update = PriceUpdateV2 {
            write_authority: Pubkey::default(),
            verification_level: VerificationLevel::Full,
            price_message: PriceFeedMessage {
                feed_id,
                price,
                conf,
                exponent,
                publish_time,
                prev_publish_time: publish_time.saturating_sub(1),
                ema_price: price,
                ema_conf: conf,
            },
            posted_slot: 1,
        };
        let mut data = Vec::new();
        let written = update.try_serialize(&mut data).is_ok();
        cases.push(json!({
            "feed_id": hex(&feed_id), "price": price.to_string(), "conf": conf.to_string(),
            "exponent": exponent, "publish_time": publish_time.to_string(),
            "bytes": if written { hex(&data) } else { String::new() },
        }));
    }
    Value::Array(cases)
}
