//! [`EmbeddedChain`]: an in-process chain (LiteSVM) with the compiled Ballast program, the
//! local test venue and the real SPL Token, Token-2022 and Associated Token programs that
//! LiteSVM bundles. For demos and tests; it implements [`Chain`] like a real cluster would.
//! Mints, token accounts and Pyth prices: [`crate::tokens`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anchor_lang::prelude::Pubkey;
use litesvm::types::{FailedTransactionMetadata, TransactionMetadata};
use litesvm::LiteSVM;
use solana_account::Account;
use solana_clock::Clock;
use solana_hash::Hash;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_slot_hashes::SlotHashes;
use solana_transaction::versioned::VersionedTransaction;

use ballast_sdk::chain::{Chain, ChainClock, Confirmed, Rejection};
use ballast_sdk::ix::MAX_COMPUTE_UNITS;
use ballast_sdk::{SdkError, SdkResult};

/// Unix time an embedded chain starts at (2025-06-15).
pub const START_TIME: i64 = 1_750_000_000;
/// Lamports of the embedded chain's payer.
const PAYER_LAMPORTS: u64 = 1_000_000_000_000;
/// Environment variable naming the directory with the compiled programs.
pub const PROGRAMS_DIR_ENV: &str = "BALLAST_PROGRAMS_DIR";

/// The compiled programs an embedded chain loads by default: `(id, file stem)`.
pub const PROGRAMS: [(Pubkey, &str); 2] = [
    (ballast::ID, "ballast"),
    (ballast_test_amm::ID, "ballast_test_amm"),
];

/// Where the compiled programs are: `$BALLAST_PROGRAMS_DIR` when set, else the first
/// `target/deploy` holding `ballast.so` found walking up from the current directory, else
/// this workspace's `target/deploy` (where `scripts/build-sbf.sh` writes them).
pub fn find_programs_dir() -> SdkResult<PathBuf> {
    if let Some(dir) = std::env::var_os(PROGRAMS_DIR_ENV) {
        return Ok(PathBuf::from(dir));
    }
    let mut candidates = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.extend(cwd.ancestors().map(|a| a.join("target/deploy")));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/deploy"));
    candidates
        .iter()
        .find(|dir| dir.join("ballast.so").is_file())
        .cloned()
        .ok_or_else(|| SdkError::ProgramMissing {
            path: PathBuf::from("target/deploy/ballast.so"),
            reason: format!(
                "not found in any target/deploy above the current directory nor in \
                 ${PROGRAMS_DIR_ENV}"
            ),
        })
}

/// LiteSVM with the Ballast programs loaded and a funded payer.
pub struct EmbeddedChain {
    svm: Mutex<LiteSVM>,
    payer: Keypair,
    programs_dir: PathBuf,
}

impl EmbeddedChain {
    /// A fresh chain at [`START_TIME`] with the programs of [`find_programs_dir`].
    pub fn new() -> SdkResult<Self> {
        Self::with_programs_dir(&find_programs_dir()?)
    }

    /// A fresh chain at [`START_TIME`] with the [`PROGRAMS`] of `dir` (`ballast.so`,
    /// `ballast_test_amm.so`).
    pub fn with_programs_dir(dir: &Path) -> SdkResult<Self> {
        Self::with_programs(dir, &PROGRAMS)
    }

    /// A fresh chain at [`START_TIME`] with `programs` (`(id, file stem)`) of `dir` loaded
    /// (more can be loaded later with [`EmbeddedChain::load_program`]).
    pub fn with_programs(dir: &Path, programs: &[(Pubkey, &str)]) -> SdkResult<Self> {
        // A real cluster accepts any recent blockhash (about 150 slots); LiteSVM accepts only
        // the latest unless the check is off. Off, a transaction signed before another one
        // landed is still valid, as on a cluster; duplicates are still refused by signature.
        let mut svm = LiteSVM::new().with_blockhash_check(false);
        let payer = Keypair::new();
        svm.airdrop(&payer.pubkey(), PAYER_LAMPORTS)
            .map_err(|e| SdkError::Transport(format!("airdrop to the payer: {:?}", e.err)))?;
        let chain = EmbeddedChain {
            svm: Mutex::new(svm),
            payer,
            programs_dir: dir.to_path_buf(),
        };
        for (id, stem) in programs {
            chain.load_program(*id, stem)?;
        }
        chain.set_time(START_TIME);
        Ok(chain)
    }

    /// Loads (or replaces) program `id` from `<stem>.so` in the chain's programs directory.
    pub fn load_program(&self, id: Pubkey, stem: &str) -> SdkResult<()> {
        let path = self.programs_dir.join(format!("{stem}.so"));
        let bytes = std::fs::read(&path).map_err(|e| SdkError::ProgramMissing {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        self.lock()
            .add_program(id, &bytes)
            .map_err(|e| SdkError::ProgramLoad {
                program: id,
                reason: format!("{e:?}"),
            })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, LiteSVM> {
        // A panic while holding the lock leaves the VM as consistent as LiteSVM left it.
        self.svm
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the VM (anything the helpers do not cover).
    pub fn with_svm<R>(&self, f: impl FnOnce(&mut LiteSVM) -> R) -> R {
        f(&mut self.lock())
    }

    /// The payer of every helper (mint and freeze authority of the mints they create).
    pub fn payer(&self) -> &Keypair {
        &self.payer
    }

    /// Current cluster unix time.
    pub fn now(&self) -> i64 {
        self.lock().get_sysvar::<Clock>().unix_timestamp
    }

    /// Sets the cluster unix time (and advances the slot, so time only moves with slots).
    pub fn set_time(&self, unix_timestamp: i64) {
        let mut svm = self.lock();
        let mut clock: Clock = svm.get_sysvar();
        clock.unix_timestamp = unix_timestamp;
        svm.set_sysvar(&clock);
        next_slot(&mut svm);
    }

    /// Advances the slot by one without moving the unix time (as a cluster does every
    /// 400 ms); the slot it leaves enters the `SlotHashes` sysvar, so that it can serve as
    /// the recent slot of a new address lookup table.
    pub fn advance_slot(&self) {
        next_slot(&mut self.lock());
    }

    /// Moves the clock `secs` seconds forward.
    pub fn warp(&self, secs: i64) {
        self.set_time(self.now().saturating_add(secs));
    }

    /// Gives `lamports` to `to`.
    pub fn airdrop(&self, to: &Pubkey, lamports: u64) -> SdkResult<()> {
        let mut svm = self.lock();
        let result = svm.airdrop(to, lamports);
        // LiteSVM signs each airdrop on the latest blockhash: a new one lets the same
        // airdrop be made again.
        svm.expire_blockhash();
        result
            .map(|_| ())
            .map_err(|e| SdkError::Transport(format!("airdrop: {:?}", e.err)))
    }

    /// A new keypair holding 100 SOL.
    pub fn funded_keypair(&self) -> SdkResult<Keypair> {
        let keypair = Keypair::new();
        self.airdrop(&keypair.pubkey(), 100_000_000_000)?;
        Ok(keypair)
    }

    /// Writes an account directly.
    pub fn set_account(&self, address: Pubkey, account: Account) -> SdkResult<()> {
        self.lock()
            .set_account(address, account)
            .map_err(|e| SdkError::InvalidInput(format!("set_account {address}: {e:?}")))
    }

    /// The account at `address` (synchronous form of [`Chain::get_account`]).
    pub fn account(&self, address: &Pubkey) -> Option<Account> {
        self.lock().get_account(address)
    }

    /// Sends `instructions` paid by the chain's payer and signed by `signers` too, with the
    /// maximum compute-unit limit (synchronous form of [`Chain::send_transaction`]).
    pub fn send(&self, instructions: &[Instruction], signers: &[&Keypair]) -> SdkResult<Confirmed> {
        self.send_signed(&self.sign(instructions, signers)?)
    }

    /// The legacy transaction [`EmbeddedChain::send`] sends: a compute-unit limit
    /// instruction (the maximum), then `instructions`, paid by the chain's payer and signed
    /// by `signers` too, on the latest blockhash (an error naming the key when the signers
    /// are not exactly those the instructions require).
    pub fn sign(
        &self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> SdkResult<VersionedTransaction> {
        let blockhash = self.lock().latest_blockhash();
        ballast_sdk::chain::sign(
            &self.payer,
            instructions,
            signers,
            Some(MAX_COMPUTE_UNITS),
            blockhash,
        )
    }

    /// Executes a signed transaction now (synchronous form of [`Chain::send_transaction`]).
    pub fn send_signed(&self, tx: &VersionedTransaction) -> SdkResult<Confirmed> {
        let mut svm = self.lock();
        let result = svm.send_transaction(tx.clone());
        // A new blockhash for the next transaction, so that identical instructions sent again
        // make a new transaction (the same signed transaction twice is still refused).
        svm.expire_blockhash();
        match result {
            Ok(TransactionMetadata {
                signature,
                compute_units_consumed,
                logs,
                ..
            }) => Ok(Confirmed {
                signature,
                compute_units: Some(compute_units_consumed),
                logs,
            }),
            Err(FailedTransactionMetadata { err, meta }) => {
                Err(SdkError::Rejected(Box::new(Rejection {
                    signature: Some(meta.signature),
                    error: err,
                    logs: meta.logs,
                })))
            }
        }
    }
}

impl Chain for EmbeddedChain {
    async fn get_account(&self, address: &Pubkey) -> SdkResult<Option<Account>> {
        Ok(self.account(address))
    }

    async fn get_clock(&self) -> SdkResult<ChainClock> {
        let clock: Clock = self.lock().get_sysvar();
        Ok(ChainClock {
            slot: clock.slot,
            unix_timestamp: clock.unix_timestamp,
        })
    }

    async fn latest_blockhash(&self) -> SdkResult<Hash> {
        Ok(self.lock().latest_blockhash())
    }

    async fn send_transaction(&self, transaction: &VersionedTransaction) -> SdkResult<Confirmed> {
        self.send_signed(transaction)
    }

    /// Slots move only when told to here: advances them past `slot` at once.
    async fn wait_past_slot(&self, slot: u64, _timeout: std::time::Duration) -> SdkResult<()> {
        while self.with_svm(|svm| svm.get_sysvar::<Clock>().slot) <= slot {
            self.advance_slot();
        }
        Ok(())
    }
}

/// Moves the VM to the next slot and records the slot it leaves (the new slot's parent) in
/// `SlotHashes`, as a validator does: a bank's `SlotHashes` holds its ancestors, never its
/// own slot, so a lookup table derived from the clock's slot is refused as on a cluster.
fn next_slot(svm: &mut LiteSVM) {
    let mut clock: Clock = svm.get_sysvar();
    let parent = clock.slot;
    clock.slot = clock.slot.saturating_add(1);
    svm.set_sysvar(&clock);
    let mut hashes: SlotHashes = svm.get_sysvar();
    let mut hash = [0u8; 32];
    hash[..8].copy_from_slice(&parent.to_le_bytes());
    hashes.add(parent, Hash::new_from_array(hash));
    svm.set_sysvar(&hashes);
}
