//! # ballast-sandbox
//!
//! Everything that runs a chain in this process, for the `ballast` CLI, demos and tests
//! (integrators compile [`ballast_sdk`] only, which never pulls in a VM):
//!
//! - [`chain`]: [`EmbeddedChain`], LiteSVM with the compiled programs and the real SPL
//!   Token, Token-2022 and Associated Token programs; it implements
//!   [`ballast_sdk::Chain`] like a cluster, and moves its clock on demand.
//! - [`tokens`]: mints (Token-2022 extensions included), token accounts, minting, freezing
//!   and Pyth prices on the embedded chain.
//! - [`node`]: [`LocalNode`], an embedded chain served over JSON-RPC on HTTP, so RPC
//!   clients (`ballast_sdk::RpcChain`, the keeper, the `ballast` CLI) run end to end locally.
//! - [`market`]: [`DemoMarket`], demo mints with Pyth prices, a deep pool per pair (of the
//!   local test AMM, or of Raydium CPMM: [`cpmm`]) and an arbitrageur; its faucet for a
//!   [`LocalNode`].
//! - [`venues`]: which DEX a demo market uses, and where the compiled program of a real
//!   DEX is found (checked against its pinned hash).
//! - [`vault`]: [`DemoVault`], a funded, configured vault on a demo market.
//! - [`keeping`]: [`keeping::keep_until_idle`], a keeper ticking on the embedded chain
//!   with the clock moved through each round's auction.
//! - [`demo`]: a vault's life on a demo market, day by day, with the keeper
//!   (`ballast-keeper`) rebalancing and wallets depositing and redeeming; returns a
//!   serializable report (what `ballast demo` renders).

pub mod chain;
pub mod cpmm;
pub mod demo;
pub mod keeping;
pub mod market;
pub mod node;
pub mod tokens;
pub mod vault;
pub mod venues;

pub use chain::{EmbeddedChain, START_TIME};
pub use market::{DemoAsset, DemoConfig, DemoMarket, FOUR_ASSETS, PRICE_EXPONENT};
pub use node::{Faucet, LocalNode};
pub use vault::DemoVault;
pub use venues::DemoVenue;
