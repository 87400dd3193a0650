//! The first-depositor donation ("inflation") attack against the compiled program.
//!
//! Defence: virtual shares and value (`ballast_math::shares`). Stated bound: a later
//! depositor loses at most `max_deposit_loss` (one share unit's worth at the price they
//! deposit at, plus at most 0.001 USD of virtual value), plus one base unit per asset from
//! rounding the payouts down; the attacker loses almost all of the donation.

use anchor_spl::token_2022::spl_token_2022;
use ballast_math::oracle::token_value;
use ballast_math::shares::max_deposit_loss;
use ballast_math::{OraclePrice, PriceSide, Rounding, Wad};
use ballast_tests::ix;
use ballast_tests::*;

const ONE_SOL: u64 = 1_000_000_000;
const ONE_USDC: u64 = 1_000_000;

#[test]
fn inflation_attack_by_a_one_unit_first_depositor_does_not_pay() {
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    let donation = 10_000 * ONE_SOL; // $1.5M
    let attacker = h.create_user(&v, &[1 + donation, 0, 0, 0]);
    let victim = h.create_user(&v, &[0, 0, 0, 10_000 * ONE_USDC]);
    let attacker_start = h.value_at_spec_prices(&v, &attacker.tokens);
    let victim_start = h.value_at_spec_prices(&v, &victim.tokens);

    // 1. The attacker deposits a single lamport...
    h.send_ok(
        &[ix::deposit(&v, &attacker, 0, 1).instruction()],
        &[&attacker.keypair],
    );
    let attacker_shares = h.token_balance(&attacker.shares);
    assert_eq!(
        attacker_shares, 150,
        "1 lamport at $150/SOL is 150 share units"
    );
    // 2. ...then donates $1.5M straight to the SOL reserve, bypassing the vault.
    let donate = spl_token_2022::instruction::transfer_checked(
        &TokenKind::Token.id(),
        &attacker.tokens[0],
        &v.assets[0].mint,
        &v.assets[0].reserve,
        &attacker.key(),
        &[],
        donation,
        9,
    )
    .unwrap();
    h.send_ok(&[donate], &[&attacker.keypair]);

    // 3. The victim deposits $10,000 of USDC.
    let nav = h.value_at_spec_prices(&v, &v.assets.iter().map(|a| a.reserve).collect::<Vec<_>>());
    let deposit = Wad::from_int(10_000);
    let bound = max_deposit_loss(deposit, nav, h.mint_supply(&v.share_mint)).unwrap();
    h.send_ok(
        &[ix::deposit(&v, &victim, 3, 10_000 * ONE_USDC).instruction()],
        &[&victim.keypair],
    );
    assert!(h.token_balance(&victim.shares) > 0);

    // 4. Both leave.
    for user in [&attacker, &victim] {
        let shares = h.token_balance(&user.shares);
        h.send_ok(
            &[ix::withdraw(&v, user, shares).instruction()],
            &[&user.keypair],
        );
    }
    let victim_end = h.value_at_spec_prices(&v, &victim.tokens);
    let attacker_end = h.value_at_spec_prices(&v, &attacker.tokens);

    // One base unit per asset of payout rounding, valued at each price.
    let payout_rounding = v
        .assets
        .iter()
        .map(|a| {
            let price = OraclePrice {
                price: a.spec.price,
                conf: 0,
                exponent: PRICE_EXPONENT,
            };
            token_value(1, a.decimals, &price, PriceSide::Mid, Rounding::Up).unwrap()
        })
        .fold(Wad::ZERO, |s, x| s.checked_add(x).unwrap());
    let allowed = bound.checked_add(payout_rounding).unwrap();
    let victim_loss = victim_start.checked_sub(victim_end).unwrap_or(Wad::ZERO);
    assert!(
        victim_loss <= allowed,
        "victim lost {victim_loss} USD, bound {allowed}"
    );
    // The bound is about one share unit: $1.50 against a $1.5M donation.
    assert!(bound < Wad::from_int(2), "bound {bound}");
    // The attacker lost more than 99.9% of the donation.
    let attacker_loss = attacker_start.checked_sub(attacker_end).unwrap();
    assert!(
        attacker_loss > Wad::from_int(1_498_500),
        "attacker lost only {attacker_loss}"
    );
    assert!(attacker_end < Wad::from_int(1_000));
}
