//! The [`Chain`] abstraction: what a client needs from a cluster, so the same keeper or CLI
//! code runs against a real cluster ([`crate::RpcChain`]) or the in-process
//! [`crate::EmbeddedChain`].
//!
//! Methods return `Send` futures so an implementation may do network I/O (the nonblocking
//! RPC client); the embedded chain's futures are ready at once.

use std::future::Future;

use anchor_lang::prelude::Pubkey;
use solana_account::Account;
use solana_hash::Hash;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

use crate::error::{SdkError, SdkResult};

/// The cluster clock: the slot and the unix time programs see (`Clock` sysvar).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainClock {
    /// Current slot.
    pub slot: u64,
    /// Unix time of the `Clock` sysvar, seconds.
    pub unix_timestamp: i64,
}

/// A transaction that landed and succeeded.
#[derive(Clone, Debug)]
pub struct Confirmed {
    /// Its signature.
    pub signature: Signature,
    /// Compute units consumed, when the chain reports them.
    pub compute_units: Option<u64>,
    /// Program logs, when the chain reports them.
    pub logs: Vec<String>,
}

/// A transaction the chain refused: a program error or a runtime check. The state that
/// refused it is the truth; resending the same transaction will not help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Its signature, when known.
    pub signature: Option<Signature>,
    /// The runtime's error.
    pub error: TransactionError,
    /// Program logs up to the failure.
    pub logs: Vec<String>,
}

impl Rejection {
    /// The custom program error code, if the failure is one.
    pub fn custom_code(&self) -> Option<u32> {
        use solana_instruction_error::InstructionError;
        match &self.error {
            TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
            _ => None,
        }
    }

    /// Whether the failure is Ballast's error `expected`.
    pub fn is_ballast_error(&self, expected: ballast::error::BallastError) -> bool {
        self.custom_code() == Some(u32::from(expected)) && self.failed_program_is_ballast()
    }

    /// Whether the fee payer could not pay (no such account, or too few lamports): the
    /// wallet needs SOL, the transaction itself may be fine.
    pub fn is_unfunded_payer(&self) -> bool {
        matches!(
            self.error,
            TransactionError::AccountNotFound | TransactionError::InsufficientFundsForFee
        )
    }

    /// The Anchor error name the failing program logged (`Error Code: NAME.`), if any.
    pub fn error_name(&self) -> Option<&str> {
        self.logs.iter().rev().find_map(|line| {
            let rest = line.split("Error Code: ").nth(1)?;
            rest.split('.').next()
        })
    }

    fn failed_program_is_ballast(&self) -> bool {
        let id = ballast::ID.to_string();
        // The last "Program X failed" line names the program that refused.
        self.logs
            .iter()
            .rev()
            .find(|l| l.starts_with("Program ") && l.contains(" failed"))
            .is_none_or(|l| l.contains(&id))
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.error_name(), self.custom_code()) {
            (Some(name), Some(code)) => write!(f, "{name} (custom error {code})"),
            _ => write!(f, "{}", self.error),
        }
    }
}

/// What a Ballast client needs from a cluster.
pub trait Chain: Sync {
    /// The account at `address`, `None` if it does not exist.
    fn get_account(
        &self,
        address: &Pubkey,
    ) -> impl Future<Output = SdkResult<Option<Account>>> + Send;

    /// Several accounts at once (one request on RPC; a loop by default).
    fn get_multiple_accounts(
        &self,
        addresses: &[Pubkey],
    ) -> impl Future<Output = SdkResult<Vec<Option<Account>>>> + Send {
        async move {
            let mut out = Vec::with_capacity(addresses.len());
            for address in addresses {
                out.push(self.get_account(address).await?);
            }
            Ok(out)
        }
    }

    /// The cluster clock.
    fn get_clock(&self) -> impl Future<Output = SdkResult<ChainClock>> + Send;

    /// A recent blockhash to sign with.
    fn latest_blockhash(&self) -> impl Future<Output = SdkResult<Hash>> + Send;

    /// Sends a signed transaction and waits until it is confirmed or refused. A refusal is
    /// [`SdkError::Rejected`]; anything that leaves the outcome unknown (network, timeout)
    /// is [`SdkError::Transport`], after which the caller must re-read the state rather
    /// than assume either outcome.
    fn send_transaction(
        &self,
        transaction: &Transaction,
    ) -> impl Future<Output = SdkResult<Confirmed>> + Send;
}

/// Signs `instructions` (after a compute-unit limit, when given) with `payer` and `signers`
/// on a fresh blockhash, sends the transaction and waits for the outcome.
pub async fn send_instructions<C: Chain>(
    chain: &C,
    payer: &Keypair,
    instructions: &[Instruction],
    signers: &[&Keypair],
    compute_unit_limit: Option<u32>,
) -> SdkResult<Confirmed> {
    let transaction = sign(
        payer,
        instructions,
        signers,
        compute_unit_limit,
        chain.latest_blockhash().await?,
    );
    chain.send_transaction(&transaction).await
}

/// The signed transaction of [`send_instructions`].
pub fn sign(
    payer: &Keypair,
    instructions: &[Instruction],
    signers: &[&Keypair],
    compute_unit_limit: Option<u32>,
    blockhash: Hash,
) -> Transaction {
    let mut all = Vec::with_capacity(instructions.len() + 1);
    if let Some(units) = compute_unit_limit {
        all.push(crate::ix::compute_unit_limit(units));
    }
    all.extend_from_slice(instructions);
    let mut keys: Vec<&Keypair> = vec![payer];
    keys.extend(
        signers
            .iter()
            .copied()
            .filter(|k| k.pubkey() != payer.pubkey()),
    );
    Transaction::new_signed_with_payer(&all, Some(&payer.pubkey()), &keys, blockhash)
}

/// Reads an account that must exist.
pub async fn require_account<C: Chain>(chain: &C, address: &Pubkey) -> SdkResult<Account> {
    chain
        .get_account(address)
        .await?
        .ok_or(SdkError::AccountNotFound(*address))
}
