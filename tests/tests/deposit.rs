//! `deposit` against the compiled program: the happy paths and every refusal, each with its
//! own error and no balance moved.

use anchor_lang::prelude::AccountMeta;
use ballast::events::Deposited;
use ballast_math::oracle::token_value;
use ballast_math::shares::shares_for_deposit;
use ballast_math::{OraclePrice, PriceSide, Rounding, Wad};
use ballast_tests::ix::{self, unsign, Deposit};
use ballast_tests::*;
use pyth_solana_receiver_sdk::price_update::VerificationLevel;

const ONE_SOL: u64 = 1_000_000_000;
const ONE_BTC: u64 = 100_000_000;
const ONE_USDC: u64 = 1_000_000;

/// A 4-asset vault and a user holding 10 SOL, 1 BTC, 10 ETH and 10,000 USDC.
fn setup() -> (Harness, VaultFixture, User) {
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    let user = h.create_user(
        &v,
        &[10 * ONE_SOL, ONE_BTC, 10 * ONE_BTC, 10_000 * ONE_USDC],
    );
    (h, v, user)
}

/// Sends `ix` (edited by `edit`) from `user` and asserts it fails with `expected` and moves
/// nothing.
#[track_caller]
fn assert_refused(
    h: &mut Harness,
    v: &VaultFixture,
    user: &User,
    mut ix: Deposit,
    edit: impl FnOnce(&mut Deposit),
    expected: BallastError,
) {
    edit(&mut ix);
    let before = h.snapshot(v, &[user]);
    let r = h.send(&[ix.instruction()], &[&user.keypair]);
    assert_ballast_error(r, expected);
    assert_eq!(h.snapshot(v, &[user]), before, "no balance may move");
}

fn price_of(spec: &AssetSpec) -> OraclePrice {
    OraclePrice {
        price: spec.price,
        conf: spec.conf,
        exponent: PRICE_EXPONENT,
    }
}

#[test]
fn deposit_ok_first_deposit_mints_one_share_per_usd() {
    let (mut h, v, user) = setup();
    let sent = h.send_ok(
        &[ix::deposit(&v, &user, 0, ONE_SOL).instruction()],
        &[&user.keypair],
    );
    // 1 SOL at $150 into an empty vault: 150 shares of 9 decimals.
    assert_eq!(h.token_balance(&user.shares), 150_000_000_000);
    assert_eq!(h.token_balance(&v.assets[0].reserve), ONE_SOL);
    assert_eq!(h.token_balance(&user.tokens[0]), 9 * ONE_SOL);
    assert_eq!(h.mint_supply(&v.share_mint), 150_000_000_000);

    let events: Vec<Deposited> = events(&sent.logs);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (e.vault, e.user, e.asset_index, e.amount),
        (v.vault, user.key(), 0, ONE_SOL)
    );
    assert_eq!(e.shares_out, 150_000_000_000);
    assert_eq!(e.nav_before, 0);
    assert_eq!(e.deposit_value, 150 * ballast_math::WAD);
    assert_eq!(e.prices.len(), 4);
    assert_eq!(e.prices[1].price, FOUR_ASSETS[1].price);
    assert_eq!(e.nav_per_share, ballast_math::WAD, "1 USD per share");
}

#[test]
fn deposit_ok_later_deposits_pay_the_nav_the_program_and_the_math_crate_agree_on() {
    let (mut h, v, user) = setup();
    h.send_ok(
        &[ix::deposit(&v, &user, 0, 2 * ONE_SOL).instruction()],
        &[&user.keypair],
    );
    // SOL rallies to $180 with a 0.1% confidence; BTC has a 0.05% confidence.
    h.publish_price(&v, 0, 18_000_000_000, 18_000_000);
    h.publish_price(&v, 1, 6_000_000_000_000, 3_000_000_000);
    let supply = h.mint_supply(&v.share_mint);
    let sol = OraclePrice {
        price: 18_000_000_000,
        conf: 18_000_000,
        exponent: PRICE_EXPONENT,
    };
    let btc = OraclePrice {
        price: 6_000_000_000_000,
        conf: 3_000_000_000,
        exponent: PRICE_EXPONENT,
    };

    let amount = ONE_BTC / 10;
    let sent = h.send_ok(
        &[ix::deposit(&v, &user, 1, amount).instruction()],
        &[&user.keypair],
    );
    // Holdings at the high side, the deposit at the low side, shares rounded down.
    let nav = token_value(2 * ONE_SOL, 9, &sol, PriceSide::High, Rounding::Up).unwrap();
    let value = token_value(amount, 8, &btc, PriceSide::Low, Rounding::Down).unwrap();
    let expected = shares_for_deposit(value, nav, supply).unwrap();
    assert_eq!(h.token_balance(&user.shares) - supply, expected);
    // Worth $5,997 at the low side against a NAV of $360.36: about 16.6x the supply.
    assert!(expected > 16 * supply && expected < 17 * supply);
    let e: Vec<Deposited> = events(&sent.logs);
    assert_eq!(e[0].nav_before, nav.raw());
    assert_eq!(e[0].deposit_value, value.raw());
    assert_eq!(e[0].prices[0].conf, 18_000_000);
}

#[test]
fn deposit_ok_confidence_makes_the_depositor_pay_not_the_holders() {
    let (mut h, v, user) = setup();
    h.send_ok(
        &[ix::deposit(&v, &user, 3, 1_000 * ONE_USDC).instruction()],
        &[&user.keypair],
    );
    let supply = h.mint_supply(&v.share_mint);
    // The same USDC deposit, once with a tight price and once with a 1% interval.
    h.send_ok(
        &[ix::deposit(&v, &user, 3, 100 * ONE_USDC).instruction()],
        &[&user.keypair],
    );
    let tight = h.token_balance(&user.shares) - supply;
    h.publish_price(&v, 3, 100_000_000, 1_000_000);
    let before = h.token_balance(&user.shares);
    h.send_ok(
        &[ix::deposit(&v, &user, 3, 100 * ONE_USDC).instruction()],
        &[&user.keypair],
    );
    let wide = h.token_balance(&user.shares) - before;
    // Low side 0.99 for the deposit and high side 1.01 for the holdings: about 2% fewer.
    assert!(
        wide < tight * 981 / 1000 && wide > tight * 979 / 1000,
        "tight {tight} wide {wide}"
    );
}

#[test]
fn deposit_ok_token_2022_asset() {
    let mut h = Harness::new();
    let mut specs = FOUR_ASSETS;
    specs[3].kind = TokenKind::Token2022;
    let v = h.create_vault(&specs);
    let user = h.create_user(&v, &[0, 0, 0, 500 * ONE_USDC]);
    h.send_ok(
        &[ix::deposit(&v, &user, 3, 500 * ONE_USDC).instruction()],
        &[&user.keypair],
    );
    assert_eq!(h.token_balance(&v.assets[3].reserve), 500 * ONE_USDC);
    assert_eq!(h.token_balance(&user.shares), 500_000_000_000);
}

#[test]
fn deposit_refuses_a_price_account_not_owned_by_the_pyth_receiver() {
    let (mut h, v, user) = setup();
    let fake = Pubkey::new_unique();
    let a = &v.assets[0];
    h.set_price_update(
        fake,
        a.feed_id,
        1,
        0,
        PRICE_EXPONENT,
        h.now(),
        VerificationLevel::Full,
        Pubkey::new_unique(),
    );
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.remaining[1] = AccountMeta::new_readonly(fake, false),
        BallastError::OracleWrongOwner,
    );
}

#[test]
fn deposit_refuses_an_account_that_is_not_a_price_update() {
    let (mut h, v, user) = setup();
    let fake = Pubkey::new_unique();
    h.set_account(
        fake,
        solana_account::Account {
            lamports: 1_000_000_000,
            data: vec![0; 134],
            owner: pyth_solana_receiver_sdk::ID,
            executable: false,
            rent_epoch: 0,
        },
    );
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.remaining[3] = AccountMeta::new_readonly(fake, false),
        BallastError::OracleInvalidAccount,
    );
}

#[test]
fn deposit_refuses_a_partially_verified_price() {
    let (mut h, v, user) = setup();
    let a = v.assets[2].clone();
    h.set_price_update(
        a.price_account,
        a.feed_id,
        a.spec.price,
        0,
        PRICE_EXPONENT,
        h.now(),
        VerificationLevel::Partial { num_signatures: 5 },
        pyth_solana_receiver_sdk::ID,
    );
    assert_refused(
        &mut h,
        &v,
        &user,
        ix::deposit(&v, &user, 0, ONE_SOL),
        |_| {},
        BallastError::OracleNotFullyVerified,
    );
}

#[test]
fn deposit_refuses_the_feed_of_another_asset() {
    let (mut h, v, user) = setup();
    let other = v.assets[1].price_account;
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.remaining[1] = AccountMeta::new_readonly(other, false),
        BallastError::OracleFeedMismatch,
    );
}

#[test]
fn deposit_refuses_a_stale_price() {
    let (mut h, v, user) = setup();
    // BTC's price is one second older than allowed.
    let a = v.assets[1].clone();
    h.set_price(
        a.price_account,
        a.feed_id,
        a.spec.price,
        0,
        PRICE_EXPONENT,
        h.now() - i64::from(MAX_ORACLE_AGE_SECS) - 1,
    );
    assert_refused(
        &mut h,
        &v,
        &user,
        ix::deposit(&v, &user, 0, ONE_SOL),
        |_| {},
        BallastError::OracleStale,
    );
    // Exactly at the limit is fine.
    h.set_price(
        a.price_account,
        a.feed_id,
        a.spec.price,
        0,
        PRICE_EXPONENT,
        h.now() - i64::from(MAX_ORACLE_AGE_SECS),
    );
    h.send_ok(
        &[ix::deposit(&v, &user, 0, ONE_SOL).instruction()],
        &[&user.keypair],
    );
}

#[test]
fn deposit_refuses_a_confidence_wider_than_allowed() {
    let (mut h, v, user) = setup();
    // 2.01% > the vault's 2%.
    h.publish_price(&v, 2, 300_000_000_000, 6_030_000_000);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix::deposit(&v, &user, 0, ONE_SOL),
        |_| {},
        BallastError::OracleConfidenceTooWide,
    );
}

#[test]
fn deposit_refuses_non_positive_prices() {
    for price in [0, -15_000_000_000] {
        let (mut h, v, user) = setup();
        h.publish_price(&v, 0, price, 0);
        assert_refused(
            &mut h,
            &v,
            &user,
            ix::deposit(&v, &user, 3, ONE_USDC),
            |_| {},
            BallastError::OracleNonPositivePrice,
        );
    }
}

#[test]
fn deposit_refuses_exponents_outside_the_supported_range() {
    for exponent in [1, -19] {
        let (mut h, v, user) = setup();
        let a = v.assets[3].clone();
        h.set_price(a.price_account, a.feed_id, 100, 0, exponent, h.now());
        assert_refused(
            &mut h,
            &v,
            &user,
            ix::deposit(&v, &user, 0, ONE_SOL),
            |_| {},
            BallastError::OracleExponentOutOfRange,
        );
    }
}

#[test]
fn deposit_refuses_a_reserve_of_another_vault() {
    let (mut h, v, user) = setup();
    let other = h.create_vault(&FOUR_ASSETS);
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.remaining[0] = AccountMeta::new(other.assets[0].reserve, false),
        BallastError::ReserveMismatch,
    );
}

#[test]
fn deposit_refuses_a_mint_of_another_vault() {
    let (mut h, v, user) = setup();
    let other = h.create_vault(&FOUR_ASSETS);
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.accounts.asset_mint = other.assets[0].mint,
        BallastError::MintMismatch,
    );
}

#[test]
fn deposit_refuses_the_share_mint_of_another_vault() {
    let (mut h, v, user) = setup();
    let other = h.create_vault(&FOUR_ASSETS);
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.accounts.share_mint = other.share_mint,
        BallastError::ShareMintMismatch,
    );
}

#[test]
fn deposit_refuses_a_user_token_account_of_the_wrong_mint() {
    let (mut h, v, user) = setup();
    // The user's BTC account offered as the SOL source.
    let btc_account = user.tokens[1];
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.accounts.user_token = btc_account,
        BallastError::UserTokenMintMismatch,
    );
}

#[test]
fn deposit_refuses_a_share_account_of_the_wrong_mint() {
    let (mut h, v, user) = setup();
    let usdc_account = user.tokens[3];
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.accounts.user_shares = usdc_account,
        BallastError::UserShareAccountMismatch,
    );
}

#[test]
fn deposit_refuses_the_wrong_token_program() {
    let (mut h, v, user) = setup();
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.accounts.asset_token_program = TokenKind::Token2022.id(),
        BallastError::TokenProgramMismatch,
    );
}

#[test]
fn deposit_refuses_a_read_only_reserve() {
    let (mut h, v, user) = setup();
    let reserve = v.assets[0].reserve;
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.remaining[0] = AccountMeta::new_readonly(reserve, false),
        BallastError::AccountNotWritable,
    );
}

#[test]
fn deposit_refuses_missing_or_reordered_asset_accounts() {
    let (mut h, v, user) = setup();
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.remaining.truncate(6),
        BallastError::AssetAccountsMismatch,
    );
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.remaining.swap(2, 4),
        BallastError::ReserveMismatch,
    );
}

#[test]
fn deposit_refuses_an_asset_index_outside_the_vault() {
    let (mut h, v, user) = setup();
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.args.asset_index = 4,
        BallastError::AssetIndexOutOfRange,
    );
}

#[test]
fn deposit_refuses_zero_amount() {
    let (mut h, v, user) = setup();
    let ix = ix::deposit(&v, &user, 0, 0);
    assert_refused(&mut h, &v, &user, ix, |_| {}, BallastError::ZeroAmount);
}

#[test]
fn deposit_refuses_when_min_shares_out_is_not_met() {
    let (mut h, v, user) = setup();
    let ix = ix::deposit(&v, &user, 0, ONE_SOL);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix,
        |ix| ix.args.min_shares_out = 150_000_000_001,
        BallastError::MinSharesOutNotMet,
    );
    // Exactly the expected amount passes.
    let mut ix = ix::deposit(&v, &user, 0, ONE_SOL);
    ix.args.min_shares_out = 150_000_000_000;
    h.send_ok(&[ix.instruction()], &[&user.keypair]);
}

#[test]
fn deposit_refuses_a_deposit_worth_less_than_one_share_unit() {
    let (mut h, v, user) = setup();
    // 1 base unit of USDC is $0.000001 = 1,000 share units: fine. Make USDC nearly worthless:
    // 1 unit at $1e-12 is worth 1e-18 USD, far below a share unit (1e-9 USD).
    let a = v.assets[3].clone();
    h.set_price(a.price_account, a.feed_id, 1, 0, -12, h.now());
    assert_refused(
        &mut h,
        &v,
        &user,
        ix::deposit(&v, &user, 3, 1),
        |_| {},
        BallastError::ZeroShares,
    );
}

#[test]
fn deposit_refuses_with_an_overflow_error_at_u64_extremes() {
    // A deposit so large that its shares would not fit in a u64 supply.
    let mut h = Harness::new();
    let v = h.create_vault(&FOUR_ASSETS);
    let whale = h.create_user(&v, &[0, 0, 0, u64::MAX]);
    let ix = ix::deposit(&v, &whale, 3, u64::MAX);
    assert_refused(&mut h, &v, &whale, ix, |_| {}, BallastError::MathOverflow);
    // A price so large that amount * price overflows the 128-bit value.
    let a = v.assets[3].clone();
    h.set_price(a.price_account, a.feed_id, i64::MAX, 0, 0, h.now());
    let ix = ix::deposit(&v, &whale, 3, u64::MAX);
    assert_refused(&mut h, &v, &whale, ix, |_| {}, BallastError::MathOverflow);
}

#[test]
fn deposit_requires_the_user_signature() {
    let (mut h, v, user) = setup();
    let before = h.snapshot(&v, &[&user]);
    let ix = unsign(
        ix::deposit(&v, &user, 0, ONE_SOL).instruction(),
        &user.key(),
    );
    let r = h.send(&[ix], &[]);
    assert_anchor_error(r, anchor_lang::error::ErrorCode::AccountNotSigner);
    assert_eq!(h.snapshot(&v, &[&user]), before);
}

#[test]
fn deposit_refuses_a_fake_vault_authority() {
    let (mut h, v, user) = setup();
    let before = h.snapshot(&v, &[&user]);
    let mut ix = ix::deposit(&v, &user, 0, ONE_SOL);
    ix.accounts.vault_authority = Pubkey::new_unique();
    let r = h.send(&[ix.instruction()], &[&user.keypair]);
    assert_ballast_error(r, BallastError::VaultAuthorityMismatch);
    assert_eq!(h.snapshot(&v, &[&user]), before);
}

#[test]
fn deposit_cannot_spend_another_users_tokens() {
    let (mut h, v, user) = setup();
    let victim = h.create_user(&v, &[ONE_SOL, 0, 0, 0]);
    let before = h.snapshot(&v, &[&user, &victim]);
    let mut ix = ix::deposit(&v, &user, 0, ONE_SOL);
    ix.accounts.user_token = victim.tokens[0];
    let r = h.send(&[ix.instruction()], &[&user.keypair]);
    // The token program refuses: the signer is not the owner of the source (OwnerMismatch).
    assert_error_code(r, 4, "spl_token::OwnerMismatch");
    assert_eq!(h.snapshot(&v, &[&user, &victim]), before);
}

#[test]
fn deposit_values_every_asset_with_its_own_decimals() {
    let (mut h, v, user) = setup();
    // $60,000 of BTC, $3,000 of ETH and $100 of USDC: the share counts add up to the dollars.
    for (i, amount) in [(1, ONE_BTC), (2, ONE_BTC), (3, 100 * ONE_USDC)] {
        h.send_ok(
            &[ix::deposit(&v, &user, i, amount).instruction()],
            &[&user.keypair],
        );
    }
    let usd = h.token_balance(&user.shares) / 1_000_000_000;
    assert!((63_099..=63_100).contains(&usd), "{usd}");
    let expected = Wad::from_int(63_100);
    let nav: Wad = v
        .assets
        .iter()
        .map(|a| {
            token_value(
                h.token_balance(&a.reserve),
                a.decimals,
                &price_of(&a.spec),
                PriceSide::Mid,
                Rounding::Down,
            )
            .unwrap()
        })
        .fold(Wad::ZERO, |s, x| s.checked_add(x).unwrap());
    assert_eq!(nav, expected);
}

#[test]
fn deposit_refuses_a_price_older_than_one_already_used() {
    let (mut h, v, user) = setup();
    // A deposit uses prices published now...
    h.send_ok(
        &[ix::deposit(&v, &user, 0, ONE_SOL).instruction()],
        &[&user.keypair],
    );
    // ...so an older (still fresh) BTC price, picked from the staleness window, is refused.
    let a = v.assets[1].clone();
    h.set_price(
        a.price_account,
        a.feed_id,
        a.spec.price / 2,
        0,
        PRICE_EXPONENT,
        h.now() - 5,
    );
    assert_refused(
        &mut h,
        &v,
        &user,
        ix::deposit(&v, &user, 0, ONE_SOL),
        |_| {},
        BallastError::OracleOlderThanLastUsed,
    );
}

#[test]
fn deposit_refuses_a_price_from_the_future() {
    let (mut h, v, user) = setup();
    let a = v.assets[2].clone();
    h.set_price(
        a.price_account,
        a.feed_id,
        a.spec.price,
        0,
        PRICE_EXPONENT,
        h.now() + 11,
    );
    assert_refused(
        &mut h,
        &v,
        &user,
        ix::deposit(&v, &user, 0, ONE_SOL),
        |_| {},
        BallastError::OracleFromTheFuture,
    );
}

#[test]
fn deposit_refuses_while_a_reserve_is_frozen() {
    let (mut h, v, user) = setup();
    h.send_ok(
        &[ix::deposit(&v, &user, 3, 100 * ONE_USDC).instruction()],
        &[&user.keypair],
    );
    // The USDC issuer freezes the vault's USDC reserve: nobody may buy into a vault whose
    // holders cannot get all of it out.
    let usdc = v.assets[3].clone();
    h.freeze(&usdc.mint, &usdc.reserve);
    assert_refused(
        &mut h,
        &v,
        &user,
        ix::deposit(&v, &user, 0, ONE_SOL),
        |_| {},
        BallastError::ReserveFrozen,
    );
}
