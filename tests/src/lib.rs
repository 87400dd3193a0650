//! Test harness: the compiled `target/deploy/ballast.so` in LiteSVM, with the real SPL Token
//! and Token-2022 programs LiteSVM bundles, and instruction builders made from the program's
//! own Anchor types (`ballast::accounts::*`, `ballast::instruction::*`).
//!
//! Tests read as: build a [`Harness`], create a vault with [`Harness::create_vault`], fund
//! users, then `h.send(&[h.deposit_ix(..)], &[&user])` and assert on balances and errors.

pub mod amm;
pub mod fixtures;
pub mod ix;
pub mod market;
pub mod venue;

use litesvm::types::{FailedTransactionMetadata, TransactionMetadata};
use litesvm::LiteSVM;
use solana_account::Account;
use solana_clock::Clock;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::Transaction;

pub use anchor_lang::prelude::Pubkey;
pub use ballast::error::BallastError;
pub use fixtures::*;

/// Unix time every harness starts at (2025-06-15).
pub const START_TIME: i64 = 1_750_000_000;
/// Compute-unit limit requested by every transaction of the harness.
pub const CU_LIMIT: u32 = 1_400_000;

/// Where `scripts/build-sbf.sh` writes the program.
pub fn program_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/deploy/ballast.so")
}

/// A successful transaction: compute units and logs.
#[derive(Debug)]
pub struct Sent {
    /// Compute units consumed by the whole transaction (the compute-budget instruction
    /// costs 150 of them).
    pub compute_units: u64,
    /// Program logs.
    pub logs: Vec<String>,
    /// Size of the signed transaction on the wire (a cluster takes at most 1,232 bytes).
    pub tx_bytes: usize,
}

impl Sent {
    /// Compute units of the Ballast instruction, including the CPIs it makes.
    pub fn ballast_units(&self) -> u64 {
        let program = ballast::ID.to_string();
        self.consumed()
            .filter(|(depth, id, _)| *depth == 1 && *id == program)
            .map(|(_, _, units)| units)
            .sum()
    }

    /// Compute units reported by `program` when invoked by another program (depth 2).
    pub fn cpi_units_of(&self, program: &Pubkey) -> u64 {
        let program = program.to_string();
        self.consumed()
            .filter(|(depth, id, _)| *depth == 2 && *id == program)
            .map(|(_, _, units)| units)
            .sum()
    }

    /// Compute units spent inside programs Ballast called (token and system programs).
    pub fn cpi_units(&self) -> u64 {
        self.consumed()
            .filter(|(depth, _, _)| *depth == 2)
            .map(|(_, _, units)| units)
            .sum()
    }

    /// `(invocation depth, program id, units)` of every "Program X consumed N of M" line.
    fn consumed(&self) -> impl Iterator<Item = (usize, &str, u64)> + '_ {
        let mut stack: Vec<usize> = Vec::new();
        self.logs.iter().filter_map(move |line| {
            let rest = line.strip_prefix("Program ")?;
            let mut words = rest.split(' ');
            let id = words.next()?;
            match words.next()? {
                "invoke" => {
                    let depth = words
                        .next()?
                        .trim_matches(|c| c == '[' || c == ']')
                        .parse()
                        .ok()?;
                    stack.push(depth);
                    None
                }
                "consumed" => Some((*stack.last()?, id, words.next()?.parse().ok()?)),
                "success" | "failed:" => {
                    stack.pop();
                    None
                }
                _ => None,
            }
        })
    }
}

/// A failed transaction.
#[derive(Debug)]
pub struct Failed {
    /// The runtime error.
    pub error: solana_transaction_error::TransactionError,
    /// Program logs up to the failure.
    pub logs: Vec<String>,
}

impl Failed {
    /// The custom program error code, if the failure is one.
    pub fn custom_code(&self) -> Option<u32> {
        use solana_instruction_error::InstructionError;
        use solana_transaction_error::TransactionError;
        match &self.error {
            TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
            _ => None,
        }
    }
}

/// LiteSVM with Ballast loaded and a funded payer.
pub struct Harness {
    /// The VM.
    pub svm: LiteSVM,
    /// Pays fees and rent.
    pub payer: Keypair,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// A fresh VM at [`START_TIME`] with the compiled program loaded.
    pub fn new() -> Self {
        let mut svm = LiteSVM::new();
        let path = program_path();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): build it first with scripts/build-sbf.sh",
                path.display()
            )
        });
        svm.add_program(ballast::ID, &bytes)
            .expect("load ballast.so");
        let payer = Keypair::new();
        svm.airdrop(&payer.pubkey(), 1_000_000_000_000)
            .expect("airdrop");
        let mut harness = Harness { svm, payer };
        harness.set_time(START_TIME);
        harness
    }

    /// Loads another compiled program of this workspace from `target/deploy/<name>.so`.
    pub fn load_program(&mut self, id: Pubkey, name: &str) {
        let path = program_path().with_file_name(format!("{name}.so"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): build it first with scripts/build-sbf.sh",
                path.display()
            )
        });
        self.svm.add_program(id, &bytes).expect("load program");
    }

    /// Sets the cluster clock.
    pub fn set_time(&mut self, unix_timestamp: i64) {
        let mut clock: Clock = self.svm.get_sysvar();
        clock.unix_timestamp = unix_timestamp;
        self.svm.set_sysvar(&clock);
    }

    /// Current cluster unix time.
    pub fn now(&self) -> i64 {
        self.svm.get_sysvar::<Clock>().unix_timestamp
    }

    /// Sends `instructions` in one transaction paid by the harness payer and signed by
    /// `signers` too, with a 1.4M compute-unit limit.
    pub fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Sent, Failed> {
        let mut all = vec![
            solana_compute_budget_interface::ComputeBudgetInstruction::set_compute_unit_limit(
                CU_LIMIT,
            ),
        ];
        all.extend_from_slice(instructions);
        let mut keys: Vec<&Keypair> = vec![&self.payer];
        keys.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != self.payer.pubkey()),
        );
        let tx = Transaction::new_signed_with_payer(
            &all,
            Some(&self.payer.pubkey()),
            &keys,
            self.svm.latest_blockhash(),
        );
        // Wire size: the signature count (one byte below 128), the signatures, the message.
        let tx_bytes = 1 + 64 * tx.signatures.len() + tx.message.serialize().len();
        let result = self.svm.send_transaction(tx);
        // A new blockhash for the next transaction, so identical ones are not deduplicated.
        self.svm.expire_blockhash();
        match result {
            Ok(TransactionMetadata {
                compute_units_consumed,
                logs,
                ..
            }) => Ok(Sent {
                compute_units: compute_units_consumed,
                logs,
                tx_bytes,
            }),
            Err(FailedTransactionMetadata { err, meta }) => Err(Failed {
                error: err,
                logs: meta.logs,
            }),
        }
    }

    /// Like [`Harness::send`] but panics with the logs on failure.
    pub fn send_ok(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> Sent {
        match self.send(instructions, signers) {
            Ok(sent) => sent,
            Err(failed) => panic!(
                "transaction failed: {:?}\n{}",
                failed.error,
                failed.logs.join("\n")
            ),
        }
    }

    /// Raw account, if it exists.
    pub fn account(&self, key: &Pubkey) -> Option<Account> {
        self.svm.get_account(key)
    }

    /// Writes an account directly.
    pub fn set_account(&mut self, key: Pubkey, account: Account) {
        self.svm.set_account(key, account).expect("set_account");
    }

    /// A new funded keypair.
    pub fn funded_keypair(&mut self) -> Keypair {
        let kp = Keypair::new();
        self.svm
            .airdrop(&kp.pubkey(), 100_000_000_000)
            .expect("airdrop");
        kp
    }

    /// Decodes a vault account (zero-copy layout after the 8-byte discriminator).
    pub fn vault_state(&self, key: &Pubkey) -> ballast::state::Vault {
        let account = self.account(key).expect("vault exists");
        let size = std::mem::size_of::<ballast::state::Vault>();
        bytemuck::pod_read_unaligned(&account.data[8..8 + size])
    }
}

/// The events of type `E` in a transaction's logs (`Program data:` lines).
pub fn events<E: anchor_lang::Event + anchor_lang::AnchorDeserialize>(logs: &[String]) -> Vec<E> {
    use base64::Engine;
    logs.iter()
        .filter_map(|line| line.strip_prefix("Program data: "))
        .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).expect("decode event"))
        .collect()
}

/// Asserts that `result` failed with the program error `expected`.
#[track_caller]
pub fn assert_ballast_error<T: std::fmt::Debug>(result: Result<T, Failed>, expected: BallastError) {
    let code: u32 = expected.into();
    assert_error_code(result, code, &format!("{expected:?}"));
}

/// Asserts that `result` failed with custom error `code` (`name` for the message).
#[track_caller]
pub fn assert_error_code<T: std::fmt::Debug>(result: Result<T, Failed>, code: u32, name: &str) {
    match result {
        Ok(sent) => panic!("expected {name} ({code}), but the transaction succeeded: {sent:?}"),
        Err(failed) => assert_eq!(
            failed.custom_code(),
            Some(code),
            "expected {name} ({code}), got {:?}\n{}",
            failed.error,
            failed.logs.join("\n")
        ),
    }
}

/// Asserts that `result` failed with Anchor's own error `expected`.
#[track_caller]
pub fn assert_anchor_error<T: std::fmt::Debug>(
    result: Result<T, Failed>,
    expected: anchor_lang::error::ErrorCode,
) {
    let code: u32 = expected.into();
    assert_error_code(result, code, &format!("{expected:?}"));
}
