//! The keeper over JSON-RPC: `RpcChain` (the real `solana-rpc-client`) against a
//! `LocalNode` serving the compiled program, so every read, quote and rebalance transaction
//! goes through HTTP, a cluster's packet-size limit and its preflight refusals.

use std::sync::Arc;
use std::time::Duration;

use ballast::error::BallastError;
use ballast_keeper::{
    Decision, Keeper, KeeperOptions, NotDueReason, VaultOutcome, VaultReport, VaultTarget,
};
use ballast_sdk::demo::{DemoConfig, DemoMarket, DemoVault, FOUR_ASSETS};
use ballast_sdk::{EmbeddedChain, LocalNode, RpcChain};

const SOL: usize = 0;
/// SOL at $225 (+50%): outside its 5-point band.
const SOL_RALLY: i64 = 22_500_000_000;

struct Setup {
    node: LocalNode,
    rpc: RpcChain,
    vault: DemoVault,
    target: VaultTarget,
}

fn drifted_vault() -> Setup {
    let chain = Arc::new(EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)"));
    let config = DemoConfig::default();
    let mut market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).unwrap();
    let vault = DemoVault::create(&chain, &market, 1, &config).unwrap();
    market.set_price(&chain, SOL, SOL_RALLY).unwrap();
    market.align_pools(&chain, 2.0).unwrap();
    let target = VaultTarget {
        vault: vault.vault(),
        price_accounts: market.price_accounts(),
    };
    let node = LocalNode::start(chain, "127.0.0.1:0".parse().unwrap(), None).unwrap();
    let rpc = RpcChain::new(&node.url(), Duration::from_secs(10));
    Setup {
        node,
        rpc,
        vault,
        target,
    }
}

fn keeper(s: &Setup) -> Keeper {
    Keeper::new(
        s.node.chain().funded_keypair().unwrap(),
        KeeperOptions::default(),
    )
}

/// What is left to do once a round is done: nothing, the round being complete.
async fn assert_round_complete(s: &Setup) {
    let plan = keeper(s).plan(&s.rpc, &s.target).await.unwrap();
    assert_eq!(
        plan.decision,
        Decision::NotDue {
            reason: NotDueReason::RoundComplete
        },
        "{}",
        plan.decision
    );
}

fn refused_cleanly(report: &VaultReport) -> bool {
    let clean = [
        BallastError::SwapOvershoots,
        BallastError::SwapSellsUnderweight,
        BallastError::SwapBuysOverweight,
    ];
    match &report.outcome {
        VaultOutcome::Refused { code, .. } => clean.iter().any(|e| *code == Some(u32::from(*e))),
        _ => false,
    }
}

#[tokio::test]
async fn the_keeper_rebalances_over_rpc() {
    let s = drifted_vault();
    let k = keeper(&s);
    let before = s.vault.reserve_balances(s.node.chain());
    let report = k.run_vault(&s.rpc, &s.target).await;
    assert!(
        matches!(report.outcome, VaultOutcome::Idle { .. }),
        "{:?}",
        report.outcome
    );
    assert!(!report.executed.is_empty());
    // Every swap sells SOL, the overweight asset, and landed: the reserve fell by their sum.
    let sold: u64 = report.executed.iter().map(|e| e.swap.amount_in).sum();
    assert!(report.executed.iter().all(|e| e.swap.sell == SOL));
    let after = s.vault.reserve_balances(s.node.chain());
    assert_eq!(after[SOL], before[SOL] - sold);
    // The keeper earned its reward in the bought assets.
    let earned = report.executed.iter().any(|e| {
        let a = s.vault.accounts.assets[e.swap.buy];
        let account = k.reward_account(&a.mint, &a.token_program);
        s.node.chain().token_balance(&account) > 0
    });
    assert!(earned, "no reward reached the keeper");
    assert_round_complete(&s).await;
}

#[tokio::test]
async fn two_keepers_racing_over_rpc_trade_once_and_the_loser_is_refused_cleanly() {
    let s = drifted_vault();
    let (a, b) = (keeper(&s), keeper(&s));
    // Both loops run at once on this task: their HTTP requests interleave at the node.
    let (ra, rb) = tokio::join!(
        a.run_vault(&s.rpc, &s.target),
        b.run_vault(&s.rpc, &s.target)
    );
    // Both planned the same first swap: one landed it (and finished the round), the other
    // was refused by the program with the state the winner left, having traded nothing.
    let (winner, loser) = if refused_cleanly(&ra) {
        (&rb, &ra)
    } else {
        (&ra, &rb)
    };
    assert!(refused_cleanly(loser), "{:?}", loser.outcome);
    assert!(loser.executed.is_empty(), "{loser:?}");
    assert!(
        matches!(winner.outcome, VaultOutcome::Idle { .. }),
        "{:?}",
        winner.outcome
    );
    assert!(!winner.executed.is_empty());
    assert_round_complete(&s).await;
    // A third keeper arriving later finds nothing to do: the racers did not overshoot.
    let late = keeper(&s).run_vault(&s.rpc, &s.target).await;
    assert!(late.executed.is_empty(), "{late:?}");
}
