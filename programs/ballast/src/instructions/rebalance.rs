//! `rebalance`: a permissionless swap between two reserves through an allowlisted DEX,
//! allowed only when the vault's policy calls for it and verified against oracle prices.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::invoke_signed_unchecked;
use anchor_spl::token::Token;
use ballast_math::execution::{fair_output_mid, min_output};
use ballast_math::oracle::{token_amount, token_value};
use ballast_math::planner::{check_swap, AssetPrice, Swap, SwapLimits};
use ballast_math::policy::{Policy, PolicyInputs};
use ballast_math::portfolio::current_weights;
use ballast_math::target::{trade_target_values, TradeTarget};
use ballast_math::volatility::update_volatility_from_oracle;
use ballast_math::wide::{mul_div, mul_div_u64};
use ballast_math::{OraclePrice, PriceSide, Rounding, Wad, BPS};

use crate::constants::ROUND_WINDOW_SECS;
use crate::error::{BallastError, MathResultExt};
use crate::events::{PriceUsed, Rebalanced};
use crate::oracle::{read_price, OracleLimits};
use crate::state::{authority_seeds, swap_authority_seeds, AssetConfig, Vault};
use crate::token::{read_amount, read_token_account, token_program_for, transfer};

/// One micro-USD in Wad units.
const MICRO_USD: u128 = 1_000_000_000_000;

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
    /// Anyone: the keeper that found the rebalance due.
    pub keeper: Signer<'info>,

    /// The vault.
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,

    /// CHECK: the vault authority PDA (its stored address); moves the sold amount from the
    /// reserve to the escrow.
    #[account(address = vault.load()?.authority @ BallastError::VaultAuthorityMismatch)]
    pub vault_authority: UncheckedAccount<'info>,

    /// CHECK: the swap authority PDA (its stored address): the only signer the DEX sees.
    #[account(address = vault.load()?.swap_authority @ BallastError::SwapAuthorityMismatch)]
    pub swap_authority: UncheckedAccount<'info>,

    /// CHECK: the sold asset's escrow (matched against the vault in the handler).
    #[account(mut)]
    pub sell_escrow: UncheckedAccount<'info>,

    /// CHECK: the bought asset's escrow (matched against the vault in the handler).
    #[account(mut)]
    pub buy_escrow: UncheckedAccount<'info>,

    /// CHECK: the sold asset's mint (matched against the vault in the handler).
    pub sell_mint: UncheckedAccount<'info>,

    /// CHECK: the bought asset's mint (matched against the vault in the handler).
    pub buy_mint: UncheckedAccount<'info>,

    /// CHECK: any token account of the bought asset; receives the keeper reward.
    #[account(mut)]
    pub keeper_reward_account: UncheckedAccount<'info>,

    /// SPL Token.
    pub token_program: Program<'info, Token>,

    /// CHECK: SPL Token-2022, required when a traded asset needs it; id checked.
    pub token_2022_program: Option<UncheckedAccount<'info>>,

    /// CHECK: the DEX to route through; must be on the vault's allowlist.
    pub dex_program: UncheckedAccount<'info>,
    // remaining_accounts: for each vault asset in order, [reserve (the sold and bought
    // ones writable), PriceUpdateV2 account]; then the DEX instruction's accounts, in the
    // DEX's order.
}

/// Everything the handler decides before moving tokens. The per-asset vectors live on the
/// heap: 16 assets' worth of arrays would overflow the 4 KiB stack frame.
struct Plan {
    prices: Vec<OraclePrice>,
    publish_times: Vec<i64>,
    values: Vec<Wad>,
    min_out: u64,
    reward_cap: u64,
    new_round: bool,
    /// Trade targets as fractions of NAV, to store when this swap opens a round.
    round_trade_targets: Option<Vec<Wad>>,
}

/// Swaps `amount_in` of asset `sell_index` for asset `buy_index` through `dex_program`.
///
/// Requires:
/// - rebalancing configured (`RebalanceNotConfigured`), `dex_program` on the allowlist
///   (`DexNotAllowed`), the stored vault and swap authorities (`VaultAuthorityMismatch`,
///   `SwapAuthorityMismatch`), the assets' escrows (`EscrowMismatch`) and mints
///   (`MintMismatch`), distinct valid indices (`SwapSameAsset`, `AssetIndexOutOfRange`), a
///   keeper reward account of the bought mint (`KeeperAccountMintMismatch`) that is not the
///   bought asset's reserve or escrow (`KeeperAccountIsVaultAccount`);
/// - per asset a reserve (`ReserveMismatch`; the traded ones writable, `AccountNotWritable`,
///   and not frozen, `ReserveFrozen`) and a fresh price passing every oracle check of
///   `deposit`;
/// - either an open round (a rebalance round started less than `ROUND_WINDOW_SECS` ago), or
///   a new round: the cooldown passed since the last round started, if any
///   (`CooldownActive`), and the policy finds a rebalance due (`NotTriggered`);
/// - the swap allowed by `ballast_math::planner::check_swap` against the round's trade
///   targets (`SwapSellsUnderweight`, `SwapBuysOverweight`, `SwapBelowMinimum`,
///   `SwapAboveCap`, `SwapOvershoots`) and an achievable oracle bound
///   (`SwapBoundUnsatisfiable`). A new round computes the trade targets of the configured
///   mode and holds them, as fractions of NAV, for the rest of the round;
/// - no vault reserve, no other asset's escrow, nor the vault, among the DEX's writable
///   accounts (`ReserveWritableForDex`).
///
/// Then it moves `amount_in` from the sell reserve to the sell escrow, invokes the DEX
/// signing only as the swap authority, and checks: both escrows still owned by the swap
/// authority (`EscrowAuthorityChanged`) with no delegate (`EscrowDelegateSet`) or close
/// authority (`EscrowCloseAuthoritySet`) and their size unchanged (`EscrowReallocated`); at most `amount_in` spent and nothing taken from
/// the buy escrow (`SwapSpentTooMuch`); at least the minimum output of
/// `ballast_math::execution::min_output` received (`SwapOutputBelowMinimum`).
///
/// Changes: sweeps both escrows back into their reserves, less the keeper reward (bps of
/// the output, on top of the slippage budget, the cap holding for the whole round) paid to
/// `keeper_reward_account`; records the round, the round's rewards and each asset's price
/// publish time; when a round opens, feeds each asset's price (at its publish time) to the
/// volatility estimates; emits `Rebalanced`.
pub fn handler<'info>(ctx: Context<'info, Rebalance<'info>>, args: RebalanceArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let vault_key = ctx.accounts.vault.key();
    let vault = ctx.accounts.vault.load()?;
    let n = vault.assets().len();
    require!(
        ctx.remaining_accounts.len() >= n.saturating_mul(2),
        BallastError::AssetAccountsMismatch
    );
    let (asset_accounts, dex_accounts) = ctx.remaining_accounts.split_at(n.saturating_mul(2));
    let (pairs, _) = asset_accounts.as_chunks::<2>();
    let sell = *vault.asset(args.sell_index)?;
    let buy = *vault.asset(args.buy_index)?;
    let (s, b) = (usize::from(args.sell_index), usize::from(args.buy_index));
    require!(s != b, BallastError::SwapSameAsset);
    check_named_accounts(ctx.accounts, &sell, &buy)?;
    let (sell_reserve, buy_reserve) = (&pairs[s][0], &pairs[b][0]);
    require!(
        sell_reserve.is_writable && buy_reserve.is_writable,
        BallastError::AccountNotWritable
    );

    // Compute: trigger, swap check and output bound, all from one set of prices.
    let plan = plan(&vault, pairs, &args, now)?;
    require!(
        vault.rebalance.allows_dex(ctx.accounts.dex_program.key),
        BallastError::DexNotAllowed
    );
    // The DEX gets the swap authority's signature: it may write only to the two escrows of
    // this swap (checked afterwards), never to a reserve, another asset's escrow or the vault.
    for account in dex_accounts.iter().filter(|a| a.is_writable) {
        let key = account.key;
        let is_vault_account = *key == vault_key
            || vault
                .assets()
                .iter()
                .enumerate()
                .any(|(i, a)| a.reserve == *key || (a.escrow == *key && i != s && i != b));
        require!(!is_vault_account, BallastError::ReserveWritableForDex);
    }
    let reward_bps = vault.rebalance.keeper_reward_bps;
    let authority_bump = [vault.authority_bump];
    let swap_bump = [vault.swap_authority_bump];
    drop(vault);

    // Effects: fund the sell escrow, let the DEX trade between the escrows.
    let sell_program = token_program_for(
        sell.token_program_kind(),
        &ctx.accounts.token_program,
        ctx.accounts.token_2022_program.as_ref(),
    )?;
    let buy_program = token_program_for(
        buy.token_program_kind(),
        &ctx.accounts.token_program,
        ctx.accounts.token_2022_program.as_ref(),
    )?;
    let a = &ctx.accounts;
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
    let sell_before = read_amount(&a.sell_escrow, sell_program.key)?;
    let buy_before = read_amount(&a.buy_escrow, buy_program.key)?;
    let lengths = (a.sell_escrow.data_len(), a.buy_escrow.data_len());
    let swap_seeds = swap_authority_seeds(&vault_key, &swap_bump);
    invoke_dex(a, dex_accounts, args.dex_data, &swap_seeds)?;

    // Check: the escrows are still ours and the DEX delivered.
    let swap_authority = a.swap_authority.key;
    let sell_after = check_escrow(&a.sell_escrow, sell_program.key, swap_authority, lengths.0)?;
    let buy_after = check_escrow(&a.buy_escrow, buy_program.key, swap_authority, lengths.1)?;
    let spent = sell_before.saturating_sub(sell_after);
    require!(spent <= args.amount_in, BallastError::SwapSpentTooMuch);
    let received = buy_after
        .checked_sub(buy_before)
        .ok_or(BallastError::SwapSpentTooMuch)?;
    require!(
        received >= plan.min_out,
        BallastError::SwapOutputBelowMinimum
    );

    // Effects: reward, then sweep both escrows back.
    let reward = mul_div_u64(received, u64::from(reward_bps), BPS, Rounding::Down)
        .math()?
        .min(plan.reward_cap);
    let signer: &[&[&[u8]]] = &[&swap_seeds];
    if reward > 0 {
        let to = &a.keeper_reward_account;
        transfer(
            &buy_program,
            &a.buy_escrow,
            &a.buy_mint,
            to,
            &a.swap_authority,
            reward,
            buy.decimals,
            signer,
        )?;
    }
    let to_reserve = buy_after.saturating_sub(reward);
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
    if sell_after > 0 {
        transfer(
            &sell_program,
            &a.sell_escrow,
            &a.sell_mint,
            sell_reserve,
            &a.swap_authority,
            sell_after,
            sell.decimals,
            signer,
        )?;
    }

    // Record the round and the volatility samples; report.
    let mut vault = a.vault.load_mut()?;
    let reward_value = token_value(
        reward,
        buy.decimals,
        &plan.prices[b],
        PriceSide::High,
        Rounding::Up,
    )
    .math()?;
    let reward_micro_usd =
        u64::try_from(mul_div(reward_value.raw(), 1, MICRO_USD, Rounding::Up).math()?)
            .map_err(|_| error!(BallastError::MathOverflow))?;
    if plan.new_round {
        vault.last_rebalance_ts = now;
        vault.round_ends_ts = now.saturating_add(ROUND_WINDOW_SECS);
        vault.round_rewards_micro_usd = reward_micro_usd;
    } else {
        vault.round_rewards_micro_usd = vault
            .round_rewards_micro_usd
            .saturating_add(reward_micro_usd);
    }
    for (config, &time) in vault.assets.iter_mut().zip(&plan.publish_times) {
        config.last_publish_time = time;
    }
    if let Some(fractions) = &plan.round_trade_targets {
        for (stored, fraction) in vault.round_trade_targets.iter_mut().zip(fractions) {
            *stored = fraction.raw().to_le_bytes();
        }
    }
    // One volatility sample per asset per round, at the price's own publish time, so a
    // keeper cannot add samples with extra swaps or choose their timestamps.
    let policy = Policy::from_bytes(&vault.rebalance.policy).math()?;
    if let (true, Some(half_life)) = (plan.new_round, policy.half_life_secs()) {
        let samples = plan.prices.iter().zip(&plan.publish_times);
        for (slot, (price, &time)) in vault.volatility.iter_mut().zip(samples) {
            slot.set(update_volatility_from_oracle(slot.get(), price, time, half_life).math()?);
        }
    }
    let weights_after = weights_after(&vault, &plan, s, b, sell_reserve, buy_reserve)?;
    emit!(Rebalanced {
        vault: vault_key,
        keeper: a.keeper.key(),
        dex_program: a.dex_program.key(),
        sell_index: args.sell_index,
        buy_index: args.buy_index,
        amount_in: spent,
        amount_out: received,
        min_amount_out: plan.min_out,
        realised_vs_oracle_bps: realised_vs_oracle_bps(&plan, s, b, &vault, spent, received)?,
        keeper_reward: reward,
        prices: plan.prices.iter().map(|p| PriceUsed::from(*p)).collect(),
        weights_before_bps: weights_bps(&plan.values)?,
        weights_after_bps: weights_after,
    });
    Ok(())
}

/// `10_000 * received / fair`, with `fair` what a zero-fee venue at the oracle mids would
/// pay for what the DEX actually spent.
fn realised_vs_oracle_bps(
    plan: &Plan,
    s: usize,
    b: usize,
    vault: &Vault,
    spent: u64,
    received: u64,
) -> Result<u64> {
    let assets = vault.assets();
    let sell = AssetPrice {
        price: plan.prices[s],
        decimals: assets[s].decimals,
    };
    let buy = AssetPrice {
        price: plan.prices[b],
        decimals: assets[b].decimals,
    };
    let fair = fair_output_mid(spent, &sell, &buy).math()?;
    mul_div_u64(received, BPS, fair.max(1), Rounding::Down).math()
}

/// Escrows, mints, keeper account and the DEX allowlist entry of the named accounts.
fn check_named_accounts(a: &Rebalance, sell: &AssetConfig, buy: &AssetConfig) -> Result<()> {
    let created = sell.escrow != Pubkey::default() && buy.escrow != Pubkey::default();
    require!(created, BallastError::EscrowNotCreated);
    require_keys_eq!(
        a.sell_escrow.key(),
        sell.escrow,
        BallastError::EscrowMismatch
    );
    require_keys_eq!(a.buy_escrow.key(), buy.escrow, BallastError::EscrowMismatch);
    require_keys_eq!(a.sell_mint.key(), sell.mint, BallastError::MintMismatch);
    require_keys_eq!(a.buy_mint.key(), buy.mint, BallastError::MintMismatch);
    let keeper_account = read_token_account(
        &a.keeper_reward_account,
        &buy.token_program_kind().program_id(),
    )?;
    require_keys_eq!(
        keeper_account.mint,
        buy.mint,
        BallastError::KeeperAccountMintMismatch
    );
    let key = a.keeper_reward_account.key();
    require!(
        key != buy.reserve && key != buy.escrow,
        BallastError::KeeperAccountIsVaultAccount
    );
    Ok(())
}

/// Reads every price and reserve, checks the trigger and the swap, and bounds the output.
#[inline(never)]
fn plan(
    vault: &Vault,
    pairs: &[[AccountInfo; 2]],
    args: &RebalanceArgs,
    now: i64,
) -> Result<Box<Plan>> {
    let config = &vault.rebalance;
    let policy = Policy::from_bytes(&config.policy)
        .map_err(|_| error!(BallastError::RebalanceNotConfigured))?;
    let mode = TradeTarget::from_u8(config.trade_target)
        .map_err(|_| error!(BallastError::InvalidTradeTarget))?;
    let assets = vault.assets();
    let n = assets.len();
    require!(pairs.len() == n, BallastError::AssetAccountsMismatch);

    let limits = OracleLimits {
        now,
        max_age_secs: vault.max_oracle_age_secs,
        max_conf_bps: vault.max_conf_bps,
    };
    let mut prices = Vec::with_capacity(n);
    let mut publish_times = Vec::with_capacity(n);
    let mut values = Vec::with_capacity(n);
    let mut targets = Vec::with_capacity(n);
    let mut vols = vec![Wad::ZERO; n];
    let uses_volatility = policy.half_life_secs().is_some();
    for (i, (config, [reserve, price_account])) in assets.iter().zip(pairs).enumerate() {
        require_keys_eq!(reserve.key(), config.reserve, BallastError::ReserveMismatch);
        let read = read_price(
            price_account,
            &config.feed_id,
            config.last_publish_time,
            &limits,
        )?;
        let price = read.price;
        publish_times.push(read.publish_time);
        let view = read_token_account(reserve, &config.token_program_kind().program_id())?;
        let traded = i == usize::from(args.sell_index) || i == usize::from(args.buy_index);
        require!(!(traded && view.frozen), BallastError::ReserveFrozen);
        let balance = view.amount;
        values.push(
            token_value(
                balance,
                config.decimals,
                &price,
                PriceSide::Mid,
                Rounding::Down,
            )
            .math()?,
        );
        prices.push(price);
        targets.push(config.target_weight_bps);
        if uses_volatility {
            vols[i] = vault.volatility[i].get().sigma().math()?;
        }
    }
    let (values_n, targets_n, vols_n) = (&values[..], &targets[..], &vols[..]);
    let nav = Wad::checked_sum(values_n.iter().copied()).math()?;

    // A new round needs the cooldown and the trigger; an open round continues.
    let new_round = now >= vault.round_ends_ts;
    if new_round {
        // Only the trigger needs full weights (each a 256-bit division).
        let mut weights = vec![Wad::ZERO; n];
        current_weights(values_n, &mut weights).math()?;
        // The cooldown runs from the last round's start; the first round needs none.
        let first_round = vault.round_ends_ts == 0;
        let since_last = now.saturating_sub(vault.last_rebalance_ts);
        require!(
            first_round || since_last >= i64::from(config.cooldown_secs),
            BallastError::CooldownActive
        );
        let inputs = PolicyInputs {
            now,
            last_rebalance: vault.last_rebalance_ts,
            weights: &weights,
            targets: targets_n,
            volatilities: vols_n,
        };
        require!(policy.is_due(&inputs).math()?, BallastError::NotTriggered);
    }

    // Trade targets: computed when a round opens, then held (as fractions of NAV).
    let mut trade_targets = vec![Wad::ZERO; n];
    let mut round_trade_targets = None;
    if new_round {
        let mut bands = vec![Wad::ZERO; n];
        policy.bands(targets_n, vols_n, &mut bands).math()?;
        trade_target_values(values_n, targets_n, &bands, mode, &mut trade_targets).math()?;
        let fractions = trade_targets
            .iter()
            .map(|t| t.div(nav, Rounding::Down))
            .collect::<core::result::Result<Vec<_>, _>>()
            .math()?;
        round_trade_targets = Some(fractions);
    } else {
        for (target, stored) in trade_targets.iter_mut().zip(&vault.round_trade_targets) {
            *target = Wad(u128::from_le_bytes(*stored))
                .mul(nav, Rounding::Down)
                .math()?;
        }
    }
    let (s, b) = (usize::from(args.sell_index), usize::from(args.buy_index));
    let sell_price = AssetPrice {
        price: prices[s],
        decimals: assets[s].decimals,
    };
    let buy_price = AssetPrice {
        price: prices[b],
        decimals: assets[b].decimals,
    };
    let swap = Swap {
        sell: u16::from(args.sell_index),
        buy: u16::from(args.buy_index),
        amount_in: args.amount_in,
        notional: Wad::ZERO,
    };
    let swap_limits = SwapLimits {
        nav,
        max_swap_bps: config.max_swap_bps,
        min_notional: Wad(u128::from(config.min_notional_micro_usd).saturating_mul(MICRO_USD)),
    };
    check_swap(
        values_n,
        targets_n,
        &trade_targets,
        &sell_price,
        &swap,
        &swap_limits,
    )
    .math()?;
    let min_out = min_output(
        args.amount_in,
        &sell_price,
        &buy_price,
        config.max_slippage_bps,
    )
    .math()?;
    // The cap holds for a whole round: what earlier swaps of an open round paid counts.
    let paid = if new_round {
        0
    } else {
        vault.round_rewards_micro_usd
    };
    let remaining = config.keeper_reward_cap_micro_usd.saturating_sub(paid);
    let cap_value = Wad(u128::from(remaining).saturating_mul(MICRO_USD));
    let reward_cap = token_amount(
        cap_value,
        buy_price.decimals,
        &buy_price.price,
        PriceSide::High,
        Rounding::Down,
    )
    .math()?;
    Ok(Box::new(Plan {
        round_trade_targets,
        publish_times,
        prices,
        values,
        min_out,
        reward_cap,
        new_round,
    }))
}

/// Invokes the DEX with the keeper's accounts and data, signing as the swap authority only.
fn invoke_dex<'info>(
    a: &Rebalance<'info>,
    dex_accounts: &[AccountInfo<'info>],
    data: Vec<u8>,
    swap_seeds: &[&[u8]; 3],
) -> Result<()> {
    let swap_authority = a.swap_authority.key();
    let metas = dex_accounts
        .iter()
        .map(|account| AccountMeta {
            pubkey: *account.key,
            is_signer: account.is_signer || *account.key == swap_authority,
            is_writable: account.is_writable,
        })
        .collect();
    let ix = Instruction {
        program_id: a.dex_program.key(),
        accounts: metas,
        data,
    };
    let mut infos = dex_accounts.to_vec();
    infos.push(a.dex_program.to_account_info());
    // Unchecked: no account data is borrowed at this point (the vault and escrow borrows
    // ended above), and the checked variant compares every meta with every account info.
    invoke_signed_unchecked(&ix, &infos, &[swap_seeds]).map_err(Into::into)
}

/// Balance of an escrow after the DEX ran, checking it is still the swap authority's, with no
/// delegate, no close authority and its size unchanged.
fn check_escrow(
    escrow: &AccountInfo,
    program: &Pubkey,
    swap_authority: &Pubkey,
    length_before: usize,
) -> Result<u64> {
    // A Token-2022 reallocation could add extensions (e.g. required memos) that break
    // every later transfer into the escrow.
    require!(
        escrow.data_len() == length_before,
        BallastError::EscrowReallocated
    );
    let view = read_token_account(escrow, program)?;
    let data = escrow.try_borrow_data()?;
    // Base layout: owner 32..64, delegate COption tag 72..76, close authority tag 129..133.
    require!(
        &data[32..64] == swap_authority.as_ref(),
        BallastError::EscrowAuthorityChanged
    );
    require!(data[72..76] == [0; 4], BallastError::EscrowDelegateSet);
    require!(
        data[129..133] == [0; 4],
        BallastError::EscrowCloseAuthoritySet
    );
    Ok(view.amount)
}

/// Weights (bps) after the swap, valued at the same prices.
fn weights_after<'info>(
    vault: &Vault,
    plan: &Plan,
    s: usize,
    b: usize,
    sell_reserve: &AccountInfo<'info>,
    buy_reserve: &AccountInfo<'info>,
) -> Result<Vec<u16>> {
    let assets = vault.assets();
    let mut values = plan.values.clone();
    for (i, reserve) in [(s, sell_reserve), (b, buy_reserve)] {
        let config = &assets[i];
        let balance = read_amount(reserve, &config.token_program_kind().program_id())?;
        values[i] = token_value(
            balance,
            config.decimals,
            &plan.prices[i],
            PriceSide::Mid,
            Rounding::Down,
        )
        .math()?;
    }
    weights_bps(&values)
}

/// Each value's share of their sum in bps, rounded down, for the event. Values and sum are
/// first shifted right together until the sum fits 49 bits, so that each share is one
/// native 64-bit division (a u128 division costs hundreds of CU on SBF): the shift changes
/// a share by less than 10^-10 bps, which can move a floor only at an exact bps boundary.
fn weights_bps(values: &[Wad]) -> Result<Vec<u16>> {
    const KEPT_BITS: u32 = 49;
    let nav = Wad::checked_sum(values.iter().copied())
        .math()?
        .raw()
        .max(1);
    let shift = (u128::BITS - nav.leading_zeros()).saturating_sub(KEPT_BITS);
    let overflow = || error!(BallastError::MathOverflow);
    let scaled = |x: u128| u64::try_from(x >> shift).map_err(|_| overflow());
    let nav_scaled = scaled(nav)?.max(1);
    values
        .iter()
        .map(|v| {
            let bps = scaled(v.raw())?
                .checked_mul(BPS)
                .and_then(|x| x.checked_div(nav_scaled))
                .ok_or_else(overflow)?;
            u16::try_from(bps).map_err(|_| overflow())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The u128 reference: `value * 10_000 / nav`, rounded down.
    fn exact(values: &[Wad]) -> Vec<u16> {
        let nav: u128 = values.iter().map(|v| v.raw()).sum();
        values
            .iter()
            .map(|v| (v.raw() * 10_000 / nav) as u16)
            .collect()
    }

    #[test]
    fn event_weights_match_the_exact_floor() {
        // Deterministic pseudo-random portfolios from $0.01 to $10^12 per asset.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in [2usize, 4, 8, 16] {
            for _ in 0..500 {
                let values: Vec<Wad> = (0..n)
                    .map(|_| {
                        let dollars = u128::from(next() % 1_000_000_000_000) + 1;
                        let cents = u128::from(next() % 100);
                        Wad(dollars * 10u128.pow(18) + cents * 10u128.pow(16))
                    })
                    .collect();
                assert_eq!(weights_bps(&values).unwrap(), exact(&values), "{values:?}");
            }
        }
        // One asset holds everything; another holds one wei of a dollar.
        let lopsided = [Wad(10u128.pow(30)), Wad(1)];
        assert_eq!(weights_bps(&lopsided).unwrap(), vec![10_000, 0]);
    }
}
