//! `pause`: the manager or the guardian pauses deposits and/or rebalances.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::PauseArgs;
use solana_instruction::Instruction;

use super::ballast_instruction;

/// `pause`.
#[derive(Clone, Debug)]
pub struct Pause {
    /// The program's accounts.
    pub accounts: ballast::accounts::Pause,
    /// The arguments.
    pub args: PauseArgs,
}

impl Pause {
    /// `authority` (manager or guardian) pauses `flags` (`PAUSE_DEPOSITS`,
    /// `PAUSE_REBALANCES`) of `vault`.
    pub fn new(authority: &Pubkey, vault: &Pubkey, flags: u8) -> Self {
        Pause {
            accounts: ballast::accounts::Pause {
                authority: *authority,
                vault: *vault,
            },
            args: PauseArgs { flags },
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::Pause { args: self.args };
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
