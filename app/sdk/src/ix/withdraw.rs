//! `withdraw`: shares burned, the pro-rata part of every reserve out, no oracle read.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::WithdrawArgs;
use solana_instruction::{AccountMeta, Instruction};

use super::{ballast_instruction, VaultAccounts};
use crate::error::{SdkError, SdkResult};

/// `withdraw`. Remaining accounts: `[reserve, user token account, mint]` per asset, the
/// first two writable.
#[derive(Clone, Debug)]
pub struct Withdraw {
    /// The program's accounts.
    pub accounts: ballast::accounts::Withdraw,
    /// `[reserve, user token account, mint]` per asset, in vault order.
    pub remaining: Vec<AccountMeta>,
    /// The arguments.
    pub args: WithdrawArgs,
}

impl Withdraw {
    /// `user` burns `shares` from `user_shares` and receives its part of every asset not in
    /// `skip_assets` (bit `i` = asset `i`) in `user_tokens[i]`, at least
    /// `min_amounts_out[i]`.
    pub fn new(
        vault: &VaultAccounts,
        user: &Pubkey,
        user_shares: &Pubkey,
        user_tokens: &[Pubkey],
        shares: u64,
        min_amounts_out: Vec<u64>,
        skip_assets: u16,
    ) -> SdkResult<Self> {
        if user_tokens.len() != vault.assets.len() {
            return Err(SdkError::InvalidInput(format!(
                "{} user token accounts for {} assets",
                user_tokens.len(),
                vault.assets.len()
            )));
        }
        Ok(Withdraw {
            accounts: ballast::accounts::Withdraw {
                user: *user,
                vault: vault.vault(),
                vault_authority: vault.pdas.authority,
                share_mint: vault.pdas.share_mint,
                user_shares: *user_shares,
                token_program: anchor_spl::token::ID,
                token_2022_program: Some(anchor_spl::token_2022::ID),
            },
            remaining: vault
                .assets
                .iter()
                .zip(user_tokens)
                .flat_map(|(a, token)| {
                    [
                        AccountMeta::new(a.reserve, false),
                        AccountMeta::new(*token, false),
                        AccountMeta::new_readonly(a.mint, false),
                    ]
                })
                .collect(),
            args: WithdrawArgs {
                shares,
                min_amounts_out,
                skip_assets,
            },
        })
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::Withdraw {
            args: self.args.clone(),
        };
        ballast_instruction(&self.accounts, &self.remaining, data.data())
    }
}
