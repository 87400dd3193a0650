//! `configure_rebalance`: the manager sets the trigger policy, trade-target mode, DEX
//! allowlist, slippage, swap cap and minimum, cooldown and keeper reward.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::ConfigureRebalanceArgs;
use solana_instruction::Instruction;

use super::ballast_instruction;

/// `configure_rebalance`.
#[derive(Clone, Debug)]
pub struct ConfigureRebalance {
    /// The program's accounts.
    pub accounts: ballast::accounts::ConfigureRebalance,
    /// The rules.
    pub args: ConfigureRebalanceArgs,
}

impl ConfigureRebalance {
    /// `manager` sets `vault`'s rebalancing rules to `args`.
    pub fn new(manager: &Pubkey, vault: &Pubkey, args: ConfigureRebalanceArgs) -> Self {
        ConfigureRebalance {
            accounts: ballast::accounts::ConfigureRebalance {
                manager: *manager,
                vault: *vault,
            },
            args,
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::ConfigureRebalance {
            args: self.args.clone(),
        };
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
