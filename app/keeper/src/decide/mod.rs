//! The keeper's decision: what the program would accept now, computed by the very functions
//! the program calls (`ballast_math::round` and `ballast_math::oracle::check_price`), on
//! the state the keeper just read:
//!
//! 1. rebalancing configured and not paused;
//! 2. every asset's price passes the program's checks, with the age limit of the next
//!    instruction: `max_oracle_age_secs` to open a round, `fresh_price_secs` for a swap;
//! 3. no round open: [`ballast_math::round::open_round`] (cooldown, trigger) says whether
//!    `open_round` would pass;
//! 4. a round open: `plan_swaps` from the current values toward the round's trade targets
//!    (the stored fractions times the current NAV), each clamped to the per-swap cap and
//!    checked by [`ballast_math::round::swap_terms`], whose bound tightens or widens with the
//!    auction; none touching a frozen reserve or an asset without an escrow; and none that
//!    only chases the shortfall a venue's cost left after a pair's swap (at most
//!    `max_slippage_bps` of the bought asset's trade target) unless an asset needs it to get
//!    back inside its band: one swap per pair, no follow-ups.
//!
//! [`plan_swap`] gives the same terms for a swap of another size (a part of a swap that one
//! venue cannot fill within the vault's bound).
//!
//! Values are the reserves at the oracle mid prices rounded down, and target weights are the
//! vault's at this instant (`Vault::targets_at`: a ramp moves them), as the program has them.

use ballast::constants::MAX_ASSETS;
use ballast::state::Vault;
use ballast_math::oracle::{check_price, token_amount, token_value, PriceLimits};
use ballast_math::planner::{plan_swaps, AssetPrice};
use ballast_math::policy::is_outside;
use ballast_math::portfolio::current_weights;
use ballast_math::round::{
    open_round, swap_terms, trade_target, Holdings, RoundState, Rules, SwapRequest,
};
use ballast_math::{MathError, OraclePrice, PolicyInputs, PriceSide, Rounding, Wad};
use ballast_sdk::state::PriceUpdate;
use ballast_sdk::Pubkey;

mod decision;

pub use decision::{Decision, NotDueReason, OracleProblem, PlannedSwap};

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

/// The program's checks of `read_price`, in its order, against `max_age_secs`.
pub fn check_oracle(
    vault: &Vault,
    asset: usize,
    price: Option<&PriceUpdate>,
    now: i64,
    max_age_secs: u32,
) -> Result<OraclePrice, OracleProblem> {
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
    let limits = PriceLimits {
        now,
        max_age_secs,
        last_used: config.last_publish_time,
        max_conf_bps: vault.max_conf_bps,
    };
    check_price(&oracle, p.publish_time, &limits).map_err(|e| match e {
        MathError::PriceStale => OracleProblem::Stale {
            age: now.saturating_sub(p.publish_time),
            limit: max_age_secs,
        },
        MathError::PriceFromTheFuture => OracleProblem::FromTheFuture,
        MathError::PriceOlderThanLastUsed => OracleProblem::OlderThanLastUsed,
        MathError::PriceConfidenceTooWide => OracleProblem::ConfidenceTooWide,
        _ => OracleProblem::InvalidPrice,
    })?;
    Ok(oracle)
}

/// The vault's rules and round state as `ballast_math::round` takes them, or why there are
/// none.
pub fn rules_of(vault: &Vault) -> Result<Rules, NotDueReason> {
    vault
        .rebalance
        .rules()
        .map_err(|_| NotDueReason::NotConfigured)
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

/// What the program sees at `now`: the rules, the round, each asset's checked price and
/// value, the targets of the moment.
struct View<'a> {
    vault: &'a Vault,
    rules: Rules,
    state: RoundState,
    now: i64,
    round_open: bool,
    prices: Vec<AssetPrice>,
    values: Vec<Wad>,
    targets: Vec<u16>,
    volatilities: Vec<Wad>,
}

impl View<'_> {
    fn holdings(&self) -> Holdings<'_> {
        Holdings {
            values: &self.values,
            targets: &self.targets,
            volatilities: &self.volatilities,
        }
    }

    fn fractions(&self) -> &[u64] {
        &self.vault.round_trade_targets[..self.values.len()]
    }

    /// The terms of selling `amount_in` of `sell` for `buy` now and at the auction's
    /// widest, as a planned swap.
    fn planned(&self, sell: usize, buy: usize, amount_in: u64) -> Result<PlannedSwap, MathError> {
        let request = SwapRequest {
            sell,
            buy,
            amount_in,
        };
        let terms = |rules: &Rules| {
            swap_terms(
                rules,
                &self.state,
                self.now,
                &self.holdings(),
                self.fractions(),
                &self.prices,
                &request,
            )
        };
        // The auction's widest bound decides whether a swap is acceptable at all; the bound
        // of the moment says whether it can be sent now.
        let at_max = Rules {
            auction_start_bps: self.rules.max_slippage_bps,
            ..self.rules
        };
        let widest = terms(&at_max)?;
        let now = terms(&self.rules).ok();
        Ok(PlannedSwap {
            sell,
            buy,
            amount_in,
            notional: widest.notional,
            min_out_now: now.map(|t| t.min_out),
            min_out_at_max: widest.min_out,
            reward_cap: now.map_or(0, |t| t.reward_cap),
        })
    }

    /// Whether the policy would fire on the current weights: while it does, the round has
    /// not done its job and even a small swap is worth making.
    fn policy_fires(&self) -> Result<bool, MathError> {
        let mut weights = vec![Wad::ZERO; self.values.len()];
        current_weights(&self.values, &mut weights)?;
        self.rules.policy.is_due(&PolicyInputs {
            now: self.now,
            last_rebalance: self.state.opened_at,
            weights: &weights,
            targets: &self.targets,
            volatilities: &self.volatilities,
        })
    }
}

/// Reads `vault`'s rules, round and prices as the program would at `now`, or the decision
/// that stops there (not configured, paused, stale oracle, empty vault).
fn view<'a>(
    vault: &'a Vault,
    prices: &[Option<PriceUpdate>],
    reserves: &[ReserveInput],
    now: i64,
) -> Result<Result<View<'a>, Decision>, MathError> {
    let rules = match rules_of(vault) {
        Ok(rules) => rules,
        Err(reason) => return Ok(Err(not_due(reason))),
    };
    if vault.is_paused(ballast::constants::PAUSE_REBALANCES) {
        return Ok(Err(not_due(NotDueReason::Paused)));
    }
    let assets = vault.assets();
    let n = assets.len();
    if prices.len() != n || reserves.len() != n {
        return Ok(Err(not_due(NotDueReason::InputMismatch)));
    }
    let state = vault.round_state();
    let round_open = state.is_open(now);
    let max_age = if round_open {
        u32::from(vault.fresh_price_secs)
    } else {
        vault.max_oracle_age_secs
    };
    let mut asset_prices = Vec::with_capacity(n);
    let mut values = Vec::with_capacity(n);
    for (i, config) in assets.iter().enumerate() {
        let price = match check_oracle(vault, i, prices[i].as_ref(), now, max_age) {
            Ok(price) => price,
            Err(problem) => return Ok(Err(Decision::StaleOracle { asset: i, problem })),
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
    }
    if Wad::checked_sum(values.iter().copied())? == Wad::ZERO {
        return Ok(Err(not_due(NotDueReason::EmptyVault)));
    }
    let targets = vault
        .targets_at(now)
        .map_err(|_| MathError::InvalidWeights)?;
    let volatilities = if rules.policy.half_life_secs().is_some() {
        vault.volatility[..n]
            .iter()
            .map(|slot| slot.get().sigma())
            .collect::<Result<Vec<_>, _>>()?
    } else {
        Vec::new()
    };
    Ok(Ok(View {
        vault,
        rules,
        state,
        now,
        round_open,
        prices: asset_prices,
        values,
        targets,
        volatilities,
    }))
}

/// The swap of `amount_in` of asset `sell` for asset `buy` in `vault`'s open round at
/// `now`, with its bounds now and at the auction's widest (`swap_terms`, as the program
/// checks it), or `None` when the program would refuse it. For a keeper that sizes a swap
/// otherwise than the plan (a part of a swap too large for its venue).
pub fn plan_swap(
    vault: &Vault,
    prices: &[Option<PriceUpdate>],
    reserves: &[ReserveInput],
    now: i64,
    (sell, buy, amount_in): (usize, usize, u64),
) -> Option<PlannedSwap> {
    let view = view(vault, prices, reserves, now).ok()?.ok()?;
    if !view.round_open || amount_in == 0 {
        return None;
    }
    view.planned(sell, buy, amount_in).ok()
}

fn decide_inner(
    vault: &Vault,
    prices: &[Option<PriceUpdate>],
    reserves: &[ReserveInput],
    now: i64,
    options: &DecideOptions,
) -> Result<Decision, MathError> {
    let view = match view(vault, prices, reserves, now)? {
        Ok(view) => view,
        Err(decision) => return Ok(decision),
    };
    let (rules, state) = (view.rules, view.state);
    let n = view.values.len();

    if !view.round_open {
        let mut fractions = vec![0u64; n];
        let holdings = view.holdings();
        return Ok(
            match open_round::<MAX_ASSETS>(&rules, &state, now, &holdings, &mut fractions) {
                Ok(_) => Decision::OpenRound,
                Err(MathError::CooldownActive) => Decision::Cooldown {
                    until: state.cooldown_ends(&rules, now),
                },
                Err(MathError::NotTriggered) => not_due(NotDueReason::PolicyNotTriggered),
                Err(e) => not_due(NotDueReason::Math(e)),
            },
        );
    }

    let assets = vault.assets();
    let nav = Wad::checked_sum(view.values.iter().copied())?;
    let trade_targets = view
        .fractions()
        .iter()
        .map(|&f| trade_target(f, nav))
        .collect::<Result<Vec<_>, _>>()?;
    let min_notional = rules.min_notional.max(options.min_notional);
    let plan = plan_swaps::<MAX_ASSETS>(&view.values, &trade_targets, &view.prices, min_notional)?;
    let cap = nav.mul(Wad::from_bps(u64::from(rules.max_swap_bps)), Rounding::Down)?;
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
        let amount_in = clamp_to_cap(swap.amount_in, &view.prices[s], cap)?;
        // A rounding-sized leftover the program would refuse, or a swap below the minimum.
        let Ok(planned) = view.planned(s, b, amount_in) else {
            continue;
        };
        if amount_in == 0 || planned.notional < min_notional {
            continue;
        }
        swaps.push(planned);
    }
    let swaps = without_cost_residuals(&view, swaps, &trade_targets)?;
    if swaps.is_empty() {
        return Ok(not_due(blocked.unwrap_or(NotDueReason::RoundComplete)));
    }
    Ok(Decision::Rebalance {
        opened_at: state.opened_at,
        ends_at: state.ends_at,
        swaps,
    })
}

/// `swaps` without those that only chase what a venue's cost left behind.
///
/// A swap pays at most the auction's widest slippage of what it sells, and the program lets
/// it sell no more than the bought asset's room, so the shortfall a pair's one swap leaves
/// on the bought asset is at most `max_slippage_bps` of that asset's trade target: a swap
/// no larger is a *cost residual*. Chasing it costs another transaction (with its own fee
/// and shortfall) for a tracking error within the vault's own slippage budget, so it is
/// dropped, unless it is needed: while the policy fires, a residual whose asset is outside
/// its band and has no larger swap planned is kept (a small move to a band edge, say).
fn without_cost_residuals(
    view: &View<'_>,
    swaps: Vec<PlannedSwap>,
    trade_targets: &[Wad],
) -> Result<Vec<PlannedSwap>, MathError> {
    let slippage = Wad::from_bps(u64::from(view.rules.max_slippage_bps));
    let mut residual = Vec::with_capacity(swaps.len());
    for swap in &swaps {
        let tolerance = trade_targets[swap.buy].mul(slippage, Rounding::Down)?;
        residual.push(swap.notional <= tolerance);
    }
    if !residual.iter().any(|r| *r) {
        return Ok(swaps);
    }
    let n = view.values.len();
    let mut outside = vec![false; n];
    if view.policy_fires()? {
        let mut weights = vec![Wad::ZERO; n];
        current_weights(&view.values, &mut weights)?;
        let mut bands = vec![Wad::ZERO; n];
        view.rules
            .policy
            .bands(&view.targets, &view.volatilities, &mut bands)?;
        for (i, flag) in outside.iter_mut().enumerate() {
            *flag = is_outside(weights[i], view.targets[i], bands[i]);
        }
    }
    let covered = |asset: usize| {
        swaps
            .iter()
            .zip(&residual)
            .any(|(w, r)| !r && (w.sell == asset || w.buy == asset))
    };
    let needed = |w: &PlannedSwap| [w.sell, w.buy].iter().any(|&i| outside[i] && !covered(i));
    Ok(swaps
        .iter()
        .zip(&residual)
        .filter(|(w, r)| !**r || needed(w))
        .map(|(w, _)| *w)
        .collect())
}

/// The largest amount, at most `amount_in`, whose value at the mid price rounded up (what
/// the swap check compares with the cap) is at most `cap`.
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
