//! `rebalance`: a keeper sells one asset for another through an allowlisted DEX, in the
//! vault's open round, at no less than the round's auction bound.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::RebalanceArgs;
use solana_instruction::{AccountMeta, Instruction};

use super::{ballast_instruction, index_u8, reserves_and_prices, DexCall, VaultAccounts};
use crate::error::SdkResult;

/// `rebalance`. Remaining accounts: `[reserve, price account]` per asset (the sold and
/// bought reserves writable), then the DEX instruction's accounts.
#[derive(Clone, Debug)]
pub struct Rebalance {
    /// The program's accounts (`dex_program` is the DEX invoked).
    pub accounts: ballast::accounts::Rebalance,
    /// `[reserve, price account]` per asset, in vault order.
    pub asset_accounts: Vec<AccountMeta>,
    /// The DEX instruction's accounts, forwarded to its CPI.
    pub dex_accounts: Vec<AccountMeta>,
    /// The arguments (`dex_data` is the DEX instruction's data).
    pub args: RebalanceArgs,
}

impl Rebalance {
    /// `keeper` sells `amount_in` of asset `sell` for asset `buy` through `dex`; the reward
    /// goes to `keeper_reward_account` (a token account of the bought mint).
    pub fn new(
        vault: &VaultAccounts,
        keeper: &Pubkey,
        keeper_reward_account: &Pubkey,
        sell: usize,
        buy: usize,
        amount_in: u64,
        dex: DexCall,
    ) -> SdkResult<Self> {
        let (s, b) = (vault.asset(sell)?, vault.asset(buy)?);
        Ok(Rebalance {
            accounts: ballast::accounts::Rebalance {
                keeper: *keeper,
                vault: vault.vault(),
                vault_authority: vault.pdas.authority,
                swap_authority: vault.pdas.swap_authority,
                sell_escrow: s.escrow,
                buy_escrow: b.escrow,
                sell_mint: s.mint,
                buy_mint: b.mint,
                keeper_reward_account: *keeper_reward_account,
                token_program: anchor_spl::token::ID,
                token_2022_program: Some(anchor_spl::token_2022::ID),
                dex_program: dex.program,
                instructions: ballast::constants::INSTRUCTIONS_SYSVAR_ID,
            },
            asset_accounts: reserves_and_prices(vault, &[sell, buy]),
            dex_accounts: dex.accounts,
            args: RebalanceArgs {
                sell_index: index_u8(sell)?,
                buy_index: index_u8(buy)?,
                amount_in,
                dex_data: dex.data,
            },
        })
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let mut remaining = self.asset_accounts.clone();
        remaining.extend_from_slice(&self.dex_accounts);
        let data = ballast::instruction::Rebalance {
            args: self.args.clone(),
        };
        ballast_instruction(&self.accounts, &remaining, data.data())
    }
}
