//! Governance: `apply_change` (at once, risk-reducing changes), `queue_change`,
//! `execute_change` (after the timelock) and `cancel_change`.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::state::Change;
use solana_instruction::{AccountMeta, Instruction};

use super::{ballast_instruction, SHARE_TOKEN_PROGRAM};
use crate::pda::{self, VaultPdas};

/// `apply_change`: the manager makes a change that can only reduce the holders' risk (or any
/// change while no shares exist).
#[derive(Clone, Debug)]
pub struct ApplyChange {
    /// The program's accounts.
    pub accounts: ballast::accounts::ApplyChange,
    /// The change.
    pub change: Change,
}

impl ApplyChange {
    /// `manager` applies `change` to `vault`.
    pub fn new(manager: &Pubkey, vault: &Pubkey, change: Change) -> Self {
        ApplyChange {
            accounts: ballast::accounts::ApplyChange {
                manager: *manager,
                vault: *vault,
                share_mint: pda::share_mint(vault),
                token_program: SHARE_TOKEN_PROGRAM,
            },
            change,
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::ApplyChange {
            change: self.change.clone(),
        };
        ballast_instruction(&self.accounts, &[], data.data())
    }
}

/// `queue_change`: the manager queues a change as its `PendingChange` account `id` (the
/// vault's `next_change_id`).
#[derive(Clone, Debug)]
pub struct QueueChange {
    /// The program's accounts.
    pub accounts: ballast::accounts::QueueChange,
    /// The change.
    pub change: Change,
}

impl QueueChange {
    /// `manager` queues `change` on `vault` as change `id` (the vault's `next_change_id`).
    pub fn new(manager: &Pubkey, vault: &Pubkey, id: u64, change: Change) -> Self {
        QueueChange {
            accounts: ballast::accounts::QueueChange {
                manager: *manager,
                vault: *vault,
                change: pda::change(vault, id),
                system_program: anchor_lang::system_program::ID,
            },
            change,
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::QueueChange {
            change: self.change.clone(),
        };
        ballast_instruction(&self.accounts, &[], data.data())
    }
}

/// `execute_change`: anyone (the new manager for a handover) executes change `id` once its
/// timelock has passed. Remaining accounts, for `AddAsset` only: `[mint, reserve (writable),
/// the mint's token program]`.
#[derive(Clone, Debug)]
pub struct ExecuteChange {
    /// The program's accounts.
    pub accounts: ballast::accounts::ExecuteChange,
    /// `[mint, reserve, token program]` for `AddAsset`, else empty.
    pub remaining: Vec<AccountMeta>,
}

impl ExecuteChange {
    /// `executor` executes change `id` of `vault`, queued by `proposer` (its rent goes back
    /// there).
    pub fn new(executor: &Pubkey, vault: &Pubkey, id: u64, proposer: &Pubkey) -> Self {
        let p = VaultPdas::of(*vault);
        ExecuteChange {
            accounts: ballast::accounts::ExecuteChange {
                executor: *executor,
                vault: *vault,
                share_mint: p.share_mint,
                vault_authority: p.authority,
                change: pda::change(vault, id),
                proposer: *proposer,
                token_program: SHARE_TOKEN_PROGRAM,
                system_program: anchor_lang::system_program::ID,
            },
            remaining: Vec::new(),
        }
    }

    /// The accounts an `AddAsset` change needs: the new mint, its reserve and its token
    /// program.
    pub fn adding(mut self, mint: &Pubkey, token_program: &Pubkey) -> Self {
        self.remaining = vec![
            AccountMeta::new_readonly(*mint, false),
            AccountMeta::new(pda::reserve(&self.accounts.vault, mint), false),
            AccountMeta::new_readonly(*token_program, false),
        ];
        self
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::ExecuteChange {};
        ballast_instruction(&self.accounts, &self.remaining, data.data())
    }
}

/// `cancel_change`: the manager withdraws queued change `id`.
#[derive(Clone, Debug)]
pub struct CancelChange {
    /// The program's accounts.
    pub accounts: ballast::accounts::CancelChange,
}

impl CancelChange {
    /// `manager` cancels change `id` of `vault`, queued by `proposer`.
    pub fn new(manager: &Pubkey, vault: &Pubkey, id: u64, proposer: &Pubkey) -> Self {
        CancelChange {
            accounts: ballast::accounts::CancelChange {
                manager: *manager,
                vault: *vault,
                change: pda::change(vault, id),
                proposer: *proposer,
            },
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::CancelChange {};
        ballast_instruction(&self.accounts, &[], data.data())
    }
}

/// `discard_change`: anyone closes a queued change that cannot execute (voided by a
/// handover, or no longer valid for the vault); rent to its proposer.
#[derive(Clone, Debug)]
pub struct DiscardChange {
    /// The program's accounts.
    pub accounts: ballast::accounts::DiscardChange,
}

impl DiscardChange {
    /// Discards change `id` of `vault`, queued by `proposer`.
    pub fn new(vault: &Pubkey, id: u64, proposer: &Pubkey) -> Self {
        DiscardChange {
            accounts: ballast::accounts::DiscardChange {
                vault: *vault,
                change: pda::change(vault, id),
                proposer: *proposer,
            },
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::DiscardChange {};
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
