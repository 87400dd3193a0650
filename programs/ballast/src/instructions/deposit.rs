//! `deposit`: one vault asset in, shares out at the oracle NAV.

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token};
use ballast_math::oracle::token_value;
use ballast_math::shares::{after_entry_spread, nav_per_share, shares_for_deposit};
use ballast_math::{PriceSide, Rounding, Wad};

use crate::constants::PAUSE_DEPOSITS;
use crate::error::{BallastError, MathResultExt};
use crate::events::{Deposited, PriceUsed};
use crate::state::{authority_seeds, Vault};
use crate::token::{mint_to, read_amount, read_mint_supply, read_token_account, transfer};
use crate::valuation::{read_assets, record_publish_times};

/// Arguments of `deposit`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepositArgs {
    /// Index of the deposited asset in the vault.
    pub asset_index: u8,
    /// Base units to deposit.
    pub amount: u64,
    /// Fewest share units the depositor accepts.
    pub min_shares_out: u64,
}

#[derive(Accounts)]
pub struct Deposit<'info> {
    /// The depositor: owner (or delegate) of `user_token`.
    pub user: Signer<'info>,

    /// The vault (writable: it records the newest price publish time per asset).
    #[account(
        mut,
        has_one = share_mint @ BallastError::ShareMintMismatch,
        has_one = vault_authority @ BallastError::VaultAuthorityMismatch,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault authority PDA `[AUTHORITY_SEED, vault]` (`has_one` on the vault); mints
    /// the shares.
    /// CHECK: checked as the lines above say.
    pub vault_authority: UncheckedAccount<'info>,

    /// The vault's share mint (`has_one` on the vault); supply read from its bytes.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub share_mint: UncheckedAccount<'info>,

    /// The depositor's token account of the asset; owner program and mint checked in the
    /// handler, authority checked by the token program.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub user_token: UncheckedAccount<'info>,

    /// The depositor's share token account; mint checked in the handler.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub user_shares: UncheckedAccount<'info>,

    /// The deposited asset's mint; matched against the vault's asset in the handler.
    /// CHECK: checked as the lines above say.
    pub asset_mint: UncheckedAccount<'info>,

    /// The asset's token program (SPL Token or Token-2022); matched against the vault's
    /// asset in the handler.
    /// CHECK: checked as the lines above say.
    pub asset_token_program: UncheckedAccount<'info>,

    /// SPL Token: the share mint's program.
    pub token_program: Program<'info, Token>,
    // remaining_accounts: for each vault asset in order, [reserve (the deposited asset's
    // writable), PriceUpdateV2 account of the asset's feed].
}

/// Deposits `amount` of asset `asset_index` and mints shares at NAV.
///
/// Requires:
/// - deposits not paused (`DepositsPaused`);
/// - `amount > 0` (`ZeroAmount`), `asset_index` a vault asset (`AssetIndexOutOfRange`);
/// - `share_mint` the vault's (`ShareMintMismatch`), `asset_mint` the asset's mint
///   (`MintMismatch`), `asset_token_program` its token program (`TokenProgramMismatch`);
/// - `user_token` an account of that program (`InvalidTokenAccount`) holding the asset's
///   mint (`UserTokenMintMismatch`); `user_shares` a share-mint account
///   (`UserShareAccountMismatch`);
/// - two remaining accounts per asset (`AssetAccountsMismatch`): each reserve the vault's
///   (`ReserveMismatch`) and not frozen (`ReserveFrozen`), the deposited one writable
///   (`AccountNotWritable`), and each price a fully verified Pyth price of the asset's feed
///   published at most `fresh_price_secs` before the cluster clock, within the vault's
///   confidence limit, not older than one the vault already used (`OracleWrongOwner`, `OracleInvalidAccount`, `OracleNotFullyVerified`,
///   `OracleFeedMismatch`, `OracleStale`, `OracleFromTheFuture`, `OracleOlderThanLastUsed`,
///   `OracleConfidenceTooWide`, `OracleNonPositivePrice`, `OracleExponentOutOfRange`);
/// - at least one share minted (`ZeroShares`) and at least `min_shares_out`
///   (`MinSharesOutNotMet`); no overflow anywhere (`MathOverflow`).
///
/// Valuation favours existing holders: the deposit at price - conf (rounded down) less the
/// vault's entry spread (which stays in the reserve for the holders), the holdings at
/// price + conf (rounded up), shares rounded down, with the virtual shares/value of
/// `ballast_math::shares`. What a depositor can gain by choosing which recent price to use
/// is bounded in the README (stale-price round trip).
///
/// Shares are priced on the effective supply: the share mint's supply plus the management
/// fee's shares owed, settled up to now first (`Vault::settle_fees`).
///
/// Changes: settles the management fee; records each asset's price publish time; moves `amount` from `user_token` to
/// the asset's reserve (checked to arrive in full, `TransferAmountMismatch`); mints the
/// shares to `user_shares`; emits `Deposited`.
pub fn handler<'info>(ctx: Context<'info, Deposit<'info>>, args: DepositArgs) -> Result<()> {
    require!(args.amount > 0, BallastError::ZeroAmount);
    let vault_key = ctx.accounts.vault.key();
    let mut vault = ctx.accounts.vault.load_mut()?;
    require!(
        !vault.is_paused(PAUSE_DEPOSITS),
        BallastError::DepositsPaused
    );
    let asset = *vault.asset(args.asset_index)?;
    let asset_program = asset.token_program_kind().program_id();
    let index = usize::from(args.asset_index);

    require_keys_eq!(
        ctx.accounts.asset_mint.key(),
        asset.mint,
        BallastError::MintMismatch
    );
    require_keys_eq!(
        ctx.accounts.asset_token_program.key(),
        asset_program,
        BallastError::TokenProgramMismatch
    );
    let user_token = read_token_account(&ctx.accounts.user_token, &asset_program)?;
    require_keys_eq!(
        user_token.mint,
        asset.mint,
        BallastError::UserTokenMintMismatch
    );
    let user_shares = read_token_account(&ctx.accounts.user_shares, &token::ID)?;
    require_keys_eq!(
        user_shares.mint,
        vault.share_mint,
        BallastError::UserShareAccountMismatch
    );

    // Compute: value every reserve and the deposit at fresh, checked oracle prices.
    require!(
        ctx.remaining_accounts.len() == vault.assets().len().saturating_mul(2),
        BallastError::AssetAccountsMismatch
    );
    let (pairs, _) = ctx.remaining_accounts.as_chunks::<2>();
    let now = Clock::get()?.unix_timestamp;
    let reads = read_assets(&vault, pairs, now, u32::from(vault.fresh_price_secs))?;
    require!(!reads.iter().any(|r| r.frozen), BallastError::ReserveFrozen);
    let mut nav = Wad::ZERO;
    for read in &reads {
        nav = nav
            .checked_add(read.value(PriceSide::High, Rounding::Up)?)
            .math()?;
    }
    let reserve = &pairs[index][0];
    require!(reserve.is_writable, BallastError::AccountNotWritable);
    let reserve_before = reads[index].balance;
    let deposit_value = token_value(
        args.amount,
        asset.decimals,
        &reads[index].price,
        PriceSide::Low,
        Rounding::Down,
    )
    .math()?;
    let credited_value = after_entry_spread(deposit_value, vault.entry_spread_bps).math()?;
    record_publish_times(&mut vault, &reads);
    let mint_supply = read_mint_supply(&ctx.accounts.share_mint, &token::ID)?;
    let supply = vault.settle_fees(now, mint_supply)?;
    let shares_out = shares_for_deposit(credited_value, nav, supply).math()?;
    require!(
        shares_out >= args.min_shares_out,
        BallastError::MinSharesOutNotMet
    );
    let supply_after = supply
        .checked_add(shares_out)
        .ok_or(BallastError::MathOverflow)?;
    let nav_after = nav.checked_add(deposit_value).math()?;
    let nav_per_share = nav_per_share(nav_after, supply_after).math()?;
    let authority_bump = [vault.authority_bump];
    drop(vault);

    // Effects: asset in, shares out.
    transfer(
        &ctx.accounts.asset_token_program,
        &ctx.accounts.user_token,
        &ctx.accounts.asset_mint,
        reserve,
        &ctx.accounts.user,
        args.amount,
        asset.decimals,
        &[],
    )?;
    let seeds = authority_seeds(&vault_key, &authority_bump);
    mint_to(
        &ctx.accounts.share_mint,
        &ctx.accounts.user_shares,
        &ctx.accounts.vault_authority,
        shares_out,
        &[&seeds],
    )?;

    // Check: the reserve received exactly `amount`.
    let received = read_amount(reserve, &asset_program)?
        .checked_sub(reserve_before)
        .ok_or(BallastError::TransferAmountMismatch)?;
    require!(
        received == args.amount,
        BallastError::TransferAmountMismatch
    );

    emit!(Deposited {
        vault: vault_key,
        user: ctx.accounts.user.key(),
        asset_index: args.asset_index,
        amount: args.amount,
        deposit_value: deposit_value.raw(),
        credited_value: credited_value.raw(),
        prices: reads.iter().map(|r| PriceUsed::from(r.price)).collect(),
        nav_before: nav.raw(),
        shares_out,
        supply_after,
        nav_per_share: nav_per_share.raw(),
    });
    Ok(())
}
