//! `withdraw` against the compiled program: pro-rata payouts in kind, no oracle needed, and
//! every refusal with its own error and no balance moved.

use anchor_lang::prelude::AccountMeta;
use ballast::events::Withdrawn;
use ballast_math::shares::redemption_amount;
use ballast_tests::ix::{self, unsign, Withdraw};
use ballast_tests::*;

const ONE_SOL: u64 = 1_000_000_000;
const ONE_BTC: u64 = 100_000_000;
const ONE_USDC: u64 = 1_000_000;

/// A 4-asset vault where `alice` deposited 2 SOL, 0.01 BTC, 1 ETH and 500 USDC and `bob`
/// deposited 1 SOL.
fn setup() -> (Harness, VaultFixture, User, User) {
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    let alice = h.create_user(&v, &[2 * ONE_SOL, ONE_BTC / 100, ONE_BTC, 500 * ONE_USDC]);
    let bob = h.create_user(&v, &[ONE_SOL, 0, 0, 0]);
    for (i, amount) in [
        (0, 2 * ONE_SOL),
        (1, ONE_BTC / 100),
        (2, ONE_BTC),
        (3, 500 * ONE_USDC),
    ] {
        h.send_ok(
            &[ix::deposit(&v, &alice, i, amount).instruction()],
            &[&alice.keypair],
        );
    }
    h.send_ok(
        &[ix::deposit(&v, &bob, 0, ONE_SOL).instruction()],
        &[&bob.keypair],
    );
    (h, v, alice, bob)
}

#[track_caller]
fn assert_refused(
    h: &mut Harness,
    v: &VaultFixture,
    user: &User,
    mut ix: Withdraw,
    edit: impl FnOnce(&mut Withdraw),
    expected: BallastError,
) {
    edit(&mut ix);
    let before = h.snapshot(v, &[user]);
    let r = h.send(&[ix.instruction()], &[&user.keypair]);
    assert_ballast_error(r, expected);
    assert_eq!(h.snapshot(v, &[user]), before, "no balance may move");
}

#[test]
fn withdraw_ok_pays_the_pro_rata_part_of_every_reserve() {
    let (mut h, v, alice, _bob) = setup();
    let supply = h.mint_supply(&v.share_mint);
    let shares = h.token_balance(&alice.shares) / 3;
    let reserves: Vec<u64> = v
        .assets
        .iter()
        .map(|a| h.token_balance(&a.reserve))
        .collect();
    let wallets: Vec<u64> = alice.tokens.iter().map(|t| h.token_balance(t)).collect();

    let sent = h.send_ok(
        &[ix::withdraw(&v, &alice, shares).instruction()],
        &[&alice.keypair],
    );

    let expected: Vec<u64> = reserves
        .iter()
        .map(|&r| redemption_amount(r, shares, supply).unwrap())
        .collect();
    for i in 0..4 {
        assert_eq!(
            h.token_balance(&alice.tokens[i]) - wallets[i],
            expected[i],
            "asset {i}"
        );
        assert_eq!(
            h.token_balance(&v.assets[i].reserve),
            reserves[i] - expected[i]
        );
        // Pro rata, rounded down: never more than shares/supply of the reserve.
        assert!(
            u128::from(expected[i]) * u128::from(supply)
                <= u128::from(reserves[i]) * u128::from(shares)
        );
        assert!(expected[i] > 0);
    }
    assert_eq!(h.mint_supply(&v.share_mint), supply - shares);
    let e: Vec<Withdrawn> = events(&sent.logs);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].amounts, expected);
    assert_eq!(e[0].shares, shares);
    assert_eq!(e[0].supply_after, supply - shares);
    assert_eq!(
        e[0].reserves_after,
        v.assets
            .iter()
            .map(|a| h.token_balance(&a.reserve))
            .collect::<Vec<_>>()
    );
}

#[test]
fn withdraw_ok_needs_no_oracle_even_when_every_price_is_stale_or_broken() {
    let (mut h, v, _alice, bob) = setup();
    h.set_time(START_TIME + 30 * 86_400);
    for i in 0..4 {
        h.publish_price(&v, i, -1, 0);
    }
    let shares = h.token_balance(&bob.shares);
    h.send_ok(
        &[ix::withdraw(&v, &bob, shares).instruction()],
        &[&bob.keypair],
    );
    assert_eq!(h.token_balance(&bob.shares), 0);
    assert!(h.token_balance(&bob.tokens[0]) > 0);
}

#[test]
fn withdraw_ok_everyone_out_leaves_only_the_virtual_slice() {
    let (mut h, v, alice, bob) = setup();
    let before: Vec<u64> = v
        .assets
        .iter()
        .map(|a| h.token_balance(&a.reserve))
        .collect();
    for user in [&alice, &bob] {
        let shares = h.token_balance(&user.shares);
        h.send_ok(
            &[ix::withdraw(&v, user, shares).instruction()],
            &[&user.keypair],
        );
    }
    assert_eq!(h.mint_supply(&v.share_mint), 0);
    // What stays is the virtual shares' part: V_s / (supply + V_s) of each reserve, ~1e-5 here.
    for (a, b) in v.assets.iter().zip(before) {
        let left = h.token_balance(&a.reserve);
        assert!(left <= b / 50_000 + 2, "left {left} of {b}");
    }
    // Bob's $150 came back in kind, less at most the rounding and the virtual slice.
    let bob_value = h.value_at_spec_prices(&v, &bob.tokens);
    assert!(bob_value <= ballast_math::Wad::from_int(150));
    let one_cent = ballast_math::Wad::from_bps(100);
    assert!(
        bob_value
            >= ballast_math::Wad::from_int(150)
                .checked_sub(one_cent)
                .unwrap(),
        "{bob_value}"
    );
}

#[test]
fn withdraw_ok_token_2022_asset() {
    let mut h = Harness::new();
    let mut specs = FOUR_ASSETS;
    specs[2].kind = TokenKind::Token2022;
    let v = h.create_vault(&specs);
    let user = h.create_user(&v, &[ONE_SOL, 0, ONE_BTC, 0]);
    h.send_ok(
        &[ix::deposit(&v, &user, 0, ONE_SOL).instruction()],
        &[&user.keypair],
    );
    h.send_ok(
        &[ix::deposit(&v, &user, 2, ONE_BTC).instruction()],
        &[&user.keypair],
    );
    let shares = h.token_balance(&user.shares) / 2;
    h.send_ok(
        &[ix::withdraw(&v, &user, shares).instruction()],
        &[&user.keypair],
    );
    assert!(h.token_balance(&user.tokens[2]) > 0);
    // Without the Token-2022 program the vault cannot pay that asset.
    let mut ix = ix::withdraw(&v, &user, shares / 2);
    ix.accounts.token_2022_program = None;
    let before = h.snapshot(&v, &[&user]);
    assert_ballast_error(
        h.send(&[ix.instruction()], &[&user.keypair]),
        BallastError::MissingToken2022Program,
    );
    assert_eq!(h.snapshot(&v, &[&user]), before);
}

#[test]
fn withdraw_refuses_when_a_minimum_is_not_met() {
    let (mut h, v, alice, _) = setup();
    let shares = h.token_balance(&alice.shares) / 2;
    let supply = h.mint_supply(&v.share_mint);
    let btc = redemption_amount(h.token_balance(&v.assets[1].reserve), shares, supply).unwrap();
    let ix = ix::withdraw(&v, &alice, shares);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.args.min_amounts_out[1] = btc + 1,
        BallastError::MinAmountOutNotMet,
    );
    let mut ix = ix::withdraw(&v, &alice, shares);
    ix.args.min_amounts_out[1] = btc;
    h.send_ok(&[ix.instruction()], &[&alice.keypair]);
}

#[test]
fn withdraw_refuses_minimums_of_the_wrong_length() {
    let (mut h, v, alice, _) = setup();
    let ix = ix::withdraw(&v, &alice, 1_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| {
            ix.args.min_amounts_out.pop();
        },
        BallastError::MinAmountsLengthMismatch,
    );
}

#[test]
fn withdraw_refuses_zero_shares() {
    let (mut h, v, alice, _) = setup();
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix::withdraw(&v, &alice, 0),
        |_| {},
        BallastError::ZeroAmount,
    );
}

#[test]
fn withdraw_refuses_more_shares_than_the_supply() {
    let (mut h, v, alice, _) = setup();
    let supply = h.mint_supply(&v.share_mint);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix::withdraw(&v, &alice, supply + 1),
        |_| {},
        BallastError::InsufficientShares,
    );
}

#[test]
fn withdraw_cannot_burn_more_than_the_user_holds() {
    let (mut h, v, _alice, bob) = setup();
    let supply = h.mint_supply(&v.share_mint);
    let before = h.snapshot(&v, &[&bob]);
    let r = h.send(
        &[ix::withdraw(&v, &bob, supply).instruction()],
        &[&bob.keypair],
    );
    assert_error_code(r, 1, "spl_token::InsufficientFunds");
    assert_eq!(h.snapshot(&v, &[&bob]), before);
}

#[test]
fn withdraw_cannot_burn_another_users_shares() {
    let (mut h, v, alice, bob) = setup();
    let before = h.snapshot(&v, &[&alice, &bob]);
    let mut ix = ix::withdraw(&v, &bob, 1_000_000_000);
    ix.accounts.user_shares = alice.shares;
    let r = h.send(&[ix.instruction()], &[&bob.keypair]);
    assert_error_code(r, 4, "spl_token::OwnerMismatch");
    assert_eq!(h.snapshot(&v, &[&alice, &bob]), before);
}

#[test]
fn withdraw_refuses_a_dust_redemption_that_pays_nothing() {
    let (mut h, v, alice, _) = setup();
    // One share unit is worth far less than one base unit of any asset.
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix::withdraw(&v, &alice, 1),
        |_| {},
        BallastError::WithdrawTooSmall,
    );
}

#[test]
fn withdraw_refuses_a_reserve_of_another_vault() {
    let (mut h, v, alice, _) = setup();
    let other = h.create_vault(&FOUR_ASSETS);
    let ix = ix::withdraw(&v, &alice, 1_000_000_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.remaining[3] = AccountMeta::new(other.assets[1].reserve, false),
        BallastError::ReserveMismatch,
    );
}

#[test]
fn withdraw_refuses_a_mint_of_another_vault() {
    let (mut h, v, alice, _) = setup();
    let other = h.create_vault(&FOUR_ASSETS);
    let ix = ix::withdraw(&v, &alice, 1_000_000_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.remaining[5] = AccountMeta::new_readonly(other.assets[1].mint, false),
        BallastError::MintMismatch,
    );
}

#[test]
fn withdraw_refuses_the_share_mint_of_another_vault() {
    let (mut h, v, alice, _) = setup();
    let other = h.create_vault(&FOUR_ASSETS);
    let ix = ix::withdraw(&v, &alice, 1_000_000_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.accounts.share_mint = other.share_mint,
        BallastError::ShareMintMismatch,
    );
}

#[test]
fn withdraw_refuses_a_user_token_account_of_the_wrong_mint() {
    let (mut h, v, alice, _) = setup();
    let sol_account = alice.tokens[0];
    let ix = ix::withdraw(&v, &alice, 1_000_000_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.remaining[4] = AccountMeta::new(sol_account, false),
        BallastError::UserTokenMintMismatch,
    );
}

#[test]
fn withdraw_refuses_a_share_account_of_the_wrong_mint() {
    let (mut h, v, alice, _) = setup();
    let usdc_account = alice.tokens[3];
    let ix = ix::withdraw(&v, &alice, 1_000_000_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.accounts.user_shares = usdc_account,
        BallastError::UserShareAccountMismatch,
    );
}

#[test]
fn withdraw_refuses_missing_asset_accounts() {
    let (mut h, v, alice, _) = setup();
    let ix = ix::withdraw(&v, &alice, 1_000_000_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.remaining.truncate(9),
        BallastError::AssetAccountsMismatch,
    );
}

#[test]
fn withdraw_requires_the_user_signature() {
    let (mut h, v, alice, _) = setup();
    let before = h.snapshot(&v, &[&alice]);
    let ix = unsign(
        ix::withdraw(&v, &alice, 1_000_000_000).instruction(),
        &alice.key(),
    );
    assert_anchor_error(
        h.send(&[ix], &[]),
        anchor_lang::error::ErrorCode::AccountNotSigner,
    );
    assert_eq!(h.snapshot(&v, &[&alice]), before);
}

#[test]
fn withdraw_refuses_a_fake_vault_authority() {
    let (mut h, v, alice, _) = setup();
    let before = h.snapshot(&v, &[&alice]);
    let mut ix = ix::withdraw(&v, &alice, 1_000_000_000);
    ix.accounts.vault_authority = Pubkey::new_unique();
    assert_ballast_error(
        h.send(&[ix.instruction()], &[&alice.keypair]),
        BallastError::VaultAuthorityMismatch,
    );
    assert_eq!(h.snapshot(&v, &[&alice]), before);
}

#[test]
fn withdraw_refuses_the_reserve_itself_as_destination() {
    let (mut h, v, alice, _) = setup();
    let reserve = v.assets[2].reserve;
    let ix = ix::withdraw(&v, &alice, 1_000_000_000);
    assert_refused(
        &mut h,
        &v,
        &alice,
        ix,
        |ix| ix.remaining[7] = AccountMeta::new(reserve, false),
        BallastError::DestinationIsReserve,
    );
}

#[test]
fn withdraw_with_a_frozen_reserve_is_refused_unless_the_asset_is_skipped() {
    let (mut h, v, _alice, bob) = setup();
    let usdc = v.assets[3].clone();
    h.freeze(&usdc.mint, &usdc.reserve);
    let shares = h.token_balance(&bob.shares);
    assert_refused(
        &mut h,
        &v,
        &bob,
        ix::withdraw(&v, &bob, shares),
        |_| {},
        BallastError::ReserveFrozen,
    );
    // Bob leaves the frozen USDC behind and takes his part of everything else.
    let supply = h.mint_supply(&v.share_mint);
    let sol_reserve = h.token_balance(&v.assets[0].reserve);
    let usdc_reserve = h.token_balance(&usdc.reserve);
    let mut ix = ix::withdraw(&v, &bob, shares);
    ix.args.skip_assets = 1 << 3;
    h.send_ok(&[ix.instruction()], &[&bob.keypair]);
    assert_eq!(
        h.token_balance(&bob.tokens[0]),
        redemption_amount(sol_reserve, shares, supply).unwrap()
    );
    assert_eq!(h.token_balance(&bob.tokens[3]), 0);
    assert_eq!(
        h.token_balance(&usdc.reserve),
        usdc_reserve,
        "the frozen reserve is untouched"
    );
}
