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
//! - [`signed`]: [`SignedWad`], a signed deviation.
//! - [`portfolio`]: total value, current weights, deviations from the targets.
//! - [`policy`]: the trigger policies ([`Policy`]) and their no-trade bands.
//! - [`ramp`]: target weights that move linearly between two sets (`weights_at`).
//! - [`volatility`]: the on-chain EWMA volatility estimate used by the `vol-band` policy.
//! - [`target`]: trade-target modes ([`TradeTarget`]) and balanced trade-target values.
//! - [`planner`]: greedy swap planning (keeper) and single-swap validation (program).
//! - [`execution`]: the minimum output a swap must return.
//! - [`fees`]: the continuous management fee, settled in shares.
//! - [`round`]: rebalance rounds (open, swap terms with the Dutch-auction bound, keeper
//!   reward): the one decision the program enforces and keepers predict.
//! - [`parse`]: the text forms of policies and modes.
#![cfg_attr(not(feature = "std"), no_std)]

pub mod error;
pub mod execution;
pub mod fees;
pub mod fixed;
pub mod oracle;
pub mod parse;
pub mod planner;
pub mod policy;
pub mod portfolio;
pub mod ramp;
pub mod round;
pub mod shares;
pub mod signed;
pub mod target;
pub mod volatility;
pub mod wide;

pub use error::{MathError, MathResult};
pub use execution::min_output;
pub use fixed::{Rounding, Wad, BPS, MICRO_USD, WAD};
pub use oracle::{OraclePrice, PriceSide};
pub use parse::ParseError;
pub use planner::{check_swap, plan_rebalance, plan_swaps, AssetPrice, Swap, SwapLimits, SwapList};
pub use policy::{Policy, PolicyInputs};
pub use portfolio::{AssetState, Deviation};
pub use signed::SignedWad;
pub use target::TradeTarget;
pub use volatility::{update_volatility, VolState};
