//! The local test venue (`ballast-test-amm`) against its compiled `.so`: swaps in both
//! directions paying exactly `quote`, the fee kept in the pool, k never decreasing, and every
//! refusal with its own error and no balance moved. Classic SPL Token and Token-2022.

use ballast_test_amm::events::{LiquidityAdded, Swapped};
use ballast_test_amm::{quote, swap_fee};
use ballast_tests::amm::*;
use ballast_tests::*;
use proptest::prelude::*;
use solana_instruction_error::InstructionError;
use solana_signer::Signer;
use solana_transaction_error::TransactionError;

/// Fee of the default test pool: 0.30%.
const FEE_BPS: u16 = 30;
/// Default reserves: 1,000 of side A (9 decimals) and 150,000 of side B (6 decimals).
const RESERVE_A: u64 = 1_000_000_000_000;
const RESERVE_B: u64 = 150_000_000_000;

/// A pool of two fresh mints (9 and 6 decimals) of the given kinds with `reserves`, and a
/// trader holding 100 units of each side's whole reserve.
fn setup(
    kind_x: TokenKind,
    kind_y: TokenKind,
    fee_bps: u16,
    reserves: (u64, u64),
) -> (Harness, AmmPool, AmmTrader) {
    let mut h = Harness::new();
    h.load_amm();
    let mint_x = h.create_mint(9, kind_x);
    let mint_y = h.create_mint(6, kind_y);
    let pool = h.create_pool(mint_x, kind_x, mint_y, kind_y, fee_bps);
    if reserves.0 > 0 || reserves.1 > 0 {
        h.add_liquidity(&pool, reserves.0, reserves.1);
    }
    let trader = h.create_amm_trader(&pool, RESERVE_A, RESERVE_A);
    (h, pool, trader)
}

fn default_setup() -> (Harness, AmmPool, AmmTrader) {
    setup(
        TokenKind::Token,
        TokenKind::Token,
        FEE_BPS,
        (RESERVE_A, RESERVE_B),
    )
}

/// Vault and trader balances: what a refused swap must leave unchanged.
fn snapshot(h: &Harness, pool: &AmmPool, trader: &AmmTrader) -> [u64; 4] {
    let (a, b) = h.pool_reserves(pool);
    [
        a,
        b,
        h.token_balance(&trader.token_a),
        h.token_balance(&trader.token_b),
    ]
}

/// Sends `ix` (edited by `edit`) signed by `trader`; asserts it fails with `expected` and
/// moves nothing.
#[track_caller]
fn assert_refused(
    h: &mut Harness,
    pool: &AmmPool,
    trader: &AmmTrader,
    mut ix: Swap,
    edit: impl FnOnce(&mut Swap),
    expected: AmmError,
) {
    edit(&mut ix);
    let before = snapshot(h, pool, trader);
    let r = h.send(&[ix.instruction()], &[&trader.keypair]);
    assert_amm_error(r, expected);
    assert_eq!(snapshot(h, pool, trader), before, "no balance may move");
}

fn k(reserves: (u64, u64)) -> u128 {
    u128::from(reserves.0) * u128::from(reserves.1)
}

/// Swaps `amount_in` of `mint_in` and checks everything against `quote`: the trader's two
/// balances, both reserves, the event and k. Returns the output.
fn swap_and_check(
    h: &mut Harness,
    pool: &AmmPool,
    trader: &AmmTrader,
    mint_in: &Pubkey,
    amount_in: u64,
) -> u64 {
    let a_to_b = *mint_in == pool.mint_a;
    let mint_out = pool.other_mint(mint_in);
    let before = h.pool_reserves(pool);
    let (reserve_in, reserve_out) = if a_to_b { before } else { (before.1, before.0) };
    let expected = quote(amount_in, reserve_in, reserve_out, pool.fee_bps).expect("quote");
    assert!(expected > 0, "test swaps must buy something");
    let source = trader.account_of(pool, mint_in);
    let destination = trader.account_of(pool, &mint_out);
    let (source_before, destination_before) =
        (h.token_balance(&source), h.token_balance(&destination));

    let sent = h.send_ok(
        &[trader
            .swap(pool, mint_in, amount_in, expected)
            .instruction()],
        &[&trader.keypair],
    );

    assert_eq!(h.token_balance(&source), source_before - amount_in);
    assert_eq!(h.token_balance(&destination), destination_before + expected);
    let after = h.pool_reserves(pool);
    let (reserve_in_after, reserve_out_after) = if a_to_b { after } else { (after.1, after.0) };
    assert_eq!(
        reserve_in_after,
        reserve_in + amount_in,
        "the whole input, fee included"
    );
    assert_eq!(reserve_out_after, reserve_out - expected);
    assert!(
        k(after) >= k(before),
        "k decreased: {before:?} -> {after:?}"
    );

    let events = events::<Swapped>(&sent.logs);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.pool, pool.pool);
    assert_eq!(e.user_authority, trader.key());
    assert_eq!((e.mint_in, e.mint_out), (*mint_in, mint_out));
    assert_eq!(e.amount_in, amount_in);
    assert_eq!(e.fee, swap_fee(amount_in, pool.fee_bps).expect("fee"));
    assert_eq!(e.amount_out, expected);
    assert_eq!(
        (e.reserve_in_after, e.reserve_out_after),
        (reserve_in_after, reserve_out_after)
    );
    expected
}

/// Alternating swaps of varied sizes, both directions.
fn swap_both_directions(kind_x: TokenKind, kind_y: TokenKind) {
    let (mut h, pool, trader) = setup(kind_x, kind_y, FEE_BPS, (RESERVE_A, RESERVE_B));
    let k0 = k(h.pool_reserves(&pool));
    for amount in [1_000_000, 7_777_777_777, 123_456, 50_000_000_000, 3_333] {
        swap_and_check(&mut h, &pool, &trader, &pool.mint_a, amount);
        swap_and_check(&mut h, &pool, &trader, &pool.mint_b, amount);
    }
    assert!(k(h.pool_reserves(&pool)) > k0, "fees make k grow strictly");
}

#[test]
fn swap_both_directions_pays_quote_and_k_never_decreases() {
    swap_both_directions(TokenKind::Token, TokenKind::Token);
}

#[test]
fn swap_both_directions_token_2022() {
    swap_both_directions(TokenKind::Token2022, TokenKind::Token2022);
}

#[test]
fn swap_both_directions_mixed_token_programs() {
    swap_both_directions(TokenKind::Token, TokenKind::Token2022);
    swap_both_directions(TokenKind::Token2022, TokenKind::Token);
}

#[test]
fn fee_stays_in_the_pool() {
    // The same swap on a fee-free pool and a 1% pool with the same reserves.
    let (mut h0, free, trader0) = setup(
        TokenKind::Token,
        TokenKind::Token,
        0,
        (RESERVE_A, RESERVE_B),
    );
    let (mut h1, paid, trader1) = setup(
        TokenKind::Token,
        TokenKind::Token,
        100,
        (RESERVE_A, RESERVE_B),
    );
    let amount_in = 10_000_000_001; // fee = ceil(100_000_000.01) = 100_000_001
    assert_eq!(swap_fee(amount_in, 100), Some(100_000_001));
    let k_free = k(h0.pool_reserves(&free));
    let out_free = swap_and_check(&mut h0, &free, &trader0, &free.mint_a, amount_in);
    let out_paid = swap_and_check(&mut h1, &paid, &trader1, &paid.mint_a, amount_in);
    // The fee-paying swap buys exactly what the fee-free one buys with amount_in - fee.
    assert_eq!(
        Some(out_paid),
        quote(amount_in - 100_000_001, RESERVE_A, RESERVE_B, 0)
    );
    assert!(out_paid < out_free);
    // Both vaults received the whole input: the fee is in the pool's reserve.
    assert_eq!(h1.pool_reserves(&paid).0, RESERVE_A + amount_in);
    assert_eq!(h0.pool_reserves(&free).0, RESERVE_A + amount_in);
    // The fee-free pool's k grows only by rounding; the fee pool's by about the fee's share.
    let grown_free = k(h0.pool_reserves(&free)) - k_free;
    let grown_paid = k(h1.pool_reserves(&paid)) - k_free;
    assert!(grown_paid > grown_free);
    // Bought back, the fee is visible in the pool: a round trip loses the trader value.
    let back = swap_and_check(&mut h1, &paid, &trader1, &paid.mint_b, out_paid);
    assert!(back < amount_in - 100_000_001);
}

#[test]
fn min_amount_out_not_met_is_refused() {
    let (mut h, pool, trader) = default_setup();
    let amount_in = 5_000_000_000;
    let expected = quote(amount_in, RESERVE_A, RESERVE_B, FEE_BPS).unwrap();
    assert_refused(
        &mut h,
        &pool,
        &trader,
        trader.swap(&pool, &pool.mint_a, amount_in, expected + 1),
        |_| {},
        AmmError::MinAmountOutNotMet,
    );
    // Exactly the quote is enough.
    h.send_ok(
        &[trader
            .swap(&pool, &pool.mint_a, amount_in, expected)
            .instruction()],
        &[&trader.keypair],
    );
    assert_eq!(h.token_balance(&trader.token_b), RESERVE_A + expected);
}

#[test]
fn zero_input_and_zero_output_are_refused() {
    let (mut h, pool, trader) = default_setup();
    let ix = trader.swap(&pool, &pool.mint_a, 0, 0);
    assert_refused(&mut h, &pool, &trader, ix, |_| {}, AmmError::ZeroAmount);
    // 1 base unit of A (worth 0.15 of B's base unit) pays its 1-unit fee and buys nothing.
    assert_eq!(quote(1, RESERVE_A, RESERVE_B, FEE_BPS), Some(0));
    let ix = trader.swap(&pool, &pool.mint_a, 1, 0);
    assert_refused(&mut h, &pool, &trader, ix, |_| {}, AmmError::ZeroOutput);
    // Even fee-free, 6 base units of A are worth less than one of B.
    let (mut h, pool, trader) = setup(
        TokenKind::Token,
        TokenKind::Token,
        0,
        (RESERVE_A, RESERVE_B),
    );
    let ix = trader.swap(&pool, &pool.mint_a, 6, 0);
    assert_refused(&mut h, &pool, &trader, ix, |_| {}, AmmError::ZeroOutput);
}

#[test]
fn empty_pool_is_refused() {
    let (mut h, pool, trader) = setup(TokenKind::Token, TokenKind::Token, FEE_BPS, (0, 0));
    let ix = trader.swap(&pool, &pool.mint_a, 1_000, 0);
    assert_refused(&mut h, &pool, &trader, ix, |_| {}, AmmError::EmptyPool);
    // A donation to one vault alone does not make a price either.
    h.mint_tokens(&pool.mint_b, &pool.vault_b, 1_000_000);
    let ix = trader.swap(&pool, &pool.mint_a, 1_000, 0);
    assert_refused(&mut h, &pool, &trader, ix, |_| {}, AmmError::EmptyPool);
}

#[test]
fn wrong_vault_is_refused() {
    let (mut h, pool, trader) = default_setup();
    let ix = trader.swap(&pool, &pool.mint_a, 1_000_000, 0);
    // The trader's own account of the input mint posing as the input vault.
    let own = trader.token_a;
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.vault_in = own,
        AmmError::VaultMismatch,
    );
    // An account of the output mint owned by the pool authority, but not the vault.
    let fake_vault = h.create_token_account(&pool.mint_b, &pool.authority);
    h.mint_tokens(&pool.mint_b, &fake_vault, RESERVE_B);
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.vault_out = fake_vault,
        AmmError::VaultMismatch,
    );
    // The same vault on both sides.
    let vault_a = pool.vault_a;
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.vault_out = vault_a,
        AmmError::VaultMismatch,
    );
    // Another pool's vault of the same mint.
    let other_mint = h.create_mint(6, TokenKind::Token);
    let other = h.create_pool(
        pool.mint_a,
        TokenKind::Token,
        other_mint,
        TokenKind::Token,
        FEE_BPS,
    );
    h.add_liquidity(&other, RESERVE_A, RESERVE_B);
    let other_vault = other.vault_of(&pool.mint_a);
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix,
        |ix| ix.accounts.vault_in = other_vault,
        AmmError::VaultMismatch,
    );
}

#[test]
fn wrong_mint_is_refused() {
    let (mut h, pool, trader) = default_setup();
    let ix = trader.swap(&pool, &pool.mint_a, 1_000_000, 0);
    let stranger = h.create_mint(9, TokenKind::Token);
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.mint_in = stranger,
        AmmError::MintMismatch,
    );
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.mint_out = stranger,
        AmmError::MintMismatch,
    );
    // Both mints given, but in the wrong order for the vaults.
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix,
        |ix| std::mem::swap(&mut ix.accounts.mint_in, &mut ix.accounts.mint_out),
        AmmError::MintMismatch,
    );
}

#[test]
fn pool_authority_substitution_is_refused() {
    let (mut h, pool, trader) = default_setup();
    let ix = trader.swap(&pool, &pool.mint_b, 1_000_000, 0);
    // A random key, and the trader itself (a signer).
    let random = Pubkey::new_unique();
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.pool_authority = random,
        AmmError::PoolAuthorityMismatch,
    );
    let me = trader.key();
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.pool_authority = me,
        AmmError::PoolAuthorityMismatch,
    );
    // Another pool's authority PDA.
    let other_authority = pool_authority_address(&pool_address(&pool.mint_a, &random));
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix,
        |ix| ix.accounts.pool_authority = other_authority,
        AmmError::PoolAuthorityMismatch,
    );
}

#[test]
fn token_program_substitution_is_refused() {
    let (mut h, pool, trader) = default_setup();
    let ix = trader.swap(&pool, &pool.mint_a, 1_000_000, 0);
    let token_2022 = TokenKind::Token2022.id();
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.token_program_in = token_2022,
        AmmError::TokenProgramMismatch,
    );
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix,
        |ix| ix.accounts.token_program_out = token_2022,
        AmmError::TokenProgramMismatch,
    );
}

#[test]
fn user_account_substitution_is_refused() {
    let (mut h, pool, trader) = default_setup();
    let ix = trader.swap(&pool, &pool.mint_a, 1_000_000, 0);
    // Output to an account of the input mint.
    let token_a = trader.token_a;
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.user_destination = token_a,
        AmmError::UserTokenMintMismatch,
    );
    // Input from an account of the output mint.
    let token_b = trader.token_b;
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix.clone(),
        |ix| ix.accounts.user_source = token_b,
        AmmError::UserTokenMintMismatch,
    );
    // A wallet instead of a token account.
    let wallet = trader.key();
    assert_refused(
        &mut h,
        &pool,
        &trader,
        ix,
        |ix| ix.accounts.user_destination = wallet,
        AmmError::InvalidTokenAccount,
    );
}

#[test]
fn swap_needs_the_source_owner_signature() {
    let (mut h, pool, trader) = default_setup();
    let thief = h.funded_keypair();
    let mut ix = trader.swap(&pool, &pool.mint_a, 1_000_000, 0);
    ix.accounts.user_authority = thief.pubkey();
    let before = snapshot(&h, &pool, &trader);
    let r = h.send(&[ix.instruction()], &[&thief]);
    assert!(r.is_err(), "the token program must refuse a non-owner");
    assert_eq!(snapshot(&h, &pool, &trader), before);
}

#[test]
fn swap_accounts_and_data_are_the_swap_instruction() {
    let (mut h, pool, trader) = default_setup();
    let amount_in = 2_000_000_000;
    let min_out = quote(amount_in, RESERVE_B, RESERVE_A, FEE_BPS).unwrap();
    let ix = pool
        .swap(
            &trader.key(),
            &trader.token_b,
            &trader.token_a,
            &pool.mint_b,
            amount_in,
            min_out,
        )
        .instruction();
    let metas = pool.swap_accounts(
        &trader.key(),
        &trader.token_b,
        &trader.token_a,
        &pool.mint_b,
    );
    assert_eq!(ix.accounts, metas);
    assert_eq!(ix.data, swap_data(amount_in, min_out));
    assert_eq!(ix.program_id, ballast_test_amm::ID);
    // Order and roles: pool, pool_authority, user_authority (signer), user_source,
    // user_destination, vault_in, vault_out (writable), mint_in, mint_out, programs.
    let keys: Vec<Pubkey> = metas.iter().map(|m| m.pubkey).collect();
    assert_eq!(
        keys,
        vec![
            pool.pool,
            pool.authority,
            trader.key(),
            trader.token_b,
            trader.token_a,
            pool.vault_b,
            pool.vault_a,
            pool.mint_b,
            pool.mint_a,
            pool.token_program_b,
            pool.token_program_a,
        ]
    );
    let signers: Vec<bool> = metas.iter().map(|m| m.is_signer).collect();
    let writable: Vec<bool> = metas.iter().map(|m| m.is_writable).collect();
    assert_eq!(signers.iter().filter(|s| **s).count(), 1);
    assert!(signers[2]);
    assert_eq!(
        writable,
        vec![false, false, false, true, true, true, true, false, false, false, false]
    );
    h.send_ok(&[ix], &[&trader.keypair]);
    assert_eq!(h.token_balance(&trader.token_a), RESERVE_A + min_out);
}

#[test]
fn create_pool_records_the_pair() {
    let (h, pool, _) = default_setup();
    let state = h.pool_state(&pool);
    assert!(state.mint_a < state.mint_b);
    assert_eq!((state.mint_a, state.mint_b), (pool.mint_a, pool.mint_b));
    assert_eq!((state.vault_a, state.vault_b), (pool.vault_a, pool.vault_b));
    assert_eq!(state.authority, pool.authority);
    assert_eq!(
        (state.token_program_a, state.token_program_b),
        (pool.token_program_a, pool.token_program_b)
    );
    assert_eq!(state.fee_bps, FEE_BPS);
    // The mints are 9 and 6 decimals in whichever order they sorted.
    let mut decimals = [state.decimals_a, state.decimals_b];
    decimals.sort_unstable();
    assert_eq!(decimals, [6, 9]);
    assert_eq!(pool.pool, pool_address(&pool.mint_b, &pool.mint_a));
}

#[test]
fn create_pool_refusals() {
    let mut h = Harness::new();
    h.load_amm();
    let x = h.create_mint(9, TokenKind::Token);
    let y = h.create_mint(6, TokenKind::Token);
    let (a, b) = ordered(x, y);
    let payer = h.payer().pubkey();

    // Unordered mints (the reversed pair would be a second pool of the same pair).
    let reversed = AmmPool::derive_unordered(
        (b, TokenKind::Token.id()),
        (a, TokenKind::Token.id()),
        FEE_BPS,
    );
    let r = h.send(&[reversed.create_instruction(&payer)], &[]);
    assert_amm_error(r, AmmError::MintsNotOrdered);
    // The same mint twice.
    let same = AmmPool::derive_unordered(
        (a, TokenKind::Token.id()),
        (a, TokenKind::Token.id()),
        FEE_BPS,
    );
    assert!(h.send(&[same.create_instruction(&payer)], &[]).is_err());

    // Fee above 10%.
    let too_dear = AmmPool::derive_unordered(
        (a, TokenKind::Token.id()),
        (b, TokenKind::Token.id()),
        1_001,
    );
    let r = h.send(&[too_dear.create_instruction(&payer)], &[]);
    assert_amm_error(r, AmmError::FeeTooHigh);

    // A mint given with the other token program: the vault's initialisation (which Anchor
    // runs before the mint constraints) is refused by that token program.
    let wrong_kind = AmmPool::derive_unordered(
        (a, TokenKind::Token2022.id()),
        (b, TokenKind::Token.id()),
        FEE_BPS,
    );
    let failed = h
        .send(&[wrong_kind.create_instruction(&payer)], &[])
        .expect_err("wrong token program");
    assert!(
        matches!(
            failed.error,
            TransactionError::InstructionError(_, InstructionError::IncorrectProgramId)
        ),
        "{:?}",
        failed.error
    );

    // 10% is the most; a pair has one pool.
    h.create_pool(a, TokenKind::Token, b, TokenKind::Token, 1_000);
    let again =
        AmmPool::derive_unordered((a, TokenKind::Token.id()), (b, TokenKind::Token.id()), 5);
    assert!(h.send(&[again.create_instruction(&payer)], &[]).is_err());
}

#[test]
fn create_pool_refuses_token_2022_mints_that_change_amounts() {
    let mut h = Harness::new();
    h.load_amm();
    let plain = h.create_mint(6, TokenKind::Token);
    for extension in [
        MintExtension::TransferFee,
        MintExtension::TransferHook,
        MintExtension::PermanentDelegate,
        MintExtension::Pausable,
        MintExtension::NonTransferable,
        MintExtension::DefaultAccountStateFrozen,
    ] {
        let mint = h.create_mint_with_extension(6, extension);
        let (a, b) = ordered(mint, plain);
        let kind = |m: Pubkey| {
            if m == mint {
                TokenKind::Token2022
            } else {
                TokenKind::Token
            }
        };
        let pool = AmmPool::derive_unordered((a, kind(a).id()), (b, kind(b).id()), FEE_BPS);
        let r = h.send(&[pool.create_instruction(&h.payer().pubkey())], &[]);
        assert_amm_error(r, AmmError::UnsupportedMint);
    }
    // A metadata pointer is harmless.
    let mint = h.create_mint_with_extension(6, MintExtension::MetadataPointer);
    let pool = h.create_pool(mint, TokenKind::Token2022, plain, TokenKind::Token, FEE_BPS);
    h.add_liquidity(&pool, 1_000_000, 2_000_000);
    assert_eq!(h.pool_reserves(&pool), (1_000_000, 2_000_000));
}

#[test]
fn add_liquidity_adds_both_sides_and_refuses_substitutes() {
    let (mut h, pool, _) = setup(TokenKind::Token, TokenKind::Token2022, FEE_BPS, (0, 0));
    let sent = h.add_liquidity(&pool, 10, 20);
    let e = &events::<LiquidityAdded>(&sent.logs)[0];
    assert_eq!(
        (e.amount_a, e.amount_b, e.reserve_a, e.reserve_b),
        (10, 20, 10, 20)
    );
    h.add_liquidity(&pool, 5, 1);
    assert_eq!(h.pool_reserves(&pool), (15, 21));

    let provider = h.create_amm_trader(&pool, 100, 100);
    let zero = h.add_liquidity_ix(&pool, &provider, 0, 100);
    assert_amm_error(h.send(&[zero], &[&provider.keypair]), AmmError::ZeroAmount);

    let decoy = h.create_token_account(&pool.mint_a, &pool.authority);
    let mut wrong_vault = h.add_liquidity_ix(&pool, &provider, 100, 100);
    wrong_vault.accounts[4].pubkey = decoy; // vault_a
    assert_amm_error(
        h.send(&[wrong_vault], &[&provider.keypair]),
        AmmError::VaultMismatch,
    );
    assert_eq!(h.pool_reserves(&pool), (15, 21));
}

#[test]
fn swap_compute_units() {
    for (kind_x, kind_y) in [
        (TokenKind::Token, TokenKind::Token),
        (TokenKind::Token2022, TokenKind::Token2022),
    ] {
        let (mut h, pool, trader) = setup(kind_x, kind_y, FEE_BPS, (RESERVE_A, RESERVE_B));
        for mint_in in [pool.mint_a, pool.mint_b] {
            let sent = h.send_ok(
                &[trader.swap(&pool, &mint_in, 1_000_000_000, 1).instruction()],
                &[&trader.keypair],
            );
            let units = amm_units(&sent);
            let line = sent
                .logs
                .iter()
                .find(|l| l.starts_with(&format!("Program {} consumed", ballast_test_amm::ID)))
                .expect("consumed line");
            println!("swap {kind_x:?}/{kind_y:?}: {line}");
            assert!(units > 0);
            assert!(units < 30_000, "swap used {units} CU");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The formula: output below the reserve, k never decreasing, and the fee-free output
    /// of the input after fee.
    #[test]
    fn quote_never_decreases_k(
        amount_in in 0u64..=u64::MAX,
        reserve_in in 1u64..=u64::MAX,
        reserve_out in 1u64..=u64::MAX,
        fee_bps in 0u16..=1_000,
    ) {
        let out = quote(amount_in, reserve_in, reserve_out, fee_bps).unwrap();
        prop_assert!(out < reserve_out);
        let fee = swap_fee(amount_in, fee_bps).unwrap();
        prop_assert_eq!(Some(out), quote(amount_in - fee, reserve_in, reserve_out, 0));
        let before = u128::from(reserve_in) * u128::from(reserve_out);
        // The product after may overflow u128, and is then above `before` anyway.
        let after_in = u128::from(reserve_in) + u128::from(amount_in);
        let after_out = u128::from(reserve_out - out);
        prop_assert!(after_in.checked_mul(after_out).is_none_or(|after| after >= before));
    }
}
