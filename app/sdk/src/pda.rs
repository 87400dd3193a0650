//! Program-derived addresses of Ballast, from the program's own seed constants.

use anchor_lang::prelude::Pubkey;
use ballast::constants::{
    AUTHORITY_SEED, CHANGE_SEED, ESCROW_SEED, RESERVE_SEED, SHARE_MINT_SEED, SWAP_AUTHORITY_SEED,
    VAULT_SEED,
};

/// The vault `vault_id` of `manager`: `[VAULT_SEED, manager, vault_id (u64 LE)]`.
pub fn vault(manager: &Pubkey, vault_id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[VAULT_SEED, manager.as_ref(), &vault_id.to_le_bytes()],
        &ballast::ID,
    )
    .0
}

/// The vault authority (owner of the reserves, mint authority of the shares):
/// `[AUTHORITY_SEED, vault]`.
pub fn authority(vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[AUTHORITY_SEED, vault.as_ref()], &ballast::ID).0
}

/// The swap authority (token authority of the escrows only): `[SWAP_AUTHORITY_SEED, vault]`.
pub fn swap_authority(vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[SWAP_AUTHORITY_SEED, vault.as_ref()], &ballast::ID).0
}

/// The share mint: `[SHARE_MINT_SEED, vault]`.
pub fn share_mint(vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[SHARE_MINT_SEED, vault.as_ref()], &ballast::ID).0
}

/// The reserve of `mint` in `vault`: `[RESERVE_SEED, vault, mint]`.
pub fn reserve(vault: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[RESERVE_SEED, vault.as_ref(), mint.as_ref()], &ballast::ID).0
}

/// The swap escrow of `mint` in `vault`: `[ESCROW_SEED, vault, mint]`.
pub fn escrow(vault: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[ESCROW_SEED, vault.as_ref(), mint.as_ref()], &ballast::ID).0
}

/// Queued change `id` of `vault` (its `PendingChange` account): `[CHANGE_SEED, vault, id
/// (u64 LE)]`.
pub fn change(vault: &Pubkey, id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[CHANGE_SEED, vault.as_ref(), &id.to_le_bytes()],
        &ballast::ID,
    )
    .0
}

/// The vault-wide PDAs of one vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VaultPdas {
    /// The vault account.
    pub vault: Pubkey,
    /// Its authority.
    pub authority: Pubkey,
    /// Its swap authority.
    pub swap_authority: Pubkey,
    /// Its share mint.
    pub share_mint: Pubkey,
}

impl VaultPdas {
    /// The PDAs of the vault `vault_id` of `manager`.
    pub fn new(manager: &Pubkey, vault_id: u64) -> Self {
        Self::of(vault(manager, vault_id))
    }

    /// The PDAs of the vault at `vault`.
    pub fn of(vault: Pubkey) -> Self {
        VaultPdas {
            vault,
            authority: authority(&vault),
            swap_authority: swap_authority(&vault),
            share_mint: share_mint(&vault),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdas_are_distinct_and_deterministic() {
        let manager = Pubkey::new_from_array([3; 32]);
        let mint = Pubkey::new_from_array([4; 32]);
        let p = VaultPdas::new(&manager, 7);
        assert_eq!(p, VaultPdas::new(&manager, 7));
        assert_ne!(p.vault, vault(&manager, 8));
        let all = [
            p.vault,
            p.authority,
            p.swap_authority,
            p.share_mint,
            reserve(&p.vault, &mint),
            escrow(&p.vault, &mint),
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
