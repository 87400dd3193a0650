//! Deploying and upgrading a program through the upgradeable loader over RPC, the way
//! `solana program deploy` does: a buffer account (`create_account` + `InitializeBuffer`),
//! the program's bytes written into it in packet-sized `Write` transactions sent all at
//! once and then confirmed (any that did not land sent again on a fresh blockhash), then
//! `DeployWithMaxDataLen` (a first deployment) or `Upgrade` (a later one), and a wait for
//! the next slot, from which the new code is invocable.

use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use serde_json::{json, Value};
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_loader_v3_interface::instruction as loader;
use solana_loader_v3_interface::state::UpgradeableLoaderState;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_rpc_client_api::config::RpcSendTransactionConfig;
use solana_rpc_client_api::request::RpcRequest;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::Transaction;

use crate::TestResult;

/// Largest serialized transaction (one packet).
const PACKET_DATA_SIZE: usize = 1232;
/// Rounds of sending the writes that did not land before giving up.
const WRITE_ROUNDS: usize = 5;
/// How long one round waits for its writes to be confirmed.
const ROUND_TIMEOUT: Duration = Duration::from_secs(60);
/// `getSignatureStatuses` takes at most this many signatures.
const STATUS_CHUNK: usize = 256;

/// What a deployment or an upgrade did.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The program.
    pub program: Pubkey,
    /// Bytes of the `.so`.
    pub len: usize,
    /// `Write` transactions (and bytes per write).
    pub writes: usize,
    /// Bytes per `Write`.
    pub chunk: usize,
    /// Write transactions sent again because they had not landed.
    pub resent: usize,
    /// The `DeployWithMaxDataLen` or `Upgrade` transaction.
    pub signature: Signature,
    /// Its program logs (what the loader said).
    pub logs: Vec<String>,
    /// Wall time from the buffer's creation to the program being invocable.
    pub elapsed: Duration,
}

/// A filled buffer account and how it was written.
struct Buffer {
    address: Pubkey,
    writes: usize,
    chunk: usize,
    resent: usize,
}

/// Sends `tx` and waits for it at confirmed commitment.
async fn send(rpc: &RpcClient, tx: &Transaction) -> TestResult<Signature> {
    Ok(rpc.send_and_confirm_transaction(tx).await?)
}

/// The largest `Write` chunk that keeps the transaction within a packet.
fn chunk_size(payer: &Keypair, authority: &Keypair, buffer: &Pubkey) -> TestResult<usize> {
    let empty = loader::write(buffer, &authority.pubkey(), 0, Vec::new());
    let tx = Transaction::new_signed_with_payer(
        &[empty],
        Some(&payer.pubkey()),
        &[payer, authority],
        solana_hash::Hash::default(),
    );
    let size = bincode_size(&tx)?;
    // The data's length prefix (compact-u16) grows by one byte past 127 bytes.
    Ok(PACKET_DATA_SIZE.saturating_sub(size).saturating_sub(1))
}

fn bincode_size(tx: &Transaction) -> TestResult<usize> {
    Ok(bincode::serialized_size(tx)?.try_into()?)
}

/// Creates a buffer holding `so` with `authority` as its authority.
async fn write_buffer(
    rpc: &RpcClient,
    payer: &Keypair,
    authority: &Keypair,
    so: &[u8],
) -> TestResult<Buffer> {
    let buffer = Keypair::new();
    let lamports = rpc
        .get_minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_buffer(so.len()))
        .await?;
    let create = loader::create_buffer(
        &payer.pubkey(),
        &buffer.pubkey(),
        &authority.pubkey(),
        lamports,
        so.len(),
    )?;
    let blockhash = rpc.get_latest_blockhash().await?;
    let tx = Transaction::new_signed_with_payer(
        &create,
        Some(&payer.pubkey()),
        &[payer, &buffer],
        blockhash,
    );
    send(rpc, &tx).await?;

    let chunk = chunk_size(payer, authority, &buffer.pubkey())?;
    let mut pending: Vec<(u32, &[u8])> = Vec::new();
    for (i, bytes) in so.chunks(chunk).enumerate() {
        pending.push((u32::try_from(i * chunk)?, bytes));
    }
    let writes = pending.len();
    let mut resent = 0;
    let config = RpcSendTransactionConfig {
        skip_preflight: true,
        ..RpcSendTransactionConfig::default()
    };
    for round in 0..WRITE_ROUNDS {
        if round > 0 {
            resent += pending.len();
        }
        let blockhash = rpc.get_latest_blockhash().await?;
        let mut sent = Vec::with_capacity(pending.len());
        for (offset, bytes) in &pending {
            let write = loader::write(
                &buffer.pubkey(),
                &authority.pubkey(),
                *offset,
                bytes.to_vec(),
            );
            let tx = Transaction::new_signed_with_payer(
                &[write],
                Some(&payer.pubkey()),
                &[payer, authority],
                blockhash,
            );
            if bincode_size(&tx)? > PACKET_DATA_SIZE {
                return Err(format!("a write of {} bytes exceeds a packet", bytes.len()).into());
            }
            let signature = rpc.send_transaction_with_config(&tx, config).await?;
            sent.push((signature, *offset, *bytes));
        }
        let landed = confirm_all(rpc, &sent).await?;
        pending = sent
            .into_iter()
            .zip(landed)
            .filter(|(_, ok)| !ok)
            .map(|((_, offset, bytes), _)| (offset, bytes))
            .collect();
        if pending.is_empty() {
            return Ok(Buffer {
                address: buffer.pubkey(),
                writes,
                chunk,
                resent,
            });
        }
    }
    Err(format!(
        "{} buffer writes did not land after {WRITE_ROUNDS} rounds",
        pending.len()
    )
    .into())
}

/// Waits until each of `sent` is confirmed (true) or the round times out (false for those
/// not landed). A write that landed and failed is an error.
async fn confirm_all(rpc: &RpcClient, sent: &[(Signature, u32, &[u8])]) -> TestResult<Vec<bool>> {
    let mut landed = vec![false; sent.len()];
    let deadline = Instant::now() + ROUND_TIMEOUT;
    while Instant::now() < deadline {
        for (start, chunk) in sent.chunks(STATUS_CHUNK).enumerate() {
            let signatures: Vec<Signature> = chunk.iter().map(|(s, _, _)| *s).collect();
            let statuses = rpc.get_signature_statuses(&signatures).await?.value;
            for (i, status) in statuses.into_iter().enumerate() {
                let Some(status) = status else { continue };
                if let Some(err) = status.err {
                    return Err(format!("buffer write {} failed: {err}", signatures[i]).into());
                }
                if status.satisfies_commitment(CommitmentConfig::confirmed()) {
                    landed[start * STATUS_CHUNK + i] = true;
                }
            }
        }
        if landed.iter().all(|l| *l) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(landed)
}

/// The program logs of a confirmed transaction (`getTransaction`).
pub async fn transaction_logs(rpc: &RpcClient, signature: &Signature) -> TestResult<Vec<String>> {
    let config = json!({
        "encoding": "json",
        "commitment": "confirmed",
        "maxSupportedTransactionVersion": 0,
    });
    let mut last = Value::Null;
    for _ in 0..40 {
        let answer: Value = rpc
            .send(
                RpcRequest::GetTransaction,
                json!([signature.to_string(), config]),
            )
            .await?;
        if let Some(logs) = answer["meta"]["logMessages"].as_array() {
            return Ok(logs
                .iter()
                .filter_map(|l| l.as_str().map(str::to_string))
                .collect());
        }
        last = answer;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Err(format!("no logs for {signature}: {last}").into())
}

/// Waits until the cluster is past the slot `signature` landed in: from then on the
/// deployed code is invocable ("Program is not deployed" before).
async fn wait_next_slot(rpc: &RpcClient, signature: &Signature) -> TestResult<()> {
    let landed = rpc
        .get_signature_statuses(&[*signature])
        .await?
        .value
        .into_iter()
        .flatten()
        .next()
        .map(|s| s.slot)
        .ok_or("the deployment's status vanished")?;
    for _ in 0..100 {
        if rpc.get_slot().await? > landed {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the cluster did not pass slot {landed}").into())
}

/// Sends the loader's `instruction` (which consumes `buffer`), waits until the new code is
/// invocable, and reads what the loader logged.
async fn finish(
    rpc: &RpcClient,
    payer: &Keypair,
    authority: &Keypair,
    (program, len): (&Pubkey, usize),
    buffer: Buffer,
    instruction: solana_instruction::Instruction,
    started: Instant,
) -> TestResult<Deployment> {
    let blockhash = rpc.get_latest_blockhash().await?;
    let tx = Transaction::new_signed_with_payer(
        &[instruction],
        Some(&payer.pubkey()),
        &[payer, authority],
        blockhash,
    );
    let signature = send(rpc, &tx).await?;
    wait_next_slot(rpc, &signature).await?;
    Ok(Deployment {
        program: *program,
        len,
        writes: buffer.writes,
        chunk: buffer.chunk,
        resent: buffer.resent,
        signature,
        logs: transaction_logs(rpc, &signature).await?,
        elapsed: started.elapsed(),
    })
}

/// Deploys `so` as `program` (an uninitialized account of the loader; see
/// [`crate::genesis`]) with `authority` as upgrade authority and room for `max_len` bytes.
pub async fn deploy(
    rpc: &RpcClient,
    payer: &Keypair,
    authority: &Keypair,
    program: &Pubkey,
    so: &[u8],
    max_len: usize,
) -> TestResult<Deployment> {
    let started = Instant::now();
    let buffer = write_buffer(rpc, payer, authority, so).await?;
    let lamports = rpc
        .get_minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_program())
        .await?;
    // The first instruction creates the program account, which needs the program's own
    // keypair; the account exists already (genesis), so only the deployment is sent.
    let deploy = loader::deploy_with_max_program_len(
        &payer.pubkey(),
        program,
        &buffer.address,
        &authority.pubkey(),
        lamports,
        max_len,
    )?
    .pop()
    .ok_or("no DeployWithMaxDataLen instruction")?;
    let target = (program, so.len());
    finish(rpc, payer, authority, target, buffer, deploy, started).await
}

/// Upgrades `program` to `so` (the buffer's rent goes back to `payer`).
pub async fn upgrade(
    rpc: &RpcClient,
    payer: &Keypair,
    authority: &Keypair,
    program: &Pubkey,
    so: &[u8],
) -> TestResult<Deployment> {
    let started = Instant::now();
    let buffer = write_buffer(rpc, payer, authority, so).await?;
    let upgrade = loader::upgrade(
        program,
        &buffer.address,
        &authority.pubkey(),
        &payer.pubkey(),
    );
    let target = (program, so.len());
    finish(rpc, payer, authority, target, buffer, upgrade, started).await
}

/// The slot the program's code was last deployed in (its `ProgramData` account).
pub async fn deployed_slot(rpc: &RpcClient, program: &Pubkey) -> TestResult<u64> {
    let programdata = solana_loader_v3_interface::get_program_data_address(program);
    let data = rpc.get_account_data(&programdata).await?;
    let meta = data
        .get(..UpgradeableLoaderState::size_of_programdata_metadata())
        .ok_or("programdata too short")?;
    match bincode::deserialize::<UpgradeableLoaderState>(meta)? {
        UpgradeableLoaderState::ProgramData { slot, .. } => Ok(slot),
        other => Err(format!("{programdata} is not program data: {other:?}").into()),
    }
}
