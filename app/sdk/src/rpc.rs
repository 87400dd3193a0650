//! [`RpcChain`]: the [`Chain`] of a real cluster, over JSON-RPC with the nonblocking
//! `solana-rpc-client` (confirmed commitment).
//!
//! Errors: a transaction the cluster refused (preflight or on chain) is
//! [`SdkError::Rejected`] with the preflight logs when the node returns them; a request the
//! node refuses as malformed (invalid parameters, such as a transaction above the packet
//! size, or an unknown method) is [`SdkError::InvalidInput`]; anything else (unreachable
//! node, timeout, malformed answer) is [`SdkError::Transport`], after which the caller must
//! re-read the state.

use std::time::Duration;

use anchor_lang::prelude::Pubkey;
use solana_account::Account;
use solana_commitment_config::CommitmentConfig;
use solana_hash::Hash;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_rpc_client_api::client_error::{Error as ClientError, ErrorKind};
use solana_rpc_client_api::request::{RpcError, RpcResponseErrorData};
use solana_signature::Signature;
use solana_transaction::versioned::VersionedTransaction;

use crate::chain::{Chain, ChainClock, Confirmed, Rejection};
use crate::error::{SdkError, SdkResult};

/// The `Clock` sysvar's address.
pub const CLOCK_SYSVAR: Pubkey =
    Pubkey::from_str_const("SysvarC1ock11111111111111111111111111111111");

/// Most accounts one `getMultipleAccounts` request may ask for.
const MAX_MULTIPLE_ACCOUNTS: usize = 100;

/// A cluster reached over JSON-RPC.
pub struct RpcChain {
    client: RpcClient,
    url: String,
}

impl RpcChain {
    /// A client of `url` at confirmed commitment, each request timing out after `timeout`.
    pub fn new(url: &str, timeout: Duration) -> Self {
        RpcChain {
            client: RpcClient::new_with_timeout_and_commitment(
                url.to_string(),
                timeout,
                CommitmentConfig::confirmed(),
            ),
            url: url.to_string(),
        }
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A client error as an SDK error: the node refusing the request itself (invalid
    /// parameters, such as a transaction above the packet size, or an unknown method) is
    /// [`SdkError::InvalidInput`], which retrying will not fix; anything else is
    /// [`SdkError::Transport`].
    fn transport(&self, e: ClientError) -> SdkError {
        match e.kind() {
            ErrorKind::RpcError(RpcError::RpcResponseError { code, message, .. })
                if *code == INVALID_PARAMS || *code == METHOD_NOT_FOUND =>
            {
                SdkError::InvalidInput(format!("{} refused the request: {message}", self.url))
            }
            kind => SdkError::Transport(format!("{}: {kind}", self.url)),
        }
    }

    /// Asks the node for `lamports` (devnet, testnet, a local node) and waits until the
    /// airdrop is confirmed, polling every half second for at most `timeout`.
    pub async fn airdrop(
        &self,
        to: &Pubkey,
        lamports: u64,
        timeout: Duration,
    ) -> SdkResult<Signature> {
        let signature = self
            .client
            .request_airdrop(to, lamports)
            .await
            .map_err(|e| self.transport(e))?;
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let status = self
                .client
                .get_signature_status(&signature)
                .await
                .map_err(|e| self.transport(e))?;
            match status {
                Some(Ok(())) => return Ok(signature),
                Some(Err(error)) => {
                    return Err(SdkError::Rejected(Box::new(Rejection {
                        signature: Some(signature),
                        error,
                        logs: Vec::new(),
                    })))
                }
                None if tokio::time::Instant::now() >= deadline => {
                    return Err(SdkError::Transport(format!(
                        "{}: airdrop {signature} not confirmed after {} s",
                        self.url,
                        timeout.as_secs()
                    )))
                }
                None => tokio::time::sleep(Duration::from_millis(500)).await,
            }
        }
    }
}

/// JSON-RPC 2.0's "invalid params" and "method not found" codes.
const INVALID_PARAMS: i64 = -32602;
const METHOD_NOT_FOUND: i64 = -32601;

fn preflight_logs(e: &ClientError) -> Vec<String> {
    match e.kind() {
        ErrorKind::RpcError(RpcError::RpcResponseError {
            data: RpcResponseErrorData::SendTransactionPreflightFailure(result),
            ..
        }) => result.logs.clone().unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Decodes the `Clock` sysvar's data (slot, epoch start, epoch, leader schedule epoch,
/// unix time: five little-endian 8-byte fields).
pub fn decode_clock(data: &[u8]) -> SdkResult<ChainClock> {
    if data.len() < 40 {
        return Err(SdkError::InvalidAccount {
            address: CLOCK_SYSVAR,
            expected: "Clock sysvar",
            reason: format!("{} bytes", data.len()),
        });
    }
    let word = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&data[i * 8..i * 8 + 8]);
        b
    };
    Ok(ChainClock {
        slot: u64::from_le_bytes(word(0)),
        unix_timestamp: i64::from_le_bytes(word(4)),
    })
}

impl Chain for RpcChain {
    async fn get_account(&self, address: &Pubkey) -> SdkResult<Option<Account>> {
        self.client
            .get_account_with_commitment(address, self.client.commitment())
            .await
            .map(|r| r.value)
            .map_err(|e| self.transport(e))
    }

    async fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> SdkResult<Vec<Option<Account>>> {
        let mut out = Vec::with_capacity(addresses.len());
        for chunk in addresses.chunks(MAX_MULTIPLE_ACCOUNTS) {
            let got = self
                .client
                .get_multiple_accounts_with_commitment(chunk, self.client.commitment())
                .await
                .map_err(|e| self.transport(e))?
                .value;
            out.extend(got);
        }
        Ok(out)
    }

    async fn get_clock(&self) -> SdkResult<ChainClock> {
        let account = self
            .get_account(&CLOCK_SYSVAR)
            .await?
            .ok_or(SdkError::AccountNotFound(CLOCK_SYSVAR))?;
        decode_clock(&account.data)
    }

    async fn finalized_slot(&self) -> SdkResult<u64> {
        self.client
            .get_slot_with_commitment(CommitmentConfig::finalized())
            .await
            .map_err(|e| self.transport(e))
    }

    async fn latest_blockhash(&self) -> SdkResult<Hash> {
        self.client
            .get_latest_blockhash()
            .await
            .map_err(|e| self.transport(e))
    }

    async fn send_transaction(&self, transaction: &VersionedTransaction) -> SdkResult<Confirmed> {
        match self.client.send_and_confirm_transaction(transaction).await {
            Ok(signature) => Ok(Confirmed {
                signature,
                compute_units: None,
                logs: Vec::new(),
            }),
            Err(e) => match e.get_transaction_error() {
                Some(error) => Err(SdkError::Rejected(Box::new(Rejection {
                    signature: transaction.signatures.first().copied(),
                    error,
                    logs: preflight_logs(&e),
                }))),
                None => Err(self.transport(e)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_sysvar_decodes() {
        let mut data = Vec::new();
        for x in [77u64, 1, 2, 3] {
            data.extend_from_slice(&x.to_le_bytes());
        }
        data.extend_from_slice(&1_750_000_000i64.to_le_bytes());
        let c = decode_clock(&data).unwrap();
        assert_eq!((c.slot, c.unix_timestamp), (77, 1_750_000_000));
        assert!(decode_clock(&data[..39]).is_err());
    }

    #[tokio::test]
    async fn an_unreachable_node_is_a_transient_transport_error() {
        // A closed loopback port: the connection is refused at once.
        let chain = RpcChain::new("http://127.0.0.1:9", Duration::from_secs(5));
        let err = chain.get_clock().await.unwrap_err();
        assert!(err.is_transient(), "{err}");
        assert!(err.to_string().contains("127.0.0.1:9"), "{err}");
    }
}
