//! `open_round`: anyone opens a rebalance round when the vault's policy calls for one.

use anchor_lang::InstructionData;
use solana_instruction::{AccountMeta, Instruction};

use super::{ballast_instruction, reserves_and_prices, VaultAccounts};

/// `open_round`. Remaining accounts: `[reserve, price account]` per asset.
#[derive(Clone, Debug)]
pub struct OpenRound {
    /// The program's accounts.
    pub accounts: ballast::accounts::OpenRound,
    /// `[reserve, price account]` per asset, in vault order.
    pub remaining: Vec<AccountMeta>,
}

impl OpenRound {
    /// Opens a round of `vault`, priced with its price accounts.
    pub fn new(vault: &VaultAccounts) -> Self {
        OpenRound {
            accounts: ballast::accounts::OpenRound {
                vault: vault.vault(),
            },
            remaining: reserves_and_prices(vault, &[]),
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::OpenRound {};
        ballast_instruction(&self.accounts, &self.remaining, data.data())
    }
}
