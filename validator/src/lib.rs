//! # ballast-validator-tests
//!
//! Ballast on agave's own validator (`solana-test-validator` 4.3.2, in process), where our
//! `LocalNode` cannot stand in: real blockhashes that expire, a `SlotHashes` sysvar per bank,
//! lookup tables resolved on the rooted bank, programs deployed and upgraded through the
//! upgradeable loader, a clock that is the wall clock. The test (`tests/validator.rs`)
//! deploys `target/deploy/ballast.so` and `ballast_test_amm.so` over RPC, upgrades one, and
//! runs the SDK's vault setup, deposits, a refusal, keeper rounds and a withdrawal over RPC.
//!
//! A workspace of its own, so the main suite never compiles a validator; run it with
//! `scripts/validator-test.sh` (it patches crates.io's `rocksdb` 0.24.0 with the four methods
//! the published `solana-ledger` 4.3.2 calls, which only agave's fork of that crate has).
//!
//! - [`genesis`]: mints, funded wallets, a staircase of Pyth prices, program accounts.
//! - [`deploy`]: deploy and upgrade through the upgradeable loader, as the CLI does.
//! - [`market`]: the test AMM's pools and the vault's parameters and rules.

pub mod deploy;
pub mod genesis;
pub mod market;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use solana_rpc::rpc::JsonRpcConfig;
use solana_test_validator::{TestValidator, TestValidatorGenesis};

use crate::genesis::Genesis;

/// Errors of the test's helpers: anything, as one line.
pub type TestResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// A running validator and what its genesis holds.
pub struct Running {
    /// The validator (start it and drop it outside a tokio runtime).
    pub validator: TestValidator,
    /// The mint keypair of the genesis (the cluster has no faucet).
    pub mint: solana_keypair::Keypair,
    /// The market, wallets and prices.
    pub genesis: Genesis,
    /// How long the start took (genesis, ledger, first slot).
    pub started_in: Duration,
}

/// Starts a validator holding [`genesis::populate`]'s accounts, with transaction history
/// and its logs on (`getTransaction`, for what the loader said). Must run outside a tokio
/// runtime.
pub fn start() -> TestResult<Running> {
    let started = Instant::now();
    let mut config = TestValidatorGenesis::default();
    config.rpc_config(JsonRpcConfig {
        enable_rpc_transaction_history: true,
        // Keeps the program logs in the stored statuses (`getTransaction`'s logMessages).
        enable_extended_tx_metadata_storage: true,
        ..JsonRpcConfig::default_for_test()
    });
    let genesis = genesis::populate(&mut config)?;
    let mint = solana_keypair::Keypair::new();
    let validator = config
        .start_with_mint_address(
            solana_signer::Signer::pubkey(&mint),
            solana_net_utils::SocketAddrSpace::new(true),
        )
        .map_err(|e| format!("the validator did not start: {e}"))?;
    Ok(Running {
        validator,
        mint,
        genesis,
        started_in: started.elapsed(),
    })
}

/// The directory of the compiled programs: `$BALLAST_PROGRAMS_DIR`, else the repository's
/// `target/deploy` (built by `scripts/build-sbf.sh`).
pub fn programs_dir() -> PathBuf {
    std::env::var_os("BALLAST_PROGRAMS_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/deploy"),
        PathBuf::from,
    )
}

/// The bytes of `<stem>.so` in [`programs_dir`].
pub fn program_bytes(stem: &str) -> TestResult<Vec<u8>> {
    let path = programs_dir().join(format!("{stem}.so"));
    std::fs::read(&path)
        .map_err(|e| format!("{}: {e} (run scripts/build-sbf.sh)", path.display()).into())
}

/// The SBPF version an `.so` declares: its ELF header's `e_flags` (the SBF toolchain writes
/// 3 for SBPF v3). Refuses what is not a little-endian 64-bit ELF.
pub fn sbpf_version(so: &[u8]) -> TestResult<u32> {
    const E_FLAGS: usize = 48;
    if so.get(..4) != Some(b"\x7fELF".as_slice()) || so.get(4..6) != Some([2u8, 1].as_slice()) {
        return Err("not a little-endian 64-bit ELF".into());
    }
    let flags = so
        .get(E_FLAGS..E_FLAGS + 4)
        .ok_or("ELF header too short")?
        .try_into()?;
    Ok(u32::from_le_bytes(flags))
}
