//! # Ballast
//!
//! A vault that keeps a pooled multi-asset portfolio at its target weights. Depositors bring
//! any vault asset and receive shares priced at the Pyth NAV; they redeem shares for their
//! pro-rata part of every reserve, in kind, without any oracle.
//!
//! Layout: `instructions/` (one file per instruction, each with its specification),
//! `state/` (accounts), `oracle.rs` (Pyth checks), `token.rs` (token reads and CPIs),
//! `constants.rs` (seeds and limits), `error.rs`, `events.rs`. The arithmetic lives in the
//! `ballast-math` crate, shared with the keeper and the backtester.
#![allow(unexpected_cfgs)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;

pub mod constants;
pub mod error;
pub mod events;
pub mod instructions;
pub mod oracle;
pub mod state;
pub mod token;

use instructions::*;

declare_id!("3oogXRPgxzFvw6bW7azXvUDaikRqrwQ8YS36TLCDjgfc");

#[program]
pub mod ballast {
    use super::*;

    /// Creates a vault with 2..=16 assets, its share mint and one reserve per asset.
    pub fn initialize_vault<'info>(
        ctx: Context<'info, InitializeVault<'info>>,
        args: InitializeVaultArgs,
    ) -> Result<()> {
        instructions::initialize_vault::handler(ctx, args)
    }

    /// Deposits one vault asset and mints shares priced at the oracle NAV.
    pub fn deposit<'info>(ctx: Context<'info, Deposit<'info>>, args: DepositArgs) -> Result<()> {
        instructions::deposit::handler(ctx, args)
    }

    /// Burns shares for the pro-rata part of every reserve, in kind.
    pub fn withdraw<'info>(ctx: Context<'info, Withdraw<'info>>, args: WithdrawArgs) -> Result<()> {
        instructions::withdraw::handler(ctx, args)
    }
}
