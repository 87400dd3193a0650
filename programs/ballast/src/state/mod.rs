//! Accounts owned by the program.

pub mod change;
pub mod vault;

pub use change::*;
pub use vault::*;
