//! The [`Chain`] abstraction: what a client needs from a cluster, so the same keeper or CLI
//! code runs against a real cluster ([`crate::RpcChain`]) or the in-process
//! embedded chain of `ballast-sandbox` (LiteSVM in this process, for tools and tests).
//!
//! Methods return `Send` futures so an implementation may do network I/O (the nonblocking
//! RPC client); the embedded chain's futures are ready at once.

use std::future::Future;

use anchor_lang::prelude::Pubkey;
use solana_account::Account;
use solana_hash::Hash;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::{v0, AddressLookupTableAccount, Message, VersionedMessage};
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
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
        self.custom_code() == Some(u32::from(expected)) && self.failed_in_ballast()
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

    /// Whether the program that failed is Ballast (by the last `Program X failed` log line;
    /// true when the logs name none).
    pub fn failed_in_ballast(&self) -> bool {
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

    /// Sends a signed transaction (legacy or v0) and waits until it is confirmed or
    /// refused. A refusal is [`SdkError::Rejected`]; anything that leaves the outcome
    /// unknown (network, timeout) is [`SdkError::Transport`], after which the caller must
    /// re-read the state rather than assume either outcome.
    fn send_transaction(
        &self,
        transaction: &VersionedTransaction,
    ) -> impl Future<Output = SdkResult<Confirmed>> + Send;

    /// The newest slot the cluster has finalized (rooted). A validator's leader resolves
    /// the address lookup tables of v0 transactions on its rooted bank, so a table serves
    /// only once its last extension is rooted ([`crate::lookup::wait_until_rooted`]). By
    /// default the current slot: a chain where every transaction is final at once.
    fn finalized_slot(&self) -> impl Future<Output = SdkResult<u64>> + Send {
        async move { Ok(self.get_clock().await?.slot) }
    }

    /// Waits until the cluster is past `slot` (an address lookup table extended in `slot`
    /// serves its new entries from the next slot on). By default polls the clock every
    /// 400 ms for at most `timeout`.
    fn wait_past_slot(
        &self,
        slot: u64,
        timeout: std::time::Duration,
    ) -> impl Future<Output = SdkResult<()>> + Send {
        async move {
            let deadline = tokio::time::Instant::now() + timeout;
            loop {
                if self.get_clock().await?.slot > slot {
                    return Ok(());
                }
                if tokio::time::Instant::now() >= deadline {
                    return Err(SdkError::Transport(format!(
                        "the cluster did not pass slot {slot} within {} s",
                        timeout.as_secs()
                    )));
                }
                tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            }
        }
    }
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
    send_instructions_with_tables(chain, payer, instructions, signers, compute_unit_limit, &[])
        .await
}

/// [`send_instructions`] as a v0 transaction resolving accounts through `tables` (legacy
/// when `tables` is empty).
pub async fn send_instructions_with_tables<C: Chain>(
    chain: &C,
    payer: &Keypair,
    instructions: &[Instruction],
    signers: &[&Keypair],
    compute_unit_limit: Option<u32>,
    tables: &[AddressLookupTableAccount],
) -> SdkResult<Confirmed> {
    let blockhash = chain.latest_blockhash().await?;
    let transaction = sign_with_tables(
        payer,
        instructions,
        signers,
        compute_unit_limit,
        blockhash,
        tables,
    )?;
    chain.send_transaction(&transaction).await
}

fn with_budget(instructions: &[Instruction], compute_unit_limit: Option<u32>) -> Vec<Instruction> {
    let mut all = Vec::with_capacity(instructions.len() + 1);
    if let Some(units) = compute_unit_limit {
        all.push(crate::ix::compute_unit_limit(units));
    }
    all.extend_from_slice(instructions);
    all
}

fn signer_set<'a>(payer: &'a Keypair, signers: &[&'a Keypair]) -> Vec<&'a Keypair> {
    let mut keys: Vec<&Keypair> = vec![payer];
    keys.extend(
        signers
            .iter()
            .copied()
            .filter(|k| k.pubkey() != payer.pubkey()),
    );
    keys
}

/// The signed legacy transaction of [`send_instructions`]; an error naming the key when
/// `payer` and `signers` are not exactly the signers the instructions require
/// ([`check_signers`]).
pub fn sign(
    payer: &Keypair,
    instructions: &[Instruction],
    signers: &[&Keypair],
    compute_unit_limit: Option<u32>,
    blockhash: Hash,
) -> SdkResult<VersionedTransaction> {
    let all = with_budget(instructions, compute_unit_limit);
    let message = Message::new_with_blockhash(&all, Some(&payer.pubkey()), &blockhash);
    sign_message(VersionedMessage::Legacy(message), payer, signers)
}

/// The signed transaction of [`send_instructions_with_tables`]: v0 with `tables`, legacy
/// without; an error naming the key when the signers do not match ([`check_signers`]).
pub fn sign_with_tables(
    payer: &Keypair,
    instructions: &[Instruction],
    signers: &[&Keypair],
    compute_unit_limit: Option<u32>,
    blockhash: Hash,
    tables: &[AddressLookupTableAccount],
) -> SdkResult<VersionedTransaction> {
    if tables.is_empty() {
        return sign(payer, instructions, signers, compute_unit_limit, blockhash);
    }
    let all = with_budget(instructions, compute_unit_limit);
    let message = v0::Message::try_compile(&payer.pubkey(), &all, tables, blockhash)
        .map_err(|e| SdkError::InvalidInput(format!("cannot compile a v0 message: {e}")))?;
    sign_message(VersionedMessage::V0(message), payer, signers)
}

/// Signs `message` with `payer` and `signers` once [`check_signers`] accepts them.
fn sign_message(
    message: VersionedMessage,
    payer: &Keypair,
    signers: &[&Keypair],
) -> SdkResult<VersionedTransaction> {
    let keys = signer_set(payer, signers);
    let required = message
        .static_account_keys()
        .get(..usize::from(message.header().num_required_signatures))
        .ok_or_else(|| {
            SdkError::InvalidInput("the message names fewer keys than signers".into())
        })?;
    let given: Vec<Pubkey> = keys.iter().map(|k| k.pubkey()).collect();
    check_signers(required, &given)?;
    VersionedTransaction::try_new(message, &keys)
        .map_err(|e| SdkError::InvalidInput(format!("cannot sign the transaction: {e}")))
}

/// Checks that the keys `given` to sign are exactly the signers a message `required`: a
/// required key without a keypair is [`SdkError::MissingSigner`], a keypair whose signature
/// the message does not take is [`SdkError::UnexpectedSigner`] (the runtime would refuse
/// either transaction, and the signing library would panic on it).
pub fn check_signers(required: &[Pubkey], given: &[Pubkey]) -> SdkResult<()> {
    if let Some(key) = required.iter().find(|k| !given.contains(k)) {
        return Err(SdkError::MissingSigner(*key));
    }
    if let Some(key) = given.iter().find(|k| !required.contains(k)) {
        return Err(SdkError::UnexpectedSigner(*key));
    }
    Ok(())
}

/// Reads an account that must exist.
pub async fn require_account<C: Chain>(chain: &C, address: &Pubkey) -> SdkResult<Account> {
    chain
        .get_account(address)
        .await?
        .ok_or(SdkError::AccountNotFound(*address))
}

#[cfg(test)]
mod tests {
    use solana_instruction::AccountMeta;

    use super::*;

    /// An instruction that requires `signer`'s signature.
    fn needs(signer: &Pubkey) -> Instruction {
        Instruction::new_with_bytes(
            Pubkey::new_unique(),
            &[1],
            vec![AccountMeta::new(*signer, true)],
        )
    }

    /// A lookup table holding one unrelated address, so the transaction is v0.
    fn table() -> AddressLookupTableAccount {
        AddressLookupTableAccount {
            key: Pubkey::new_unique(),
            addresses: vec![Pubkey::new_unique()],
        }
    }

    /// Asserts that `tx` carries the signatures of `keys`, in order (ed25519 signatures are
    /// deterministic, so each is the key's signature of the message).
    fn signed_by(tx: &VersionedTransaction, keys: &[&Keypair]) {
        let message = tx.message.serialize();
        let expected: Vec<Signature> = keys.iter().map(|k| k.sign_message(&message)).collect();
        assert_eq!(tx.signatures, expected);
    }

    #[test]
    fn a_required_signer_without_its_keypair_is_named() {
        let (payer, owner) = (Keypair::new(), Keypair::new());
        let ix = [needs(&owner.pubkey())];
        let legacy = sign(&payer, &ix, &[], None, Hash::default()).unwrap_err();
        assert!(
            matches!(legacy, SdkError::MissingSigner(k) if k == owner.pubkey()),
            "{legacy}"
        );
        assert!(legacy.to_string().contains(&owner.pubkey().to_string()));
        let v0 = sign_with_tables(&payer, &ix, &[], None, Hash::default(), &[table()]);
        assert!(matches!(v0, Err(SdkError::MissingSigner(k)) if k == owner.pubkey()));
    }

    #[test]
    fn a_keypair_the_transaction_does_not_need_is_named() {
        let (payer, owner, stranger) = (Keypair::new(), Keypair::new(), Keypair::new());
        let ix = [needs(&owner.pubkey())];
        let signers = [&owner, &stranger];
        let legacy = sign(&payer, &ix, &signers, Some(1_000), Hash::default()).unwrap_err();
        assert!(
            matches!(legacy, SdkError::UnexpectedSigner(k) if k == stranger.pubkey()),
            "{legacy}"
        );
        let v0 = sign_with_tables(&payer, &ix, &signers, None, Hash::default(), &[table()]);
        assert!(matches!(v0, Err(SdkError::UnexpectedSigner(k)) if k == stranger.pubkey()));
    }

    #[test]
    fn the_exact_signers_sign_in_the_messages_order() {
        let (payer, owner) = (Keypair::new(), Keypair::new());
        let ix = [needs(&owner.pubkey())];
        // The payer named again among the signers is one signer.
        let tx = sign(&payer, &ix, &[&owner, &payer], None, Hash::default()).unwrap();
        assert_eq!(tx.signatures.len(), 2);
        assert_eq!(
            &tx.message.static_account_keys()[..2],
            &[payer.pubkey(), owner.pubkey()]
        );
        signed_by(&tx, &[&payer, &owner]);
        let tx =
            sign_with_tables(&payer, &ix, &[&owner], None, Hash::default(), &[table()]).unwrap();
        assert!(matches!(tx.message, VersionedMessage::V0(_)));
        signed_by(&tx, &[&payer, &owner]);
    }

    #[test]
    fn check_signers_accepts_exactly_the_required_keys_in_any_order() {
        let (a, b, c) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        assert!(check_signers(&[a, b], &[b, a]).is_ok());
        assert!(matches!(
            check_signers(&[a, b], &[a]),
            Err(SdkError::MissingSigner(k)) if k == b
        ));
        assert!(matches!(
            check_signers(&[a], &[a, c]),
            Err(SdkError::UnexpectedSigner(k)) if k == c
        ));
    }
}
