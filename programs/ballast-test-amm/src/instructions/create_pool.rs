//! `create_pool`: a pool for an ordered mint pair, its authority PDA and two vaults.

use anchor_lang::prelude::*;
use anchor_spl::token_2022::spl_token_2022::extension::{
    BaseStateWithExtensions, ExtensionType, StateWithExtensions,
};
use anchor_spl::token_2022::spl_token_2022::state::Mint as Token2022Mint;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::constants::{AUTHORITY_SEED, MAX_FEE_BPS, POOL_SEED, VAULT_SEED};
use crate::error::AmmError;
use crate::events::PoolCreated;
use crate::state::Pool;

#[derive(Accounts)]
pub struct CreatePool<'info> {
    /// Pays the rent of the pool and both vaults.
    #[account(mut)]
    pub payer: Signer<'info>,

    /// The new pool: PDA `[POOL_SEED, mint_a, mint_b]`, so each ordered pair has one pool.
    #[account(
        init,
        payer = payer,
        space = 8 + Pool::INIT_SPACE,
        seeds = [POOL_SEED, mint_a.key().as_ref(), mint_b.key().as_ref()],
        bump,
    )]
    pub pool: Account<'info, Pool>,

    /// CHECK: the pool's authority PDA `[AUTHORITY_SEED, pool]` (seeds checked); holds no
    /// data, owns both vaults and signs their outgoing transfers.
    #[account(seeds = [AUTHORITY_SEED, pool.key().as_ref()], bump)]
    pub pool_authority: UncheckedAccount<'info>,

    /// Side A mint: must sort strictly before `mint_b`.
    #[account(mint::token_program = token_program_a)]
    pub mint_a: InterfaceAccount<'info, Mint>,

    /// Side B mint.
    #[account(
        mint::token_program = token_program_b,
        constraint = mint_a.key() < mint_b.key() @ AmmError::MintsNotOrdered,
    )]
    pub mint_b: InterfaceAccount<'info, Mint>,

    /// The new side A vault: token account PDA `[VAULT_SEED, pool, mint_a]` owned by
    /// `pool_authority`.
    #[account(
        init,
        payer = payer,
        seeds = [VAULT_SEED, pool.key().as_ref(), mint_a.key().as_ref()],
        bump,
        token::mint = mint_a,
        token::authority = pool_authority,
        token::token_program = token_program_a,
    )]
    pub vault_a: InterfaceAccount<'info, TokenAccount>,

    /// The new side B vault: token account PDA `[VAULT_SEED, pool, mint_b]` owned by
    /// `pool_authority`.
    #[account(
        init,
        payer = payer,
        seeds = [VAULT_SEED, pool.key().as_ref(), mint_b.key().as_ref()],
        bump,
        token::mint = mint_b,
        token::authority = pool_authority,
        token::token_program = token_program_b,
    )]
    pub vault_b: InterfaceAccount<'info, TokenAccount>,

    /// Token program of `mint_a` (SPL Token or Token-2022).
    pub token_program_a: Interface<'info, TokenInterface>,

    /// Token program of `mint_b` (SPL Token or Token-2022).
    pub token_program_b: Interface<'info, TokenInterface>,

    pub system_program: Program<'info, System>,
}

/// Creates the pool of `(mint_a, mint_b)` charging `fee_bps` on swap inputs.
///
/// Requires:
/// - `mint_a < mint_b` by key (`MintsNotOrdered`), so a pair has exactly one pool;
/// - `fee_bps <= MAX_FEE_BPS` (1,000 = 10%, `FeeTooHigh`);
/// - each mint owned by its token program (Anchor `ConstraintMintTokenProgram`); a
///   Token-2022 mint without a transfer fee, transfer hook, permanent delegate, pausable,
///   non-transferable or default-account-state extension (`UnsupportedMint`, the extension
///   named in the log): those would change amounts in flight, freeze the vaults or let a
///   third party move them;
/// - the pool, authority and vault addresses the PDAs above (Anchor `ConstraintSeeds`), the
///   pool not existing yet.
///
/// Changes: creates `pool` (rent from `payer`) recording mints, vaults, token programs,
/// authority, decimals, fee and bumps; creates both empty vaults owned by `pool_authority`;
/// emits `PoolCreated`.
pub fn handler<'info>(ctx: Context<'info, CreatePool<'info>>, fee_bps: u16) -> Result<()> {
    require!(fee_bps <= MAX_FEE_BPS, AmmError::FeeTooHigh);
    check_mint_extensions(&ctx.accounts.mint_a.to_account_info())?;
    check_mint_extensions(&ctx.accounts.mint_b.to_account_info())?;

    let accounts = &mut *ctx.accounts;
    accounts.pool.set_inner(Pool {
        mint_a: accounts.mint_a.key(),
        mint_b: accounts.mint_b.key(),
        vault_a: accounts.vault_a.key(),
        vault_b: accounts.vault_b.key(),
        token_program_a: accounts.token_program_a.key(),
        token_program_b: accounts.token_program_b.key(),
        authority: accounts.pool_authority.key(),
        fee_bps,
        decimals_a: accounts.mint_a.decimals,
        decimals_b: accounts.mint_b.decimals,
        bump: ctx.bumps.pool,
        authority_bump: ctx.bumps.pool_authority,
    });
    emit!(PoolCreated {
        pool: accounts.pool.key(),
        mint_a: accounts.mint_a.key(),
        mint_b: accounts.mint_b.key(),
        fee_bps,
    });
    Ok(())
}

/// Refuses Token-2022 mints whose extensions break the pool's accounting or custody.
fn check_mint_extensions(mint: &AccountInfo) -> Result<()> {
    if *mint.owner != anchor_spl::token_2022::ID {
        return Ok(());
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<Token2022Mint>::unpack(&data)
        .map_err(|_| AmmError::UnsupportedMint)?;
    let extensions = state
        .get_extension_types()
        .map_err(|_| AmmError::UnsupportedMint)?;
    for extension in extensions {
        if matches!(
            extension,
            ExtensionType::TransferFeeConfig
                | ExtensionType::TransferHook
                | ExtensionType::PermanentDelegate
                | ExtensionType::Pausable
                | ExtensionType::NonTransferable
                | ExtensionType::DefaultAccountState
        ) {
            msg!("refused Token-2022 mint extension: {:?}", extension);
            return err!(AmmError::UnsupportedMint);
        }
    }
    Ok(())
}
