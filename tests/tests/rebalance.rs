//! `configure_rebalance` and `rebalance` against the compiled programs: the honest path and
//! every attack, each refused with its own error and no vault balance moved.

use anchor_lang::prelude::AccountMeta;
use ballast::events::Rebalanced;
use ballast_hostile_dex::Mode;
use ballast_math::policy::Policy;
use ballast_tests::ix::{self, ConfigureRebalance, DexCall, Rebalance};
use ballast_tests::market::{make_writable, Market};
use ballast_tests::*;
use solana_signer::Signer;

const SOL: usize = 0;
const BTC: usize = 1;
const ETH: usize = 2;
const USDC: usize = 3;

/// The 4-asset market after SOL rallies 50% (to $225): SOL is 50% of the vault against a
/// 40% target, outside its 5-point band; USDC is 8.3% against 10%.
fn drifted() -> Market {
    let mut m = Market::new(&FOUR_ASSETS);
    m.set_price(SOL, 22_500_000_000);
    m
}

/// 6 SOL ($1,350): a swap the vault allows (SOL over target, USDC under, within the room).
const AMOUNT: u64 = 6_000_000_000;

#[track_caller]
fn assert_refused(m: &mut Market, ix: &Rebalance, expected: BallastError) {
    let before = m.balances();
    let r = m.send(ix);
    assert_ballast_error(r, expected);
    assert_eq!(m.balances(), before, "no vault balance may move");
}

#[test]
fn rebalance_ok_swaps_at_a_fair_price_and_pays_the_keeper() {
    let mut m = drifted();
    let fair = m.fair_out(SOL, USDC, AMOUNT);
    let (sol_before, usdc_before) = (
        m.h.token_balance(&m.v.assets[SOL].reserve),
        m.h.token_balance(&m.v.assets[USDC].reserve),
    );
    let sent = m
        .send(&m.fair_rebalance(SOL, USDC, AMOUNT))
        .expect("honest swap passes");
    // 6 SOL at $225 = $1,350 of USDC, less a 10 bps keeper reward ($1.35 < the $10 cap).
    assert_eq!(fair, 1_350_000_000);
    let reward = fair / 1_000;
    assert_eq!(m.h.token_balance(&m.keeper_accounts[USDC]), reward);
    assert_eq!(
        m.h.token_balance(&m.v.assets[USDC].reserve),
        usdc_before + fair - reward
    );
    assert_eq!(
        m.h.token_balance(&m.v.assets[SOL].reserve),
        sol_before - AMOUNT
    );
    for a in &m.v.assets {
        assert_eq!(m.h.token_balance(&a.escrow), 0, "escrows are swept");
    }
    let e: Vec<Rebalanced> = events(&sent.logs);
    assert_eq!(e.len(), 1);
    let e = &e[0];
    assert_eq!(
        (e.sell_index, e.buy_index, e.amount_in, e.amount_out),
        (0, 3, AMOUNT, fair)
    );
    assert_eq!(e.keeper_reward, reward);
    assert_eq!(e.min_amount_out, m.min_out(SOL, USDC, AMOUNT));
    assert_eq!(e.slippage_bps, 100);
    assert_eq!(
        e.reserves_after,
        [sol_before - AMOUNT, usdc_before + fair - reward]
    );
}

#[test]
fn rebalance_ok_caps_the_keeper_reward() {
    let mut m = drifted();
    // A 1% reward on $1,350 would be $13.50, above the $10 cap.
    let mut configure = ix::configure_rebalance(&m.v, &[ballast_hostile_dex::ID]);
    configure.args.keeper_reward_bps = 100;
    m.reconfigure(&configure);
    m.send(&m.fair_rebalance(SOL, USDC, AMOUNT))
        .expect("passes");
    assert_eq!(m.h.token_balance(&m.keeper_accounts[USDC]), 10_000_000);
}

#[test]
fn rebalance_refuses_a_dex_that_delivers_less_than_the_bound() {
    let mut m = drifted();
    let short = m.min_out(SOL, USDC, AMOUNT) - 1;
    let ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::Trade, AMOUNT, short);
    assert_refused(&mut m, &ix, BallastError::SwapOutputBelowMinimum);
    // One more unit is enough.
    let ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::Trade, AMOUNT, short + 1);
    m.send(&ix).expect("exactly the bound passes");
}

#[test]
fn rebalance_refuses_a_dex_that_does_nothing() {
    let mut m = drifted();
    let ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::Noop, 0, 0);
    assert_refused(&mut m, &ix, BallastError::SwapOutputBelowMinimum);
}

#[test]
fn rebalance_refuses_a_dex_that_takes_more_than_amount_in() {
    let mut m = drifted();
    // Someone left 1 SOL in the escrow; the DEX takes it too and pays a fair price for all.
    let escrow = m.v.assets[SOL].escrow;
    let mint = m.v.assets[SOL].mint;
    m.h.mint_tokens(&mint, &escrow, 1_000_000_000);
    let take = AMOUNT + 1_000_000_000;
    let give = m.fair_out(SOL, USDC, take);
    let ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::Trade, take, give);
    assert_refused(&mut m, &ix, BallastError::SwapSpentTooMuch);
}

#[test]
fn rebalance_refuses_a_dex_that_leaves_a_delegate_on_the_escrow() {
    let mut m = drifted();
    let give = m.fair_out(SOL, USDC, AMOUNT);
    let ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::SetDelegate, AMOUNT, give);
    assert_refused(&mut m, &ix, BallastError::EscrowDelegateSet);
}

#[test]
fn rebalance_refuses_a_dex_that_leaves_a_close_authority_on_the_escrow() {
    let mut m = drifted();
    let give = m.fair_out(SOL, USDC, AMOUNT);
    let ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::SetCloseAuthority, AMOUNT, give);
    assert_refused(&mut m, &ix, BallastError::EscrowCloseAuthoritySet);
}

#[test]
fn rebalance_refuses_a_dex_that_takes_ownership_of_the_escrow() {
    let mut m = drifted();
    let give = m.fair_out(SOL, USDC, AMOUNT);
    let ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::TakeOwnership, AMOUNT, give);
    assert_refused(&mut m, &ix, BallastError::EscrowAuthorityChanged);
}

#[test]
fn rebalance_refuses_a_vault_reserve_passed_writable_to_the_dex() {
    let mut m = drifted();
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    let reserve = m.v.assets[BTC].reserve;
    ix.dex_accounts.push(AccountMeta::new(reserve, false));
    assert_refused(&mut m, &ix, BallastError::ReserveWritableForDex);
    // The vault account itself, writable, is refused too.
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    let vault = m.v.vault;
    ix.dex_accounts
        .push(AccountMeta::new_readonly(vault, false));
    make_writable(&mut ix.dex_accounts, &vault);
    assert_refused(&mut m, &ix, BallastError::ReserveWritableForDex);
}

#[test]
fn rebalance_refuses_a_dex_that_calls_back_into_the_vault() {
    let mut m = drifted();
    let mut ix = m.hostile_rebalance(SOL, USDC, AMOUNT, Mode::Reenter, 0, 0);
    // The hostile DEX tries to call Ballast again (here a withdraw of the LP's shares;
    // which instruction does not matter, the runtime refuses the nested call itself).
    let withdraw = ix::withdraw(&m.v, &m.lp, 1_000_000_000).instruction();
    ix.dex_accounts
        .push(AccountMeta::new_readonly(ballast::ID, false));
    ix.args.dex_data = anchor_lang::InstructionData::data(&ballast_hostile_dex::instruction::Run {
        mode: Mode::Reenter,
        take: 0,
        give: 0,
        data: withdraw.data,
    });
    let before = m.balances();
    let failed = m.send(&ix).expect_err("re-entrancy is refused");
    assert_eq!(
        failed.error,
        solana_transaction_error::TransactionError::InstructionError(
            1,
            solana_instruction_error::InstructionError::ReentrancyNotAllowed
        ),
        "{}",
        failed.logs.join("\n")
    );
    assert_eq!(m.balances(), before);
}

#[test]
fn rebalance_refuses_a_dex_not_on_the_allowlist() {
    let mut m = drifted();
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    ix.accounts.dex_program = anchor_spl::token::ID;
    assert_refused(&mut m, &ix, BallastError::DexNotAllowed);
    let configure = {
        let mut c = ix::configure_rebalance(&m.v, &[ballast_test_amm::ID]);
        c.args.cooldown_secs = 0;
        c
    };
    m.reconfigure(&configure);
    let ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    assert_refused(&mut m, &ix, BallastError::DexNotAllowed);
}

#[test]
fn rebalance_refuses_when_not_triggered() {
    let mut m = Market::new(&FOUR_ASSETS);
    // SOL up 10%: 42.3% against 40%, inside the 5-point band.
    m.set_price(SOL, 16_500_000_000);
    let ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    assert_refused(&mut m, &ix, BallastError::NotTriggered);
}

#[test]
fn rebalance_refuses_during_the_cooldown() {
    let mut m = drifted();
    m.send(&m.fair_rebalance(SOL, USDC, AMOUNT)).expect("first");
    // Within the round window a second swap may follow...
    m.send(&m.fair_rebalance(SOL, ETH, AMOUNT))
        .expect("same round");
    // ...but after the round closes, a new round must wait for the one-hour cooldown.
    let now = m.h.now();
    m.h.set_time(now + ballast::constants::ROUND_WINDOW_SECS + 1);
    m.h.refresh_prices(&m.v);
    let ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    assert_refused(&mut m, &ix, BallastError::CooldownActive);
    m.h.set_time(now + 3_600);
    m.h.refresh_prices(&m.v);
    m.send(&m.fair_rebalance(SOL, BTC, AMOUNT))
        .expect("after the cooldown");
}

#[test]
fn rebalance_refuses_stale_and_wide_oracles() {
    let mut m = drifted();
    let a = m.v.assets[ETH].clone();
    let now = m.h.now();
    m.h.set_price(
        a.price_account,
        a.feed_id,
        a.spec.price,
        0,
        PRICE_EXPONENT,
        now - i64::from(MAX_ORACLE_AGE_SECS) - 1,
    );
    let ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    assert_refused(&mut m, &ix, BallastError::OracleStale);
    m.h.refresh_prices(&m.v);
    m.h.publish_price(&m.v, SOL, 22_500_000_000, 22_500_000_000 / 40);
    assert_refused(&mut m, &ix, BallastError::OracleConfidenceTooWide);
}

#[test]
fn rebalance_refuses_a_swap_that_overshoots_the_target() {
    let mut m = drifted();
    // The vault needs about $12,000 of SOL sold in all; 8,000 of USDC bought would take
    // USDC (~$8,330 now, $12,000 target... to the target) past it: 60 SOL = $13,500.
    let ix = m.fair_rebalance(SOL, USDC, 20_000_000_000);
    assert_refused(&mut m, &ix, BallastError::SwapOvershoots);
}

#[test]
fn rebalance_refuses_a_swap_that_buys_an_overweight_asset() {
    let mut m = drifted();
    m.set_price(BTC, 9_000_000_000_000);
    // Now SOL and BTC are both over target: buying BTC is refused.
    let ix = m.fair_rebalance(SOL, BTC, AMOUNT);
    assert_refused(&mut m, &ix, BallastError::SwapBuysOverweight);
    let ix = m.fair_rebalance(USDC, SOL, 1_000_000_000);
    assert_refused(&mut m, &ix, BallastError::SwapSellsUnderweight);
}

#[test]
fn rebalance_refuses_amounts_above_the_cap_or_below_the_minimum() {
    let mut m = drifted();
    let mut configure = ix::configure_rebalance(&m.v, &[ballast_hostile_dex::ID]);
    configure.args.max_swap_bps = 100; // 1% of NAV: $1,200
    m.reconfigure(&configure);
    let ix = m.fair_rebalance(SOL, USDC, AMOUNT); // $1,350
    assert_refused(&mut m, &ix, BallastError::SwapAboveCap);
    let ix = m.fair_rebalance(SOL, USDC, 4_000_000); // $0.90 < $1
    assert_refused(&mut m, &ix, BallastError::SwapBelowMinimum);
}

#[test]
fn rebalance_refuses_substituted_escrows_and_reserves() {
    let mut m = drifted();
    let other_escrow = m.v.assets[ETH].escrow;
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    ix.accounts.buy_escrow = other_escrow;
    assert_refused(&mut m, &ix, BallastError::EscrowMismatch);
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    ix.asset_accounts[0] = AccountMeta::new(m.hostile_pools[SOL], false);
    assert_refused(&mut m, &ix, BallastError::ReserveMismatch);
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    ix.accounts.sell_mint = m.v.assets[BTC].mint;
    assert_refused(&mut m, &ix, BallastError::MintMismatch);
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    ix.accounts.swap_authority = m.v.authority;
    assert_refused(&mut m, &ix, BallastError::SwapAuthorityMismatch);
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    ix.accounts.keeper_reward_account = m.keeper_accounts[SOL];
    assert_refused(&mut m, &ix, BallastError::KeeperAccountMintMismatch);
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    ix.args.buy_index = 0;
    assert_refused(&mut m, &ix, BallastError::SwapSameAsset);
}

#[test]
fn rebalance_refuses_an_unconfigured_vault_and_missing_escrows() {
    let mut h = Harness::new();
    h.load_program(ballast_hostile_dex::ID, "ballast_hostile_dex");
    let v = h.create_vault(&FOUR_ASSETS);
    let keeper = h.funded_keypair();
    let account = h.create_token_account(&v.assets[USDC].mint, &keeper.pubkey());
    let ix = ix::rebalance(
        &v,
        &keeper.pubkey(),
        &account,
        SOL,
        USDC,
        AMOUNT,
        DexCall {
            program: ballast_hostile_dex::ID,
            accounts: vec![],
            data: vec![],
        },
    );
    assert_ballast_error(
        h.send(&[ix.instruction()], &[&keeper]),
        BallastError::EscrowNotCreated,
    );
    h.create_escrows(&v);
    assert_ballast_error(
        h.send(&[ix.instruction()], &[&keeper]),
        BallastError::RebalanceNotConfigured,
    );
}

#[test]
fn configure_rebalance_is_for_the_manager_with_valid_rules_only() {
    let mut m = Market::new(&FOUR_ASSETS);
    let manager = m.v.manager.insecure_clone();
    let stranger = m.h.funded_keypair();
    let mut c = ix::configure_rebalance(&m.v, &[ballast_hostile_dex::ID]);
    c.accounts.manager = stranger.pubkey();
    assert_ballast_error(
        m.h.send(&[c.instruction()], &[&stranger]),
        BallastError::NotManager,
    );

    type Edit = fn(&mut ConfigureRebalance);
    let cases: Vec<(Edit, BallastError)> = vec![
        (|c| c.args.policy = [0; 32], BallastError::InvalidPolicy),
        (
            |c| c.args.policy = Policy::AbsoluteBand { band_bps: 0 }.to_bytes(),
            BallastError::InvalidPolicy,
        ),
        (
            |c| c.args.trade_target = 4,
            BallastError::InvalidTradeTarget,
        ),
        (
            |c| c.args.max_slippage_bps = 1_001,
            BallastError::InvalidRebalanceLimits,
        ),
        (
            |c| c.args.max_swap_bps = 0,
            BallastError::InvalidRebalanceLimits,
        ),
        (
            |c| c.args.keeper_reward_bps = 101,
            BallastError::InvalidRebalanceLimits,
        ),
        (
            |c| c.args.max_slippage_bps = 0,
            BallastError::InvalidRebalanceLimits,
        ),
        (
            |c| c.args.min_notional_micro_usd = 0,
            BallastError::InvalidRebalanceLimits,
        ),
        (
            |c| {
                c.args.policy = Policy::VolBand {
                    k_bps: 1_000,
                    floor_bps: 0,
                    cap_bps: 2_000,
                    half_life_secs: 86_400,
                }
                .to_bytes()
            },
            BallastError::InvalidPolicy,
        ),
        (
            |c| c.args.dex_allowlist = vec![],
            BallastError::InvalidDexProgram,
        ),
        (
            |c| c.args.dex_allowlist = vec![anchor_spl::token::ID],
            BallastError::InvalidDexProgram,
        ),
        (
            |c| c.args.dex_allowlist = vec![ballast::ID],
            BallastError::InvalidDexProgram,
        ),
    ];
    for (edit, expected) in cases {
        let mut c = ix::configure_rebalance(&m.v, &[ballast_hostile_dex::ID]);
        edit(&mut c);
        assert_ballast_error(m.h.send(&[c.instruction()], &[&manager]), expected);
    }
}

#[test]
fn rebalance_sequence_brings_a_drifted_vault_back_inside_its_bands() {
    let mut m = drifted();
    let targets: Vec<u16> = m.v.assets.iter().map(|a| a.spec.weight_bps).collect();
    let prices: Vec<_> = (0..4).map(|i| m.asset_price(i)).collect();
    let nav_before = m.h.value_at_spec_prices(
        &m.v,
        &m.v.assets.iter().map(|a| a.reserve).collect::<Vec<_>>(),
    );
    // The keeper does what the program checks, with ballast-math: trade targets fixed as
    // fractions of NAV when the round opens, then before every swap a fresh greedy plan
    // toward them from the current balances, executed at the oracle price.
    use ballast_math::{planner::plan_swaps, Rounding, Wad};
    let values = |m: &Market| -> Vec<Wad> {
        m.v.assets
            .iter()
            .enumerate()
            .map(|(i, a)| m.h.asset_value(&m.v, i, &a.reserve))
            .collect()
    };
    let start = values(&m);
    let policy = Policy::AbsoluteBand { band_bps: 500 };
    let mut bands = [Wad::ZERO; 4];
    policy.bands(&targets, &[Wad::ZERO; 4], &mut bands).unwrap();
    let mut tt = [Wad::ZERO; 4];
    let nav0 = ballast_math::target::trade_target_values(
        &start,
        &targets,
        &bands,
        ballast_math::target::TradeTarget::OutOfBandToTarget,
        &mut tt,
    )
    .unwrap();
    let fractions: Vec<Wad> = tt
        .iter()
        .map(|t| t.div(nav0, Rounding::Down).unwrap())
        .collect();
    let mut swaps = 0;
    loop {
        let now = values(&m);
        let nav = Wad::checked_sum(now.iter().copied()).unwrap();
        let goal: Vec<Wad> = fractions
            .iter()
            .map(|f| f.mul(nav, Rounding::Down).unwrap())
            .collect();
        // $20 minimum: below it a swap is not worth a transaction (the keeper reward leaves
        // each bought asset a few dollars short of its goal).
        let plan = plan_swaps::<4>(&now, &goal, &prices, Wad::from_int(20)).expect("plan");
        let Some(swap) = plan.as_slice().first() else {
            break;
        };
        let ix = m.fair_rebalance(
            usize::from(swap.sell),
            usize::from(swap.buy),
            swap.amount_in,
        );
        m.send(&ix)
            .unwrap_or_else(|f| panic!("{swap:?}: {:?}\n{}", f.error, f.logs.join("\n")));
        swaps += 1;
        assert!(swaps <= 3, "n - 1 swaps are enough");
    }
    assert!(swaps >= 1);
    let reserves: Vec<Pubkey> = m.v.assets.iter().map(|a| a.reserve).collect();
    let nav = m.h.value_at_spec_prices(&m.v, &reserves);
    for (i, a) in m.v.assets.iter().enumerate() {
        let w = m.h.asset_value(&m.v, i, &a.reserve).raw() as f64 / nav.raw() as f64;
        let target = f64::from(a.spec.weight_bps) / 10_000.0;
        assert!((w - target).abs() < 0.001, "asset {i}: {w} vs {target}");
    }
    // At fair prices the only NAV lost is the keeper rewards (at most $10 per swap).
    let lost = nav_before.checked_sub(nav).unwrap();
    assert!(
        lost <= ballast_math::Wad::from_int(10 * swaps),
        "lost {lost}"
    );
}

#[test]
fn rebalance_refuses_another_assets_escrow_passed_writable_to_the_dex() {
    let mut m = drifted();
    // With the swap authority's signature a DEX could close or take over an idle escrow.
    let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
    let idle = m.v.assets[ETH].escrow;
    ix.dex_accounts.push(AccountMeta::new(idle, false));
    assert_refused(&mut m, &ix, BallastError::ReserveWritableForDex);
}

#[test]
fn rebalance_refuses_a_vault_account_as_the_keeper_reward_account() {
    let mut m = drifted();
    for account in [m.v.assets[USDC].escrow, m.v.assets[USDC].reserve] {
        let mut ix = m.fair_rebalance(SOL, USDC, AMOUNT);
        ix.accounts.keeper_reward_account = account;
        assert_refused(&mut m, &ix, BallastError::KeeperAccountIsVaultAccount);
    }
}

#[test]
fn rebalance_keeper_reward_cap_holds_for_the_whole_round() {
    let mut m = drifted();
    // 1% reward, $10 cap per round: two $1,350 swaps would earn $13.50 each.
    let mut configure = ix::configure_rebalance(&m.v, &[ballast_hostile_dex::ID]);
    configure.args.keeper_reward_bps = 100;
    m.reconfigure(&configure);
    m.send(&m.fair_rebalance(SOL, USDC, AMOUNT)).expect("first");
    m.send(&m.fair_rebalance(SOL, ETH, AMOUNT))
        .expect("same round");
    let usdc = m.h.token_balance(&m.keeper_accounts[USDC]);
    let eth = m.h.token_balance(&m.keeper_accounts[ETH]);
    assert_eq!(usdc, 10_000_000, "the first swap takes the whole $10");
    assert_eq!(eth, 0, "nothing is left for the second swap of the round");
    let vault = m.h.vault_state(&m.v.vault);
    assert_eq!(vault.round_rewards_micro_usd, 10_000_000);
}

#[test]
fn rebalance_samples_volatility_once_per_round_at_publish_time() {
    let mut m = drifted();
    let mut configure = ix::configure_rebalance(&m.v, &[ballast_hostile_dex::ID]);
    configure.args.policy = Policy::VolBand {
        k_bps: 1_000,
        floor_bps: 500,
        cap_bps: 2_000,
        half_life_secs: 86_400,
    }
    .to_bytes();
    m.reconfigure(&configure);
    // Prices published 3 s before the rebalance (and after those the deposits used).
    let later = m.h.now() + 10;
    m.h.set_time(later);
    let publish = later - 3;
    for i in 0..4 {
        let a = m.v.assets[i].clone();
        m.h.set_price(
            a.price_account,
            a.feed_id,
            a.spec.price,
            0,
            PRICE_EXPONENT,
            publish,
        );
    }
    m.send(&m.fair_rebalance(SOL, USDC, AMOUNT))
        .expect("opens a round");
    let vault = m.h.vault_state(&m.v.vault);
    for (i, slot) in vault.volatility.iter().take(4).enumerate() {
        let state = slot.get();
        assert_eq!(
            state.last_time, publish,
            "asset {i}: sampled at the publish time"
        );
        let expected = ballast_math::OraclePrice {
            price: m.v.assets[i].spec.price,
            conf: 0,
            exponent: PRICE_EXPONENT,
        }
        .to_wad(ballast_math::PriceSide::Mid, ballast_math::Rounding::Down)
        .unwrap();
        assert_eq!(state.last_price, expected);
    }
    // A second swap in the same round adds no sample.
    let now = m.h.now();
    m.h.set_time(now + 60);
    m.h.refresh_prices(&m.v);
    m.send(&m.fair_rebalance(SOL, ETH, AMOUNT))
        .expect("same round");
    assert_eq!(
        m.h.vault_state(&m.v.vault).volatility[0].get().last_time,
        publish
    );
}
