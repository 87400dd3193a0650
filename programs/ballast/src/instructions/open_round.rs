//! `open_round`: anyone opens a rebalance round when the vault's policy calls for one.

use anchor_lang::prelude::*;
use ballast_math::round::{open_round, Holdings};
use ballast_math::volatility::update_volatility_from_oracle;

use crate::constants::{MAX_ASSETS, PAUSE_REBALANCES};
use crate::error::{BallastError, MathResultExt};
use crate::events::{PriceUsed, RoundOpened};
use crate::state::Vault;
use crate::valuation::{mid_values, read_assets, record_publish_times};

#[derive(Accounts)]
pub struct OpenRound<'info> {
    /// The vault.
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,
    // remaining_accounts: for each vault asset in order, [reserve, PriceUpdateV2 account].
}

/// Opens a rebalance round (the decision is `ballast_math::round::open_round`).
///
/// Requires:
/// - rebalancing not paused (`RebalancesPaused`) and configured (`RebalanceNotConfigured`);
/// - two remaining accounts per asset (`AssetAccountsMismatch`): each reserve the vault's
///   (`ReserveMismatch`), each price passing every oracle check of `deposit` but with the
///   vault's `max_oracle_age_secs` as the age limit (`OracleStale`, ...): a round's trigger
///   and trade targets move no value, so they may use the general limit;
/// - no round open (`RoundAlreadyOpen`), the cooldown passed since the last round opened,
///   if any (`CooldownActive`), and the policy finding a rebalance due on the reserves at
///   the mid prices against the target weights of the moment (`Vault::targets_at`: a weight
///   ramp moves them) (`NotTriggered`).
///
/// Changes: fixes the round's trade targets (of the configured mode) as fractions of NAV;
/// opens the round now for `ROUND_WINDOW_SECS` and starts the swap auction; resets the
/// round's keeper rewards; records each asset's price publish time; for a `vol-band`
/// policy, feeds each price (at its publish time) to the asset's volatility estimate; emits
/// `RoundOpened`.
pub fn handler<'info>(ctx: Context<'info, OpenRound<'info>>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let mut vault = ctx.accounts.vault.load_mut()?;
    require!(
        !vault.is_paused(PAUSE_REBALANCES),
        BallastError::RebalancesPaused
    );
    let rules = vault.rebalance.rules()?;
    let (pairs, rest) = ctx.remaining_accounts.as_chunks::<2>();
    require!(rest.is_empty(), BallastError::AssetAccountsMismatch);
    let reads = read_assets(&vault, pairs, now, vault.max_oracle_age_secs)?;
    let values = mid_values(&reads)?;
    let n = values.len();
    let targets = vault.targets_at(now)?;
    let volatilities = if rules.policy.half_life_secs().is_some() {
        vault.volatility[..n]
            .iter()
            .map(|slot| slot.get().sigma())
            .collect::<core::result::Result<Vec<_>, _>>()
            .math()?
    } else {
        Vec::new()
    };
    let holdings = Holdings {
        values: &values,
        targets: &targets,
        volatilities: &volatilities,
    };
    let mut fractions = vec![0u64; n];
    let round =
        open_round::<MAX_ASSETS>(&rules, &vault.round_state(), now, &holdings, &mut fractions)
            .math()?;

    vault.set_round_state(&round);
    vault.round_trade_targets[..n].copy_from_slice(&fractions);
    record_publish_times(&mut vault, &reads);
    // One volatility sample per asset per round, at the price's own publish time, so nobody
    // can add samples with extra calls or choose their timestamps.
    if let Some(half_life) = rules.policy.half_life_secs() {
        for (slot, read) in vault.volatility.iter_mut().zip(&reads) {
            let state = slot.get();
            slot.set(
                update_volatility_from_oracle(state, &read.price, read.publish_time, half_life)
                    .math()?,
            );
        }
    }
    emit!(RoundOpened {
        vault: ctx.accounts.vault.key(),
        opened_at: round.opened_at,
        ends_at: round.ends_at,
        trade_targets: fractions,
        prices: reads.iter().map(|r| PriceUsed::from(r.price)).collect(),
    });
    Ok(())
}
