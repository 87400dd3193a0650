//! One file per instruction: accounts, arguments and handler with its specification.

pub mod apply_change;
pub mod cancel_change;
pub mod collect_fees;
pub mod create_escrow;
pub mod deposit;
pub mod discard_change;
pub mod execute_change;
pub mod expect_config;
pub mod initialize_vault;
pub mod open_round;
pub mod pause;
pub mod queue_change;
pub mod rebalance;
pub mod remove_asset;
pub mod set_lookup_table;
pub mod withdraw;

// Anchor's #[program] needs each module's generated items at the crate root; the
// `handler` names overlap but are always called by their full path.
#[allow(ambiguous_glob_reexports)]
pub use apply_change::*;
#[allow(ambiguous_glob_reexports)]
pub use cancel_change::*;
#[allow(ambiguous_glob_reexports)]
pub use collect_fees::*;
#[allow(ambiguous_glob_reexports)]
pub use create_escrow::*;
#[allow(ambiguous_glob_reexports)]
pub use deposit::*;
#[allow(ambiguous_glob_reexports)]
pub use discard_change::*;
#[allow(ambiguous_glob_reexports)]
pub use execute_change::*;
#[allow(ambiguous_glob_reexports)]
pub use expect_config::*;
#[allow(ambiguous_glob_reexports)]
pub use initialize_vault::*;
#[allow(ambiguous_glob_reexports)]
pub use open_round::*;
#[allow(ambiguous_glob_reexports)]
pub use pause::*;
#[allow(ambiguous_glob_reexports)]
pub use queue_change::*;
#[allow(ambiguous_glob_reexports)]
pub use rebalance::*;
#[allow(ambiguous_glob_reexports)]
pub use remove_asset::*;
#[allow(ambiguous_glob_reexports)]
pub use set_lookup_table::*;
#[allow(ambiguous_glob_reexports)]
pub use withdraw::*;
