//! Tests of [`crate::governance`]: each answer checked against an independent computation
//! or the program's documented rule.

use std::collections::HashMap;

use anchor_lang::AccountSerialize;
use ballast::state::{ChangeKind, PendingSlot, RebalanceRules};
use ballast_math::fees::SECONDS_PER_YEAR;
use ballast_math::{Policy, TradeTarget};
use solana_hash::Hash;
use solana_transaction::versioned::VersionedTransaction;

use super::*;
use crate::chain::{ChainClock, Confirmed};

const SOL_BTC: [u16; 2] = [5_000, 5_000];

/// A zeroed vault with two assets at 50/50, no ramp, a one-day timelock and the given
/// rules' limits.
fn vault() -> Vault {
    let mut v: Vault = bytemuck::Zeroable::zeroed();
    v.num_assets = 2;
    for (a, w) in v.assets.iter_mut().zip(SOL_BTC) {
        a.target_weight_bps = w;
        a.ramp_from_bps = w;
        a.mint = Pubkey::new_unique();
    }
    v.timelock_secs = 86_400;
    v.max_oracle_age_secs = 60;
    v.fresh_price_secs = 10;
    v.max_conf_bps = 200;
    v.management_fee_bps = 100;
    v.fee_recipient = Pubkey::new_unique();
    v.rebalance = rules(100, vec![Pubkey::new_unique()]).to_config().unwrap();
    v
}

fn rules(max_slippage_bps: u16, dexes: Vec<Pubkey>) -> RebalanceRules {
    RebalanceRules {
        policy: Policy::AbsoluteBand { band_bps: 500 }.to_bytes(),
        trade_target: TradeTarget::OutOfBandToTarget.to_u8(),
        dex_allowlist: dexes,
        max_slippage_bps,
        auction_start_bps: 0,
        auction_secs: 60,
        max_swap_bps: 5_000,
        min_notional_micro_usd: 1_000_000,
        cooldown_secs: 3_600,
        keeper_reward_bps: 10,
        keeper_reward_cap_micro_usd: 10_000_000,
    }
}

fn account_of(change: &PendingChange) -> Account {
    let mut data = Vec::new();
    change.try_serialize(&mut data).unwrap();
    Account {
        lamports: 1,
        data,
        owner: ballast::ID,
        executable: false,
        rent_epoch: 0,
    }
}

fn pending(vault: Pubkey, id: u64, executable_at: i64, change: Change) -> PendingChange {
    PendingChange {
        vault,
        id,
        proposer: Pubkey::new_unique(),
        queued_at: executable_at - 86_400,
        executable_at,
        change,
    }
}

#[test]
fn a_pending_change_decodes_and_foreign_data_is_refused() {
    let p = pending(
        Pubkey::new_unique(),
        7,
        1_000,
        Change::ManagementFee { fee_bps: 50 },
    );
    let account = account_of(&p);
    let got = decode_pending_change(&Pubkey::default(), &account).unwrap();
    assert_eq!((got.id, got.executable_at), (7, 1_000));
    assert_eq!(got.change, Change::ManagementFee { fee_bps: 50 });
    let foreign = Account {
        owner: Pubkey::new_unique(),
        ..account.clone()
    };
    assert!(decode_pending_change(&Pubkey::default(), &foreign).is_err());
    let mut wrong = account;
    wrong.data[0] ^= 1;
    let e = decode_pending_change(&Pubkey::default(), &wrong).unwrap_err();
    assert!(e.to_string().contains("discriminator"), "{e}");
}

#[test]
fn what_applies_at_once_follows_the_programs_rule() {
    let v = vault();
    let supply = 1_000_000_000;
    let lower = Change::ManagementFee { fee_bps: 50 };
    let raise = Change::ManagementFee { fee_bps: 200 };
    assert_eq!(
        applies_at_once(&lower, &v, supply).unwrap(),
        Some(AtOnce::OnlyReducesRisk)
    );
    assert_eq!(applies_at_once(&raise, &v, supply).unwrap(), None);
    assert_eq!(
        applies_at_once(&raise, &v, 0).unwrap(),
        Some(AtOnce::NoSharesOutstanding)
    );
    // Fee shares still owed are holders too.
    let mut owed = v;
    owed.fee_shares_owed = 1;
    assert_eq!(applies_at_once(&raise, &owed, 0).unwrap(), None);
    // Adding an asset always waits, even with nobody to protect.
    let add = Change::AddAsset {
        mint: Pubkey::new_unique(),
        feed_id: [1; 32],
    };
    assert_eq!(applies_at_once(&add, &v, 0).unwrap(), None);
    // So does a handover: the new manager accepts it with its own signature.
    let handover = Change::Manager {
        new_manager: Pubkey::new_unique(),
    };
    assert_eq!(applies_at_once(&handover, &v, 0).unwrap(), None);
    // Tighter slippage with a subset of the DEXes reduces risk; a new DEX does not.
    let dex = v.rebalance.dex_allowlist[0];
    let tighter = Change::Rebalance(rules(50, vec![dex]));
    let new_dex = Change::Rebalance(rules(50, vec![dex, Pubkey::new_unique()]));
    assert_eq!(
        applies_at_once(&tighter, &v, supply).unwrap(),
        Some(AtOnce::OnlyReducesRisk)
    );
    assert_eq!(applies_at_once(&new_dex, &v, supply).unwrap(), None);
    // What the program refuses either way is an error naming its check.
    let e = applies_at_once(&Change::ManagementFee { fee_bps: 501 }, &v, supply).unwrap_err();
    assert!(e.to_string().contains("FeeAboveCap"), "{e}");
    let bad = Change::TargetWeights {
        weights: vec![5_000, 4_999],
        ramp_start: 0,
        ramp_end: 86_400,
    };
    let e = applies_at_once(&bad, &v, supply).unwrap_err();
    assert!(e.to_string().contains("WeightsDoNotSum"), "{e}");
    // The entry spread waits both ways: up, a shareholding manager could take a cut of a
    // deposit it sees coming; down, holders lose protection.
    for spread in [v.entry_spread_bps + 10, 0] {
        let change = Change::EntrySpread {
            entry_spread_bps: spread,
        };
        assert_eq!(applies_at_once(&change, &v, supply).unwrap(), None);
    }
    // No recipient while a fee runs: refused (fees nobody could collect).
    let mut with_fee = v;
    with_fee.management_fee_bps = 100;
    let none = Change::FeeRecipient {
        recipient: Pubkey::default(),
    };
    let e = applies_at_once(&none, &with_fee, supply).unwrap_err();
    assert!(e.to_string().contains("FeeRecipientNotSet"), "{e}");
}

#[test]
fn targets_follow_the_ramp_linearly() {
    let mut v = vault();
    v.assets[0].target_weight_bps = 8_000;
    v.assets[1].target_weight_bps = 2_000;
    v.ramp_start_ts = 1_000;
    v.ramp_end_ts = 2_000;
    // Independent: from + (to - from) * elapsed / duration.
    let exact = |t: i64| 5_000.0 + 3_000.0 * ((t - 1_000) as f64 / 1_000.0).clamp(0.0, 1.0);
    for t in [0, 1_000, 1_001, 1_250, 1_500, 1_999, 2_000, 5_000] {
        let got = targets_at(&v, t).unwrap();
        assert_eq!(got[0] + got[1], 10_000);
        assert!((f64::from(got[0]) - exact(t)).abs() < 1.0, "{t}: {got:?}");
    }
    let r = ramp(&v, 1_500).unwrap().unwrap();
    assert_eq!((r.start, r.end), (1_000, 2_000));
    assert_eq!(r.from, vec![5_000, 5_000]);
    assert_eq!(r.now, vec![6_500, 3_500]);
    assert_eq!(r.to, vec![8_000, 2_000]);
    assert!(ramp(&v, 999).unwrap().is_some(), "a scheduled ramp shows");
    assert_eq!(ramp(&v, 2_000).unwrap(), None);
    assert_eq!(final_targets(&v), vec![8_000, 2_000]);
}

#[test]
fn fee_shares_owed_now_match_the_continuous_fee() {
    let mut v = vault();
    v.fees_settled_ts = 0;
    v.fee_shares_owed = 5;
    let supply = 1_000_000_000_000u64;
    let year = SECONDS_PER_YEAR as i64;
    let owed = fee_shares_owed_at(&v, supply, year).unwrap();
    // Independent: the holders keep exp(-r t): m = S (e^{r t} - 1) on S = supply + owed.
    let exact = (supply + 5) as f64 * 0.01f64.exp_m1() + 5.0;
    assert!(
        owed as f64 <= exact + 1e-3 && owed as f64 >= exact - 3.0,
        "{owed} vs {exact}"
    );
    assert_eq!(
        effective_supply_at(&v, supply, year).unwrap(),
        supply + owed
    );
    // Settling half way first accrues the same, within a unit, never more.
    let mut half = v;
    half.settle_fees(year / 2, supply).unwrap();
    let split = fee_shares_owed_at(&half, supply, year).unwrap();
    assert!(split <= owed && owed - split <= 2, "{split} vs {owed}");
    // The vault itself is untouched, and nothing accrues at the last settlement.
    assert_eq!(v.fee_shares_owed, 5);
    assert_eq!(fee_shares_owed_at(&v, supply, 0).unwrap(), 5);
}

#[test]
fn descriptions_say_what_changes() {
    let v = vault();
    let dex = v.rebalance.dex_allowlist[0];
    let rug = Pubkey::new_unique();
    let text = describe(
        &Change::Rebalance(rules(1_000, vec![dex, rug])),
        Some(&v),
        &[],
    );
    assert_eq!(
        text,
        format!("rules: DEX allowlist adds {rug}, max slippage 100 bps -> 1000 bps")
    );
    let full = describe(&Change::Rebalance(rules(100, vec![dex])), None, &[]);
    assert!(full.contains("slippage 0..100 bps over 60 s"), "{full}");
    assert!(
        full.contains("cooldown 1h") && full.contains("capped at $10.00"),
        "{full}"
    );
    let names = vec!["SOL".to_string(), "BTC".to_string()];
    let weights = Change::TargetWeights {
        weights: vec![7_000, 3_000],
        ramp_start: 1_750_000_000,
        ramp_end: 1_750_000_000 + 7 * 86_400,
    };
    assert_eq!(
        describe(&weights, Some(&v), &names),
        "target weights SOL 70.00%, BTC 30.00%, ramped over 7d from 2025-06-15 15:06:40 UTC"
    );
    assert_eq!(
        describe(&Change::ManagementFee { fee_bps: 200 }, Some(&v), &names),
        "management fee 200 bps a year (was 100)"
    );
    assert_eq!(
        describe(
            &Change::Unpause {
                flags: PAUSE_DEPOSITS
            },
            None,
            &names
        ),
        "unpause deposits"
    );
    assert_eq!(
        describe(
            &Change::Timelock {
                timelock_secs: 3 * 3_600 + 1_800
            },
            Some(&v),
            &[]
        ),
        "timelock 3h 30m (was 1d)"
    );
    assert_eq!(kind_name(ChangeKind::Manager as u8), "manager");
    assert_eq!(kind_name(0), "unknown");
    assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
    assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
}

/// Accounts in a map; the clock fixed.
struct MapChain(HashMap<Pubkey, Account>);

impl Chain for MapChain {
    async fn get_account(&self, address: &Pubkey) -> SdkResult<Option<Account>> {
        Ok(self.0.get(address).cloned())
    }
    async fn get_clock(&self) -> SdkResult<ChainClock> {
        Ok(ChainClock {
            slot: 1,
            unix_timestamp: 500,
        })
    }
    async fn latest_blockhash(&self) -> SdkResult<Hash> {
        Ok(Hash::default())
    }
    async fn send_transaction(&self, _: &VersionedTransaction) -> SdkResult<Confirmed> {
        Err(SdkError::InvalidInput("read-only".into()))
    }
}

#[tokio::test]
async fn pending_changes_list_the_slots_accounts_soonest_first() {
    let address = Pubkey::new_unique();
    let mut v = vault();
    v.next_change_id = 9;
    let slot = |id: u64, executable_at: i64, kind: ChangeKind| PendingSlot {
        id,
        executable_at,
        kind: kind as u8,
        padding: [0; 7],
    };
    v.pending_changes[0] = slot(4, 900, ChangeKind::ManagementFee);
    v.pending_changes[2] = slot(8, 300, ChangeKind::Unpause);
    let mut accounts = HashMap::new();
    let fee = pending(address, 4, 900, Change::ManagementFee { fee_bps: 300 });
    let unpause = pending(address, 8, 300, Change::Unpause { flags: 3 });
    accounts.insert(pda::change(&address, 4), account_of(&fee));
    accounts.insert(pda::change(&address, 8), account_of(&unpause));
    let chain = MapChain(accounts);
    let list = pending_changes_of(&chain, &address, &v).await.unwrap();
    assert_eq!(list.iter().map(|p| p.id).collect::<Vec<_>>(), vec![8, 4]);
    assert!(list[0].is_ready(300) && !list[1].is_ready(899));
    assert_eq!(
        list[1].change(),
        Some(&Change::ManagementFee { fee_bps: 300 })
    );
    assert_eq!(list[1].address, pda::change(&address, 4));
    assert_eq!(kind_name(list[0].kind), "unpause");
    let g = Governance::of(&v, 1_000, 500, list).unwrap();
    assert_eq!(g.next_change_id, 9);
    assert_eq!(g.pending.len(), 2);
    assert_eq!(g.targets_now, SOL_BTC.to_vec());
    assert!(g.ramp.is_none() && !g.deposits_paused && g.guardian.is_none());
    assert_eq!(g.effective_supply, 1_000 + g.fee_shares_owed);
}

#[tokio::test]
async fn discardable_changes_are_the_voided_and_those_that_no_longer_fit() {
    let address = Pubkey::new_unique();
    let mut v = vault();
    v.next_change_id = 7;
    // Change 5 holds a slot but has three weights for a two-asset vault; change 6 holds a
    // slot and fits; change 3 holds none (a handover voided it); change 4 was closed.
    for (i, id) in [5u64, 6].into_iter().enumerate() {
        v.pending_changes[i] = PendingSlot {
            id,
            executable_at: 900,
            kind: ChangeKind::TargetWeights as u8,
            padding: [0; 7],
        };
    }
    let stale = Change::TargetWeights {
        weights: vec![5_000, 3_000, 2_000],
        ramp_start: 900,
        ramp_end: 90_000,
    };
    let fits = Change::TargetWeights {
        weights: vec![5_000, 5_000],
        ramp_start: 900,
        ramp_end: 90_000,
    };
    let mut accounts = HashMap::new();
    for (id, change) in [(3, Change::Unpause { flags: 3 }), (5, stale), (6, fits)] {
        let p = pending(address, id, 900, change);
        accounts.insert(pda::change(&address, id), account_of(&p));
    }
    let found = discardable_changes(&MapChain(accounts), &address, &v)
        .await
        .unwrap();
    let ids: Vec<(u64, bool)> = found.iter().map(|d| (d.id, d.voided)).collect();
    assert_eq!(ids, vec![(3, true), (5, false)]);
    assert_eq!(found[1].address, pda::change(&address, 5));
}
