//! `rebalance`: a permissionless swap between two reserves through an allowlisted DEX, in an
//! open round, with its output checked against oracle prices at the round's auction level.
//!
//! - `mod.rs`: accounts, arguments and the handler (compute, then effects, then checks);
//! - `checks.rs`: the named accounts and the post-swap checks on the escrows;
//! - `dex.rs`: what the DEX may touch, and the call itself.

mod checks;
mod dex;

use anchor_lang::prelude::*;
use anchor_spl::token::Token;
use ballast_math::round::{keeper_reward, swap_terms, Holdings, SwapRequest};
use ballast_math::{PriceSide, Rounding};

use crate::constants::{INSTRUCTIONS_SYSVAR_ID, PAUSE_REBALANCES};
use crate::error::{BallastError, MathResultExt};
use crate::events::{PriceUsed, Rebalanced};
use crate::introspection::check_no_other_writer;
use crate::state::{authority_seeds, swap_authority_seeds, Vault};
use crate::token::{read_amount, token_program_for, transfer};
use crate::valuation::{mid_values, read_assets, record_publish_times};

use checks::{check_named_accounts, post_swap_checks, EscrowsBefore};
use dex::{dex_writable_accounts, invoke_dex};

/// Arguments of `rebalance`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct RebalanceArgs {
    /// Index of the asset to sell.
    pub sell_index: u8,
    /// Index of the asset to buy.
    pub buy_index: u8,
    /// Base units of the sold asset handed to the DEX.
    pub amount_in: u64,
    /// Instruction data for the DEX program, passed through unchanged.
    pub dex_data: Vec<u8>,
}

#[derive(Accounts)]
pub struct Rebalance<'info> {
    /// Anyone: the keeper that fills the round.
    pub keeper: Signer<'info>,

    /// The vault.
    #[account(
        mut,
        has_one = vault_authority @ BallastError::VaultAuthorityMismatch,
        has_one = swap_authority @ BallastError::SwapAuthorityMismatch,
    )]
    pub vault: AccountLoader<'info, Vault>,

    /// The vault authority PDA `[AUTHORITY_SEED, vault]` (`has_one` on the vault); moves
    /// the sold amount from the reserve to the escrow.
    /// CHECK: checked as the lines above say.
    pub vault_authority: UncheckedAccount<'info>,

    /// The swap authority PDA `[SWAP_AUTHORITY_SEED, vault]` (`has_one` on the vault): the
    /// only signer the DEX sees.
    /// CHECK: checked as the lines above say.
    pub swap_authority: UncheckedAccount<'info>,

    /// The sold asset's escrow (matched against the vault in the handler).
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub sell_escrow: UncheckedAccount<'info>,

    /// The bought asset's escrow (matched against the vault in the handler).
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub buy_escrow: UncheckedAccount<'info>,

    /// The sold asset's mint (matched against the vault in the handler).
    /// CHECK: checked as the lines above say.
    pub sell_mint: UncheckedAccount<'info>,

    /// The bought asset's mint (matched against the vault in the handler).
    /// CHECK: checked as the lines above say.
    pub buy_mint: UncheckedAccount<'info>,

    /// Any token account of the bought asset but the vault's own; receives the keeper
    /// reward.
    /// CHECK: checked as the lines above say.
    #[account(mut)]
    pub keeper_reward_account: UncheckedAccount<'info>,

    /// SPL Token.
    pub token_program: Program<'info, Token>,

    /// SPL Token-2022, required when a traded asset needs it; id checked.
    /// CHECK: checked as the lines above say.
    pub token_2022_program: Option<UncheckedAccount<'info>>,

    /// The DEX to route through; must be on the vault's allowlist.
    /// CHECK: checked as the lines above say.
    pub dex_program: UncheckedAccount<'info>,

    /// The instructions sysvar (address checked): read to refuse a transaction whose other
    /// instructions write the venue's accounts.
    /// CHECK: checked as the lines above say.
    #[account(address = INSTRUCTIONS_SYSVAR_ID @ BallastError::NotInstructionsSysvar)]
    pub instructions: UncheckedAccount<'info>,
    // remaining_accounts: for each vault asset in order, [reserve (the sold and bought
    // ones writable), PriceUpdateV2 account]; then the DEX instruction's accounts, in the
    // DEX's order.
}

/// Swaps `amount_in` of asset `sell_index` for asset `buy_index` through `dex_program`, in
/// the open round (the decision is `ballast_math::round::swap_terms`).
///
/// Requires:
/// - rebalancing not paused (`RebalancesPaused`) and configured (`RebalanceNotConfigured`),
///   `dex_program` on the allowlist
///   (`DexNotAllowed`), the stored vault and swap authorities (`VaultAuthorityMismatch`,
///   `SwapAuthorityMismatch`), the assets' escrows (`EscrowNotCreated`, `EscrowMismatch`)
///   and mints (`MintMismatch`), distinct valid indices (`SwapSameAsset`,
///   `AssetIndexOutOfRange`), a keeper reward account of the bought mint
///   (`KeeperAccountMintMismatch`) that is not the bought asset's reserve or escrow
///   (`KeeperAccountIsVaultAccount`);
/// - a top-level instruction (`RebalanceByCpi`) in a transaction whose other instructions
///   pass none of the DEX's writable accounts (but the two escrows) writable
///   (`VenueWrittenInTransaction`): no self-sandwich inside one transaction;
/// - per asset a reserve (`ReserveMismatch`; the traded ones writable, `AccountNotWritable`,
///   and not frozen, `ReserveFrozen`) and a price passing every oracle check of `deposit`
///   (published at most `fresh_price_secs` ago);
/// - an open round (`NoOpenRound`), and the swap allowed by
///   `ballast_math::planner::check_swap_legs` against the round's trade targets
///   (`SwapSellsUnderweight`, `SwapBuysOverweight`, `SwapBelowMinimum`, `SwapAboveCap`,
///   `SwapOvershoots`) with a bound an honest venue could meet at the auction's slippage
///   (`SwapBoundUnsatisfiable`);
/// - no vault reserve, no other asset's escrow, nor the vault, among the DEX's writable
///   accounts (`ReserveWritableForDex`).
///
/// Then it moves `amount_in` from the sell reserve to the sell escrow, invokes the DEX
/// signing only as the swap authority, and checks (`post_swap_checks`): both escrows still
/// the swap authority's (`EscrowAuthorityChanged`) with no delegate (`EscrowDelegateSet`),
/// no close authority (`EscrowCloseAuthoritySet`) and their size unchanged
/// (`EscrowReallocated`); at most `amount_in` spent and nothing taken from the buy escrow
/// (`SwapSpentTooMuch`); at least the auction's minimum output received
/// (`SwapOutputBelowMinimum`).
///
/// Changes: sweeps both escrows back into their reserves, less the keeper reward
/// (`ballast_math::round::keeper_reward`: bps of the output, only out of the surplus above
/// the minimum, within what is left of the round's cap) paid to `keeper_reward_account`;
/// adds the reward to the round's total; records each asset's price publish time; emits
/// `Rebalanced`.
pub fn handler<'info>(ctx: Context<'info, Rebalance<'info>>, args: RebalanceArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let vault_key = ctx.accounts.vault.key();
    let vault = ctx.accounts.vault.load()?;
    require!(
        !vault.is_paused(PAUSE_REBALANCES),
        BallastError::RebalancesPaused
    );
    let n = vault.assets().len();
    let (asset_accounts, dex_accounts) = ctx
        .remaining_accounts
        .split_at_checked(n.saturating_mul(2))
        .ok_or_else(|| error!(BallastError::AssetAccountsMismatch))?;
    let (pairs, _) = asset_accounts.as_chunks::<2>();
    let sell = *vault.asset(args.sell_index)?;
    let buy = *vault.asset(args.buy_index)?;
    let (s, b) = (usize::from(args.sell_index), usize::from(args.buy_index));
    require!(s != b, BallastError::SwapSameAsset);
    check_named_accounts(ctx.accounts, &sell, &buy)?;
    let rules = vault.rebalance.rules()?;
    let (sell_reserve, buy_reserve) = (&pairs[s][0], &pairs[b][0]);
    require!(
        sell_reserve.is_writable && buy_reserve.is_writable,
        BallastError::AccountNotWritable
    );

    // Compute: the swap's terms in the open round, from fresh prices.
    let reads = read_assets(&vault, pairs, now, u32::from(vault.fresh_price_secs))?;
    require!(
        !reads[s].frozen && !reads[b].frozen,
        BallastError::ReserveFrozen
    );
    let values = mid_values(&reads)?;
    let targets = vault.targets_at(now)?;
    let fractions = &vault.round_trade_targets[..n];
    let prices: Vec<_> = reads.iter().map(|r| r.asset_price()).collect();
    let holdings = Holdings {
        values: &values,
        targets: &targets,
        volatilities: &[],
    };
    let swap = SwapRequest {
        sell: s,
        buy: b,
        amount_in: args.amount_in,
    };
    let terms = swap_terms(
        &rules,
        &vault.round_state(),
        now,
        &holdings,
        fractions,
        &prices,
        &swap,
    )
    .math()?;
    require!(
        vault.rebalance.allows_dex(ctx.accounts.dex_program.key),
        BallastError::DexNotAllowed
    );
    let venue_accounts = dex_writable_accounts(&vault, &vault_key, dex_accounts, s, b)?;
    check_no_other_writer(
        &ctx.accounts.instructions.try_borrow_data()?,
        &venue_accounts,
    )?;
    let authority_bump = [vault.authority_bump];
    let swap_bump = [vault.swap_authority_bump];
    drop(vault);

    // Effects: fund the sell escrow, let the DEX trade between the escrows.
    let a = &ctx.accounts;
    let sell_program = token_program_for(
        sell.token_program_kind(),
        &a.token_program,
        a.token_2022_program.as_ref(),
    )?;
    let buy_program = token_program_for(
        buy.token_program_kind(),
        &a.token_program,
        a.token_2022_program.as_ref(),
    )?;
    transfer(
        &sell_program,
        sell_reserve,
        &a.sell_mint,
        &a.sell_escrow,
        &a.vault_authority,
        args.amount_in,
        sell.decimals,
        &[&authority_seeds(&vault_key, &authority_bump)],
    )?;
    let before = EscrowsBefore::read(a, sell_program.key, buy_program.key)?;
    let swap_seeds = swap_authority_seeds(&vault_key, &swap_bump);
    invoke_dex(a, dex_accounts, args.dex_data, &swap_seeds)?;

    // Check: the escrows are still ours and the DEX delivered at least the bound.
    let after = post_swap_checks(
        a,
        sell_program.key,
        buy_program.key,
        &before,
        args.amount_in,
        terms.min_out,
    )?;

    // Effects: reward out of the surplus, then sweep both escrows back.
    let reward = keeper_reward(
        after.received,
        terms.min_out,
        rules.keeper_reward_bps,
        terms.reward_cap,
    )
    .math()?;
    let signer: &[&[&[u8]]] = &[&swap_seeds];
    if reward > 0 {
        transfer(
            &buy_program,
            &a.buy_escrow,
            &a.buy_mint,
            &a.keeper_reward_account,
            &a.swap_authority,
            reward,
            buy.decimals,
            signer,
        )?;
    }
    let to_reserve = after.buy_escrow.saturating_sub(reward);
    transfer(
        &buy_program,
        &a.buy_escrow,
        &a.buy_mint,
        buy_reserve,
        &a.swap_authority,
        to_reserve,
        buy.decimals,
        signer,
    )?;
    if after.sell_escrow > 0 {
        transfer(
            &sell_program,
            &a.sell_escrow,
            &a.sell_mint,
            sell_reserve,
            &a.swap_authority,
            after.sell_escrow,
            sell.decimals,
            signer,
        )?;
    }

    // Record the reward and the prices used; report.
    let mut vault = a.vault.load_mut()?;
    let reward_micro_usd = reads[b]
        .value_of(reward, PriceSide::High, Rounding::Up)?
        .to_micro_usd(Rounding::Up)
        .math()?;
    vault.round_rewards_micro_usd = vault
        .round_rewards_micro_usd
        .saturating_add(reward_micro_usd);
    record_publish_times(&mut vault, &reads);
    let reserves_after = [
        read_amount(sell_reserve, sell_program.key)?,
        read_amount(buy_reserve, buy_program.key)?,
    ];
    emit!(Rebalanced {
        vault: vault_key,
        keeper: a.keeper.key(),
        dex_program: a.dex_program.key(),
        sell_index: args.sell_index,
        buy_index: args.buy_index,
        amount_in: after.spent,
        amount_out: after.received,
        min_amount_out: terms.min_out,
        slippage_bps: terms.slippage_bps,
        keeper_reward: reward,
        prices: reads.iter().map(|r| PriceUsed::from(r.price)).collect(),
        reserves_after,
    });
    Ok(())
}
