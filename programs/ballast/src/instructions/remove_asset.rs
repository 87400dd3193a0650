//! `remove_asset`: the manager removes an asset whose target has ramped to 0 and whose
//! reserve was traded out.

use anchor_lang::prelude::*;
use ballast_math::oracle::PriceLimits;
use ballast_math::{PriceSide, Rounding};

use crate::constants::{
    ESCROW_SEED, MAX_REMOVAL_DUST_MICRO_USD, MIN_ASSETS, PRICELESS_DUST_FRACTION, RESERVE_SEED,
};
use crate::error::{BallastError, MathResultExt};
use crate::events::AssetRemoved;
use crate::oracle::read_price;
use crate::state::{authority_seeds, swap_authority_seeds, Vault};
use crate::token::{burn_signed, close_signed, read_amount};

/// Arguments of `remove_asset`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemoveAssetArgs {
    /// Index of the asset to remove; later assets move down by one.
    pub asset_index: u8,
}

#[derive(Accounts)]
pub struct RemoveAsset<'info> {
    /// The vault's manager; receives the closed accounts' rent.
    #[account(mut)]
    pub manager: Signer<'info>,

    /// The vault.
    #[account(
        mut,
        has_one = manager @ BallastError::NotManager,
        has_one = vault_authority @ BallastError::VaultAuthorityMismatch,
        has_one = swap_authority @ BallastError::SwapAuthorityMismatch,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault authority PDA (`has_one`): owner of the reserve.
    /// CHECK: checked as the lines above say.
    pub vault_authority: UncheckedAccount<'info>,

    /// The swap authority PDA (`has_one`): owner of the escrow.
    /// CHECK: checked as the lines above say.
    pub swap_authority: UncheckedAccount<'info>,

    /// The asset's reserve, the PDA `[RESERVE_SEED, vault, mint]` (seeds checked here, for
    /// clients that resolve it from the IDL; matched against the vault), closed here.
    /// CHECK: checked as the lines above say.
    #[account(mut, seeds = [RESERVE_SEED, vault.key().as_ref(), mint.key().as_ref()], bump)]
    pub reserve: UncheckedAccount<'info>,

    /// The asset's escrow, the PDA `[ESCROW_SEED, vault, mint]` (seeds checked here; matched
    /// against the vault), closed here; absent (`None`) when it was never created.
    /// CHECK: checked as the lines above say.
    #[account(mut, seeds = [ESCROW_SEED, vault.key().as_ref(), mint.key().as_ref()], bump)]
    pub escrow: Option<UncheckedAccount<'info>>,

    /// The asset's mint (matched against the vault; writable to burn dust).
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub mint: UncheckedAccount<'info>,

    /// The asset's `PriceUpdateV2` account (every check of `deposit`): values dust above
    /// the priceless bound; not read otherwise (the feed may have stopped).
    /// CHECK: checked as the lines above say.
    pub price: UncheckedAccount<'info>,

    /// The asset's token program (matched against the vault).
    /// CHECK: checked as the lines above say.
    pub token_program: UncheckedAccount<'info>,
}

/// Removes asset `asset_index`.
///
/// Requires: the manager's signature (`NotManager`); a vault asset (`AssetIndexOutOfRange`)
/// of a vault that keeps at least `MIN_ASSETS` (`TooFewAssets`); its target weight 0 now
/// and after the current ramp, and either 0 when the ramp started or the ramp over
/// (`TargetNotZero`); no open round (`RoundInProgress`) and no
/// queued change (`PendingChangesExist`: their weights are per asset); its reserve, escrow,
/// mint and token program (`ReserveMismatch`, `EscrowMismatch`, `MintMismatch`,
/// `TokenProgramMismatch`); what its reserve and escrow still hold either at most
/// `10^decimals / PRICELESS_DUST_FRACTION` base units (a millionth of a token, burned
/// without a price: the feed of an asset on its way out may have stopped) or worth at most
/// `MAX_REMOVAL_DUST_MICRO_USD` at a fresh price (`ReserveNotEmpty`; the oracle errors of
/// `deposit`). What holders can lose to a removal is at most the larger of the two.
///
/// Changes: burns that dust (anyone could send some to block the removal), closes the
/// reserve and the escrow (rent to the manager), removes the asset from the vault (later
/// assets, their volatility estimates and round targets move down by one; `config_seq`
/// counts it); emits
/// `AssetRemoved`. Removing an asset only reduces what deposits accept and what the vault
/// holds, so it needs no timelock; adding one does.
pub fn handler(ctx: Context<RemoveAsset>, args: RemoveAssetArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let vault_key = ctx.accounts.vault.key();
    let mut vault = ctx.accounts.vault.load_mut()?;
    let asset = *vault.asset(args.asset_index)?;
    let index = usize::from(args.asset_index);
    let n = vault.assets().len();
    require!(n > MIN_ASSETS, BallastError::TooFewAssets);
    let targets = vault.targets_at(now)?;
    // Mid-ramp, a target that rounds to 0 is not enough: the ramp's starting weights of the
    // other assets would no longer sum to 10,000 and every target computation would fail
    // until the ramp ends. The asset must have started the ramp at 0 or the ramp be over.
    require!(
        targets[index] == 0
            && asset.target_weight_bps == 0
            && (asset.ramp_from_bps == 0 || now >= vault.ramp_end_ts),
        BallastError::TargetNotZero
    );
    require!(now >= vault.round_ends_ts, BallastError::RoundInProgress);
    require!(
        !vault.has_pending_changes(),
        BallastError::PendingChangesExist
    );
    let a = &ctx.accounts;
    require_keys_eq!(
        a.reserve.key(),
        asset.reserve,
        BallastError::ReserveMismatch
    );
    require_keys_eq!(a.mint.key(), asset.mint, BallastError::MintMismatch);
    let program = asset.token_program_kind().program_id();
    require_keys_eq!(
        a.token_program.key(),
        program,
        BallastError::TokenProgramMismatch
    );
    let escrow = match (&a.escrow, asset.escrow == Pubkey::default()) {
        (Some(escrow), false) => {
            require_keys_eq!(escrow.key(), asset.escrow, BallastError::EscrowMismatch);
            Some(escrow)
        }
        (None, true) => None,
        _ => return err!(BallastError::EscrowMismatch),
    };
    let in_reserve = read_amount(&a.reserve, &program)?;
    let in_escrow = match escrow {
        Some(escrow) => read_amount(escrow, &program)?,
        None => 0,
    };
    let dust = in_reserve.saturating_add(in_escrow);
    // Rounded down: the bound never exceeds a millionth of a whole token.
    let priceless_dust = 10u64
        .checked_pow(u32::from(asset.decimals))
        .map(|unit| unit / PRICELESS_DUST_FRACTION)
        .ok_or_else(|| error!(BallastError::MathOverflow))?;
    if dust > priceless_dust {
        let limits = PriceLimits {
            now,
            max_age_secs: u32::from(vault.fresh_price_secs),
            last_used: asset.last_publish_time,
            max_conf_bps: vault.max_conf_bps,
        };
        let price = read_price(&a.price, &asset.feed_id, &limits)?.price;
        let value = ballast_math::oracle::token_value(
            dust,
            asset.decimals,
            &price,
            PriceSide::Mid,
            Rounding::Up,
        )
        .and_then(|v| v.to_micro_usd(Rounding::Up))
        .math()?;
        require!(
            value <= MAX_REMOVAL_DUST_MICRO_USD,
            BallastError::ReserveNotEmpty
        );
    }

    // The asset leaves the vault: later entries move down one place.
    for i in index..n.saturating_sub(1) {
        vault.assets[i] = vault.assets[i.saturating_add(1)];
        vault.volatility[i] = vault.volatility[i.saturating_add(1)];
        vault.round_trade_targets[i] = vault.round_trade_targets[i.saturating_add(1)];
    }
    let last = n.saturating_sub(1);
    vault.assets[last] = Default::default();
    vault.volatility[last] = Default::default();
    vault.round_trade_targets[last] = 0;
    vault.num_assets = vault.num_assets.saturating_sub(1);
    vault.bump_config_seq();
    let (authority_bump, swap_bump) = ([vault.authority_bump], [vault.swap_authority_bump]);
    drop(vault);

    let reserve_seeds = authority_seeds(&vault_key, &authority_bump);
    let program_info = a.token_program.to_account_info();
    let manager = a.manager.to_account_info();
    if in_reserve > 0 {
        burn_signed(
            &program_info,
            &a.mint,
            &a.reserve,
            &a.vault_authority,
            in_reserve,
            &[&reserve_seeds],
        )?;
    }
    close_signed(
        &program_info,
        &a.reserve,
        &manager,
        &a.vault_authority,
        &[&reserve_seeds],
    )?;
    if let Some(escrow) = escrow {
        let escrow_seeds = swap_authority_seeds(&vault_key, &swap_bump);
        if in_escrow > 0 {
            burn_signed(
                &program_info,
                &a.mint,
                escrow,
                &a.swap_authority,
                in_escrow,
                &[&escrow_seeds],
            )?;
        }
        close_signed(
            &program_info,
            escrow,
            &manager,
            &a.swap_authority,
            &[&escrow_seeds],
        )?;
    }
    emit!(AssetRemoved {
        vault: vault_key,
        asset_index: args.asset_index,
        mint: asset.mint,
        burned: dust,
    });
    Ok(())
}
