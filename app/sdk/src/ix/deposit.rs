//! `deposit`: one asset in, shares out at the oracle NAV.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::DepositArgs;
use solana_instruction::{AccountMeta, Instruction};

use super::{ballast_instruction, index_u8, reserves_and_prices, VaultAccounts};
use crate::error::SdkResult;

/// `deposit`. Remaining accounts: `[reserve, price account]` per asset, the deposited
/// asset's reserve writable.
#[derive(Clone, Debug)]
pub struct Deposit {
    /// The program's accounts.
    pub accounts: ballast::accounts::Deposit,
    /// `[reserve, price account]` per asset, in vault order.
    pub remaining: Vec<AccountMeta>,
    /// The arguments.
    pub args: DepositArgs,
}

impl Deposit {
    /// `user` deposits `amount` of asset `asset_index` from `user_token`, receiving at
    /// least `min_shares_out` shares in `user_shares`.
    pub fn new(
        vault: &VaultAccounts,
        user: &Pubkey,
        user_token: &Pubkey,
        user_shares: &Pubkey,
        asset_index: usize,
        amount: u64,
        min_shares_out: u64,
    ) -> SdkResult<Self> {
        let a = vault.asset(asset_index)?;
        Ok(Deposit {
            accounts: ballast::accounts::Deposit {
                user: *user,
                vault: vault.vault(),
                vault_authority: vault.pdas.authority,
                share_mint: vault.pdas.share_mint,
                user_token: *user_token,
                user_shares: *user_shares,
                asset_mint: a.mint,
                asset_token_program: a.token_program,
                token_program: anchor_spl::token::ID,
            },
            remaining: reserves_and_prices(vault, &[asset_index]),
            args: DepositArgs {
                asset_index: index_u8(asset_index)?,
                amount,
                min_shares_out,
            },
        })
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::Deposit { args: self.args };
        ballast_instruction(&self.accounts, &self.remaining, data.data())
    }
}
