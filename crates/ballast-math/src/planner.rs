//! The trade planner (keeper side) and the single-swap check (program side).
//!
//! [`plan_swaps`] turns current values and balanced trade-target values
//! ([`crate::target::trade_target_values`]) into at most `n - 1` swaps by greedy matching:
//! the asset with the largest surplus sells to the asset with the largest deficit, for the
//! smaller of the two, until one side is exhausted or the best remaining match is below the
//! minimum notional. Each swap exhausts at least one of its two assets, so `k` swaps leave at
//! least one seller and one buyer only if `k <= n - 2`: at most `n - 1` swaps. Ties go to the
//! lowest index, so the plan is deterministic.
//!
//! USD amounts become base units of the sold asset at the oracle **mid** price, rounded
//! **down**, so a swap never sells more than its planned notional; the notional reported is
//! the value of that amount, again at mid, rounded down. [`check_swap`] accepts every swap of
//! a plan it is given the same inputs for.
//!
//! The planner does not split swaps to respect a per-swap cap: a keeper executes a swap above
//! the cap in several parts, each checked against the values after the previous one.

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad, BPS};
use crate::oracle::{token_amount, token_value, OraclePrice, PriceSide};
use crate::policy::Policy;
use crate::portfolio::{target_value, total_value};
use crate::target::{trade_target_values, TradeTarget};
use crate::wide::mul_div;

/// An oracle price with the decimals of the token it prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetPrice {
    /// Pyth price of one whole token.
    pub price: OraclePrice,
    /// Decimals of the token's mint.
    pub decimals: u8,
}

impl AssetPrice {
    /// USD value of `amount` base units at the mid price, rounded as asked.
    pub fn value_mid(&self, amount: u64, rounding: Rounding) -> MathResult<Wad> {
        token_value(amount, self.decimals, &self.price, PriceSide::Mid, rounding)
    }
}

/// One swap: sell `amount_in` base units of asset `sell` for asset `buy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Swap {
    /// Index of the sold asset.
    pub sell: u16,
    /// Index of the bought asset.
    pub buy: u16,
    /// Base units of the sold asset.
    pub amount_in: u64,
    /// USD value of `amount_in` at the sold asset's mid price, rounded down.
    pub notional: Wad,
}

/// A fixed-capacity list of swaps (no allocation); capacity `N` assets' worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapList<const N: usize> {
    swaps: [Swap; N],
    len: usize,
}

impl<const N: usize> SwapList<N> {
    /// An empty list.
    pub const fn new() -> Self {
        SwapList {
            swaps: [Swap {
                sell: 0,
                buy: 0,
                amount_in: 0,
                notional: Wad::ZERO,
            }; N],
            len: 0,
        }
    }

    /// Appends a swap; `TooManyAssets` when full.
    pub fn push(&mut self, swap: Swap) -> MathResult<()> {
        let slot = self
            .swaps
            .get_mut(self.len)
            .ok_or(MathError::TooManyAssets)?;
        *slot = swap;
        self.len = self.len.checked_add(1).ok_or(MathError::Overflow)?;
        Ok(())
    }

    /// The swaps, in execution order.
    pub fn as_slice(&self) -> &[Swap] {
        self.swaps.get(..self.len).unwrap_or(&[])
    }

    /// Number of swaps.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// True when there is nothing to trade.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<const N: usize> Default for SwapList<N> {
    fn default() -> Self {
        Self::new()
    }
}

/// Greedy swaps (see the module documentation) bringing each asset from `values[i]` to
/// `trade_targets[i]`. No swap is below `min_notional`; no asset crosses its trade target.
/// `N` bounds the number of assets (`TooManyAssets` above it).
pub fn plan_swaps<const N: usize>(
    values: &[Wad],
    trade_targets: &[Wad],
    prices: &[AssetPrice],
    min_notional: Wad,
) -> MathResult<SwapList<N>> {
    let n = values.len();
    if trade_targets.len() != n || prices.len() != n {
        return Err(MathError::LengthMismatch);
    }
    if n > N || n > usize::from(u16::MAX) {
        return Err(MathError::TooManyAssets);
    }
    let mut surplus = [0u128; N];
    let mut deficit = [0u128; N];
    for (i, (&v, &t)) in values.iter().zip(trade_targets).enumerate() {
        if v > t {
            surplus[i] = v.abs_diff(t).0;
        } else {
            deficit[i] = v.abs_diff(t).0;
        }
    }
    let mut list = SwapList::new();
    loop {
        let (seller, s) = arg_max(&surplus);
        let (buyer, d) = arg_max(&deficit);
        let matched = s.min(d);
        // Every other pair matches at most `matched`: nothing left is worth a swap.
        if matched == 0 || Wad(matched) < min_notional {
            break;
        }
        let price = prices.get(seller).ok_or(MathError::AssetIndexOutOfRange)?;
        let amount_in = token_amount(
            Wad(matched),
            price.decimals,
            &price.price,
            PriceSide::Mid,
            Rounding::Down,
        )?;
        let notional = price.value_mid(amount_in, Rounding::Down)?;
        if amount_in == 0 || notional < min_notional {
            break;
        }
        list.push(Swap {
            sell: u16::try_from(seller).map_err(|_| MathError::TooManyAssets)?,
            buy: u16::try_from(buyer).map_err(|_| MathError::TooManyAssets)?,
            amount_in,
            notional,
        })?;
        // Book the planned `matched` (not the rounded notional) so that each swap exhausts
        // one side exactly: this is what bounds the plan to n - 1 swaps.
        surplus[seller] = s.checked_sub(matched).ok_or(MathError::Underflow)?;
        deficit[buyer] = d.checked_sub(matched).ok_or(MathError::Underflow)?;
    }
    Ok(list)
}

/// The whole keeper pipeline: bands from `policy` (with `volatilities` for `vol-band`),
/// balanced trade targets for `mode`, then [`plan_swaps`]. Does not check whether the policy
/// is due ([`Policy::is_due`]).
pub fn plan_rebalance<const N: usize>(
    values: &[Wad],
    targets: &[u16],
    prices: &[AssetPrice],
    policy: &Policy,
    volatilities: &[Wad],
    mode: TradeTarget,
    min_notional: Wad,
) -> MathResult<SwapList<N>> {
    let n = values.len();
    if n > N {
        return Err(MathError::TooManyAssets);
    }
    let mut bands = [Wad::ZERO; N];
    let mut trade_targets = [Wad::ZERO; N];
    let bands = bands.get_mut(..n).ok_or(MathError::TooManyAssets)?;
    let trade_targets = trade_targets.get_mut(..n).ok_or(MathError::TooManyAssets)?;
    policy.bands(targets, volatilities, bands)?;
    trade_target_values(values, targets, bands, mode, trade_targets)?;
    plan_swaps(values, trade_targets, prices, min_notional)
}

fn arg_max(xs: &[u128]) -> (usize, u128) {
    let mut best = (0, 0);
    for (i, &x) in xs.iter().enumerate() {
        if x > best.1 {
            best = (i, x);
        }
    }
    best
}

/// One side of a proposed swap, in USD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapLeg {
    /// Current value of the asset.
    pub value: Wad,
    /// Value at which it is exactly on target (`nav * target`, see [`target_value`]).
    pub target_value: Wad,
    /// Its balanced trade-target value ([`trade_target_values`]).
    pub trade_target: Wad,
}

/// Limits a single swap must respect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapLimits {
    /// Total value of the vault.
    pub nav: Wad,
    /// Largest notional of one swap, bps of `nav` (1..=10_000).
    pub max_swap_bps: u16,
    /// Smallest notional of one swap.
    pub min_notional: Wad,
}

/// Validates one swap whose sold amount is worth `notional_down`..=`notional_up` (its value
/// rounded down and up). Checks, in order: the sold asset is over its target
/// (`SwapSellsUnderweight`), the bought one under it (`SwapBuysOverweight`), the notional
/// (down) is at least the minimum (`SwapBelowMinimum`) and (up) at most the cap
/// (`SwapAboveCap`), and (up) neither asset passes its trade target nor its target
/// (`SwapOvershoots`; the bought side is valued at the sold notional).
pub fn check_swap_legs(
    sell: &SwapLeg,
    buy: &SwapLeg,
    notional_down: Wad,
    notional_up: Wad,
    limits: &SwapLimits,
) -> MathResult<()> {
    if limits.max_swap_bps == 0 || u64::from(limits.max_swap_bps) > BPS {
        return Err(MathError::InvalidParameter);
    }
    if sell.value <= sell.target_value {
        return Err(MathError::SwapSellsUnderweight);
    }
    if buy.value >= buy.target_value {
        return Err(MathError::SwapBuysOverweight);
    }
    if notional_down < limits.min_notional {
        return Err(MathError::SwapBelowMinimum);
    }
    // nav * bps / 10^4, the same floor as nav.mul(Wad::from_bps(bps)) with a u128 product.
    let cap = Wad(mul_div(
        limits.nav.0,
        u128::from(limits.max_swap_bps),
        u128::from(BPS),
        Rounding::Down,
    )?);
    if notional_up > cap {
        return Err(MathError::SwapAboveCap);
    }
    // The sold asset may fall to max(trade target, target); the bought one rise to the min.
    let sell_floor = sell.trade_target.max(sell.target_value);
    let sell_room = sell.value.checked_sub(sell_floor).unwrap_or(Wad::ZERO);
    let buy_ceiling = buy.trade_target.min(buy.target_value);
    let buy_room = buy_ceiling.checked_sub(buy.value).unwrap_or(Wad::ZERO);
    if notional_up > sell_room || notional_up > buy_room {
        return Err(MathError::SwapOvershoots);
    }
    Ok(())
}

/// Validates a keeper's swap against the vault's state: `values` (USD, current), `targets`
/// (bps), `trade_targets` (from [`trade_target_values`], computed from the same values or
/// snapshotted at the start of the rebalance) and the sold asset's price. `nav` in `limits`
/// is normally `sum(values)`. O(1), no allocation. Returns the swap's notional (mid, down).
pub fn check_swap(
    values: &[Wad],
    targets: &[u16],
    trade_targets: &[Wad],
    sell_price: &AssetPrice,
    swap: &Swap,
    limits: &SwapLimits,
) -> MathResult<Wad> {
    let (s, b) = (usize::from(swap.sell), usize::from(swap.buy));
    if s == b {
        return Err(MathError::SwapSameAsset);
    }
    let leg = |i: usize| -> MathResult<SwapLeg> {
        let value = *values.get(i).ok_or(MathError::AssetIndexOutOfRange)?;
        let target = *targets.get(i).ok_or(MathError::AssetIndexOutOfRange)?;
        let trade_target = *trade_targets
            .get(i)
            .ok_or(MathError::AssetIndexOutOfRange)?;
        let target_value = target_value(limits.nav, target, Rounding::Down)?;
        Ok(SwapLeg {
            value,
            target_value,
            trade_target,
        })
    };
    let down = sell_price.value_mid(swap.amount_in, Rounding::Down)?;
    let up = sell_price.value_mid(swap.amount_in, Rounding::Up)?;
    check_swap_legs(&leg(s)?, &leg(b)?, down, up, limits)?;
    Ok(down)
}

/// `sum(values)`, for [`SwapLimits::nav`].
pub fn nav_of(values: &[Wad]) -> MathResult<Wad> {
    total_value(values)
}

#[cfg(test)]
#[path = "planner_tests.rs"]
mod tests;
