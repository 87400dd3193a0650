//! `create_escrow`: create one asset's swap escrow, needed before it can be rebalanced.

use anchor_lang::prelude::*;

use crate::constants::ESCROW_SEED;
use crate::error::BallastError;
use crate::events::EscrowCreated;
use crate::state::Vault;
use crate::token::{create_token_account, inspect_mint};

/// Arguments of `create_escrow`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CreateEscrowArgs {
    /// Index of the asset whose escrow to create.
    pub asset_index: u8,
}

#[derive(Accounts)]
pub struct CreateEscrow<'info> {
    /// Anyone: pays the escrow's rent.
    #[account(mut)]
    pub payer: Signer<'info>,

    /// The vault.
    #[account(mut, has_one = swap_authority @ BallastError::SwapAuthorityMismatch)]
    pub vault: AccountLoader<'info, Vault>,

    /// The swap authority PDA `[SWAP_AUTHORITY_SEED, vault]` (`has_one` on the vault): the
    /// escrow's token authority.
    /// CHECK: checked as the lines above say.
    pub swap_authority: UncheckedAccount<'info>,

    /// The asset's mint, matched against the vault in the handler.
    /// CHECK: checked as the lines above say.
    pub mint: UncheckedAccount<'info>,

    /// The escrow PDA `[ESCROW_SEED, vault, mint]`, not yet created (seeds checked here,
    /// for clients that resolve it from the IDL, and again in the handler).
    /// CHECK: checked as the lines above say.
    #[account(mut, seeds = [ESCROW_SEED, vault.key().as_ref(), mint.key().as_ref()], bump)]
    pub escrow: UncheckedAccount<'info>,

    /// The asset's token program, matched against the vault in the handler.
    /// CHECK: checked as the lines above say.
    pub token_program: UncheckedAccount<'info>,

    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Creates the swap escrow of asset `asset_index`: a token account of its mint owned by the
/// swap authority. Permissionless; the payer pays the rent.
///
/// Requires: a vault asset (`AssetIndexOutOfRange`) without an escrow yet
/// (`EscrowAlreadyCreated`); its mint (`MintMismatch`) and token program
/// (`TokenProgramMismatch`); `escrow` the PDA `[ESCROW_SEED, vault, mint]`
/// (`ReserveAddressMismatch`).
///
/// Changes: creates the escrow and stores its address in the asset's configuration; emits
/// `EscrowCreated`.
pub fn handler(ctx: Context<CreateEscrow>, args: CreateEscrowArgs) -> Result<()> {
    let vault_key = ctx.accounts.vault.key();
    let mut vault = ctx.accounts.vault.load_mut()?;
    let asset = *vault.asset(args.asset_index)?;
    require_keys_eq!(
        asset.escrow,
        Pubkey::default(),
        BallastError::EscrowAlreadyCreated
    );
    require_keys_eq!(
        ctx.accounts.mint.key(),
        asset.mint,
        BallastError::MintMismatch
    );
    let kind = asset.token_program_kind();
    require_keys_eq!(
        ctx.accounts.token_program.key(),
        kind.program_id(),
        BallastError::TokenProgramMismatch
    );
    let (expected, bump) = Pubkey::find_program_address(
        &[ESCROW_SEED, vault_key.as_ref(), asset.mint.as_ref()],
        ctx.program_id,
    );
    require_keys_eq!(
        ctx.accounts.escrow.key(),
        expected,
        BallastError::ReserveAddressMismatch
    );
    let (_, len) = inspect_mint(&ctx.accounts.mint, kind)?;
    let a = &ctx.accounts;
    create_token_account(
        &a.payer,
        &a.system_program,
        &a.escrow,
        &a.mint,
        &a.token_program,
        a.swap_authority.to_account_info(),
        len,
        &[
            ESCROW_SEED,
            vault_key.as_ref(),
            asset.mint.as_ref(),
            &[bump],
        ],
    )?;
    let config = &mut vault.assets[usize::from(args.asset_index)];
    config.escrow = expected;
    config.escrow_bump = bump;
    emit!(EscrowCreated {
        vault: vault_key,
        asset_index: args.asset_index,
        escrow: expected,
    });
    Ok(())
}
