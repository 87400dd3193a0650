//! # ballast-sdk
//!
//! Everything an off-chain client needs to talk to the Ballast program, built from the
//! program's own definitions so that nothing drifts:
//!
//! - [`pda`]: every program-derived address, from `ballast::constants` seeds.
//! - [`ix`]: instruction builders for every Ballast instruction (one struct per
//!   instruction, fields open), from `ballast::accounts::*` and `ballast::instruction::*`.
//! - [`state`]: decoding the zero-copy `Vault`, token accounts, mints and Pyth
//!   `PriceUpdateV2` accounts (and encoding the latter, for embedded chains and tests).
//! - [`chain`]: the [`Chain`] trait (send a transaction, read accounts, read the clock), so a
//!   keeper or a CLI runs unchanged against a real cluster or an embedded one.
//! - [`rpc`]: [`RpcChain`], a real cluster over JSON-RPC (nonblocking `solana-rpc-client`).
//! - [`setup`]: [`setup::create_vault`], a vault from nothing to ready for keepers, resumable.
//! - [`governance`]: queued changes with their executable times, whether a change applies
//!   at once, descriptions of changes, targets during a ramp and the fee shares owed now.
//! - [`lookup`]: address lookup tables, so large vaults' transactions fit in a packet.
//! - [`keyfile`]: keypair files in `solana-keygen`'s format.
//! - [`events`]: Anchor events in transaction logs (`Rebalanced`, ...); [`logs`]: compute
//!   units per program and invocation depth.
//!
//! Errors are one typed enum, [`SdkError`]. Nothing here runs a chain: the embedded chain
//! (LiteSVM), the local JSON-RPC node and the demo market are in `ballast-sandbox`, which
//! only tools and tests compile.

pub mod chain;
pub mod error;
pub mod events;
pub mod governance;
pub mod ix;
pub mod keyfile;
pub mod logs;
pub mod lookup;
pub mod pda;
pub mod rpc;
pub mod setup;
pub mod state;

pub use anchor_lang::prelude::Pubkey;
pub use ballast;
pub use ballast_math;
pub use chain::{Chain, ChainClock, Confirmed, Rejection};
pub use error::{SdkError, SdkResult};
pub use rpc::RpcChain;
pub use solana_instruction::{AccountMeta, Instruction};
pub use solana_keypair::Keypair;
pub use solana_message::AddressLookupTableAccount;
pub use solana_signer::Signer;
pub use solana_transaction::versioned::VersionedTransaction;
pub use solana_transaction::Transaction;
