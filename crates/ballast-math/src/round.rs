//! Rebalance rounds: the one decision the program enforces and a keeper predicts.
//!
//! A round has two steps, one instruction each:
//!
//! 1. [`open_round`] (`open_round` on chain, anyone): no round may be open, the cooldown
//!    must have passed since the last round opened (the first round needs none) and the
//!    policy must find a rebalance due on the current weights. The round's trade targets
//!    ([`crate::target::trade_target_values`] of the configured mode) are fixed as fractions
//!    of NAV, so that its later swaps aim at the same point even once an asset is back
//!    inside its band. The round stays open [`ROUND_WINDOW_SECS`].
//! 2. [`swap_terms`] (`rebalance` on chain, anyone, once per swap while the round is open):
//!    the swap must pass [`crate::planner::check_swap_legs`] against those trade targets, and
//!    its output must reach [`crate::execution::min_output`] at the *auction slippage* of
//!    the moment ([`auction_slippage_bps`]): a Dutch auction that allows no shortfall
//!    against the oracle (or `auction_start_bps`) when the round opens and widens linearly to
//!    `max_slippage_bps` over `auction_secs`. Keepers compete to fill as soon as their venue
//!    clears the bound, so what the vault gives up is the auction's level when the first
//!    keeper can fill, not the whole slippage budget.
//!
//! The keeper's reward ([`keeper_reward`]) is paid only out of the surplus above the bound:
//! whatever a keeper takes, by reward or by ordering trades around its own swap, comes out of
//! `amount_out - min_out`, so the vault's cost of a swap never exceeds the auction's level.

use crate::error::{MathError, MathResult};
use crate::execution::min_output;
use crate::fixed::{Rounding, Wad, BPS};
use crate::oracle::{token_amount, PriceSide};
use crate::planner::{check_swap_legs, AssetPrice, SwapLeg, SwapLimits};
use crate::policy::{Policy, PolicyInputs};
use crate::portfolio::{current_weights, target_value, total_value};
use crate::target::{trade_target_values, TradeTarget};
use crate::wide::{mul_div, mul_div_u64};

/// How long a round stays open after it opens, seconds: time for the up to `n - 1` swaps
/// that bring every asset to its trade target.
pub const ROUND_WINDOW_SECS: i64 = 300;

/// A round's trade targets are stored as parts per [`FRACTION_SCALE`] (a billion) of NAV:
/// precise to 10^-9 of NAV, and turned back into values with one u128 multiplication and
/// division instead of a 256-bit one.
pub const FRACTION_SCALE: u64 = 1_000_000_000;

/// The manager's rebalancing rules, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The trigger policy.
    pub policy: Policy,
    /// Where a round trades each asset to.
    pub mode: TradeTarget,
    /// Seconds between the openings of two rounds.
    pub cooldown_secs: u32,
    /// Smallest swap notional.
    pub min_notional: Wad,
    /// Largest swap notional, bps of NAV (1..=10_000).
    pub max_swap_bps: u16,
    /// Slippage the auction allows when a round opens, bps (at most `max_slippage_bps`).
    pub auction_start_bps: u16,
    /// Slippage the auction reaches `auction_secs` after a round opens, bps (< 10_000).
    pub max_slippage_bps: u16,
    /// Seconds over which the allowed slippage widens; 0 allows `max_slippage_bps` at once.
    pub auction_secs: u32,
    /// Keeper reward, bps of a swap's output (paid only out of the surplus above the bound).
    pub keeper_reward_bps: u16,
    /// Largest total keeper reward of one round, micro-USD at the bought assets' high price.
    pub keeper_reward_cap_micro_usd: u64,
}

/// The vault's round bookkeeping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoundState {
    /// Unix time the last round opened (the vault's creation before the first round).
    pub opened_at: i64,
    /// Unix time the current round closes; 0 before the first round.
    pub ends_at: i64,
    /// Keeper rewards paid in the current round, micro-USD.
    pub rewards_paid_micro_usd: u64,
}

impl RoundState {
    /// Whether a round is open at `now`.
    pub const fn is_open(&self, now: i64) -> bool {
        now < self.ends_at
    }

    /// Whether a round has ever opened.
    pub const fn has_opened(&self) -> bool {
        self.ends_at != 0
    }

    /// When the cooldown after the last round ends (`now` when it never started).
    pub fn cooldown_ends(&self, rules: &Rules, now: i64) -> i64 {
        if self.has_opened() {
            self.opened_at
                .saturating_add(i64::from(rules.cooldown_secs))
        } else {
            now
        }
    }
}

/// What a round sees of the vault: per asset, in vault order.
#[derive(Debug, Clone, Copy)]
pub struct Holdings<'a> {
    /// Each reserve at the oracle mid price, rounded down.
    pub values: &'a [Wad],
    /// Target weights, bps (summing to 10_000).
    pub targets: &'a [u16],
    /// Annualised volatilities (read by `vol-band` only; may be empty otherwise).
    pub volatilities: &'a [Wad],
}

/// Opens a round at `now` (see the module documentation): checks that none is open
/// (`RoundAlreadyOpen`), the cooldown (`CooldownActive`) and the trigger (`NotTriggered`),
/// writes each asset's trade target as parts per [`FRACTION_SCALE`] of NAV (rounded down)
/// to `fractions`, and returns the new round state. `N` bounds the number of assets
/// (`TooManyAssets` above it).
pub fn open_round<const N: usize>(
    rules: &Rules,
    state: &RoundState,
    now: i64,
    holdings: &Holdings<'_>,
    fractions: &mut [u64],
) -> MathResult<RoundState> {
    let n = holdings.values.len();
    if holdings.targets.len() != n || fractions.len() != n {
        return Err(MathError::LengthMismatch);
    }
    if n > N {
        return Err(MathError::TooManyAssets);
    }
    if state.is_open(now) {
        return Err(MathError::RoundAlreadyOpen);
    }
    if now < state.cooldown_ends(rules, now) {
        return Err(MathError::CooldownActive);
    }
    let mut scratch = [Wad::ZERO; N];
    let mut trade_targets = [Wad::ZERO; N];
    let weights = scratch.get_mut(..n).ok_or(MathError::TooManyAssets)?;
    current_weights(holdings.values, weights)?;
    let inputs = PolicyInputs {
        now,
        last_rebalance: state.opened_at,
        weights,
        targets: holdings.targets,
        volatilities: holdings.volatilities,
    };
    if !rules.policy.is_due(&inputs)? {
        return Err(MathError::NotTriggered);
    }
    let bands = scratch.get_mut(..n).ok_or(MathError::TooManyAssets)?;
    rules
        .policy
        .bands(holdings.targets, holdings.volatilities, bands)?;
    let values = trade_targets.get_mut(..n).ok_or(MathError::TooManyAssets)?;
    let nav = trade_target_values(holdings.values, holdings.targets, bands, rules.mode, values)?;
    for (fraction, value) in fractions.iter_mut().zip(values.iter()) {
        let ppb = mul_div(value.0, u128::from(FRACTION_SCALE), nav.0, Rounding::Down)?;
        *fraction = u64::try_from(ppb).map_err(|_| MathError::Overflow)?;
    }
    Ok(RoundState {
        opened_at: now,
        ends_at: now.saturating_add(ROUND_WINDOW_SECS),
        rewards_paid_micro_usd: 0,
    })
}

/// The slippage, in bps, the auction allows at `now` in a round opened at `opened_at`:
/// `start + (max - start) * elapsed / auction_secs`, rounded down (the vault's side),
/// reaching `max_slippage_bps` after `auction_secs` (at once when it is 0).
pub fn auction_slippage_bps(rules: &Rules, opened_at: i64, now: i64) -> MathResult<u16> {
    let (start, max) = (rules.auction_start_bps, rules.max_slippage_bps);
    if start > max {
        return Err(MathError::InvalidParameter);
    }
    let elapsed = u64::try_from(now.saturating_sub(opened_at)).unwrap_or(0);
    let duration = u64::from(rules.auction_secs);
    if elapsed >= duration {
        return Ok(max);
    }
    let widening = mul_div_u64(
        u64::from(max.abs_diff(start)),
        elapsed,
        duration,
        Rounding::Down,
    )?;
    u16::try_from(widening)
        .ok()
        .and_then(|w| start.checked_add(w))
        .ok_or(MathError::Overflow)
}

/// The first time at or after `now` when the auction allows `slippage_bps`, or `None` when it
/// never does (above `max_slippage_bps`). For keepers: when a venue's quote will clear.
pub fn auction_time_for(rules: &Rules, opened_at: i64, slippage_bps: u16) -> Option<i64> {
    if slippage_bps > rules.max_slippage_bps {
        return None;
    }
    if slippage_bps <= rules.auction_start_bps || rules.auction_secs == 0 {
        return Some(opened_at);
    }
    // Smallest elapsed with floor((max - start) * elapsed / secs) >= slippage - start.
    let need = u64::from(slippage_bps.abs_diff(rules.auction_start_bps));
    let span = u64::from(rules.max_slippage_bps.abs_diff(rules.auction_start_bps));
    let elapsed = mul_div_u64(need, u64::from(rules.auction_secs), span, Rounding::Up).ok()?;
    opened_at.checked_add(i64::try_from(elapsed).ok()?)
}

/// A stored trade target (parts per [`FRACTION_SCALE`] of NAV) as a value at `nav`, rounded
/// down.
pub fn trade_target(fraction: u64, nav: Wad) -> MathResult<Wad> {
    mul_div(
        nav.0,
        u128::from(fraction),
        u128::from(FRACTION_SCALE),
        Rounding::Down,
    )
    .map(Wad)
}

/// The smallest slippage, in bps up to `max_slippage_bps`, at which a venue paying `quote`
/// clears the vault's bound ([`min_output`]) for selling `amount_in`; `None` when it does
/// not clear even at the maximum. With [`auction_time_for`], when a keeper may send.
pub fn slippage_needed(
    amount_in: u64,
    sell: &AssetPrice,
    buy: &AssetPrice,
    quote: u64,
    max_slippage_bps: u16,
) -> Option<u16> {
    let clears = |s: u16| min_output(amount_in, sell, buy, s).is_ok_and(|bound| bound <= quote);
    if !clears(max_slippage_bps) {
        return None;
    }
    // The bound never rises as the slippage widens: binary search for the first that clears.
    let (mut low, mut high) = (0u16, max_slippage_bps);
    while low < high {
        let mid = low.saturating_add(high.saturating_sub(low) / 2);
        if clears(mid) {
            high = mid;
        } else {
            low = mid.saturating_add(1);
        }
    }
    Some(low)
}

/// A proposed swap, as a keeper sends it to `rebalance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapRequest {
    /// Index of the sold asset.
    pub sell: usize,
    /// Index of the bought asset.
    pub buy: usize,
    /// Base units of the sold asset.
    pub amount_in: u64,
}

/// What the vault accepts for one swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapTerms {
    /// The swap's value at the sold asset's mid price, rounded down.
    pub notional: Wad,
    /// The auction slippage of the moment, bps.
    pub slippage_bps: u16,
    /// The least output the vault accepts, base units of the bought asset.
    pub min_out: u64,
    /// The most keeper reward the rest of the round's cap allows for this swap, base units
    /// of the bought asset (valued at its high price, rounded down).
    pub reward_cap: u64,
}

/// The terms of a swap in the open round at `now` (see the module documentation): a round
/// must be open (`NoOpenRound`), the swap must pass `check_swap_legs` against the round's
/// trade targets ([`trade_target`] of `fractions` and the current NAV) with the per-swap cap and
/// minimum, and the minimum output is [`min_output`] at the auction slippage
/// (`ConfidenceTooWide` when no honest venue could meet it).
pub fn swap_terms(
    rules: &Rules,
    state: &RoundState,
    now: i64,
    holdings: &Holdings<'_>,
    fractions: &[u64],
    prices: &[AssetPrice],
    swap: &SwapRequest,
) -> MathResult<SwapTerms> {
    let n = holdings.values.len();
    if holdings.targets.len() != n || fractions.len() != n || prices.len() != n {
        return Err(MathError::LengthMismatch);
    }
    if !state.is_open(now) {
        return Err(MathError::NoOpenRound);
    }
    if swap.sell == swap.buy {
        return Err(MathError::SwapSameAsset);
    }
    let nav = total_value(holdings.values)?;
    let leg = |i: usize| -> MathResult<SwapLeg> {
        let value = *holdings
            .values
            .get(i)
            .ok_or(MathError::AssetIndexOutOfRange)?;
        let target = *holdings
            .targets
            .get(i)
            .ok_or(MathError::AssetIndexOutOfRange)?;
        let fraction = *fractions.get(i).ok_or(MathError::AssetIndexOutOfRange)?;
        Ok(SwapLeg {
            value,
            target_value: target_value(nav, target, Rounding::Down)?,
            trade_target: trade_target(fraction, nav)?,
        })
    };
    let sell_price = prices
        .get(swap.sell)
        .ok_or(MathError::AssetIndexOutOfRange)?;
    let buy_price = prices
        .get(swap.buy)
        .ok_or(MathError::AssetIndexOutOfRange)?;
    let notional = sell_price.value_mid(swap.amount_in, Rounding::Down)?;
    let notional_up = sell_price.value_mid(swap.amount_in, Rounding::Up)?;
    let limits = SwapLimits {
        nav,
        max_swap_bps: rules.max_swap_bps,
        min_notional: rules.min_notional,
    };
    check_swap_legs(
        &leg(swap.sell)?,
        &leg(swap.buy)?,
        notional,
        notional_up,
        &limits,
    )?;
    let slippage_bps = auction_slippage_bps(rules, state.opened_at, now)?;
    let min_out = min_output(swap.amount_in, sell_price, buy_price, slippage_bps)?;
    let remaining = rules
        .keeper_reward_cap_micro_usd
        .saturating_sub(state.rewards_paid_micro_usd);
    let reward_cap = token_amount(
        Wad::from_micro_usd(remaining),
        buy_price.decimals,
        &buy_price.price,
        PriceSide::High,
        Rounding::Down,
    )?;
    Ok(SwapTerms {
        notional,
        slippage_bps,
        min_out,
        reward_cap,
    })
}

/// The keeper's reward for a swap that delivered `received` against a bound of `min_out`:
/// `min(received * reward_bps / 10_000, received - min_out, reward_cap)`, rounded down.
/// Paid only out of the surplus above the bound, so the vault keeps at least `min_out`;
/// `received < min_out` pays nothing (refusing such a swap is the caller's check).
pub fn keeper_reward(
    received: u64,
    min_out: u64,
    reward_bps: u16,
    reward_cap: u64,
) -> MathResult<u64> {
    let by_rate = mul_div_u64(received, u64::from(reward_bps), BPS, Rounding::Down)?;
    let surplus = received.saturating_sub(min_out);
    Ok(by_rate.min(surplus).min(reward_cap))
}

#[cfg(test)]
#[path = "round_tests.rs"]
mod tests;
