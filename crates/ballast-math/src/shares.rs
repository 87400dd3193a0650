//! Share math of the vault, with the inflation-attack defence.
//!
//! # Units
//! Shares have [`SHARE_DECIMALS`] = 9 decimals and start at 1 USD per whole share, so one
//! share base unit is worth 10^-9 USD = 10^9 Wad units at the start.
//!
//! # Defence: virtual shares and virtual value
//! Every price of a share is computed as if [`VIRTUAL_SHARES`] extra share units and
//! [`VIRTUAL_VALUE`] extra USD existed (OpenZeppelin's ERC-4626 "decimals offset" idea, chosen
//! over a dead-shares first deposit because it needs no special first-deposit path and
//! costs nothing at run time):
//!
//! `shares_out = floor(deposit_value * (supply + V_s) / (nav + V_v))`
//! `payout_i   = floor(reserve_i * shares / (supply + V_s))`
//!
//! The virtual shares own a slice of the vault that nobody can redeem, so value donated to a
//! reserve is shared between the real holders and the virtual ones in proportion. An attacker
//! who holds `s_a` share units and donates `D` can raise the price of one share unit by at most
//! `D / (s_a + V_s)`, and keeps only `s_a / (s_a + V_s)` of the donation.
//!
//! What a depositor of value `v` can lose, measured by what its shares redeem right after
//! ([`max_deposit_loss`]): one share unit's worth to the rounding down of the shares,
//! `(nav + V_v) / (supply + V_s)`, plus the virtual value's share of the deposit,
//! `v * V_v / (nav + v + V_v)` (the virtual value prices the shares but backs no reserve;
//! at most 0.001 USD). Plus, outside this function, the confidence haircut and one base
//! unit per asset when the payouts are rounded down. With `V_s = 10^6`, making a victim lose
//! 1 USD to rounding costs the attacker about 10^6 USD of donation.
//!
//! All roundings favour the vault: shares out are rounded down, payouts are rounded down.

use crate::error::{MathError, MathResult};
use crate::fixed::{Rounding, Wad};
use crate::wide::{mul_div, mul_div_u64};

/// Decimals of the share mint.
pub const SHARE_DECIMALS: u8 = 9;
/// Virtual share units added to the supply in every share price (0.001 share).
pub const VIRTUAL_SHARES: u64 = 1_000_000;
/// Virtual value added to the NAV in every share price: 0.001 USD, so that the virtual
/// position starts at the same 1 USD per share as real deposits.
pub const VIRTUAL_VALUE: Wad = Wad(1_000_000_000_000_000);

/// Share units minted for a deposit worth `deposit_value` into a vault worth `nav` with
/// `supply` share units outstanding. Rounded down; `ZeroShares` if that is zero.
pub fn shares_for_deposit(deposit_value: Wad, nav: Wad, supply: u64) -> MathResult<u64> {
    let virtual_supply = virtual_supply(supply)?;
    let virtual_nav = nav.checked_add(VIRTUAL_VALUE)?;
    let shares = mul_div(
        deposit_value.0,
        u128::from(virtual_supply),
        virtual_nav.0,
        Rounding::Down,
    )?;
    let shares = u64::try_from(shares).map_err(|_| MathError::Overflow)?;
    // The supply after minting must still fit in a u64 mint supply.
    supply.checked_add(shares).ok_or(MathError::Overflow)?;
    if shares == 0 {
        return Err(MathError::ZeroShares);
    }
    Ok(shares)
}

/// Largest entry spread a vault may charge, bps (1 %).
pub const MAX_ENTRY_SPREAD_BPS: u16 = 100;

/// The value a deposit is credited with after the vault's entry spread: `value * (10_000 -
/// spread_bps) / 10_000`, rounded down. The spread is not a fee to anyone: the deposited
/// tokens all stay in the reserve, so it accrues to the holders already in the vault, who
/// bear the risk that the deposit's price is stale by up to the vault's price window.
/// `InvalidParameter` above [`MAX_ENTRY_SPREAD_BPS`].
pub fn after_entry_spread(value: Wad, spread_bps: u16) -> MathResult<Wad> {
    if spread_bps > MAX_ENTRY_SPREAD_BPS {
        return Err(MathError::InvalidParameter);
    }
    let kept = crate::fixed::BPS
        .checked_sub(u64::from(spread_bps))
        .ok_or(MathError::Underflow)?;
    value.mul(Wad::from_bps(kept), Rounding::Down)
}

/// Base units of one reserve paid for redeeming `shares` out of `supply`: the pro-rata part,
/// rounded down. `Overflow` if `shares > supply`.
pub fn redemption_amount(reserve: u64, shares: u64, supply: u64) -> MathResult<u64> {
    if shares > supply {
        return Err(MathError::Overflow);
    }
    mul_div_u64(reserve, shares, virtual_supply(supply)?, Rounding::Down)
}

/// NAV per whole share (10^SHARE_DECIMALS units) in USD, as a Wad, including the virtual
/// position. Rounded down (it is only reported).
pub fn nav_per_share(nav: Wad, supply: u64) -> MathResult<Wad> {
    let one_share = crate::oracle::pow10(u32::from(SHARE_DECIMALS))?;
    mul_div(
        nav.checked_add(VIRTUAL_VALUE)?.0,
        one_share,
        u128::from(virtual_supply(supply)?),
        Rounding::Down,
    )
    .map(Wad)
}

/// The most a deposit worth `deposit_value` into a vault worth `nav` with `supply` shares
/// can lose, measured as the value its shares redeem right after (see the module
/// documentation): `ceil((nav + V_v) / (supply + V_s)) + ceil(v * V_v / (nav + v + V_v))`.
pub fn max_deposit_loss(deposit_value: Wad, nav: Wad, supply: u64) -> MathResult<Wad> {
    let virtual_nav = nav.checked_add(VIRTUAL_VALUE)?;
    let rounding = mul_div(
        virtual_nav.0,
        1,
        u128::from(virtual_supply(supply)?),
        Rounding::Up,
    )?;
    let dilution = mul_div(
        deposit_value.0,
        VIRTUAL_VALUE.0,
        virtual_nav.checked_add(deposit_value)?.0,
        Rounding::Up,
    )?;
    rounding
        .checked_add(dilution)
        .map(Wad)
        .ok_or(MathError::Overflow)
}

fn virtual_supply(supply: u64) -> MathResult<u64> {
    supply
        .checked_add(VIRTUAL_SHARES)
        .ok_or(MathError::Overflow)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const USD: u128 = 1_000_000_000_000_000_000;

    #[test]
    fn first_deposit_is_one_usd_per_share() {
        // 100 USD into an empty vault: 100 shares (9 decimals).
        assert_eq!(
            shares_for_deposit(Wad(100 * USD), Wad::ZERO, 0),
            Ok(100_000_000_000)
        );
        assert_eq!(nav_per_share(Wad::ZERO, 0), Ok(Wad::ONE));
    }

    #[test]
    fn later_deposit_pays_the_current_price() {
        // Vault worth 200 USD with 100 shares: 2 USD per share (virtual part included).
        let supply = 100_000_000_000;
        let nav = Wad(200 * USD - 1_000_000_000_000_000); // so that nav + V_v = 200 - 0.001 + 0.001
        let shares = shares_for_deposit(Wad(50 * USD), nav, supply).unwrap();
        // 50 * (100e9 + 1e6) / 200  = 25.00025e9
        assert_eq!(shares, 25_000_250_000);
    }

    #[test]
    fn dust_deposit_is_refused() {
        // 1 Wad unit into a vault at 1 USD per share unit rounds to nothing.
        assert_eq!(
            shares_for_deposit(Wad(1), Wad::ZERO, 0),
            Err(MathError::ZeroShares)
        );
    }

    #[test]
    fn redemption_is_pro_rata_and_floored() {
        assert_eq!(redemption_amount(1_000, 10, 10), Ok(0)); // virtual shares dominate a dust supply
        let supply = 1_000_000_000_000;
        assert_eq!(
            redemption_amount(3_000_000, supply / 3, supply),
            Ok(999_999)
        );
        assert_eq!(redemption_amount(1, 2, 1), Err(MathError::Overflow));
    }

    #[test]
    fn inflation_attack_is_unprofitable() {
        // Attacker deposits 1 Wad unit's worth... too small; the smallest that mints is 1e9.
        let attacker_shares = shares_for_deposit(Wad(1_000_000_000), Wad::ZERO, 0).unwrap();
        assert_eq!(attacker_shares, 1);
        // ...then donates 1,000,000 USD straight to a reserve.
        let nav = Wad(1_000_000 * USD + 1_000_000_000);
        let victim_value = Wad(10_000 * USD);
        let loss_bound = max_deposit_loss(victim_value, nav, attacker_shares).unwrap();
        let victim_shares = shares_for_deposit(victim_value, nav, attacker_shares).unwrap();
        let supply = attacker_shares + victim_shares;
        let nav_after = nav.checked_add(victim_value).unwrap();
        // What each can redeem, valued at the same prices.
        let victim_claim = mul_div(
            nav_after.0,
            victim_shares.into(),
            (supply + VIRTUAL_SHARES).into(),
            Rounding::Down,
        )
        .unwrap();
        let attacker_claim = mul_div(
            nav_after.0,
            attacker_shares.into(),
            (supply + VIRTUAL_SHARES).into(),
            Rounding::Down,
        )
        .unwrap();
        assert!(
            victim_claim + loss_bound.0 >= victim_value.0,
            "victim lost more than one share unit"
        );
        assert!(
            loss_bound.0 <= USD + USD / 100,
            "bound is about 1 USD for a 1M USD donation"
        );
        assert!(
            attacker_claim < nav.0 / 100_000,
            "attacker keeps a millionth of the donation"
        );
    }

    proptest! {
        /// No free shares: what a deposit can redeem right after (valued at the deposit's NAV)
        /// is never more than it paid.
        #[test]
        fn no_free_shares(value in 1u128..(1u128 << 90), nav in 0u128..(1u128 << 90), supply in 0u64..(1u64 << 62)) {
            if let Ok(shares) = shares_for_deposit(Wad(value), Wad(nav), supply) {
                let total_shares = u128::from(supply) + u128::from(shares) + u128::from(VIRTUAL_SHARES);
                let total_value = nav + value + VIRTUAL_VALUE.0;
                let claim = mul_div(total_value, shares.into(), total_shares, Rounding::Down).unwrap();
                prop_assert!(claim <= value);
            }
        }

        /// No free assets: redeeming pays at most the pro-rata part, and the sum of two
        /// partial redemptions never exceeds one redemption of both.
        #[test]
        fn no_free_assets(reserve in any::<u64>(), supply in 1u64..u64::MAX - VIRTUAL_SHARES, a in any::<u64>(), b in any::<u64>()) {
            let a = a % supply;
            let b = b % (supply - a + 1);
            let pa = redemption_amount(reserve, a, supply).unwrap();
            let pb = redemption_amount(reserve - pa, b, supply - a).unwrap();
            let both = redemption_amount(reserve, a + b, supply).unwrap();
            prop_assert!(pa <= reserve);
            prop_assert!(pa + pb <= both + 1);
            prop_assert!(u128::from(pa) * u128::from(supply) <= u128::from(reserve) * u128::from(a));
        }

        /// Deposit then redeem in one asset at an unchanged price loses at most one unit plus
        /// what the virtual position keeps, and never gains.
        #[test]
        fn round_trip_never_gains(amount in 1u64..(1u64 << 50), reserve in 0u64..(1u64 << 50), supply in 0u64..(1u64 << 50)) {
            // One asset priced at exactly 1 Wad unit per base unit, so value == amount.
            let nav = Wad(u128::from(reserve));
            if let Ok(shares) = shares_for_deposit(Wad(u128::from(amount)), nav, supply) {
                let out = redemption_amount(reserve + amount, shares, supply + shares).unwrap();
                prop_assert!(out <= amount);
            }
        }

        /// A deposit's claim right after (its pro-rata share of the real value) is at least
        /// its value minus `max_deposit_loss`, in any vault state.
        #[test]
        fn deposit_loss_is_within_the_bound(value in 1u128..(1u128 << 90), nav in 0u128..(1u128 << 90), supply in 0u64..(1u64 << 62)) {
            if let Ok(shares) = shares_for_deposit(Wad(value), Wad(nav), supply) {
                let total_shares = u128::from(supply) + u128::from(shares) + u128::from(VIRTUAL_SHARES);
                let claim = mul_div(nav + value, shares.into(), total_shares, Rounding::Down).unwrap();
                let bound = max_deposit_loss(Wad(value), Wad(nav), supply).unwrap().0;
                prop_assert!(claim + bound + 1 >= value, "claim {} value {} bound {}", claim, value, bound);
            }
        }

        #[test]
        fn never_panics(value in any::<u128>(), nav in any::<u128>(), supply in any::<u64>(), reserve in any::<u64>(), shares in any::<u64>()) {
            let _ = shares_for_deposit(Wad(value), Wad(nav), supply);
            let _ = redemption_amount(reserve, shares, supply);
            let _ = nav_per_share(Wad(nav), supply);
            let _ = max_deposit_loss(Wad(value), Wad(nav), supply);
        }
    }
}
