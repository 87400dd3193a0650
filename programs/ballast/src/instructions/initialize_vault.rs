//! `initialize_vault`: create a vault, its share mint and one reserve per asset.

use anchor_lang::prelude::*;
use anchor_spl::token::Token;
use anchor_spl::token_interface::Mint;

use crate::constants::*;
use crate::error::BallastError;
use crate::events::VaultInitialized;
use crate::state::{check_initial_weights, AssetConfig, TokenProgramKind, Vault, VaultParams};
use crate::token::{create_token_account, inspect_mint, token_program_for};

/// Per-asset configuration given by the manager.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct AssetInit {
    /// Pyth feed id of the asset's USD price.
    pub feed_id: [u8; 32],
    /// Target weight in bps (all weights sum to 10_000).
    pub target_weight_bps: u16,
}

/// Arguments of `initialize_vault`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct InitializeVaultArgs {
    /// Manager-chosen id, part of the vault's PDA seeds.
    pub vault_id: u64,
    /// Oracle limits, entry spread and timelock.
    pub params: VaultParams,
    /// The assets, in vault order (2..=16).
    pub assets: Vec<AssetInit>,
}

#[derive(Accounts)]
#[instruction(args: InitializeVaultArgs)]
pub struct InitializeVault<'info> {
    /// Creates and pays for the vault; becomes its manager.
    #[account(mut)]
    pub manager: Signer<'info>,

    /// The new vault.
    #[account(
        init,
        payer = manager,
        space = Vault::SPACE,
        seeds = [VAULT_SEED, manager.key().as_ref(), &args.vault_id.to_le_bytes()],
        bump,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// PDA without data that owns the reserves and mints the shares; only its address is
    /// used (seeds checked here).
    /// CHECK: checked as the lines above say.
    #[account(seeds = [AUTHORITY_SEED, vault.key().as_ref()], bump)]
    pub vault_authority: UncheckedAccount<'info>,

    /// PDA without data that owns the swap escrows and nothing else; only its address is
    /// used (seeds checked here).
    /// CHECK: checked as the lines above say.
    #[account(seeds = [SWAP_AUTHORITY_SEED, vault.key().as_ref()], bump)]
    pub swap_authority: UncheckedAccount<'info>,

    /// The vault's share mint, created here: classic SPL Token, 9 decimals, minted only by
    /// the vault authority, no freeze authority.
    #[account(
        init,
        payer = manager,
        seeds = [SHARE_MINT_SEED, vault.key().as_ref()],
        bump,
        mint::decimals = SHARE_DECIMALS,
        mint::authority = vault_authority,
        mint::token_program = token_program,
    )]
    pub share_mint: InterfaceAccount<'info, Mint>,

    /// SPL Token: the share mint's program and that of classic-token assets.
    pub token_program: Program<'info, Token>,
    /// SPL Token-2022, needed only when an asset is a Token-2022 mint; its id is checked
    /// before use.
    /// CHECK: checked as the lines above say.
    pub token_2022_program: Option<UncheckedAccount<'info>>,
    /// The system program.
    pub system_program: Program<'info, System>,
    // remaining_accounts: for each asset in order, [mint, reserve (writable, the PDA
    // [RESERVE_SEED, vault, mint], not yet created)].
}

/// Creates a vault.
///
/// Requires:
/// - 2..=16 assets, every weight non-zero, summing to 10_000 bps
///   (`check_initial_weights`: `TooFewAssets`, `TooManyAssets`, `ZeroWeight`,
///   `WeightsDoNotSum`), and two remaining accounts per asset (`AssetAccountsMismatch`);
/// - parameters within their limits (`VaultParams::validate`): `max_oracle_age_secs` in
///   1..=300, `fresh_price_secs` in 1..=60 and at most `max_oracle_age_secs`, and
///   `max_conf_bps` in 1..=9999 (`InvalidOracleConfig`); an `entry_spread_bps` of at most
///   100 (`InvalidEntrySpread`); a `timelock_secs` in 3,600..=2,592,000 (`InvalidTimelock`);
/// - each mint an initialized SPL Token or Token-2022 mint (`InvalidMint`) with at most 18
///   decimals (`MintDecimalsUnsupported`), not seen before in the list and not the share
///   mint (`DuplicateMint`); a Token-2022 mint may carry only metadata and group extensions
///   (`UnsupportedMintExtension`, naming the extension in the log): transfer fees, transfer
///   hooks, permanent delegates, confidential transfers, non-transferable, pausable,
///   default-frozen, closable, interest-bearing and scaled-UI-amount mints are refused (the
///   last two because Pyth prices the displayed amount, not the raw one);
/// - each reserve account the PDA `[RESERVE_SEED, vault, mint]` (`ReserveAddressMismatch`);
/// - the Token-2022 program account when any mint is Token-2022 (`MissingToken2022Program`).
///
/// Changes: creates the vault account, the share mint and one reserve token account per
/// asset (owned by the vault authority); stores the configuration with rebalancing not yet
/// configured (a `Change::Rebalance`, at once while no shares exist), no management fee,
/// no guardian, nothing paused and no swap escrows yet (`create_escrow` makes them); sets
/// the fee's settlement time and the last-rebalance
/// time (the cooldown's origin) to now; emits `VaultInitialized`.
pub fn handler<'info>(
    ctx: Context<'info, InitializeVault<'info>>,
    args: InitializeVaultArgs,
) -> Result<()> {
    let n = args.assets.len();
    let weights: Vec<u16> = args.assets.iter().map(|a| a.target_weight_bps).collect();
    check_initial_weights(&weights)?;
    require!(
        ctx.remaining_accounts.len() == n.saturating_mul(2),
        BallastError::AssetAccountsMismatch
    );
    args.params.validate()?;

    let vault_key = ctx.accounts.vault.key();
    let share_mint_key = ctx.accounts.share_mint.key();
    // Written in place: an array of 16 assets is too large for a 4 KiB stack frame.
    let mut vault = ctx.accounts.vault.load_init()?;

    let (pairs, _) = ctx.remaining_accounts.as_chunks::<2>();
    for (i, (init, [mint, reserve])) in args.assets.iter().zip(pairs).enumerate() {
        require_keys_neq!(mint.key(), share_mint_key, BallastError::DuplicateMint);
        require!(
            vault.assets[..i].iter().all(|a| a.mint != mint.key()),
            BallastError::DuplicateMint
        );
        let kind = TokenProgramKind::from_program_id(mint.owner)
            .ok_or_else(|| error!(BallastError::InvalidMint))?;
        let (decimals, reserve_len) = inspect_mint(mint, kind)?;

        let (expected_reserve, reserve_bump) = Pubkey::find_program_address(
            &[RESERVE_SEED, vault_key.as_ref(), mint.key().as_ref()],
            ctx.program_id,
        );
        require_keys_eq!(
            reserve.key(),
            expected_reserve,
            BallastError::ReserveAddressMismatch
        );

        let accounts = &*ctx.accounts;
        let token_program = token_program_for(
            kind,
            &accounts.token_program,
            accounts.token_2022_program.as_ref(),
        )?;
        let mint_key = mint.key();
        create_token_account(
            &accounts.manager,
            &accounts.system_program,
            reserve,
            mint,
            &token_program,
            accounts.vault_authority.to_account_info(),
            reserve_len,
            &[
                RESERVE_SEED,
                vault_key.as_ref(),
                mint_key.as_ref(),
                &[reserve_bump],
            ],
        )?;

        vault.assets[i] = AssetConfig {
            mint: mint.key(),
            reserve: reserve.key(),
            feed_id: init.feed_id,
            target_weight_bps: init.target_weight_bps,
            decimals,
            token_program: kind as u8,
            reserve_bump,
            escrow_bump: 0,
            ramp_from_bps: init.target_weight_bps,
            escrow: Pubkey::default(),
            last_publish_time: 0,
        };
    }

    vault.manager = ctx.accounts.manager.key();
    vault.share_mint = share_mint_key;
    vault.vault_authority = ctx.accounts.vault_authority.key();
    vault.swap_authority = ctx.accounts.swap_authority.key();
    vault.swap_authority_bump = ctx.bumps.swap_authority;
    let now = Clock::get()?.unix_timestamp;
    vault.round_opened_ts = now;
    vault.fees_settled_ts = now;
    vault.timelock_secs = args.params.timelock_secs;
    vault.next_change_id = 1;
    vault.vault_id = args.vault_id;
    vault.max_oracle_age_secs = args.params.max_oracle_age_secs;
    vault.max_conf_bps = args.params.max_conf_bps;
    vault.fresh_price_secs = args.params.fresh_price_secs;
    vault.entry_spread_bps = args.params.entry_spread_bps;
    // n <= MAX_ASSETS = 16 was checked above.
    vault.num_assets = u8::try_from(n).map_err(|_| error!(BallastError::TooManyAssets))?;
    vault.bump = ctx.bumps.vault;
    vault.authority_bump = ctx.bumps.vault_authority;
    vault.share_mint_bump = ctx.bumps.share_mint;

    emit!(VaultInitialized {
        vault: vault_key,
        manager: vault.manager,
        share_mint: share_mint_key,
        mints: vault.assets().iter().map(|a| a.mint).collect(),
        target_weights_bps: vault.assets().iter().map(|a| a.target_weight_bps).collect(),
        max_oracle_age_secs: vault.max_oracle_age_secs,
        max_conf_bps: vault.max_conf_bps,
        fresh_price_secs: vault.fresh_price_secs,
        entry_spread_bps: vault.entry_spread_bps,
    });
    Ok(())
}
