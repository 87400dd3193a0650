//! Test harness: the compiled programs on the sandbox's embedded chain
//! (`ballast_sandbox::EmbeddedChain`: LiteSVM with the real SPL Token and Token-2022
//! programs), every instruction built with the SDK's builders (`ballast_sdk::ix`, fields
//! open so a test can change any account or argument before sending) and the test venue's
//! client (`ballast_test_amm::client`).
//!
//! What is here is what only tests need: fixtures of vaults and users built from asset
//! specs ([`fixtures`]), constructors of the SDK's builders from those fixtures ([`ix`]),
//! snapshots of every balance a refused instruction must leave unchanged, attack helpers
//! (foreign-owned or partially verified prices, Token-2022 mints with refused extensions,
//! the hostile DEX: [`market`]), and assertions on program errors by name.
//!
//! Tests read as: build a [`Harness`], create a vault with [`Harness::create_vault`], fund
//! users, then `h.send(&[ix::deposit(&v, &user, 0, amount).instruction()], &[&user.keypair])`
//! and assert on balances and errors.

pub mod amm;
pub mod campaign;
pub mod cpmm;
pub mod fixtures;
pub mod ix;
pub mod market;
pub mod venue;

use ballast_sandbox::chain::find_programs_dir;
use ballast_sandbox::EmbeddedChain;
use ballast_sdk::{logs, SdkError};
use solana_account::Account;
use solana_instruction::Instruction;
use solana_keypair::Keypair;

pub use anchor_lang::prelude::Pubkey;
pub use ballast::error::BallastError;
pub use ballast_sandbox::START_TIME;
pub use ballast_sdk::events::decode_events as events;
/// A refused transaction: the runtime's error and the logs up to the failure.
pub use ballast_sdk::Rejection as Failed;
pub use fixtures::*;

/// Compute-unit limit requested by every transaction of the harness.
pub const CU_LIMIT: u32 = ballast_sdk::ix::MAX_COMPUTE_UNITS;

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
        logs::program_units_at(&self.logs, &ballast::ID, 1)
    }

    /// Compute units reported by `program` when invoked by another program (depth 2).
    pub fn cpi_units_of(&self, program: &Pubkey) -> u64 {
        logs::program_units_at(&self.logs, program, 2)
    }

    /// Compute units spent inside programs Ballast called (token and system programs).
    pub fn cpi_units(&self) -> u64 {
        logs::units_at_depth(&self.logs, 2)
    }
}

/// The embedded chain with Ballast loaded (other programs on demand) and a funded payer.
pub struct Harness {
    /// The chain (for anything the harness does not wrap).
    pub chain: EmbeddedChain,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// A fresh chain at [`START_TIME`] with the compiled program loaded.
    pub fn new() -> Self {
        let chain = find_programs_dir()
            .and_then(|dir| EmbeddedChain::with_programs(&dir, &[(ballast::ID, "ballast")]))
            .unwrap_or_else(|e| panic!("{e} (build it first with scripts/build-sbf.sh)"));
        Harness { chain }
    }

    /// Loads another compiled program of this workspace from `target/deploy/<name>.so`.
    pub fn load_program(&mut self, id: Pubkey, name: &str) {
        self.chain
            .load_program(id, name)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Pays fees and rent; mint and freeze authority of the harness's mints.
    pub fn payer(&self) -> &Keypair {
        self.chain.payer()
    }

    /// Sets the cluster clock.
    pub fn set_time(&mut self, unix_timestamp: i64) {
        self.chain.set_time(unix_timestamp);
    }

    /// Current cluster unix time.
    pub fn now(&self) -> i64 {
        self.chain.now()
    }

    /// Sends `instructions` in one transaction paid by the harness payer and signed by
    /// `signers` too, with a 1.4M compute-unit limit.
    pub fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Sent, Failed> {
        let tx = self
            .chain
            .sign(instructions, signers)
            .unwrap_or_else(|e| panic!("cannot sign the transaction: {e}"));
        // Wire size: the signature count (one byte below 128), the signatures, the message.
        let tx_bytes = 1 + 64 * tx.signatures.len() + tx.message.serialize().len();
        match self.chain.send_signed(&tx) {
            Ok(confirmed) => Ok(Sent {
                compute_units: confirmed.compute_units.unwrap_or_default(),
                logs: confirmed.logs,
                tx_bytes,
            }),
            Err(SdkError::Rejected(rejection)) => Err(*rejection),
            Err(e) => panic!("the embedded chain failed: {e}"),
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
        self.chain.account(key)
    }

    /// Writes an account directly.
    pub fn set_account(&mut self, key: Pubkey, account: Account) {
        self.chain.set_account(key, account).expect("set_account");
    }

    /// A new keypair holding 100 SOL.
    pub fn funded_keypair(&mut self) -> Keypair {
        self.chain.funded_keypair().expect("airdrop")
    }

    /// The decoded vault account at `key`.
    pub fn vault_state(&self, key: &Pubkey) -> ballast::state::Vault {
        let account = self.account(key).expect("vault exists");
        ballast_sdk::state::decode_vault(key, &account).expect("a vault")
    }
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
