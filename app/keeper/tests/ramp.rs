//! The keeper follows a weight ramp. Prices never move here: every round is caused by the
//! targets moving (`Vault::targets_at`, a governance change queued by the manager and
//! executed after the timelock), the keeper opens it when the program's own trigger says
//! so, the program fixes the round's trade targets at the targets of that moment, every
//! swap lands, and after each round the vault is inside its band around the moving target.

use ballast::state::{Change, Vault};
use ballast_keeper::{Keeper, KeeperOptions, TestAmm, VaultOutcome, VaultTarget};
use ballast_math::oracle::token_value;
use ballast_math::{Policy, PriceSide, Rounding, Wad};
use ballast_sandbox::keeping::keep_until_idle;
use ballast_sandbox::{
    DemoConfig, DemoMarket, DemoVault, EmbeddedChain, FOUR_ASSETS, PRICE_EXPONENT,
};
use ballast_sdk::ix::{ExecuteChange, QueueChange};
use ballast_sdk::state::decode_vault;
use ballast_sdk::Signer;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// The vault's band: 2 points, so that the ramp's 5 points a day leave it every 6 hours.
const BAND: f64 = 0.02;
/// Parts per billion of NAV in one basis point.
const PPB_PER_BPS: u64 = 100_000;

fn vault_state(chain: &EmbeddedChain, vault: &DemoVault) -> Vault {
    let address = vault.vault();
    decode_vault(&address, &chain.account(&address).unwrap()).unwrap()
}

/// Each asset's weight at the oracle mids.
fn weights(chain: &EmbeddedChain, market: &DemoMarket, vault: &DemoVault) -> Vec<f64> {
    let values: Vec<f64> = market
        .assets
        .iter()
        .zip(vault.reserve_balances(chain))
        .map(|(a, amount)| {
            let price = ballast_math::OraclePrice {
                price: a.spec.price,
                conf: a.spec.conf,
                exponent: PRICE_EXPONENT,
            };
            let v = token_value(
                amount,
                a.spec.decimals,
                &price,
                PriceSide::Mid,
                Rounding::Down,
            );
            v.unwrap().raw() as f64 / Wad::ONE.raw() as f64
        })
        .collect();
    let nav: f64 = values.iter().sum();
    values.iter().map(|v| v / nav).collect()
}

#[tokio::test]
async fn the_keeper_follows_a_weight_ramp_and_the_program_agrees() {
    let chain = EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)");
    let mut config = DemoConfig::default();
    config.rebalance.policy = Policy::AbsoluteBand { band_bps: 200 }.to_bytes();
    let market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).unwrap();
    let vault = DemoVault::create(&chain, &market, 1, &config).unwrap();
    let target = VaultTarget {
        vault: vault.vault(),
        price_accounts: market.price_accounts(),
    };
    let keeper = Keeper::new(
        chain.funded_keypair().unwrap(),
        TestAmm,
        KeeperOptions::default(),
    );
    let keep = || keep_until_idle(&chain, &market, &keeper, &target);

    // At its targets, the vault gives the keeper nothing to do.
    let reports = keep().await.unwrap();
    assert!(reports.iter().all(|r| r.opened.is_none()), "{reports:?}");

    // The manager queues 40/30/20/10 -> 60/20/15/5 over four days, from the moment the
    // one-day timelock lets it execute; anyone executes it then.
    let manager = &vault.manager;
    let state = vault_state(&chain, &vault);
    let start = chain.now() + i64::from(state.timelock_secs);
    let new_targets = vec![6_000, 2_000, 1_500, 500];
    let change = Change::TargetWeights {
        weights: new_targets.clone(),
        ramp_start: start,
        ramp_end: start + 4 * DAY,
    };
    let id = state.next_change_id;
    let queue = QueueChange::new(&manager.pubkey(), &vault.vault(), id, change);
    chain.send(&[queue.instruction()], &[manager]).unwrap();
    chain.set_time(start);
    market.publish_prices(&chain).unwrap();
    let anyone = chain.funded_keypair().unwrap();
    let execute = ExecuteChange::new(&anyone.pubkey(), &vault.vault(), id, &manager.pubkey());
    chain.send(&[execute.instruction()], &[&anyone]).unwrap();
    let state = vault_state(&chain, &vault);
    assert_eq!(
        (state.ramp_start_ts, state.ramp_end_ts),
        (start, start + 4 * DAY)
    );

    // Every six hours through the ramp and a day past it.
    let mut rounds = 0;
    for step in 1..=20 {
        chain.set_time(start + step * 6 * HOUR);
        market.publish_prices(&chain).unwrap();
        let reports = keep().await.unwrap();
        for r in &reports {
            assert!(
                !matches!(
                    r.outcome,
                    VaultOutcome::Refused { .. } | VaultOutcome::Error { .. }
                ),
                "step {step}: {:?}",
                r.outcome
            );
        }
        let now = chain.now();
        let state = vault_state(&chain, &vault);
        let targets = state.targets_at(now).unwrap();
        if reports.iter().any(|r| r.opened.is_some()) {
            rounds += 1;
            assert!(
                reports.iter().any(|r| !r.executed.is_empty()),
                "step {step}"
            );
            // The program fixed the round at the targets of its opening: SOL, the asset the
            // ramp pushes out of its band first, goes to its ramped target exactly.
            let at_open = state.targets_at(state.round_opened_ts).unwrap();
            let sol = state.round_trade_targets[0];
            let expected = u64::from(at_open[0]) * PPB_PER_BPS;
            assert!(
                sol.abs_diff(expected) <= 1,
                "step {step}: {sol} vs {expected}"
            );
        }
        // Inside the band around the moving target, whatever happened this step.
        for (i, (w, t)) in weights(&chain, &market, &vault)
            .iter()
            .zip(&targets)
            .enumerate()
        {
            let t = f64::from(*t) / 10_000.0;
            assert!(
                (w - t).abs() <= BAND + 1e-6,
                "step {step}, asset {i}: {w} vs {t}"
            );
        }
    }
    // 20 points in four days against a 2-point band: a round about every second step.
    assert!((6..=12).contains(&rounds), "{rounds} rounds");
    let state = vault_state(&chain, &vault);
    assert_eq!(state.targets_at(chain.now()).unwrap(), new_targets);
}
