//! The node's JSON-RPC methods, answered from the embedded chain.

use std::str::FromStr;

use anchor_lang::prelude::Pubkey;
use base64::Engine;
use litesvm::types::FailedTransactionMetadata;
use serde_json::{json, Value};
use solana_account::Account;
use solana_clock::Clock;
use solana_rpc_client_api::custom_error::JSON_RPC_SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE;
use solana_rpc_client_api::response::{
    RpcBlockhash, RpcSimulateTransactionResult, UiAccount, UiAccountData, UiAccountEncoding,
    UiTransactionError,
};
use solana_signature::Signature;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;

use ballast_sdk::SdkError;

use super::{History, Landed, Shared, BLOCKHASH_VALIDITY_SLOTS, PACKET_DATA_SIZE, ROOT_LAG_SLOTS};
use crate::chain::EmbeddedChain;

mod history;

/// Base64 length of a [`PACKET_DATA_SIZE`] transaction.
const MAX_BASE64_SIZE: usize = PACKET_DATA_SIZE.div_ceil(3) * 4;

/// JSON-RPC error codes (JSON-RPC 2.0).
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;

/// A JSON-RPC error object.
struct RpcFailure {
    code: i64,
    message: String,
    data: Option<Value>,
}

impl RpcFailure {
    fn params(message: impl Into<String>) -> Self {
        RpcFailure {
            code: INVALID_PARAMS,
            message: message.into(),
            data: None,
        }
    }
}

type RpcOutcome = Result<Value, RpcFailure>;

/// Answers a JSON-RPC body: one request or a batch.
pub(super) fn handle_body(body: &[u8], shared: &Shared) -> String {
    let answer = match serde_json::from_slice::<Value>(body) {
        Err(e) => reply(
            Value::Null,
            Err(RpcFailure {
                code: PARSE_ERROR,
                message: format!("Parse error: {e}"),
                data: None,
            }),
        ),
        Ok(Value::Array(batch)) => Value::Array(batch.iter().map(|r| handle(r, shared)).collect()),
        Ok(request) => handle(&request, shared),
    };
    answer.to_string()
}

fn reply(id: Value, outcome: RpcOutcome) -> Value {
    match outcome {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err(f) => {
            let mut error = json!({ "code": f.code, "message": f.message });
            if let Some(data) = f.data {
                error["data"] = data;
            }
            json!({ "jsonrpc": "2.0", "error": error, "id": id })
        }
    }
}

fn handle(request: &Value, shared: &Shared) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = request.get("method").and_then(Value::as_str) else {
        return reply(
            id,
            Err(RpcFailure {
                code: INVALID_REQUEST,
                message: "Invalid request: no method".into(),
                data: None,
            }),
        );
    };
    let params = request
        .get("params")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    reply(id, dispatch(method, &params, shared))
}

fn dispatch(method: &str, params: &[Value], shared: &Shared) -> RpcOutcome {
    let chain = &shared.chain;
    match method {
        "getAccountInfo" => {
            let address = pubkey_param(params, 0)?;
            with_context(chain, ui_account(chain.account(&address)))
        }
        "getMultipleAccounts" => {
            let addresses = params
                .first()
                .and_then(Value::as_array)
                .ok_or_else(|| RpcFailure::params("expected an array of addresses"))?;
            let mut out = Vec::with_capacity(addresses.len());
            for a in addresses {
                out.push(ui_account(chain.account(&parse_pubkey(a)?)));
            }
            with_context(chain, Value::Array(out))
        }
        "getBalance" => {
            let address = pubkey_param(params, 0)?;
            let lamports = chain.account(&address).map_or(0, |a| a.lamports);
            with_context(chain, json!(lamports))
        }
        "getLatestBlockhash" => {
            let (blockhash, slot) =
                chain.with_svm(|svm| (svm.latest_blockhash(), svm.get_sysvar::<Clock>().slot));
            hand_out(shared, blockhash, slot);
            let value = RpcBlockhash {
                blockhash: blockhash.to_string(),
                last_valid_block_height: slot.saturating_add(BLOCKHASH_VALIDITY_SLOTS),
            };
            with_context(chain, to_value(&value)?)
        }
        "isBlockhashValid" => {
            let blockhash = params
                .first()
                .and_then(Value::as_str)
                .and_then(|s| solana_hash::Hash::from_str(s).ok())
                .ok_or_else(|| RpcFailure::params("expected a base-58 blockhash"))?;
            with_context(chain, json!(blockhash_valid(shared, &blockhash)))
        }
        "getSlot" | "getBlockHeight" => Ok(json!(if finalized_commitment(params) {
            finalized_slot(chain)
        } else {
            slot(chain)
        })),
        "getVersion" => Ok(json!({
            "solana-core": concat!("ballast-node-", env!("CARGO_PKG_VERSION")),
            "feature-set": 0,
        })),
        "getHealth" => Ok(json!("ok")),
        "getGenesisHash" => Ok(json!(solana_hash::Hash::default().to_string())),
        "getMinimumBalanceForRentExemption" => {
            let size = params
                .first()
                .and_then(Value::as_u64)
                .and_then(|s| usize::try_from(s).ok())
                .ok_or_else(|| RpcFailure::params("expected a data size"))?;
            Ok(json!(chain.with_svm(
                |svm| svm.minimum_balance_for_rent_exemption(size)
            )))
        }
        "sendTransaction" => send_transaction(params, shared),
        "simulateTransaction" => simulate_transaction(params, shared),
        "getSignatureStatuses" => signature_statuses(params, shared),
        "requestAirdrop" => request_airdrop(params, shared),
        "getSignaturesForAddress" => history::signatures_for_address(params, shared),
        "getTransaction" => history::transaction(params, shared),
        other => Err(RpcFailure {
            code: METHOD_NOT_FOUND,
            message: format!("Method not found: {other} (the Ballast local node serves a subset)"),
            data: None,
        }),
    }
}

fn slot(chain: &EmbeddedChain) -> u64 {
    chain.with_svm(|svm| svm.get_sysvar::<Clock>().slot)
}

/// The slot the node treats as rooted: [`ROOT_LAG_SLOTS`] behind the current one.
pub(super) fn finalized_slot(chain: &EmbeddedChain) -> u64 {
    slot(chain).saturating_sub(ROOT_LAG_SLOTS)
}

/// Whether the request's configuration (first parameter) asks for `finalized` commitment.
fn finalized_commitment(params: &[Value]) -> bool {
    params
        .first()
        .and_then(|c| c.get("commitment"))
        .and_then(Value::as_str)
        == Some("finalized")
}

/// Records that `blockhash` was handed out in `slot`, and forgets the expired ones.
fn hand_out(shared: &Shared, blockhash: solana_hash::Hash, slot: u64) {
    let mut known = shared
        .blockhashes
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    known.retain(|_, last| last.saturating_add(BLOCKHASH_VALIDITY_SLOTS) >= slot);
    known.insert(blockhash, slot);
}

/// Whether a transaction signed on `blockhash` may land now: the node handed it out at
/// most [`BLOCKHASH_VALIDITY_SLOTS`] slots ago.
fn blockhash_valid(shared: &Shared, blockhash: &solana_hash::Hash) -> bool {
    let now = slot(&shared.chain);
    shared
        .blockhashes
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(blockhash)
        .is_some_and(|last| last.saturating_add(BLOCKHASH_VALIDITY_SLOTS) >= now)
}

/// Whether `tx` starts with the system program's `AdvanceNonceAccount`: its "blockhash" is
/// a durable nonce, which the runtime checks against the nonce account instead.
fn uses_durable_nonce(tx: &VersionedTransaction) -> bool {
    const ADVANCE_NONCE_ACCOUNT: [u8; 4] = 4u32.to_le_bytes();
    tx.message.instructions().first().is_some_and(|ix| {
        tx.message
            .static_account_keys()
            .get(usize::from(ix.program_id_index))
            == Some(&anchor_lang::system_program::ID)
            && ix.data.starts_with(&ADVANCE_NONCE_ACCOUNT)
    })
}

/// Why a validator would not land `tx` yet through its lookup tables: a table whose last
/// extension is not rooted (its leader resolves lookups on the rooted bank). `None` when
/// every table it names is rooted (or missing, which execution refuses on its own).
fn unrooted_table(shared: &Shared, tx: &VersionedTransaction) -> Option<String> {
    let root = finalized_slot(&shared.chain);
    tx.message
        .address_table_lookups()?
        .iter()
        .find_map(|lookup| {
            let table = shared.chain.account(&lookup.account_key)?;
            if table.owner != ballast_sdk::lookup::PROGRAM_ID {
                return None;
            }
            let extended =
                ballast_sdk::lookup::last_extended_slot(&lookup.account_key, &table.data).ok()?;
            (extended >= root).then(|| {
                format!(
                    "ballast node: lookup table {} was last extended in slot {extended}, which is \
                 not rooted yet (rooted slot {root}); a validator drops transactions through \
                 it until then (wait for the finalized slot to pass it)",
                    lookup.account_key
                )
            })
        })
}

/// The refusal of a transaction before it runs, as a validator's RPC node words it: a
/// failed preflight (-32002) carrying `err` and `logs`.
fn refused(err: TransactionError, logs: Vec<String>) -> RpcOutcome {
    let message = match logs.first() {
        Some(reason) if !reason.starts_with("Program ") => {
            format!("Transaction simulation failed: {err}: {reason}")
        }
        _ => format!("Transaction simulation failed: {err}"),
    };
    let data = to_value(&simulation(Some(err), logs, 0))?;
    Err(RpcFailure {
        code: JSON_RPC_SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
        message,
        data: Some(data),
    })
}

fn with_context(chain: &EmbeddedChain, value: Value) -> RpcOutcome {
    Ok(json!({ "context": { "slot": slot(chain) }, "value": value }))
}

fn to_value<T: serde::Serialize>(value: &T) -> RpcOutcome {
    serde_json::to_value(value).map_err(|e| RpcFailure {
        code: PARSE_ERROR,
        message: format!("cannot encode the answer: {e}"),
        data: None,
    })
}

fn parse_pubkey(v: &Value) -> Result<Pubkey, RpcFailure> {
    v.as_str()
        .and_then(|s| Pubkey::from_str(s).ok())
        .ok_or_else(|| RpcFailure::params(format!("Invalid param: {v} is not a base-58 address")))
}

fn pubkey_param(params: &[Value], i: usize) -> Result<Pubkey, RpcFailure> {
    parse_pubkey(params.get(i).unwrap_or(&Value::Null))
}

fn ui_account(account: Option<Account>) -> Value {
    match account {
        None => Value::Null,
        Some(a) => {
            let space = a.data.len() as u64;
            let ui = UiAccount {
                lamports: a.lamports,
                data: UiAccountData::Binary(
                    base64::engine::general_purpose::STANDARD.encode(&a.data),
                    UiAccountEncoding::Base64,
                ),
                owner: a.owner.to_string(),
                executable: a.executable,
                rent_epoch: a.rent_epoch,
                space: Some(space),
            };
            serde_json::to_value(&ui).unwrap_or(Value::Null)
        }
    }
}

/// Decodes the base64 transaction of `params[0]`, refusing what a cluster refuses before
/// executing anything (encoding, packet size, format).
fn decode_transaction(params: &[Value]) -> Result<VersionedTransaction, RpcFailure> {
    let encoding = params
        .get(1)
        .and_then(|c| c.get("encoding"))
        .and_then(Value::as_str)
        .unwrap_or("base58");
    if encoding != "base64" {
        return Err(RpcFailure::params(format!(
            "unsupported encoding: {encoding} (the Ballast local node takes base64 transactions)"
        )));
    }
    let text = params
        .first()
        .and_then(Value::as_str)
        .ok_or_else(|| RpcFailure::params("expected an encoded transaction"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| RpcFailure::params(format!("invalid base64 encoding: {e}")))?;
    if bytes.len() > PACKET_DATA_SIZE {
        return Err(RpcFailure::params(format!(
            "base64 encoded solana_transaction::versioned::VersionedTransaction too large: {} \
             bytes (max: encoded/raw {MAX_BASE64_SIZE}/{PACKET_DATA_SIZE})",
            text.len()
        )));
    }
    bincode::deserialize(&bytes).map_err(|e| {
        RpcFailure::params(format!(
            "failed to deserialize solana_transaction::versioned::VersionedTransaction: {e}"
        ))
    })
}

fn config_flag(params: &[Value], flag: &str) -> bool {
    params
        .get(1)
        .and_then(|c| c.get(flag))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn simulation(
    err: Option<TransactionError>,
    logs: Vec<String>,
    units: u64,
) -> RpcSimulateTransactionResult {
    RpcSimulateTransactionResult {
        err: err.map(UiTransactionError::from),
        logs: Some(logs),
        accounts: None,
        units_consumed: Some(units),
        loaded_accounts_data_size: None,
        return_data: None,
        inner_instructions: None,
        replacement_blockhash: None,
        fee: None,
        pre_balances: None,
        post_balances: None,
        pre_token_balances: None,
        post_token_balances: None,
        loaded_addresses: None,
    }
}

fn send_transaction(params: &[Value], shared: &Shared) -> RpcOutcome {
    let tx = decode_transaction(params)?;
    let signature = *tx
        .signatures
        .first()
        .ok_or_else(|| RpcFailure::params("transaction has no signature"))?;
    let skip_preflight = config_flag(params, "skipPreflight");
    // Processing and recording under one lock of `landed`: the same transaction sent twice at
    // once lands once.
    let mut landed = shared
        .landed
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if landed.contains_key(&signature) {
        return Ok(json!(signature.to_string()));
    }
    if !uses_durable_nonce(&tx) && !blockhash_valid(shared, tx.message.recent_blockhash()) {
        // A validator's preflight refuses it; without preflight it is dropped unseen.
        return if skip_preflight {
            Ok(json!(signature.to_string()))
        } else {
            refused(TransactionError::BlockhashNotFound, Vec::new())
        };
    }
    if let Some(reason) = unrooted_table(shared, &tx) {
        return refused(TransactionError::AddressLookupTableNotFound, vec![reason]);
    }
    // Preflight is a simulation (nothing recorded, so a refused transaction may be sent
    // again); the transaction itself runs only if it passed, under the same VM lock.
    let (static_keys, writable, readonly) = history::loaded_keys(shared, &tx);
    let recorded = tx.clone();
    let outcome = shared.chain.with_svm(|svm| {
        if !skip_preflight {
            if let Err(FailedTransactionMetadata { err, meta }) =
                svm.simulate_transaction(tx.clone())
            {
                return Err((err, meta.logs, meta.compute_units_consumed));
            }
        }
        let (result, meta) = match svm.send_transaction(tx) {
            Ok(meta) => (Ok(()), meta),
            Err(failed) => (Err(failed.err), failed.meta),
        };
        svm.expire_blockhash();
        let clock = svm.get_sysvar::<Clock>();
        Ok((result, meta, clock.slot, clock.unix_timestamp))
    });
    match outcome {
        // Landed, successfully or not (a failure after a passed preflight, or with
        // `skipPreflight`): its status says which.
        Ok((result, meta, slot, block_time)) => {
            let seq = u64::try_from(landed.len()).unwrap_or(u64::MAX);
            let keys = [static_keys, writable.clone(), readonly.clone()].concat();
            landed.insert(
                signature,
                Landed {
                    slot,
                    result,
                    history: Some(History {
                        seq,
                        block_time,
                        logs: meta.logs,
                        units: meta.compute_units_consumed,
                        keys,
                        loaded: (writable, readonly),
                        tx: recorded,
                    }),
                },
            );
            Ok(json!(signature.to_string()))
        }
        Err((err, logs, units)) => {
            let data = to_value(&simulation(Some(err.clone()), logs, units))?;
            Err(RpcFailure {
                code: JSON_RPC_SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
                message: format!("Transaction simulation failed: {err}"),
                data: Some(data),
            })
        }
    }
}

fn simulate_transaction(params: &[Value], shared: &Shared) -> RpcOutcome {
    let tx = decode_transaction(params)?;
    if !config_flag(params, "replaceRecentBlockhash")
        && !uses_durable_nonce(&tx)
        && !blockhash_valid(shared, tx.message.recent_blockhash())
    {
        let value = simulation(Some(TransactionError::BlockhashNotFound), Vec::new(), 0);
        return with_context(&shared.chain, to_value(&value)?);
    }
    let value = shared
        .chain
        .with_svm(|svm| match svm.simulate_transaction(tx) {
            Ok(info) => simulation(None, info.meta.logs, info.meta.compute_units_consumed),
            Err(FailedTransactionMetadata { err, meta }) => {
                simulation(Some(err), meta.logs, meta.compute_units_consumed)
            }
        });
    with_context(&shared.chain, to_value(&value)?)
}

fn signature_statuses(params: &[Value], shared: &Shared) -> RpcOutcome {
    let signatures = params
        .first()
        .and_then(Value::as_array)
        .ok_or_else(|| RpcFailure::params("expected an array of signatures"))?;
    let landed = shared
        .landed
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (now, root) = (slot(&shared.chain), finalized_slot(&shared.chain));
    let mut out = Vec::with_capacity(signatures.len());
    for s in signatures {
        let signature = s
            .as_str()
            .and_then(|s| Signature::from_str(s).ok())
            .ok_or_else(|| RpcFailure::params(format!("Invalid param: {s} is not a signature")))?;
        out.push(match landed.get(&signature) {
            None => Value::Null,
            Some(l) => {
                let err = l.result.clone().err();
                // Confirmed at once (no forks here); finalized once its slot is rooted.
                let (confirmations, status) = if l.slot <= root {
                    (Value::Null, "finalized")
                } else {
                    (json!(now.saturating_sub(l.slot)), "confirmed")
                };
                json!({
                    "slot": l.slot,
                    "confirmations": confirmations,
                    "status": to_value(&l.result)?,
                    "err": to_value(&err)?,
                    "confirmationStatus": status,
                })
            }
        });
    }
    with_context(&shared.chain, Value::Array(out))
}

fn request_airdrop(params: &[Value], shared: &Shared) -> RpcOutcome {
    let to = pubkey_param(params, 0)?;
    let lamports = params
        .get(1)
        .and_then(Value::as_u64)
        .ok_or_else(|| RpcFailure::params("expected lamports"))?;
    let failed = |e: SdkError| RpcFailure {
        code: INVALID_PARAMS,
        message: format!("airdrop failed: {e}"),
        data: None,
    };
    shared.chain.airdrop(&to, lamports).map_err(failed)?;
    if let Some(faucet) = &shared.faucet {
        faucet(&shared.chain, &to).map_err(failed)?;
    }
    // The airdrop is no transaction of the client's; a fresh signature stands for it.
    let signature = Signature::from(solana_keypair::Keypair::new().to_bytes());
    shared
        .landed
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(
            signature,
            Landed {
                slot: slot(&shared.chain),
                result: Ok(()),
                history: None,
            },
        );
    Ok(json!(signature.to_string()))
}
