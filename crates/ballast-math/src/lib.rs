//! # ballast-math
//!
//! The pure arithmetic of Ballast, shared by the on-chain program, the keeper and the
//! backtester, so that what a keeper predicts is exactly what the program enforces.
//! No Solana dependency; `no_std` when built without the default `std` feature.
//!
//! - [`fixed`]: the [`Wad`] fixed-point type (u128 scaled by 10^18) and [`Rounding`].
//! - [`wide`]: `a * b / c` with a 256-bit intermediate.
//! - [`oracle`]: Pyth `(price, conf, exponent)` and token amounts to values.
//! - [`shares`]: deposit and redemption share math with the inflation-attack defence.
#![cfg_attr(not(feature = "std"), no_std)]

pub mod error;
pub mod fixed;
pub mod oracle;
pub mod shares;
pub mod wide;

pub use error::{MathError, MathResult};
pub use fixed::{Rounding, Wad, BPS, WAD};
pub use oracle::{OraclePrice, PriceSide};
