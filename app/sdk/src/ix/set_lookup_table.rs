//! `set_lookup_table`: the manager publishes the frozen address lookup table clients use
//! for the vault's transactions.

use anchor_lang::prelude::Pubkey;
use anchor_lang::InstructionData;
use solana_instruction::Instruction;

use super::ballast_instruction;

/// `set_lookup_table`.
#[derive(Clone, Debug)]
pub struct SetLookupTable {
    /// The program's accounts.
    pub accounts: ballast::accounts::SetLookupTable,
}

impl SetLookupTable {
    /// `manager` publishes `table` as `vault`'s lookup table.
    pub fn new(manager: &Pubkey, vault: &Pubkey, table: &Pubkey) -> Self {
        SetLookupTable {
            accounts: ballast::accounts::SetLookupTable {
                manager: *manager,
                vault: *vault,
                lookup_table: *table,
            },
        }
    }

    /// The instruction.
    pub fn instruction(&self) -> Instruction {
        let data = ballast::instruction::SetLookupTable {};
        ballast_instruction(&self.accounts, &[], data.data())
    }
}
