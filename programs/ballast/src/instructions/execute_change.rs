//! `execute_change`: anyone makes a queued change once its timelock has passed.

use anchor_lang::prelude::*;
use anchor_spl::token::Token;

use crate::constants::RESERVE_SEED;
use crate::error::BallastError;
use crate::events::ChangeExecuted;
use crate::state::{AssetConfig, Change, PendingChange, TokenProgramKind, Vault};
use crate::token::{create_token_account, inspect_mint, read_mint_supply};

#[derive(Accounts)]
pub struct ExecuteChange<'info> {
    /// Anyone (the new manager itself for a handover); pays a new asset's reserve.
    #[account(mut)]
    pub executor: Signer<'info>,

    /// The vault.
    #[account(
        mut,
        has_one = share_mint @ BallastError::ShareMintMismatch,
        has_one = vault_authority @ BallastError::VaultAuthorityMismatch,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault's share mint (`has_one`): settles the fee before a fee change.
    /// CHECK: checked as the lines above say.
    pub share_mint: UncheckedAccount<'info>,

    /// The vault authority PDA (`has_one`): owner of a new asset's reserve.
    /// CHECK: checked as the lines above say.
    pub vault_authority: UncheckedAccount<'info>,

    /// The queued change (of this vault), closed here.
    #[account(mut, has_one = vault @ BallastError::ChangeNotPending, has_one = proposer @ BallastError::ChangeNotPending, close = proposer)]
    pub change: Account<'info, PendingChange>,

    /// Who queued the change (its stored `proposer`): receives the rent back.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub proposer: UncheckedAccount<'info>,

    /// SPL Token (the share mint's program).
    pub token_program: Program<'info, Token>,

    /// The system program.
    pub system_program: Program<'info, System>,
    // remaining_accounts, for `AddAsset` only: [mint, reserve (writable: the PDA
    // [RESERVE_SEED, vault, mint], not yet created), the mint's token program].
}

/// Executes a queued change.
///
/// Requires: a change of this vault still pending (`ChangeNotPending`; an executed or
/// cancelled change's account no longer exists, so nothing executes twice); its timelock
/// passed (`ChangeNotReady`); for a handover, the new manager's signature
/// (`ExecutorNotNewManager`); the change still valid for the vault as it is now
/// (`ChangeNoLongerValid`, e.g. weights for another number of assets); for `AddAsset`,
/// the mint, its reserve PDA and its token program (`AssetAccountsMismatch`, `MintMismatch`,
/// `InvalidMint`, `MintDecimalsUnsupported`, `UnsupportedMintExtension`,
/// `ReserveAddressMismatch`, `TokenProgramMismatch`).
///
/// Changes: the vault as `Change::apply` describes (target weights start their ramp no
/// earlier than now and keep its length; `AddAsset` creates the reserve and appends the
/// asset with target weight 0; a new manager voids every other queued change, which
/// `discard_change` then closes); frees the pending slot; closes the change account (rent
/// to the proposer); emits `ChangeExecuted`.
pub fn handler<'info>(ctx: Context<'info, ExecuteChange<'info>>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let pending = &ctx.accounts.change;
    require!(now >= pending.executable_at, BallastError::ChangeNotReady);
    if let Change::Manager { new_manager } = &pending.change {
        require_keys_eq!(
            ctx.accounts.executor.key(),
            *new_manager,
            BallastError::ExecutorNotNewManager
        );
    }
    let mint_supply = read_mint_supply(&ctx.accounts.share_mint, &anchor_spl::token::ID)?;
    let vault_key = ctx.accounts.vault.key();
    let mut vault = ctx.accounts.vault.load_mut()?;
    vault.release_pending(pending.id)?;
    match &pending.change {
        Change::AddAsset { mint, feed_id } => {
            pending
                .change
                .validate(&vault)
                .map_err(|_| error!(BallastError::ChangeNoLongerValid))?;
            let asset = add_asset(
                ctx.accounts,
                ctx.remaining_accounts,
                &vault_key,
                mint,
                feed_id,
            )?;
            let index = usize::from(vault.num_assets);
            vault.assets[index] = asset;
            vault.volatility[index] = Default::default();
            vault.round_trade_targets[index] = 0;
            vault.num_assets = vault.num_assets.saturating_add(1);
            vault.bump_config_seq();
        }
        change => change.apply(&mut vault, now, mint_supply)?,
    }
    emit!(ChangeExecuted {
        vault: vault_key,
        id: pending.id,
        change: pending.change.clone(),
    });
    Ok(())
}

/// Creates the reserve of a new asset and returns its configuration (target weight 0).
fn add_asset<'info>(
    a: &ExecuteChange<'info>,
    remaining: &[AccountInfo<'info>],
    vault_key: &Pubkey,
    mint_key: &Pubkey,
    feed_id: &[u8; 32],
) -> Result<AssetConfig> {
    let [mint, reserve, token_program] = remaining else {
        return err!(BallastError::AssetAccountsMismatch);
    };
    require_keys_eq!(mint.key(), *mint_key, BallastError::MintMismatch);
    let kind = TokenProgramKind::from_program_id(mint.owner)
        .ok_or_else(|| error!(BallastError::InvalidMint))?;
    require_keys_eq!(
        token_program.key(),
        kind.program_id(),
        BallastError::TokenProgramMismatch
    );
    let (decimals, reserve_len) = inspect_mint(mint, kind)?;
    let (expected, reserve_bump) = Pubkey::find_program_address(
        &[RESERVE_SEED, vault_key.as_ref(), mint_key.as_ref()],
        &crate::ID,
    );
    require_keys_eq!(
        reserve.key(),
        expected,
        BallastError::ReserveAddressMismatch
    );
    create_token_account(
        &a.executor,
        &a.system_program,
        reserve,
        mint,
        token_program,
        a.vault_authority.to_account_info(),
        reserve_len,
        &[
            RESERVE_SEED,
            vault_key.as_ref(),
            mint_key.as_ref(),
            &[reserve_bump],
        ],
    )?;
    Ok(AssetConfig {
        mint: *mint_key,
        reserve: expected,
        feed_id: *feed_id,
        target_weight_bps: 0,
        decimals,
        token_program: kind as u8,
        reserve_bump,
        escrow_bump: 0,
        ramp_from_bps: 0,
        escrow: Pubkey::default(),
        last_publish_time: 0,
    })
}
