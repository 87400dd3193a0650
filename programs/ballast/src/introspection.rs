//! The transaction's other instructions, read from the instructions sysvar.
//!
//! `rebalance` refuses to run inside a transaction whose other instructions write any
//! account the DEX trades with: a keeper cannot trade on the venue just before and after its
//! own swap in the same transaction (a self-sandwich). The sysvar's raw layout is read
//! directly, a few dozen instructions per account, instead of deserialising every
//! instruction:
//!
//! | bytes | field |
//! |---|---|
//! | 2 | number of instructions `n` (u16 LE) |
//! | 2 n | byte offset of each instruction |
//! | per instruction | u16 number of accounts; per account 1 flag byte (bit 0 signer, bit 1 writable) and a 32-byte key; the 32-byte program id; u16 data length; the data |
//! | last 2 | index of the instruction being executed (u16 LE) |

use anchor_lang::prelude::*;

use crate::error::BallastError;

const WRITABLE: u8 = 0b10;
const META_LEN: usize = 33;

/// One top-level instruction of the transaction.
pub struct TopLevel<'a> {
    /// Its position in the transaction.
    pub index: u16,
    /// Its account metas, 33 bytes each (flags, key).
    metas: &'a [u8],
    /// The program it calls.
    pub program_id: &'a [u8],
}

impl<'a> TopLevel<'a> {
    /// The keys it passes writable.
    pub fn writable_keys(&self) -> impl Iterator<Item = &'a [u8]> {
        let (metas, _) = self.metas.as_chunks::<META_LEN>();
        metas
            .iter()
            .filter(|meta| meta[0] & WRITABLE != 0)
            .map(|meta| &meta[1..])
    }
}

/// Calls `f` for every top-level instruction of the transaction, with the index of the one
/// being executed. `NotInstructionsSysvar` if the data does not parse.
pub fn for_each_top_level(
    sysvar: &[u8],
    mut f: impl FnMut(&TopLevel, u16) -> Result<()>,
) -> Result<()> {
    let bad = || error!(BallastError::NotInstructionsSysvar);
    let u16_at = |offset: usize| -> Result<u16> {
        sysvar
            .get(offset..offset.saturating_add(2))
            .and_then(|b| b.try_into().ok())
            .map(u16::from_le_bytes)
            .ok_or_else(bad)
    };
    let current = u16_at(sysvar.len().checked_sub(2).ok_or_else(bad)?)?;
    let count = u16_at(0)?;
    for index in 0..count {
        let start = usize::from(u16_at(
            usize::from(index).saturating_mul(2).saturating_add(2),
        )?);
        let accounts = usize::from(u16_at(start)?);
        let metas_start = start.saturating_add(2);
        let metas_end = metas_start.saturating_add(accounts.saturating_mul(META_LEN));
        let program_end = metas_end.saturating_add(32);
        let instruction = TopLevel {
            index,
            metas: sysvar.get(metas_start..metas_end).ok_or_else(bad)?,
            program_id: sysvar.get(metas_end..program_end).ok_or_else(bad)?,
        };
        f(&instruction, current)?;
    }
    Ok(())
}

/// Refuses unless the instruction being executed is a top-level Ballast instruction
/// (`RebalanceByCpi`) and no other instruction of the transaction passes any of `protected`
/// writable (`VenueWrittenInTransaction`).
pub fn check_no_other_writer(sysvar: &[u8], protected: &[Pubkey]) -> Result<()> {
    for_each_top_level(sysvar, |instruction, current| {
        if instruction.index == current {
            require!(
                instruction.program_id == crate::ID.as_ref(),
                BallastError::RebalanceByCpi
            );
            return Ok(());
        }
        for key in instruction.writable_keys() {
            let touched = protected.iter().any(|p| p.as_ref() == key);
            require!(!touched, BallastError::VenueWrittenInTransaction);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sysvar bytes of `instructions` (program, [(key, writable)]) executing `current`,
    /// laid out as the runtime serialises them.
    fn sysvar(instructions: &[(Pubkey, Vec<(Pubkey, bool)>)], current: u16) -> Vec<u8> {
        let mut data = Vec::new();
        data.extend_from_slice(&(instructions.len() as u16).to_le_bytes());
        data.resize(2 + 2 * instructions.len(), 0);
        for (i, (program, metas)) in instructions.iter().enumerate() {
            let offset = data.len() as u16;
            data[2 + 2 * i..4 + 2 * i].copy_from_slice(&offset.to_le_bytes());
            data.extend_from_slice(&(metas.len() as u16).to_le_bytes());
            for (key, writable) in metas {
                data.push(if *writable { WRITABLE } else { 0 });
                data.extend_from_slice(key.as_ref());
            }
            data.extend_from_slice(program.as_ref());
            data.extend_from_slice(&3u16.to_le_bytes());
            data.extend_from_slice(&[1, 2, 3]);
        }
        data.extend_from_slice(&current.to_le_bytes());
        data
    }

    #[test]
    fn finds_a_writer_of_a_protected_account() {
        let pool = Pubkey::new_unique();
        let other = Pubkey::new_unique();
        let dex = Pubkey::new_unique();
        let ours = (crate::ID, vec![(pool, true)]);
        let clean = sysvar(
            &[(dex, vec![(other, true), (pool, false)]), ours.clone()],
            1,
        );
        assert!(check_no_other_writer(&clean, &[pool]).is_ok());
        let sandwich = sysvar(&[(dex, vec![(pool, true)]), ours.clone()], 1);
        assert_eq!(
            check_no_other_writer(&sandwich, &[pool]).unwrap_err(),
            error!(BallastError::VenueWrittenInTransaction)
        );
        let after = sysvar(
            &[ours.clone(), (dex, vec![(other, false), (pool, true)])],
            0,
        );
        assert!(check_no_other_writer(&after, &[pool]).is_err());
        let by_cpi = sysvar(&[(dex, vec![(pool, true)])], 0);
        assert_eq!(
            check_no_other_writer(&by_cpi, &[pool]).unwrap_err(),
            error!(BallastError::RebalanceByCpi)
        );
        assert_eq!(
            check_no_other_writer(&[1, 0], &[pool]).unwrap_err(),
            error!(BallastError::NotInstructionsSysvar)
        );
    }
}
