//! The node's transaction history, so that a client (the web page) can read a vault's events
//! as it would on a cluster: `getSignaturesForAddress` (newest first; `limit` and `before`)
//! and `getTransaction` (base64 encoding only: the transaction, its logs, compute units,
//! block time and the addresses it loaded through lookup tables). The node records every
//! transaction that landed, with every account it loaded (its lookup tables' included).

use std::str::FromStr;

use anchor_lang::prelude::Pubkey;
use base64::Engine;
use serde_json::{json, Value};
use solana_signature::Signature;
use solana_transaction::versioned::VersionedTransaction;

use super::{pubkey_param, to_value, RpcFailure, RpcOutcome};
use crate::node::{History, Landed, Shared};

/// Most signatures one `getSignaturesForAddress` returns (a validator's limit).
const MAX_SIGNATURES: usize = 1_000;

/// Every account `tx` loads: its static keys, then each lookup table's writable and read-only
/// addresses (a table the node cannot read adds nothing).
pub(in crate::node) fn loaded_keys(
    shared: &Shared,
    tx: &VersionedTransaction,
) -> (Vec<Pubkey>, Vec<Pubkey>, Vec<Pubkey>) {
    let mut writable = Vec::new();
    let mut readonly = Vec::new();
    for lookup in tx.message.address_table_lookups().unwrap_or_default() {
        let Some(account) = shared.chain.account(&lookup.account_key) else {
            continue;
        };
        let Ok(table) = ballast_sdk::lookup::decode_table(&lookup.account_key, &account.data)
        else {
            continue;
        };
        let pick = |indexes: &[u8]| -> Vec<Pubkey> {
            indexes
                .iter()
                .filter_map(|&i| table.addresses.get(usize::from(i)).copied())
                .collect()
        };
        writable.extend(pick(&lookup.writable_indexes));
        readonly.extend(pick(&lookup.readonly_indexes));
    }
    (
        tx.message.static_account_keys().to_vec(),
        writable,
        readonly,
    )
}

fn options(params: &[Value]) -> Option<&serde_json::Map<String, Value>> {
    params.get(1).and_then(Value::as_object)
}

fn status_of(landed: &Landed) -> RpcOutcome {
    to_value(&landed.result.clone().err())
}

/// `getSignaturesForAddress`: the landed transactions that loaded the address, newest first.
pub(super) fn signatures_for_address(params: &[Value], shared: &Shared) -> RpcOutcome {
    let address = pubkey_param(params, 0)?;
    let opts = options(params);
    let limit = opts
        .and_then(|o| o.get("limit"))
        .and_then(Value::as_u64)
        .map_or(MAX_SIGNATURES, |l| {
            usize::try_from(l).unwrap_or(MAX_SIGNATURES)
        })
        .min(MAX_SIGNATURES);
    let before =
        match opts.and_then(|o| o.get("before")).and_then(Value::as_str) {
            Some(s) => Some(Signature::from_str(s).map_err(|_| {
                RpcFailure::params(format!("Invalid param: {s} is not a signature"))
            })?),
            None => None,
        };
    let landed = shared
        .landed
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let before_seq = before
        .and_then(|b| landed.get(&b))
        .and_then(|l| l.history.as_ref())
        .map_or(u64::MAX, |h| h.seq);
    let mut hits: Vec<(&Signature, &Landed, &History)> = landed
        .iter()
        .filter_map(|(s, l)| l.history.as_ref().map(|h| (s, l, h)))
        .filter(|(_, _, h)| h.seq < before_seq && h.keys.contains(&address))
        .collect();
    hits.sort_by_key(|h| std::cmp::Reverse(h.2.seq));
    hits.truncate(limit);
    let mut out = Vec::with_capacity(hits.len());
    for (signature, l, h) in hits {
        out.push(json!({
            "signature": signature.to_string(),
            "slot": l.slot,
            "err": status_of(l)?,
            "memo": null,
            "blockTime": h.block_time,
            "confirmationStatus": "confirmed",
        }));
    }
    Ok(Value::Array(out))
}

/// `getTransaction` of a landed transaction (null for one the node never landed).
pub(super) fn transaction(params: &[Value], shared: &Shared) -> RpcOutcome {
    let s = params
        .first()
        .and_then(Value::as_str)
        .ok_or_else(|| RpcFailure::params("expected a signature"))?;
    let signature = Signature::from_str(s)
        .map_err(|_| RpcFailure::params(format!("Invalid param: {s} is not a signature")))?;
    let encoding = options(params)
        .and_then(|o| o.get("encoding"))
        .and_then(Value::as_str)
        .unwrap_or("json");
    if encoding != "base64" {
        return Err(RpcFailure::params(
            "ballast node: getTransaction answers with encoding \"base64\" only",
        ));
    }
    let landed = shared
        .landed
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some((l, h)) = landed
        .get(&signature)
        .and_then(|l| l.history.as_ref().map(|h| (l, h)))
    else {
        return Ok(Value::Null);
    };
    let bytes = bincode::serialize(&h.tx)
        .map_err(|e| RpcFailure::params(format!("cannot encode the transaction: {e}")))?;
    let version = if h.tx.message.address_table_lookups().is_some() {
        json!(0)
    } else {
        json!("legacy")
    };
    Ok(json!({
        "slot": l.slot,
        "blockTime": h.block_time,
        "version": version,
        "transaction": [base64::engine::general_purpose::STANDARD.encode(bytes), "base64"],
        "meta": {
            "err": status_of(l)?,
            "status": to_value(&l.result)?,
            "fee": 5000,
            "preBalances": [],
            "postBalances": [],
            "innerInstructions": [],
            "logMessages": h.logs,
            "preTokenBalances": [],
            "postTokenBalances": [],
            "rewards": [],
            "loadedAddresses": {
                "writable": h.loaded.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "readonly": h.loaded.1.iter().map(ToString::to_string).collect::<Vec<_>>(),
            },
            "computeUnitsConsumed": h.units,
        },
    }))
}
