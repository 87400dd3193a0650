//! Governance against the compiled program: what applies at once, what waits for the
//! timelock, ramps, pause, handover, fees, adding and removing assets; each misuse refused
//! with its own error and nothing changed; and the rug (10 % slippage and the manager's own
//! DEX) unusable before holders can leave.

use ballast::state::{Change, RebalanceRules, Vault};
use ballast_hostile_dex::Mode;
use ballast_sdk::ix::{
    ApplyChange, CancelChange, CollectFees, DiscardChange, ExecuteChange, ExpectConfig, Pause,
    QueueChange, RemoveAsset, Withdraw,
};
use ballast_tests::ix;
use ballast_tests::market::Market;
use ballast_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

const SOL: usize = 0;
const USDC: usize = 3;

/// A funded 4-asset market whose rules allow only the local AMM.
fn market() -> Market {
    Market::with(
        &FOUR_ASSETS,
        100_000,
        TEST_PARAMS,
        ix::rules(&[ballast_test_amm::ID]),
    )
}

fn state(m: &Market) -> Vault {
    m.h.vault_state(&m.v.vault)
}

fn manager(m: &Market) -> Keypair {
    m.v.manager.insecure_clone()
}

/// Everything a refused governance step must leave as it was: balances, supply and the
/// vault account's bytes.
fn everything(m: &Market) -> (Vec<u64>, Vec<u8>) {
    (m.balances(), m.h.account(&m.v.vault).unwrap().data)
}

/// Sends `ixs` signed by `signers` and asserts it fails with `expected` and changes nothing.
#[track_caller]
fn refused(
    m: &mut Market,
    ixs: &[solana_instruction::Instruction],
    signers: &[&Keypair],
    expected: BallastError,
) {
    let before = everything(m);
    assert_ballast_error(m.h.send(ixs, signers), expected);
    assert_eq!(everything(m), before, "a refused step changes nothing");
}

/// The manager queues `change`; returns its id.
fn queue(m: &mut Market, change: Change) -> u64 {
    let mgr = manager(m);
    queue_as(m, &mgr, change)
}

/// The LP redeems every share it holds (in kind, no minimum).
fn lp_leaves(m: &mut Market) {
    let shares = m.h.token_balance(&m.lp.shares);
    let out = Withdraw::new(
        &m.v.accounts(),
        &m.lp.key(),
        &m.lp.shares,
        &m.lp.tokens,
        shares,
        vec![0; 4],
        0,
    )
    .unwrap();
    let lp = m.lp.keypair.insecure_clone();
    m.h.send_ok(&[out.instruction()], &[&lp]);
}

fn execute_ix(m: &Market, id: u64, executor: &Keypair) -> solana_instruction::Instruction {
    ExecuteChange::new(&executor.pubkey(), &m.v.vault, id, &m.v.manager.pubkey()).instruction()
}

/// Moves the clock by `secs` and republishes the prices.
fn wait(m: &mut Market, secs: i64) {
    let now = m.h.now();
    m.h.set_time(now + secs);
    m.h.refresh_prices(&m.v);
}

fn timelock(m: &Market) -> i64 {
    i64::from(state(m).timelock_secs)
}

#[test]
fn risk_reducing_changes_apply_at_once_and_others_need_the_timelock() {
    let mut m = market();
    let mgr = manager(&m);
    let vault = m.v.vault;
    let apply = |change| ApplyChange::new(&mgr.pubkey(), &vault, change).instruction();
    // Tighter slippage, a longer timelock, a fee recipient: at once.
    let recipient = m.h.create_token_account(&m.v.share_mint, &mgr.pubkey());
    let mut tighter = ix::rules(&[ballast_test_amm::ID]);
    tighter.max_slippage_bps = 50;
    let longer = Change::Timelock {
        timelock_secs: 2 * 86_400,
    };
    m.h.send_ok(
        &[
            apply(Change::Rebalance(tighter.clone())),
            apply(longer),
            apply(Change::FeeRecipient { recipient }),
        ],
        &[&mgr],
    );
    let s = state(&m);
    assert_eq!(
        (
            s.rebalance.max_slippage_bps,
            s.entry_spread_bps,
            s.timelock_secs,
            s.fee_recipient
        ),
        (50, TEST_PARAMS.entry_spread_bps, 172_800, recipient)
    );
    // Looser ones (and any weights, entry spread either way, manager, asset or unpause) are
    // refused as such: a spread raised at once would let a manager holding shares take a cut
    // of a deposit it sees coming.
    let mut looser = tighter.clone();
    looser.max_slippage_bps = 1_000;
    let mut new_dex = tighter.clone();
    new_dex.dex_allowlist.push(ballast_hostile_dex::ID);
    for change in [
        Change::Rebalance(looser),
        Change::Rebalance(new_dex),
        Change::EntrySpread {
            entry_spread_bps: 0,
        },
        Change::EntrySpread {
            entry_spread_bps: TEST_PARAMS.entry_spread_bps + 20,
        },
        Change::Timelock {
            timelock_secs: 3_600,
        },
        Change::ManagementFee { fee_bps: 100 },
        Change::OracleLimits {
            max_oracle_age_secs: 300,
            max_conf_bps: 200,
            fresh_price_secs: 60,
        },
        Change::TargetWeights {
            weights: vec![2_500; 4],
            ramp_start: 0,
            ramp_end: 10_000,
        },
        Change::Manager {
            new_manager: Pubkey::new_unique(),
        },
        Change::Unpause { flags: 3 },
    ] {
        let ix = apply(change);
        refused(&mut m, &[ix], &[&mgr], BallastError::ChangeNeedsTimelock);
    }
}

#[test]
fn a_queued_change_waits_for_its_time_executes_once_and_can_be_cancelled() {
    let mut m = market();
    let stranger = m.h.funded_keypair();
    let mut wider = ix::rules(&[ballast_test_amm::ID]);
    wider.max_slippage_bps = 300;
    let change = Change::Rebalance(wider);

    // A stranger cannot queue.
    let id = state(&m).next_change_id;
    let mut q = QueueChange::new(&stranger.pubkey(), &m.v.vault, id, change.clone());
    q.accounts.manager = stranger.pubkey();
    refused(
        &mut m,
        &[q.instruction()],
        &[&stranger],
        BallastError::NotManager,
    );

    let id = queue(&mut m, change);
    let s = state(&m);
    let slot = s
        .pending_changes
        .iter()
        .find(|p| p.id == id)
        .expect("listed on the vault");
    assert_eq!(slot.executable_at, m.h.now() + timelock(&m));
    // Early: refused by name, for anyone.
    let early = execute_ix(&m, id, &stranger);
    refused(
        &mut m,
        std::slice::from_ref(&early),
        &[&stranger],
        BallastError::ChangeNotReady,
    );
    let t = timelock(&m) - 1;
    wait(&mut m, t);
    refused(
        &mut m,
        std::slice::from_ref(&early),
        &[&stranger],
        BallastError::ChangeNotReady,
    );
    // A stranger cannot cancel it.
    let cancel = CancelChange::new(&stranger.pubkey(), &m.v.vault, id, &m.v.manager.pubkey());
    refused(
        &mut m,
        &[cancel.instruction()],
        &[&stranger],
        BallastError::NotManager,
    );
    // On time anyone executes it, once.
    wait(&mut m, 1);
    m.h.send_ok(std::slice::from_ref(&early), &[&stranger]);
    assert_eq!(state(&m).rebalance.max_slippage_bps, 300);
    assert!(state(&m).pending_changes.iter().all(|p| p.id != id));
    let before = everything(&m);
    assert_anchor_error(
        m.h.send(&[early], &[&stranger]),
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );
    assert_eq!(everything(&m), before);

    // A cancelled change never executes.
    let id = queue(
        &mut m,
        Change::EntrySpread {
            entry_spread_bps: 0,
        },
    );
    let mgr = manager(&m);
    let cancel = CancelChange::new(&mgr.pubkey(), &m.v.vault, id, &mgr.pubkey());
    m.h.send_ok(&[cancel.instruction()], &[&mgr]);
    let t = timelock(&m);
    wait(&mut m, t);
    let late = execute_ix(&m, id, &stranger);
    let before = everything(&m);
    assert_anchor_error(
        m.h.send(&[late], &[&stranger]),
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );
    assert_eq!(everything(&m), before);
}

#[test]
fn the_queue_holds_four_changes() {
    let mut m = market();
    for spread in 0..4 {
        queue(
            &mut m,
            Change::EntrySpread {
                entry_spread_bps: spread,
            },
        );
    }
    let id = state(&m).next_change_id;
    let mgr = manager(&m);
    let ix = QueueChange::new(
        &mgr.pubkey(),
        &m.v.vault,
        id,
        Change::EntrySpread {
            entry_spread_bps: 5,
        },
    );
    assert_ballast_error(
        m.h.send(&[ix.instruction()], &[&mgr]),
        BallastError::PendingQueueFull,
    );
}

#[test]
fn bad_changes_are_refused_when_queued() {
    let mut m = market();
    let mgr = manager(&m);
    let now = m.h.now();
    let t = timelock(&m);
    let q = |m: &Market, change| {
        let id = state(m).next_change_id;
        QueueChange::new(&mgr.pubkey(), &m.v.vault, id, change).instruction()
    };
    let cases = [
        (
            Change::TargetWeights {
                weights: vec![4_000, 3_000, 2_000, 999],
                ramp_start: now + t,
                ramp_end: now + t + 86_400,
            },
            BallastError::WeightsDoNotSum,
        ),
        (
            Change::TargetWeights {
                weights: vec![5_000, 5_000],
                ramp_start: now + t,
                ramp_end: now + t + 86_400,
            },
            BallastError::AssetAccountsMismatch,
        ),
        (
            Change::TargetWeights {
                weights: vec![2_500; 4],
                ramp_start: now + t,
                ramp_end: now + t - 1,
            },
            BallastError::InvalidRamp,
        ),
        (
            Change::TargetWeights {
                weights: vec![2_500; 4],
                ramp_start: now + t - 1,
                ramp_end: now + t + 86_400,
            },
            BallastError::InvalidRamp,
        ),
        (
            Change::TargetWeights {
                weights: vec![2_500; 4],
                ramp_start: now + t,
                ramp_end: now + t + 60,
            },
            BallastError::InvalidRamp,
        ),
        (
            Change::ManagementFee { fee_bps: 501 },
            BallastError::FeeAboveCap,
        ),
        (
            Change::Timelock {
                timelock_secs: 3_599,
            },
            BallastError::InvalidTimelock,
        ),
        (
            Change::Timelock {
                timelock_secs: 31 * 86_400,
            },
            BallastError::InvalidTimelock,
        ),
        (
            Change::Manager {
                new_manager: Pubkey::default(),
            },
            BallastError::InvalidManager,
        ),
        (
            Change::Unpause { flags: 4 },
            BallastError::InvalidPauseFlags,
        ),
        (
            Change::AddAsset {
                mint: m.v.assets[0].mint,
                feed_id: [1; 32],
            },
            BallastError::DuplicateMint,
        ),
        (
            Change::OracleLimits {
                max_oracle_age_secs: 30,
                max_conf_bps: 200,
                fresh_price_secs: 60,
            },
            BallastError::InvalidOracleConfig,
        ),
    ];
    for (change, expected) in cases {
        let ix = q(&m, change);
        refused(&mut m, &[ix], &[&mgr], expected);
    }
}

#[test]
fn new_target_weights_ramp_linearly_and_the_rounds_follow_them() {
    let mut m = market();
    let start = m.h.now() + timelock(&m);
    let ramp = 2 * 86_400;
    let id = queue(
        &mut m,
        Change::TargetWeights {
            weights: vec![2_500; 4],
            ramp_start: start,
            ramp_end: start + ramp,
        },
    );
    let t = timelock(&m);
    wait(&mut m, t);
    let stranger = m.h.funded_keypair();
    let ix = execute_ix(&m, id, &stranger);
    m.h.send_ok(&[ix], &[&stranger]);
    let targets = |m: &Market, at: i64| state(m).targets_at(at).unwrap();
    assert_eq!(targets(&m, start), vec![4_000, 3_000, 2_000, 1_000]);
    assert_eq!(
        targets(&m, start + ramp / 2),
        vec![3_250, 2_750, 2_250, 1_750]
    );
    assert_eq!(targets(&m, start + ramp), vec![2_500; 4]);
    for k in 0..=16 {
        let at: u32 = targets(&m, start + ramp * k / 16)
            .iter()
            .map(|&w| u32::from(w))
            .sum();
        assert_eq!(at, 10_000, "every point of the ramp sums to 10,000");
    }
    // Half way, SOL (40 % held, 32.5 % target) is 7.5 points over: a round opens and its
    // trade targets are those of the moment.
    wait(&mut m, ramp / 2);
    m.h.send_ok(&[ix::open_round(&m.v).instruction()], &[]);
    let s = state(&m);
    let sol = s.round_trade_targets[SOL] as f64 / 1e9;
    assert!((sol - 0.325).abs() < 1e-6, "SOL's trade target {sol}");
}

#[test]
fn pause_stops_deposits_and_rebalances_at_once_never_withdrawals_and_lifts_only_after_the_timelock()
{
    let mut m = market();
    let stranger = m.h.funded_keypair();
    let guardian = m.h.funded_keypair();
    let mgr = manager(&m);
    // A stranger cannot pause; the guardian the manager names can.
    let pause = Pause::new(&stranger.pubkey(), &m.v.vault, 3).instruction();
    refused(
        &mut m,
        &[pause],
        &[&stranger],
        BallastError::NotManagerOrGuardian,
    );
    let name = ApplyChange::new(
        &mgr.pubkey(),
        &m.v.vault,
        Change::Guardian {
            guardian: guardian.pubkey(),
        },
    );
    m.h.send_ok(&[name.instruction()], &[&mgr]);
    m.h.send_ok(
        &[Pause::new(&guardian.pubkey(), &m.v.vault, 3).instruction()],
        &[&guardian],
    );
    assert_eq!(state(&m).paused, 3);

    let user =
        m.h.create_user(&m.v, &[FOUR_ASSETS[0].amount_for_usd(1_000), 0, 0, 0]);
    let deposit = ix::deposit(&m.v, &user, SOL, 1_000).instruction();
    refused(
        &mut m,
        std::slice::from_ref(&deposit),
        &[&user.keypair],
        BallastError::DepositsPaused,
    );
    m.set_price(SOL, 22_500_000_000);
    let open = ix::open_round(&m.v).instruction();
    refused(&mut m, &[open], &[], BallastError::RebalancesPaused);
    // The LP leaves while paused.
    let lp_shares = m.h.token_balance(&m.lp.shares);
    let out = Withdraw::new(
        &m.v.accounts(),
        &m.lp.key(),
        &m.lp.shares,
        &m.lp.tokens,
        lp_shares / 2,
        vec![0; 4],
        0,
    )
    .unwrap();
    let lp = m.lp.keypair.insecure_clone();
    m.h.send_ok(&[out.instruction()], &[&lp]);
    assert_eq!(m.h.token_balance(&m.lp.shares), lp_shares - lp_shares / 2);

    // Unpausing is a queued change.
    let unpause = Change::Unpause { flags: 3 };
    let apply = ApplyChange::new(&mgr.pubkey(), &m.v.vault, unpause.clone()).instruction();
    refused(&mut m, &[apply], &[&mgr], BallastError::ChangeNeedsTimelock);
    let id = queue(&mut m, unpause);
    let t = timelock(&m);
    wait(&mut m, t);
    let ix = execute_ix(&m, id, &stranger);
    m.h.send_ok(&[ix], &[&stranger]);
    assert_eq!(state(&m).paused, 0);
    m.h.send_ok(&[deposit], &[&user.keypair]);
}

#[test]
fn a_handover_needs_the_new_managers_own_signature_after_the_timelock() {
    let mut m = market();
    let heir = m.h.funded_keypair();
    let stranger = m.h.funded_keypair();
    let id = queue(
        &mut m,
        Change::Manager {
            new_manager: heir.pubkey(),
        },
    );
    let t = timelock(&m);
    wait(&mut m, t);
    let by_stranger = execute_ix(&m, id, &stranger);
    refused(
        &mut m,
        &[by_stranger],
        &[&stranger],
        BallastError::ExecutorNotNewManager,
    );
    let old = manager(&m);
    let by_old = execute_ix(&m, id, &old);
    refused(
        &mut m,
        &[by_old],
        &[&old],
        BallastError::ExecutorNotNewManager,
    );
    let accept = execute_ix(&m, id, &heir);
    m.h.send_ok(&[accept], &[&heir]);
    assert_eq!(state(&m).manager, heir.pubkey());
    // The old manager's powers are gone.
    let apply = ApplyChange::new(
        &old.pubkey(),
        &m.v.vault,
        Change::EntrySpread {
            entry_spread_bps: 50,
        },
    );
    refused(
        &mut m,
        &[apply.instruction()],
        &[&old],
        BallastError::NotManager,
    );
}

#[test]
fn the_management_fee_accrues_continuously_and_is_collected_in_shares() {
    let mut m = market();
    let mgr = manager(&m);
    let recipient = m.h.create_token_account(&m.v.share_mint, &mgr.pubkey());
    // A fee needs a recipient: refused when queued without one; raising waits.
    let fee = Change::ManagementFee { fee_bps: 200 };
    let next = state(&m).next_change_id;
    let early = QueueChange::new(&mgr.pubkey(), &m.v.vault, next, fee.clone()).instruction();
    refused(&mut m, &[early], &[&mgr], BallastError::FeeRecipientNotSet);
    let set = ApplyChange::new(
        &mgr.pubkey(),
        &m.v.vault,
        Change::FeeRecipient { recipient },
    );
    m.h.send_ok(&[set.instruction()], &[&mgr]);
    let id = queue(&mut m, fee);
    let t = timelock(&m);
    wait(&mut m, t);
    m.h.send_ok(&[execute_ix(&m, id, &mgr)], &[&mgr]);
    // While the fee runs, the recipient cannot become nobody (fees nobody could collect).
    let nobody = ApplyChange::new(
        &mgr.pubkey(),
        &m.v.vault,
        Change::FeeRecipient {
            recipient: Pubkey::default(),
        },
    );
    refused(
        &mut m,
        &[nobody.instruction()],
        &[&mgr],
        BallastError::FeeRecipientNotSet,
    );
    let supply = m.h.mint_supply(&m.v.share_mint);
    // A year later, 2 % a year continuously: e^0.02 - 1 of the supply, in shares.
    wait(&mut m, 31_536_000);
    let collect = CollectFees::new(&m.v.vault, &recipient).instruction();
    m.h.send_ok(std::slice::from_ref(&collect), &[]);
    let minted = m.h.token_balance(&recipient);
    let expected = supply as f64 * (0.02f64).exp_m1();
    assert!(
        (minted as f64 - expected).abs() / expected < 1e-9,
        "{minted} vs {expected}"
    );
    assert_eq!(state(&m).fee_shares_owed, 0);
    // Collecting again at once mints nothing more.
    m.h.send_ok(&[collect], &[]);
    assert_eq!(m.h.token_balance(&recipient), minted);
    // Another account as the recipient is refused.
    let other = m.h.create_token_account(&m.v.share_mint, &mgr.pubkey());
    let wrong = CollectFees::new(&m.v.vault, &other).instruction();
    assert_ballast_error(m.h.send(&[wrong], &[]), BallastError::FeeRecipientMismatch);
    // Decades untouched: settling never fails and never blocks a withdrawal.
    wait(&mut m, 40 * 31_536_000);
    lp_leaves(&mut m);
}

#[test]
fn an_asset_is_added_with_weight_zero_ramped_in_and_removed_once_ramped_out_and_empty() {
    let mut m = market();
    let mgr = manager(&m);
    let stranger = m.h.funded_keypair();
    let mint = add_asset(&mut m, &stranger);
    let s = state(&m);
    assert_eq!(s.num_assets, 5);
    assert_eq!(s.assets[4].mint, mint);
    assert_eq!(s.assets[4].target_weight_bps, 0);

    // Removing an asset whose target is not 0 is refused; removing the new one (target 0,
    // empty reserve) works while the others stay.
    let accounts = m.v.accounts_with_added(&mint);
    let remove_sol = RemoveAsset::new(&mgr.pubkey(), &accounts, SOL, true)
        .unwrap()
        .instruction();
    refused(&mut m, &[remove_sol], &[&mgr], BallastError::TargetNotZero);
    let remove_new = RemoveAsset::new(&mgr.pubkey(), &accounts, 4, false)
        .unwrap()
        .instruction();
    m.h.send_ok(&[remove_new], &[&mgr]);
    let s = state(&m);
    assert_eq!(s.num_assets, 4);
    assert!(
        m.h.account(&accounts.assets[4].reserve).is_none(),
        "its reserve closed"
    );
}

#[test]
fn an_asset_with_more_than_dust_in_its_reserve_is_not_removed() {
    let mut m = market();
    let mgr = manager(&m);
    // USDC ramps to 0 (its weight to SOL).
    let start = m.h.now() + timelock(&m);
    let id = queue(
        &mut m,
        Change::TargetWeights {
            weights: vec![5_000, 3_000, 2_000, 0],
            ramp_start: start,
            ramp_end: start + 3_600,
        },
    );
    let t = timelock(&m);
    wait(&mut m, t);
    m.h.send_ok(&[execute_ix(&m, id, &mgr)], &[&mgr]);
    wait(&mut m, 3_600);
    let remove = RemoveAsset::new(&mgr.pubkey(), &m.v.accounts(), USDC, true)
        .unwrap()
        .instruction();
    // $10,000 of USDC still held.
    refused(&mut m, &[remove], &[&mgr], BallastError::ReserveNotEmpty);
}

#[test]
fn the_rug_is_unusable_before_the_timelock_and_holders_leave_in_time() {
    let mut m = market();
    let mgr = manager(&m);
    // The manager queues 10 % slippage and its own "DEX" (the hostile test program).
    let rug = RebalanceRules {
        max_slippage_bps: 1_000,
        auction_secs: 0,
        dex_allowlist: vec![ballast_test_amm::ID, ballast_hostile_dex::ID],
        ..ix::rules(&[])
    };
    let id = queue(&mut m, Change::Rebalance(rug));
    let executable_at = m.h.now() + timelock(&m);
    // A drift; the manager's keeper tries its DEX at a 9 % shortfall before the timelock.
    m.set_price(SOL, 22_500_000_000);
    m.open_round_if_closed().unwrap();
    let amount = FOUR_ASSETS[SOL].amount_for_usd(1_000);
    let fair = m.fair_out(SOL, USDC, amount);
    let theft = m.hostile_rebalance(SOL, USDC, amount, Mode::Trade, amount, fair * 91 / 100);
    let keeper = m.keeper.insecure_clone();
    refused(
        &mut m,
        &[theft.instruction()],
        &[&keeper],
        BallastError::DexNotAllowed,
    );
    // Even with an allowed venue, the bound is still the 1 % one.
    assert_eq!(state(&m).rebalance.max_slippage_bps, 100);

    // The LP sees the queued change on the vault and leaves before it can execute.
    let pending = state(&m)
        .pending_changes
        .iter()
        .find(|p| p.id == id)
        .copied()
        .unwrap();
    assert_eq!(pending.executable_at, executable_at);
    lp_leaves(&mut m);
    assert_eq!(m.h.token_balance(&m.lp.shares), 0);
    assert!(m.h.now() < executable_at, "left with time to spare");
    // Only after the timelock does the change exist at all.
    let t = timelock(&m);
    wait(&mut m, t);
    m.h.send_ok(&[execute_ix(&m, id, &mgr)], &[&mgr]);
    assert!(state(&m).rebalance.allows_dex(&ballast_hostile_dex::ID));
}

#[test]
fn a_queued_allowlist_addition_is_not_usable_early() {
    let mut m = market();
    let with_hostile = RebalanceRules {
        dex_allowlist: vec![ballast_test_amm::ID, ballast_hostile_dex::ID],
        ..ix::rules(&[])
    };
    queue(&mut m, Change::Rebalance(with_hostile));
    m.set_price(SOL, 22_500_000_000);
    m.open_round_if_closed().unwrap();
    let amount = FOUR_ASSETS[SOL].amount_for_usd(1_000);
    let fair = m.fair_rebalance(SOL, USDC, amount);
    let keeper = m.keeper.insecure_clone();
    refused(
        &mut m,
        &[fair.instruction()],
        &[&keeper],
        BallastError::DexNotAllowed,
    );
}

#[test]
fn a_handover_voids_what_the_previous_manager_queued_and_anyone_discards_it() {
    let mut m = market();
    let old = manager(&m);
    let heir = m.h.funded_keypair();
    let stranger = m.h.funded_keypair();
    // The outgoing manager queues the handover, a handover back to itself and the rug.
    let handover = queue(
        &mut m,
        Change::Manager {
            new_manager: heir.pubkey(),
        },
    );
    let back = queue(
        &mut m,
        Change::Manager {
            new_manager: old.pubkey(),
        },
    );
    let rug = RebalanceRules {
        max_slippage_bps: 1_000,
        dex_allowlist: vec![ballast_test_amm::ID, ballast_hostile_dex::ID],
        ..ix::rules(&[])
    };
    let rug = queue(&mut m, Change::Rebalance(rug));
    // It also names itself guardian (at once: a guardian can only pause).
    let guard = ApplyChange::new(
        &old.pubkey(),
        &m.v.vault,
        Change::Guardian {
            guardian: old.pubkey(),
        },
    );
    m.h.send_ok(&[guard.instruction()], &[&old]);
    let t = timelock(&m);
    wait(&mut m, t);
    m.h.send_ok(&[execute_ix(&m, handover, &heir)], &[&heir]);
    let s = state(&m);
    assert_eq!(s.manager, heir.pubkey());
    assert!(!s.has_pending_changes(), "the handover voided the queue");
    // Its guardian went with it: the old manager cannot pause the new manager's vault.
    assert_eq!(s.guardian, Pubkey::default());
    let pause = Pause::new(&old.pubkey(), &m.v.vault, 3).instruction();
    refused(
        &mut m,
        &[pause],
        &[&old],
        BallastError::NotManagerOrGuardian,
    );

    // Neither the handover back nor the rug executes; nobody cancels them either.
    let take_back = execute_ix(&m, back, &old);
    refused(
        &mut m,
        &[take_back],
        &[&old],
        BallastError::ChangeNotPending,
    );
    let use_rug = execute_ix(&m, rug, &stranger);
    refused(
        &mut m,
        &[use_rug],
        &[&stranger],
        BallastError::ChangeNotPending,
    );
    let cancel = CancelChange::new(&heir.pubkey(), &m.v.vault, back, &old.pubkey());
    refused(
        &mut m,
        &[cancel.instruction()],
        &[&heir],
        BallastError::ChangeNotPending,
    );
    assert_eq!(state(&m).manager, heir.pubkey());
    assert_eq!(state(&m).rebalance.max_slippage_bps, 100);

    // Anyone closes the voided accounts; the rent goes back to whoever paid it.
    for id in [back, rug] {
        let address = ballast_sdk::pda::change(&m.v.vault, id);
        let rent = m.h.account(&address).unwrap().lamports;
        let before = m.h.account(&old.pubkey()).unwrap().lamports;
        // No signature needed: the harness's payer sends it.
        let discard = DiscardChange::new(&m.v.vault, id, &old.pubkey()).instruction();
        m.h.send_ok(&[discard], &[]);
        assert!(m.h.account(&address).is_none(), "change {id} closed");
        assert_eq!(m.h.account(&old.pubkey()).unwrap().lamports, before + rent);
    }
    // The rent cannot be redirected: the proposer is the stored one.
    let next = queue_as(&mut m, &heir, Change::Unpause { flags: 1 });
    let mut redirect = DiscardChange::new(&m.v.vault, next, &heir.pubkey());
    redirect.accounts.proposer = stranger.pubkey();
    refused(
        &mut m,
        &[redirect.instruction()],
        &[],
        BallastError::ChangeNotPending,
    );
    // A change that can still execute is only the manager's to cancel.
    let discard = DiscardChange::new(&m.v.vault, next, &heir.pubkey()).instruction();
    refused(&mut m, &[discard], &[], BallastError::ChangeStillValid);
}

#[test]
fn a_change_made_invalid_by_an_added_asset_is_discarded_by_anyone_and_frees_removal() {
    let mut m = market();
    let mgr = manager(&m);
    let stranger = m.h.funded_keypair();
    // A weights change for four assets queued beside an asset's addition.
    let start = m.h.now() + timelock(&m);
    let weights = queue(
        &mut m,
        Change::TargetWeights {
            weights: vec![4_000, 3_000, 2_000, 1_000],
            ramp_start: start,
            ramp_end: start + 3_600,
        },
    );
    let mint = add_asset(&mut m, &stranger);
    // Four weights for five assets: it can never execute, and it blocks the removal.
    let stale = execute_ix(&m, weights, &stranger);
    refused(
        &mut m,
        &[stale],
        &[&stranger],
        BallastError::ChangeNoLongerValid,
    );
    let accounts = m.v.accounts_with_added(&mint);
    let remove = RemoveAsset::new(&mgr.pubkey(), &accounts, 4, false)
        .unwrap()
        .instruction();
    refused(
        &mut m,
        std::slice::from_ref(&remove),
        &[&mgr],
        BallastError::PendingChangesExist,
    );
    // Anyone discards it; then the removal goes through.
    let discard = DiscardChange::new(&m.v.vault, weights, &mgr.pubkey()).instruction();
    m.h.send_ok(&[discard], &[]);
    assert!(!state(&m).has_pending_changes());
    m.h.send_ok(&[remove], &[&mgr]);
    assert_eq!(state(&m).num_assets, 4);
}

#[test]
fn dust_sent_to_an_asset_whose_feed_stopped_does_not_block_its_removal() {
    let mut m = market();
    let mgr = manager(&m);
    let stranger = m.h.funded_keypair();
    let mint = add_asset(&mut m, &stranger);
    // Its feed never published (no price account at all). Two base units of a 6-decimal
    // token exceed the priceless bound (10^6 / 10^6 = 1 unit): a price is needed, and there
    // is none.
    let accounts = m.v.accounts_with_added(&mint);
    let reserve = accounts.assets[4].reserve;
    m.h.mint_tokens(&mint, &reserve, 2);
    let remove = RemoveAsset::new(&mgr.pubkey(), &accounts, 4, false)
        .unwrap()
        .instruction();
    refused(
        &mut m,
        std::slice::from_ref(&remove),
        &[&mgr],
        BallastError::OracleWrongOwner,
    );
    // One base unit (a millionth of a token) is burned without a price: the reserve is
    // rewritten to hold one unit (a token account's amount is at bytes 64..72).
    let mut one = m.h.account(&reserve).unwrap();
    one.data[64..72].copy_from_slice(&1u64.to_le_bytes());
    m.h.set_account(reserve, one);
    let supply = m.h.mint_supply(&mint);
    m.h.send_ok(&[remove], &[&mgr]);
    assert_eq!(state(&m).num_assets, 4);
    assert!(m.h.account(&reserve).is_none(), "reserve closed");
    assert_eq!(m.h.mint_supply(&mint), supply - 1, "the unit was burned");
}

/// The manager queues a new 6-decimal asset (feed never published); after the timelock
/// `executor` adds it. Returns its mint.
fn add_asset(m: &mut Market, executor: &Keypair) -> Pubkey {
    let mint = m.h.create_mint(6, TokenKind::Token);
    let change = Change::AddAsset {
        mint,
        feed_id: [42; 32],
    };
    let id = queue(m, change);
    let t = timelock(m);
    wait(m, t);
    let add = ExecuteChange::new(&executor.pubkey(), &m.v.vault, id, &m.v.manager.pubkey())
        .adding(&mint, &anchor_spl::token::ID)
        .instruction();
    m.h.send_ok(&[add], &[executor]);
    mint
}

/// `manager` (the vault's current one) queues `change`; returns its id.
fn queue_as(m: &mut Market, manager: &Keypair, change: Change) -> u64 {
    let id = state(m).next_change_id;
    let ix = QueueChange::new(&manager.pubkey(), &m.v.vault, id, change).instruction();
    m.h.send_ok(&[ix], &[manager]);
    id
}

#[test]
fn an_emptied_vault_changes_at_once_but_a_deposit_pins_the_configuration_it_read() {
    let mut m = market();
    let mgr = manager(&m);
    // Every holder leaves: nobody to protect, so changes apply at once again.
    lp_leaves(&mut m);
    assert_eq!(m.h.mint_supply(&m.v.share_mint), 0);
    // But not a handover: it waits for the new manager's own signature.
    let heir = m.h.funded_keypair();
    let hand = ApplyChange::new(
        &mgr.pubkey(),
        &m.v.vault,
        Change::Manager {
            new_manager: heir.pubkey(),
        },
    );
    refused(
        &mut m,
        &[hand.instruction()],
        &[&mgr],
        BallastError::ChangeNeedsTimelock,
    );

    // A depositor reads the configuration; the manager front-runs its deposit with the rug.
    let read = state(&m).config_seq;
    let rug = RebalanceRules {
        max_slippage_bps: 1_000,
        auction_secs: 0,
        dex_allowlist: vec![ballast_test_amm::ID, ballast_hostile_dex::ID],
        ..ix::rules(&[])
    };
    let front_run = ApplyChange::new(&mgr.pubkey(), &m.v.vault, Change::Rebalance(rug));
    m.h.send_ok(&[front_run.instruction()], &[&mgr]);
    assert_eq!(state(&m).config_seq, read + 1);
    // Pinned, the deposit does not land on a configuration its sender never saw.
    let amount = FOUR_ASSETS[SOL].amount_for_usd(1_000);
    let pin = ExpectConfig::new(&m.v.vault, read).instruction();
    let deposit = ix::deposit(&m.v, &m.lp, SOL, amount).instruction();
    let lp = m.lp.keypair.insecure_clone();
    refused(
        &mut m,
        &[pin, deposit.clone()],
        &[&lp],
        BallastError::ConfigChanged,
    );
    // Read again, it lands.
    let pin = ExpectConfig::new(&m.v.vault, state(&m).config_seq).instruction();
    m.h.send_ok(&[pin, deposit], &[&lp]);
    assert!(m.h.token_balance(&m.lp.shares) > 0);
}

#[test]
fn an_asset_is_not_removed_in_the_middle_of_a_ramp_that_started_above_zero() {
    let mut m = market();
    let mgr = manager(&m);
    let ramp = |m: &mut Market, weights: Vec<u16>, secs: i64| {
        let start = m.h.now() + timelock(m);
        let id = queue(
            m,
            Change::TargetWeights {
                weights,
                ramp_start: start,
                ramp_end: start + secs,
            },
        );
        let t = timelock(m);
        wait(m, t);
        m.h.send_ok(&[execute_ix(m, id, &mgr)], &[&mgr]);
    };
    // USDC to 1 bp, then from 1 bp to 0 over 10,000 s.
    let initial: Vec<u16> = state(&m)
        .assets()
        .iter()
        .map(|a| a.target_weight_bps)
        .collect();
    let mut one_bp = initial.clone();
    one_bp[SOL] += one_bp[USDC] - 1;
    one_bp[USDC] = 1;
    ramp(&mut m, one_bp.clone(), 3_600);
    wait(&mut m, 3_600);
    let mut zero = one_bp;
    zero[SOL + 2] += 1;
    zero[USDC] = 0;
    ramp(&mut m, zero, 10_000);
    // 60 % through, USDC's target rounds to 0 while it started the ramp at 1 bp: removing it
    // would leave starting weights summing to 9,999 and break every target until the end.
    wait(&mut m, 6_000);
    let s = state(&m);
    assert_eq!(s.targets_at(m.h.now()).unwrap()[USDC], 0);
    assert_eq!(s.assets[USDC].ramp_from_bps, 1);
    let remove = RemoveAsset::new(&mgr.pubkey(), &m.v.accounts(), USDC, true)
        .unwrap()
        .instruction();
    refused(
        &mut m,
        std::slice::from_ref(&remove),
        &[&mgr],
        BallastError::TargetNotZero,
    );
    // Once the ramp is over the target is no longer the obstacle (its $10,000 reserve is).
    wait(&mut m, 4_000);
    refused(&mut m, &[remove], &[&mgr], BallastError::ReserveNotEmpty);
}
