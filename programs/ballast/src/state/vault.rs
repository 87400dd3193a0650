//! The vault account: configuration and per-asset bookkeeping.

use anchor_lang::prelude::*;

use crate::constants::{AUTHORITY_SEED, MAX_ASSETS};
use crate::error::BallastError;

/// Which SPL token program owns an asset's mint and reserve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TokenProgramKind {
    /// The original SPL Token program.
    Token = 0,
    /// SPL Token-2022 (with only the extensions `initialize_vault` accepts).
    Token2022 = 1,
}

impl TokenProgramKind {
    /// The kind of a token program id, if it is one.
    pub fn from_program_id(id: &Pubkey) -> Option<Self> {
        if *id == anchor_spl::token::ID {
            Some(Self::Token)
        } else if *id == anchor_spl::token_2022::ID {
            Some(Self::Token2022)
        } else {
            None
        }
    }

    /// The program id of this kind.
    pub fn program_id(self) -> Pubkey {
        match self {
            Self::Token => anchor_spl::token::ID,
            Self::Token2022 => anchor_spl::token_2022::ID,
        }
    }
}

/// One asset of a vault. Fixed size, stored inline in [`Vault::assets`].
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct AssetConfig {
    /// SPL mint of the asset (SPL Token or Token-2022).
    pub mint: Pubkey,
    /// Reserve token account holding the vault's balance of this asset: the PDA
    /// `[RESERVE_SEED, vault, mint]`, owned (as token authority) by the vault authority.
    pub reserve: Pubkey,
    /// Pyth price feed id (32 bytes) giving the USD price of one whole token.
    pub feed_id: [u8; 32],
    /// Target weight in basis points; the weights of a vault sum to exactly 10_000.
    pub target_weight_bps: u16,
    /// Decimals of the mint (at most 18), copied at initialisation.
    pub decimals: u8,
    /// [`TokenProgramKind`] of the mint, as its u8 discriminant.
    pub token_program: u8,
    /// Bump of the reserve PDA.
    pub reserve_bump: u8,
    /// Reserved, zero.
    pub padding: [u8; 3],
}

impl AssetConfig {
    /// The token program that owns this asset's mint and reserve.
    pub fn token_program_kind(&self) -> TokenProgramKind {
        if self.token_program == TokenProgramKind::Token2022 as u8 {
            TokenProgramKind::Token2022
        } else {
            TokenProgramKind::Token
        }
    }
}

/// A Ballast vault: a pooled portfolio of 2..=16 assets held in reserves owned by the vault
/// authority PDA, with shares minted by the share mint PDA.
///
/// PDA: `[VAULT_SEED, manager, vault_id (u64 LE)]`. Zero-copy, so that reading it costs no
/// deserialisation however many assets it holds.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Vault {
    /// Who created the vault and will govern it.
    pub manager: Pubkey,
    /// Share mint: PDA `[SHARE_MINT_SEED, vault]`, classic SPL Token, 9 decimals, mint
    /// authority the vault authority, no freeze authority.
    pub share_mint: Pubkey,
    /// The vault authority PDA `[AUTHORITY_SEED, vault]`, stored so that instructions check
    /// it with a key comparison instead of re-deriving it (1,500 CU saved each time).
    pub authority: Pubkey,
    /// Manager-chosen id distinguishing the manager's vaults (part of the PDA seeds).
    pub vault_id: u64,
    /// Oldest accepted oracle price, in seconds before the current cluster time.
    pub max_oracle_age_secs: u32,
    /// Widest accepted oracle confidence interval, as conf / price in basis points.
    pub max_conf_bps: u16,
    /// Number of used entries of [`Vault::assets`].
    pub num_assets: u8,
    /// Bump of the vault PDA.
    pub bump: u8,
    /// Bump of the vault authority PDA `[AUTHORITY_SEED, vault]`.
    pub authority_bump: u8,
    /// Bump of the share mint PDA.
    pub share_mint_bump: u8,
    /// Reserved, zero.
    pub padding: [u8; 6],
    /// The assets; entries at and after `num_assets` are zero.
    pub assets: [AssetConfig; MAX_ASSETS],
}

impl Vault {
    /// Account size including Anchor's 8-byte discriminator.
    pub const SPACE: usize = 8 + core::mem::size_of::<Vault>();

    /// The used asset entries.
    pub fn assets(&self) -> &[AssetConfig] {
        let n = usize::from(self.num_assets).min(MAX_ASSETS);
        &self.assets[..n]
    }

    /// The asset at `index`, or `AssetIndexOutOfRange`.
    pub fn asset(&self, index: u8) -> Result<&AssetConfig> {
        self.assets()
            .get(usize::from(index))
            .ok_or_else(|| error!(BallastError::AssetIndexOutOfRange))
    }

    /// Whether any asset lives in Token-2022.
    pub fn uses_token_2022(&self) -> bool {
        self.assets()
            .iter()
            .any(|a| a.token_program_kind() == TokenProgramKind::Token2022)
    }
}

/// Signer seeds of the vault authority of `vault`.
pub fn authority_seeds<'a>(vault: &'a Pubkey, bump: &'a [u8; 1]) -> [&'a [u8]; 3] {
    [AUTHORITY_SEED, vault.as_ref(), bump]
}
