//! # ballast-sdk
//!
//! Everything an off-chain client needs to talk to the Ballast program, built from the
//! program's own definitions so that nothing drifts:
//!
//! - [`pda`]: every program-derived address, from `ballast::constants` seeds.
//! - [`ix`]: instruction builders for every Ballast instruction, from
//!   `ballast::accounts::*` and `ballast::instruction::*`.
//! - [`state`]: decoding the zero-copy `Vault`, token accounts, mints and Pyth
//!   `PriceUpdateV2` accounts.
//! - [`chain`]: the [`Chain`] trait (send a transaction, read accounts, read the clock), so a
//!   keeper or a CLI runs unchanged against a real cluster or an embedded one.
//! - [`embedded`]: [`EmbeddedChain`], LiteSVM with the compiled programs and the real SPL
//!   Token programs, plus helpers to create mints, token accounts and Pyth prices and to move
//!   the clock.
//! - [`rpc`]: [`RpcChain`], a real cluster over JSON-RPC (nonblocking `solana-rpc-client`).
//! - [`node`]: [`node::LocalNode`], an embedded chain served over JSON-RPC on HTTP, so RPC
//!   clients (this SDK's [`RpcChain`], the keeper, the `ballast` CLI) run end to end locally.
//! - [`setup`]: [`setup::create_vault`], a vault from nothing to ready for keepers, resumable.
//! - [`lookup`]: address lookup tables, so large vaults' transactions fit in a packet.
//! - [`keyfile`]: keypair files in `solana-keygen`'s format.
//! - [`events`]: Anchor events in transaction logs (`Rebalanced`, ...).
//! - [`demo`]: a funded, configured vault with deep pools on an embedded chain.
//!
//! Errors are one typed enum, [`SdkError`].

pub mod chain;
pub mod demo;
pub mod embedded;
pub mod error;
pub mod events;
pub mod ix;
pub mod keyfile;
pub mod lookup;
pub mod node;
pub mod pda;
pub mod rpc;
pub mod setup;
pub mod state;

pub use anchor_lang::prelude::Pubkey;
pub use ballast;
pub use ballast_math;
pub use chain::{Chain, ChainClock, Confirmed, Rejection};
pub use embedded::EmbeddedChain;
pub use error::{SdkError, SdkResult};
pub use node::LocalNode;
pub use rpc::RpcChain;
pub use solana_instruction::{AccountMeta, Instruction};
pub use solana_keypair::Keypair;
pub use solana_message::AddressLookupTableAccount;
pub use solana_signer::Signer;
pub use solana_transaction::versioned::VersionedTransaction;
pub use solana_transaction::Transaction;
