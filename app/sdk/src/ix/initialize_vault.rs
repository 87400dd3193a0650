//! `initialize_vault`: the manager creates a vault of 2 to 16 assets, its share mint and one
//! reserve per asset.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::{AssetInit, InitializeVaultArgs};
use ballast::state::VaultParams;
use solana_instruction::{AccountMeta, Instruction};

use super::{ballast_instruction, NewAsset};
use crate::pda::{self, VaultPdas};

/// `initialize_vault`. Remaining accounts: `[mint, reserve (writable)]` per asset.
#[derive(Clone, Debug)]
pub struct InitializeVault {
    /// The program's accounts.
    pub accounts: ballast::accounts::InitializeVault,
    /// `[mint, reserve]` per asset, in vault order.
    pub remaining: Vec<AccountMeta>,
    /// The arguments.
    pub args: InitializeVaultArgs,
}

impl InitializeVault {
    /// `manager` creates its vault `vault_id` holding `assets` with `params` (oracle limits,
    /// entry spread, timelock).
    pub fn new(manager: &Pubkey, vault_id: u64, assets: &[NewAsset], params: VaultParams) -> Self {
        let p = VaultPdas::new(manager, vault_id);
        InitializeVault {
            accounts: ballast::accounts::InitializeVault {
                manager: *manager,
                vault: p.vault,
                vault_authority: p.authority,
                swap_authority: p.swap_authority,
                share_mint: p.share_mint,
                token_program: anchor_spl::token::ID,
                token_2022_program: Some(anchor_spl::token_2022::ID),
                system_program: anchor_lang::system_program::ID,
            },
            remaining: assets
                .iter()
                .flat_map(|a| {
                    [
                        AccountMeta::new_readonly(a.mint, false),
                        AccountMeta::new(pda::reserve(&p.vault, &a.mint), false),
                    ]
                })
                .collect(),
            args: InitializeVaultArgs {
                vault_id,
                params,
                assets: assets
                    .iter()
                    .map(|a| AssetInit {
                        feed_id: a.feed_id,
                        target_weight_bps: a.target_weight_bps,
                    })
                    .collect(),
            },
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::InitializeVault {
            args: self.args.clone(),
        };
        ballast_instruction(&self.accounts, &self.remaining, data.data())
    }
}
