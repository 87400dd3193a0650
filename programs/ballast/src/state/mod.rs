//! Accounts owned by the program.

pub mod change;
pub mod params;
pub mod vault;

pub use change::*;
pub use params::*;
pub use vault::*;
