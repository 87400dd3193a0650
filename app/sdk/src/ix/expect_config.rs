//! `expect_config`: a depositor pins the configuration it checked.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use ballast::instructions::ExpectConfigArgs;
use solana_instruction::Instruction;

use super::ballast_instruction;

/// `expect_config`: put before a deposit in the same transaction, the deposit lands only on
/// the configuration read (`config_seq`), else the transaction fails with `ConfigChanged`.
#[derive(Clone, Debug)]
pub struct ExpectConfig {
    /// The program's accounts.
    pub accounts: ballast::accounts::ExpectConfig,
    /// The arguments.
    pub args: ExpectConfigArgs,
}

impl ExpectConfig {
    /// Expects `vault`'s `config_seq` to be `config_seq`.
    pub fn new(vault: &Pubkey, config_seq: u64) -> Self {
        ExpectConfig {
            accounts: ballast::accounts::ExpectConfig { vault: *vault },
            args: ExpectConfigArgs { config_seq },
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::ExpectConfig { args: self.args };
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
