//! `withdraw`: burn shares for the pro-rata part of every reserve, in kind, with no oracle.

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token};
use ballast_math::shares::redemption_amount;

use crate::constants::MAX_ASSETS;
use crate::error::{BallastError, MathResultExt};
use crate::events::Withdrawn;
use crate::state::{authority_seeds, TokenProgramKind, Vault};
use crate::token::{burn, read_mint_supply, read_token_account, token_program_for, transfer};

/// Arguments of `withdraw`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct WithdrawArgs {
    /// Share units to burn.
    pub shares: u64,
    /// Fewest base units accepted per asset, in vault order (one entry per asset).
    pub min_amounts_out: Vec<u64>,
    /// Assets to leave behind (bit `i` = asset `i`), forfeiting their part to the remaining
    /// holders: the way out when a reserve is frozen by its mint's freeze authority.
    pub skip_assets: u16,
}

#[derive(Accounts)]
pub struct Withdraw<'info> {
    /// The redeemer: owner (or delegate) of `user_shares`.
    pub user: Signer<'info>,

    /// The vault (writable: withdrawing settles the management fee).
    #[account(
        mut,
        has_one = share_mint @ BallastError::ShareMintMismatch,
        has_one = vault_authority @ BallastError::VaultAuthorityMismatch,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault authority PDA `[AUTHORITY_SEED, vault]` (`has_one` on the vault); signs
    /// the reserve transfers.
    /// CHECK: checked as the lines above say.
    pub vault_authority: UncheckedAccount<'info>,

    /// The vault's share mint (`has_one` on the vault).
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub share_mint: UncheckedAccount<'info>,

    /// The redeemer's share account; mint checked in the handler, authority by the token
    /// program.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub user_shares: UncheckedAccount<'info>,

    /// SPL Token: the share mint's program and that of classic-token assets.
    pub token_program: Program<'info, Token>,

    /// SPL Token-2022, required when the vault holds a Token-2022 asset; id checked.
    /// CHECK: checked as the lines above say.
    pub token_2022_program: Option<UncheckedAccount<'info>>,
    // remaining_accounts: for each vault asset in order, [reserve (writable), the
    // redeemer's token account of that asset (writable), the asset's mint].
}

/// Burns `shares` and pays `floor(reserve_i * shares / (supply + virtual shares))` of every
/// asset, `supply` the effective supply (the mint's plus the management fee's shares owed,
/// settled up to now first). Reads no oracle and is never paused, so holders can always
/// exit.
///
/// Requires:
/// - `shares > 0` (`ZeroAmount`) and at most the supply (`InsufficientShares`);
/// - `share_mint` the vault's (`ShareMintMismatch`), `user_shares` a share-mint account
///   (`UserShareAccountMismatch`);
/// - one `min_amounts_out` entry per asset (`MinAmountsLengthMismatch`) and three remaining
///   accounts per asset (`AssetAccountsMismatch`): each reserve the vault's
///   (`ReserveMismatch`) and, unless skipped, not frozen (`ReserveFrozen`); each mint the
///   asset's (`MintMismatch`); each user account not the reserve itself
///   (`DestinationIsReserve`), of the asset's token program (`InvalidTokenAccount`) and mint
///   (`UserTokenMintMismatch`);
/// - the Token-2022 program when an asset needs it (`MissingToken2022Program`);
/// - every payout at least its `min_amounts_out` (`MinAmountOutNotMet`) and not all zero
///   (`WithdrawTooSmall`).
///
/// Changes: settles the management fee; burns `shares` from `user_shares`, transfers each non-zero payout from the
/// reserve to the user's account (skipped assets pay nothing and their part stays with the
/// remaining holders), emits `Withdrawn`.
pub fn handler<'info>(ctx: Context<'info, Withdraw<'info>>, args: WithdrawArgs) -> Result<()> {
    require!(args.shares > 0, BallastError::ZeroAmount);
    let vault_key = ctx.accounts.vault.key();
    let mut vault = ctx.accounts.vault.load_mut()?;
    let mint_supply = read_mint_supply(&ctx.accounts.share_mint, &token::ID)?;
    require!(args.shares <= mint_supply, BallastError::InsufficientShares);
    let supply = vault.settle_fees(Clock::get()?.unix_timestamp, mint_supply)?;
    let assets = vault.assets();
    require!(
        args.min_amounts_out.len() == assets.len(),
        BallastError::MinAmountsLengthMismatch
    );
    require!(
        ctx.remaining_accounts.len() == assets.len().saturating_mul(3),
        BallastError::AssetAccountsMismatch
    );
    let user_shares = read_token_account(&ctx.accounts.user_shares, &token::ID)?;
    require_keys_eq!(
        user_shares.mint,
        vault.share_mint,
        BallastError::UserShareAccountMismatch
    );
    let token_2022 = if vault.uses_token_2022() {
        Some(token_program_for(
            TokenProgramKind::Token2022,
            &ctx.accounts.token_program,
            ctx.accounts.token_2022_program.as_ref(),
        )?)
    } else {
        None
    };

    // Compute: every payout, checked against the caller's minimums.
    let (triples, _) = ctx.remaining_accounts.as_chunks::<3>();
    let mut amounts = [0u64; MAX_ASSETS];
    let mut balances = [0u64; MAX_ASSETS];
    for (i, ((config, [reserve, user_token, mint]), (amount, min_out))) in assets
        .iter()
        .zip(triples)
        .zip(amounts.iter_mut().zip(&args.min_amounts_out))
        .enumerate()
    {
        let program = config.token_program_kind().program_id();
        require_keys_eq!(reserve.key(), config.reserve, BallastError::ReserveMismatch);
        require_keys_eq!(mint.key(), config.mint, BallastError::MintMismatch);
        require_keys_neq!(
            user_token.key(),
            config.reserve,
            BallastError::DestinationIsReserve
        );
        let user_account = read_token_account(user_token, &program)?;
        require_keys_eq!(
            user_account.mint,
            config.mint,
            BallastError::UserTokenMintMismatch
        );
        let view = read_token_account(reserve, &program)?;
        balances[i] = view.amount;
        let skipped = args.skip_assets & (1 << i) != 0;
        if !skipped {
            require!(!view.frozen, BallastError::ReserveFrozen);
            *amount = redemption_amount(view.amount, args.shares, supply).math()?;
        }
        require!(*amount >= *min_out, BallastError::MinAmountOutNotMet);
    }
    let amounts = &amounts[..assets.len()];
    require!(
        amounts.iter().any(|&a| a > 0),
        BallastError::WithdrawTooSmall
    );

    // Effects: burn, then pay every asset.
    burn(
        &ctx.accounts.share_mint,
        &ctx.accounts.user_shares,
        &ctx.accounts.user,
        args.shares,
    )?;
    let authority_bump = [vault.authority_bump];
    let seeds = authority_seeds(&vault_key, &authority_bump);
    let token_program = ctx.accounts.token_program.to_account_info();
    let mut reserves_after = Vec::with_capacity(assets.len());
    for (((config, [reserve, user_token, mint]), &amount), &balance) in
        assets.iter().zip(triples).zip(amounts).zip(&balances)
    {
        let kind = config.token_program_kind();
        if amount > 0 {
            let program = match kind {
                TokenProgramKind::Token => &token_program,
                TokenProgramKind::Token2022 => token_2022
                    .as_ref()
                    .ok_or_else(|| error!(BallastError::MissingToken2022Program))?,
            };
            transfer(
                program,
                reserve,
                mint,
                user_token,
                &ctx.accounts.vault_authority,
                amount,
                config.decimals,
                &[&seeds],
            )?;
        }
        // transfer_checked moves exactly `amount` (no transfer-fee mint is accepted).
        reserves_after.push(balance.saturating_sub(amount));
    }

    emit!(Withdrawn {
        vault: vault_key,
        user: ctx.accounts.user.key(),
        shares: args.shares,
        amounts: amounts.to_vec(),
        reserves_after,
        supply_after: supply.saturating_sub(args.shares),
    });
    Ok(())
}
