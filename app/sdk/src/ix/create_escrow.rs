//! `create_escrow`: anyone creates an asset's swap escrow (needed before the asset can be
//! rebalanced).

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::CreateEscrowArgs;
use solana_instruction::Instruction;

use super::{ballast_instruction, index_u8, VaultAccounts};
use crate::error::SdkResult;

/// `create_escrow`.
#[derive(Clone, Debug)]
pub struct CreateEscrow {
    /// The program's accounts.
    pub accounts: ballast::accounts::CreateEscrow,
    /// The arguments.
    pub args: CreateEscrowArgs,
}

impl CreateEscrow {
    /// The escrow of asset `asset_index`, paid by `payer`.
    pub fn new(vault: &VaultAccounts, asset_index: usize, payer: &Pubkey) -> SdkResult<Self> {
        let a = vault.asset(asset_index)?;
        Ok(CreateEscrow {
            accounts: ballast::accounts::CreateEscrow {
                payer: *payer,
                vault: vault.vault(),
                swap_authority: vault.pdas.swap_authority,
                mint: a.mint,
                escrow: a.escrow,
                token_program: a.token_program,
                system_program: anchor_lang::system_program::ID,
            },
            args: CreateEscrowArgs {
                asset_index: index_u8(asset_index)?,
            },
        })
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::CreateEscrow { args: self.args };
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
