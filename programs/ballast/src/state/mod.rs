//! Accounts owned by the program.

pub mod vault;

pub use vault::*;
