//! One file per instruction: accounts and handler with its specification.

pub mod add_liquidity;
pub mod create_pool;
pub mod swap;

// Anchor's #[program] needs each module's generated items at the crate root; the
// `handler` names overlap but are always called by their full path.
#[allow(ambiguous_glob_reexports)]
pub use add_liquidity::*;
#[allow(ambiguous_glob_reexports)]
pub use create_pool::*;
#[allow(ambiguous_glob_reexports)]
pub use swap::*;
