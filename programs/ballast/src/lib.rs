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
pub mod introspection;
pub mod oracle;
pub mod state;
pub mod token;
pub mod valuation;

use instructions::*;

declare_id!("3oogXRPgxzFvw6bW7azXvUDaikRqrwQ8YS36TLCDjgfc");

#[program]
pub mod ballast {
    use super::*;

    /// Creates a vault with 2..=16 assets, its share mint and one reserve per asset.
    ///
    /// Remaining accounts: for each asset in order, `[mint, reserve]`: the reserve writable,
    /// the PDA `[RESERVE_SEED, vault, mint]`, not yet created.
    pub fn initialize_vault<'info>(
        ctx: Context<'info, InitializeVault<'info>>,
        args: InitializeVaultArgs,
    ) -> Result<()> {
        instructions::initialize_vault::handler(ctx, args)
    }

    /// Deposits one vault asset and mints shares priced at the oracle NAV.
    ///
    /// Remaining accounts: for each vault asset in order, `[reserve, price]`: the vault's
    /// reserve (writable for the deposited asset) and the `PriceUpdateV2` account of the
    /// asset's Pyth feed.
    pub fn deposit<'info>(ctx: Context<'info, Deposit<'info>>, args: DepositArgs) -> Result<()> {
        instructions::deposit::handler(ctx, args)
    }

    /// Anyone: creates an asset's swap escrow (needed before the asset can be rebalanced).
    ///
    /// Remaining accounts: none.
    pub fn create_escrow(ctx: Context<CreateEscrow>, args: CreateEscrowArgs) -> Result<()> {
        instructions::create_escrow::handler(ctx, args)
    }

    /// Manager: makes a change that can only reduce the holders' risk (or any change while
    /// no shares exist), at once.
    ///
    /// Remaining accounts: none.
    pub fn apply_change(ctx: Context<ApplyChange>, change: state::Change) -> Result<()> {
        instructions::apply_change::handler(ctx, change)
    }

    /// Manager: queues a change; it may execute after the vault's timelock.
    ///
    /// Remaining accounts: none.
    pub fn queue_change(ctx: Context<QueueChange>, change: state::Change) -> Result<()> {
        instructions::queue_change::handler(ctx, change)
    }

    /// Anyone (the new manager for a handover): executes a queued change whose time came.
    ///
    /// Remaining accounts: for an `AddAsset` change, `[mint, reserve, token program]`: the
    /// new asset's mint, its reserve (writable, the PDA `[RESERVE_SEED, vault, mint]`, not yet
    /// created) and the mint's token program; none for any other change.
    pub fn execute_change<'info>(ctx: Context<'info, ExecuteChange<'info>>) -> Result<()> {
        instructions::execute_change::handler(ctx)
    }

    /// Manager: cancels a queued change.
    ///
    /// Remaining accounts: none.
    pub fn cancel_change(ctx: Context<CancelChange>) -> Result<()> {
        instructions::cancel_change::handler(ctx)
    }

    /// Anyone: fails unless the vault's `config_seq` is the given one (put before a deposit
    /// to pin the configuration the depositor checked).
    ///
    /// Remaining accounts: none.
    pub fn expect_config(ctx: Context<ExpectConfig>, args: ExpectConfigArgs) -> Result<()> {
        instructions::expect_config::handler(ctx, args)
    }

    /// Anyone: closes a queued change that cannot execute (voided by a handover, or not
    /// valid for the vault as it is now), rent to its proposer.
    ///
    /// Remaining accounts: none.
    pub fn discard_change(ctx: Context<DiscardChange>) -> Result<()> {
        instructions::discard_change::handler(ctx)
    }

    /// Manager or guardian: pauses deposits and/or rebalances at once (never withdrawals).
    ///
    /// Remaining accounts: none.
    pub fn pause(ctx: Context<Pause>, args: PauseArgs) -> Result<()> {
        instructions::pause::handler(ctx, args)
    }

    /// Anyone: mints the management fee's accrued shares to the fee recipient.
    ///
    /// Remaining accounts: none.
    pub fn collect_fees(ctx: Context<CollectFees>) -> Result<()> {
        instructions::collect_fees::handler(ctx)
    }

    /// Manager: removes an asset whose target ramped to 0 and whose reserve is empty.
    ///
    /// Remaining accounts: none.
    pub fn remove_asset(ctx: Context<RemoveAsset>, args: RemoveAssetArgs) -> Result<()> {
        instructions::remove_asset::handler(ctx, args)
    }

    /// Anyone: opens a rebalance round when the policy says one is due, fixing its trade
    /// targets and starting the swap auction.
    ///
    /// Remaining accounts: for each vault asset in order, `[reserve, price]`: the vault's
    /// reserve and the `PriceUpdateV2` account of the asset's Pyth feed.
    pub fn open_round<'info>(ctx: Context<'info, OpenRound<'info>>) -> Result<()> {
        instructions::open_round::handler(ctx)
    }

    /// Anyone: one swap of the open round between two reserves through an allowlisted DEX,
    /// its output checked against oracle prices at the auction's level.
    ///
    /// Remaining accounts: for each vault asset in order, `[reserve, price]` (the sold and
    /// bought reserves writable, each price the `PriceUpdateV2` account of the asset's Pyth
    /// feed); then the DEX instruction's accounts in the DEX's own order (the program signs
    /// for the swap authority among them).
    pub fn rebalance<'info>(
        ctx: Context<'info, Rebalance<'info>>,
        args: RebalanceArgs,
    ) -> Result<()> {
        instructions::rebalance::handler(ctx, args)
    }

    /// Manager: publishes the vault's frozen address lookup table for clients.
    ///
    /// Remaining accounts: none.
    pub fn set_lookup_table(ctx: Context<SetLookupTable>) -> Result<()> {
        instructions::set_lookup_table::handler(ctx)
    }

    /// Burns shares for the pro-rata part of every reserve, in kind.
    ///
    /// Remaining accounts: for each vault asset in order, `[reserve, user token, mint]`: the
    /// vault's reserve (writable), the redeemer's token account of the asset (writable) and
    /// the asset's mint.
    pub fn withdraw<'info>(ctx: Context<'info, Withdraw<'info>>, args: WithdrawArgs) -> Result<()> {
        instructions::withdraw::handler(ctx, args)
    }
}
