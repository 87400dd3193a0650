//! `collect_fees`: anyone mints the management fee's owed shares to the fee recipient.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use solana_instruction::Instruction;

use super::{ballast_instruction, SHARE_TOKEN_PROGRAM};
use crate::pda::VaultPdas;

/// `collect_fees`.
#[derive(Clone, Debug)]
pub struct CollectFees {
    /// The program's accounts.
    pub accounts: ballast::accounts::CollectFees,
}

impl CollectFees {
    /// Mints `vault`'s owed fee shares to `fee_recipient` (the vault's stored recipient).
    pub fn new(vault: &Pubkey, fee_recipient: &Pubkey) -> Self {
        let p = VaultPdas::of(*vault);
        CollectFees {
            accounts: ballast::accounts::CollectFees {
                vault: *vault,
                vault_authority: p.authority,
                share_mint: p.share_mint,
                fee_recipient: *fee_recipient,
                token_program: SHARE_TOKEN_PROGRAM,
            },
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::CollectFees {};
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
