//! The keeper's decision: whether the program would accept a rebalance now and which swaps
//! to make, computed with ballast-math exactly as `programs/ballast/src/instructions/
//! rebalance.rs` checks it:
//!
//! 1. rebalancing configured (a policy and a trade-target mode that decode);
//! 2. every asset's price passes the vault's oracle checks (owner, full verification, feed,
//!    positive, exponent, age, not from the future, not older than the last used, confidence);
//! 3. a round is open (`now < round_ends_ts`): its trade targets are the stored fractions of
//!    NAV times the current NAV, and no trigger is needed; or a new round opens: the
//!    cooldown must have passed since the last round started (the first round needs none),
//!    the policy must find a rebalance due on the current weights, and the trade targets are
//!    those of the configured mode;
//! 4. the swaps: `plan_swaps` from the current values toward the trade targets, each clamped
//!    to the per-swap cap (`check_swap` refuses above it; the planner does not split), none
//!    touching a frozen reserve or an asset without an escrow, with the oracle output bound
//!    of `min_output` at the configured slippage.
//!
//! Values are the reserves at the oracle mid prices rounded down, as the program values
//! them.

use ballast::state::Vault;
use ballast_math::execution::min_output;
use ballast_math::oracle::{token_amount, token_value};
use ballast_math::planner::{check_swap, plan_swaps, AssetPrice, Swap, SwapLimits};
use ballast_math::policy::{Policy, PolicyInputs};
use ballast_math::portfolio::current_weights;
use ballast_math::target::{trade_target_values, TradeTarget};
use ballast_math::{MathError, PriceSide, Rounding, Wad};
use ballast_sdk::state::PriceUpdate;
use ballast_sdk::Pubkey;

mod decision;

pub use decision::{Decision, NotDueReason, OracleProblem, PlannedSwap, Round};

/// One micro-USD in Wad units (the program's unit for the minimum notional and reward cap).
pub const MICRO_USD: u128 = 1_000_000_000_000;

/// A reserve as the keeper read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReserveInput {
    /// Balance, base units.
    pub amount: u64,
    /// Whether the mint's freeze authority froze it (the program refuses to trade it).
    pub frozen: bool,
}

/// The keeper's own limits on top of the vault's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecideOptions {
    /// Smallest swap worth a transaction to this keeper (the larger of this and the vault's
    /// minimum applies).
    pub min_notional: Wad,
}

fn not_due(reason: NotDueReason) -> Decision {
    Decision::NotDue { reason }
}

/// The program's oracle checks of `read_price`, in its order.
fn check_price(
    vault: &Vault,
    asset: usize,
    price: Option<&PriceUpdate>,
    now: i64,
) -> Result<ballast_math::OraclePrice, OracleProblem> {
    let config = &vault.assets()[asset];
    let p = price.ok_or(OracleProblem::Missing)?;
    if !p.owned_by_receiver {
        return Err(OracleProblem::WrongOwner);
    }
    if !p.fully_verified {
        return Err(OracleProblem::NotFullyVerified);
    }
    if p.feed_id != config.feed_id {
        return Err(OracleProblem::FeedMismatch);
    }
    let oracle = p.oracle_price();
    oracle.validate().map_err(|_| OracleProblem::InvalidPrice)?;
    let age = now.saturating_sub(p.publish_time);
    if age > i64::from(vault.max_oracle_age_secs) {
        return Err(OracleProblem::Stale { age });
    }
    if p.publish_time > now.saturating_add(ballast::oracle::MAX_CLOCK_SKEW_SECS) {
        return Err(OracleProblem::FromTheFuture);
    }
    if p.publish_time < config.last_publish_time {
        return Err(OracleProblem::OlderThanLastUsed);
    }
    let conf_bps = oracle
        .conf_bps()
        .map_err(|_| OracleProblem::ConfidenceTooWide)?;
    if conf_bps > u64::from(vault.max_conf_bps) {
        return Err(OracleProblem::ConfidenceTooWide);
    }
    Ok(oracle)
}

/// Decides for `vault` with `prices[i]` and `reserves[i]` per asset (vault order) at unix
/// time `now` (see the module documentation).
pub fn decide(
    vault: &Vault,
    prices: &[Option<PriceUpdate>],
    reserves: &[ReserveInput],
    now: i64,
    options: &DecideOptions,
) -> Decision {
    match decide_inner(vault, prices, reserves, now, options) {
        Ok(decision) => decision,
        Err(error) => not_due(NotDueReason::Math(error)),
    }
}

fn decide_inner(
    vault: &Vault,
    prices: &[Option<PriceUpdate>],
    reserves: &[ReserveInput],
    now: i64,
    options: &DecideOptions,
) -> Result<Decision, MathError> {
    let config = &vault.rebalance;
    let (Ok(policy), Ok(mode)) = (
        Policy::from_bytes(&config.policy),
        TradeTarget::from_u8(config.trade_target),
    ) else {
        return Ok(not_due(NotDueReason::NotConfigured));
    };
    let assets = vault.assets();
    let n = assets.len();
    if prices.len() != n || reserves.len() != n {
        return Ok(not_due(NotDueReason::InputMismatch));
    }

    let mut asset_prices = Vec::with_capacity(n);
    let mut values = Vec::with_capacity(n);
    let mut targets = Vec::with_capacity(n);
    let mut vols = vec![Wad::ZERO; n];
    let uses_volatility = policy.half_life_secs().is_some();
    for (i, config) in assets.iter().enumerate() {
        let price = match check_price(vault, i, prices[i].as_ref(), now) {
            Ok(price) => price,
            Err(problem) => return Ok(Decision::StaleOracle { asset: i, problem }),
        };
        values.push(token_value(
            reserves[i].amount,
            config.decimals,
            &price,
            PriceSide::Mid,
            Rounding::Down,
        )?);
        asset_prices.push(AssetPrice {
            price,
            decimals: config.decimals,
        });
        targets.push(config.target_weight_bps);
        if uses_volatility {
            vols[i] = vault.volatility[i].get().sigma()?;
        }
    }
    let nav = Wad::checked_sum(values.iter().copied())?;
    if nav == Wad::ZERO {
        return Ok(not_due(NotDueReason::EmptyVault));
    }

    // A new round needs the cooldown and the trigger; an open round continues.
    let new_round = now >= vault.round_ends_ts;
    let mut trade_targets = vec![Wad::ZERO; n];
    if new_round {
        let first_round = vault.round_ends_ts == 0;
        let until = vault
            .last_rebalance_ts
            .saturating_add(i64::from(config.cooldown_secs));
        if !first_round && now < until {
            return Ok(Decision::Cooldown { until });
        }
        let mut weights = vec![Wad::ZERO; n];
        current_weights(&values, &mut weights)?;
        let inputs = PolicyInputs {
            now,
            last_rebalance: vault.last_rebalance_ts,
            weights: &weights,
            targets: &targets,
            volatilities: &vols,
        };
        if !policy.is_due(&inputs)? {
            return Ok(not_due(NotDueReason::PolicyNotTriggered));
        }
        let mut bands = vec![Wad::ZERO; n];
        policy.bands(&targets, &vols, &mut bands)?;
        trade_target_values(&values, &targets, &bands, mode, &mut trade_targets)?;
        // The program stores the targets as fractions of NAV (rounded down) and later swaps
        // of the round aim at fraction * NAV; the first swap is checked against the
        // unrounded values, as here.
    } else {
        for (target, stored) in trade_targets.iter_mut().zip(&vault.round_trade_targets) {
            *target = Wad(u128::from_le_bytes(*stored)).mul(nav, Rounding::Down)?;
        }
    }

    let vault_min = Wad(u128::from(config.min_notional_micro_usd).saturating_mul(MICRO_USD));
    let min_notional = vault_min.max(options.min_notional);
    let plan = plan_swaps::<{ ballast::constants::MAX_ASSETS }>(
        &values,
        &trade_targets,
        &asset_prices,
        min_notional,
    )?;
    let cap = nav.mul(
        Wad::from_bps(u64::from(config.max_swap_bps)),
        Rounding::Down,
    )?;
    let mut swaps = Vec::new();
    let mut blocked = None;
    for swap in plan.as_slice() {
        let (s, b) = (usize::from(swap.sell), usize::from(swap.buy));
        if let Some(i) = [s, b].into_iter().find(|&i| reserves[i].frozen) {
            blocked.get_or_insert(NotDueReason::ReserveFrozen { asset: i });
            continue;
        }
        let no_escrow = |i: usize| assets[i].escrow == Pubkey::default();
        if let Some(i) = [s, b].into_iter().find(|&i| no_escrow(i)) {
            blocked.get_or_insert(NotDueReason::EscrowNotCreated { asset: i });
            continue;
        }
        let sell_price = &asset_prices[s];
        let amount_in = clamp_to_cap(swap.amount_in, sell_price, cap)?;
        let notional = sell_price.value_mid(amount_in, Rounding::Down)?;
        if amount_in == 0 || notional < min_notional {
            continue;
        }
        // The program's own swap check, on the same values and trade targets: the planner
        // can leave a rounding-sized leftover on an asset already at its target, which the
        // program refuses (`SwapSellsUnderweight` / `SwapBuysOverweight`).
        let candidate = Swap {
            sell: swap.sell,
            buy: swap.buy,
            amount_in,
            notional,
        };
        let limits = SwapLimits {
            nav,
            max_swap_bps: config.max_swap_bps,
            min_notional: vault_min,
        };
        if check_swap(
            &values,
            &targets,
            &trade_targets,
            sell_price,
            &candidate,
            &limits,
        )
        .is_err()
        {
            continue;
        }
        let min_out = min_output(
            amount_in,
            sell_price,
            &asset_prices[b],
            config.max_slippage_bps,
        )?;
        swaps.push(PlannedSwap {
            sell: s,
            buy: b,
            amount_in,
            notional,
            min_out,
        });
    }
    if swaps.is_empty() {
        let reason = blocked.unwrap_or(if new_round {
            NotDueReason::NothingWorthASwap
        } else {
            NotDueReason::RoundComplete
        });
        return Ok(not_due(reason));
    }
    let round = if new_round {
        Round::Opens
    } else {
        Round::Continues {
            ends: vault.round_ends_ts,
        }
    };
    Ok(Decision::Rebalance { round, swaps })
}

/// The largest amount, at most `amount_in`, whose value at the mid price rounded up (what
/// `check_swap` compares with the cap) is at most `cap`.
fn clamp_to_cap(amount_in: u64, price: &AssetPrice, cap: Wad) -> Result<u64, MathError> {
    if price.value_mid(amount_in, Rounding::Up)? <= cap {
        return Ok(amount_in);
    }
    let mut amount = token_amount(
        cap,
        price.decimals,
        &price.price,
        PriceSide::Mid,
        Rounding::Down,
    )?
    .min(amount_in);
    while amount > 0 && price.value_mid(amount, Rounding::Up)? > cap {
        amount -= 1;
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_math::OraclePrice;

    #[test]
    fn clamping_respects_the_cap_rounded_up() {
        let price = AssetPrice {
            price: OraclePrice {
                price: 15_000_000_000,
                conf: 0,
                exponent: -8,
            },
            decimals: 9,
        };
        let cap = Wad::from_int(1_000);
        let amount = clamp_to_cap(100_000_000_000, &price, cap).unwrap();
        assert!(price.value_mid(amount, Rounding::Up).unwrap() <= cap);
        assert!(price.value_mid(amount + 1, Rounding::Up).unwrap() > cap);
        assert_eq!(clamp_to_cap(1_000, &price, cap).unwrap(), 1_000);
    }
}
