//! `expect_config`: a depositor pins the configuration it checked.

use anchor_lang::prelude::*;

use crate::error::BallastError;
use crate::state::Vault;

/// Arguments of `expect_config`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectConfigArgs {
    /// The vault's `config_seq` as the caller read it.
    pub config_seq: u64,
}

#[derive(Accounts)]
pub struct ExpectConfig<'info> {
    /// The vault (read only).
    pub vault: AccountLoader<'info, Vault>,
}

/// Fails unless the vault's configuration is the one the caller read: sent before a deposit
/// in the same transaction, it makes the deposit land only on that configuration. While a
/// vault has no holders every change applies at once, so without it a manager could change
/// the rules between a depositor's check and its deposit.
///
/// Requires: `config_seq` equal to the vault's (`ConfigChanged`).
///
/// Changes: nothing.
pub fn handler(ctx: Context<ExpectConfig>, args: ExpectConfigArgs) -> Result<()> {
    let vault = ctx.accounts.vault.load()?;
    require!(
        vault.config_seq == args.config_seq,
        BallastError::ConfigChanged
    );
    Ok(())
}
