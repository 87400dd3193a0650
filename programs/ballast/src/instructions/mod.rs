//! One file per instruction: accounts, arguments and handler with its specification.

pub mod configure_rebalance;
pub mod create_escrow;
pub mod deposit;
pub mod initialize_vault;
pub mod open_round;
pub mod rebalance;
pub mod set_lookup_table;
pub mod withdraw;

// Anchor's #[program] needs each module's generated items at the crate root; the
// `handler` names overlap but are always called by their full path.
#[allow(ambiguous_glob_reexports)]
pub use configure_rebalance::*;
#[allow(ambiguous_glob_reexports)]
pub use create_escrow::*;
#[allow(ambiguous_glob_reexports)]
pub use deposit::*;
#[allow(ambiguous_glob_reexports)]
pub use initialize_vault::*;
#[allow(ambiguous_glob_reexports)]
pub use open_round::*;
#[allow(ambiguous_glob_reexports)]
pub use rebalance::*;
#[allow(ambiguous_glob_reexports)]
pub use set_lookup_table::*;
#[allow(ambiguous_glob_reexports)]
pub use withdraw::*;
