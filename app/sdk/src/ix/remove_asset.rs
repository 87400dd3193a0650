//! `remove_asset`: the manager removes an asset whose target ramped to 0.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::RemoveAssetArgs;
use solana_instruction::Instruction;

use super::{ballast_instruction, index_u8, VaultAccounts};
use crate::error::SdkResult;

/// `remove_asset`.
#[derive(Clone, Debug)]
pub struct RemoveAsset {
    /// The program's accounts (`escrow` absent when the asset never had one).
    pub accounts: ballast::accounts::RemoveAsset,
    /// The arguments.
    pub args: RemoveAssetArgs,
}

impl RemoveAsset {
    /// `manager` removes asset `asset_index` of `vault`; `has_escrow` whether the asset's
    /// escrow was created.
    pub fn new(
        manager: &Pubkey,
        vault: &VaultAccounts,
        asset_index: usize,
        has_escrow: bool,
    ) -> SdkResult<Self> {
        let a = vault.asset(asset_index)?;
        Ok(RemoveAsset {
            accounts: ballast::accounts::RemoveAsset {
                manager: *manager,
                vault: vault.vault(),
                vault_authority: vault.pdas.authority,
                swap_authority: vault.pdas.swap_authority,
                reserve: a.reserve,
                escrow: has_escrow.then_some(a.escrow),
                mint: a.mint,
                price: a.price_account,
                token_program: a.token_program,
            },
            args: RemoveAssetArgs {
                asset_index: index_u8(asset_index)?,
            },
        })
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::RemoveAsset { args: self.args };
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
