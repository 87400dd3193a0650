//! The keeper over JSON-RPC: `RpcChain` (the real `solana-rpc-client`) against a
//! `LocalNode` serving the compiled program, so every read, quote and rebalance transaction
//! goes through HTTP, a cluster's packet-size limit and its preflight refusals; and the
//! `ballast-keeper` binary on a cluster (which it requires: `--url`).

use std::sync::Arc;
use std::time::Duration;

use ballast::error::BallastError;
use ballast_keeper::{
    Decision, Keeper, KeeperOptions, NotDueReason, TestAmm, VaultOutcome, VaultReport, VaultTarget,
};
use ballast_sandbox::keeping::keep_through;
use ballast_sandbox::{DemoConfig, DemoMarket, DemoVault, EmbeddedChain, LocalNode, FOUR_ASSETS};
use ballast_sdk::RpcChain;

const SOL: usize = 0;
/// SOL at $225 (+50%): outside its 5-point band.
const SOL_RALLY: i64 = 22_500_000_000;

struct Setup {
    node: LocalNode,
    rpc: RpcChain,
    market: DemoMarket,
    vault: DemoVault,
    target: VaultTarget,
}

impl Setup {
    /// Ticks `keeper` over RPC through the round's auction (the node's clock moved to each
    /// wait's end) until it is idle; every tick's report.
    async fn keep(&self, keeper: &Keeper<TestAmm>) -> Vec<VaultReport> {
        keep_through(
            &self.rpc,
            self.node.chain(),
            &self.market,
            keeper,
            &self.target,
        )
        .await
        .unwrap()
    }
}

fn drifted_vault() -> Setup {
    drifted_vault_with(DemoConfig::default())
}

fn drifted_vault_with(config: DemoConfig) -> Setup {
    let chain = Arc::new(EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)"));
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
        market,
        vault,
        target,
    }
}

fn keeper(s: &Setup) -> Keeper<TestAmm> {
    Keeper::new(
        s.node.chain().funded_keypair().unwrap(),
        TestAmm,
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
        BallastError::RoundAlreadyOpen,
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
    let reports = s.keep(&k).await;
    assert!(reports[0].opened.is_some(), "{:?}", reports[0]);
    let last = reports.last().unwrap();
    assert!(
        matches!(last.outcome, VaultOutcome::Idle { .. }),
        "{:?}",
        last.outcome
    );
    let executed: Vec<_> = reports.iter().flat_map(|r| &r.executed).collect();
    assert!(!executed.is_empty());
    // Every swap sells SOL, the overweight asset, and landed: the reserve fell by their sum.
    let sold: u64 = executed.iter().map(|e| e.swap.amount_in).sum();
    assert!(executed.iter().all(|e| e.swap.sell == SOL));
    let after = s.vault.reserve_balances(s.node.chain());
    assert_eq!(after[SOL], before[SOL] - sold);
    // The keeper earned its reward in the bought assets (out of the surplus above the
    // bound: the auction had widened past the pool's price by then).
    let earned = executed.iter().any(|e| {
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
    // Both open the round at once: one lands it, the other is refused (RoundAlreadyOpen).
    let (ra, rb) = tokio::join!(
        a.run_vault(&s.rpc, &s.target),
        b.run_vault(&s.rpc, &s.target)
    );
    assert!(ra.opened.is_some() != rb.opened.is_some(), "{ra:?}\n{rb:?}");
    let waiting = if ra.opened.is_some() { &ra } else { &rb };
    let VaultOutcome::AuctionWait { clears_at, .. } = waiting.outcome else {
        panic!("{:?}", waiting.outcome);
    };
    s.node.chain().set_time(clears_at);
    s.market.publish_prices(s.node.chain()).unwrap();
    // Both loops run at once on this task: their HTTP requests interleave at the node.
    let (ra, rb) = tokio::join!(
        a.run_vault(&s.rpc, &s.target),
        b.run_vault(&s.rpc, &s.target)
    );
    // However their requests interleave, no swap lands twice: a keeper that planned a swap
    // the other landed first is refused by the program with the state the other left
    // (having traded nothing), or it read that state in time and planned the next one.
    let landed: Vec<_> = ra
        .executed
        .iter()
        .chain(&rb.executed)
        .map(|e| e.swap)
        .collect();
    assert!(!landed.is_empty(), "{ra:?}\n{rb:?}");
    for (i, swap) in landed.iter().enumerate() {
        assert!(!landed[i + 1..].contains(swap), "{swap:?} landed twice");
    }
    for report in [&ra, &rb] {
        if let VaultOutcome::Refused { .. } = report.outcome {
            assert!(refused_cleanly(report), "{:?}", report.outcome);
        }
    }
    // The rest of the round (swaps whose pools clear later in the auction).
    s.keep(&keeper(&s)).await;
    assert_round_complete(&s).await;
    // A third keeper arriving later finds nothing to do: the racers did not overshoot.
    let late = keeper(&s).run_vault(&s.rpc, &s.target).await;
    assert!(late.executed.is_empty(), "{late:?}");
}

/// Runs the `ballast-keeper` binary with `args`.
fn keeper_binary(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ballast-keeper"))
        .args(args)
        .output()
        .expect("run ballast-keeper")
}

fn keypair_file(s: &Setup, tag: &str) -> String {
    let path =
        std::env::temp_dir().join(format!("ballast-keeper-{tag}-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let keypair = ballast_sdk::keyfile::write_new(&path).unwrap();
    s.node
        .chain()
        .airdrop(&ballast_sdk::Signer::pubkey(&keypair), 10_000_000_000)
        .unwrap();
    path.to_string_lossy().into_owned()
}

/// `--vault VAULT:PRICE,...` of `target`.
fn vault_arg(target: &VaultTarget) -> String {
    let prices: Vec<String> = target
        .price_accounts
        .iter()
        .map(ToString::to_string)
        .collect();
    format!("{}:{}", target.vault, prices.join(","))
}

#[test]
fn the_keeper_binary_keeps_a_vault_on_a_cluster() {
    // The node's clock stands still here: a vault whose auction allows the full slippage
    // at once, so the binary opens the round and fills it on its first tick.
    let mut config = DemoConfig::default();
    config.rebalance.auction_secs = 0;
    let s = drifted_vault_with(config);
    let key = keypair_file(&s, "binary");
    let vault = vault_arg(&s.target);
    let url = s.node.url();
    let out = keeper_binary(&[
        "--url",
        &url,
        "--keypair",
        &key,
        "--vault",
        &vault,
        "--ticks",
        "2",
        "--interval",
        "1",
        "--log-format",
        "json",
    ]);
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{log}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One JSON object per line; swaps confirmed on the first tick, nothing due on the second.
    assert!(
        log.lines().all(|l| l.starts_with('{') && l.ends_with('}')),
        "{log}"
    );
    let confirmed = log
        .lines()
        .filter(|l| l.contains("\"message\":\"swap confirmed\""))
        .count();
    assert!(confirmed >= 1, "{log}");
    assert!(log.contains("\"decision\":\"not-due\""), "{log}");
    let _ = std::fs::remove_file(&key);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(assert_round_complete(&s));
}

#[test]
fn the_keeper_binary_backs_off_from_an_unreachable_cluster_and_refuses_bad_configuration() {
    let s = drifted_vault();
    let key = keypair_file(&s, "unreachable");
    let vault = vault_arg(&s.target);
    // A closed port: every tick fails, the loop backs off, and the exit status says so.
    let out = keeper_binary(&[
        "--url",
        "http://127.0.0.1:9",
        "--keypair",
        &key,
        "--vault",
        &vault,
        "--ticks",
        "2",
        "--interval",
        "1",
        "--max-backoff",
        "1",
    ]);
    let log = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("chain unavailable; backing off"), "{log}");

    let url = s.node.url();
    let out = keeper_binary(&["--url", &url, "--vault", &vault]);
    assert_eq!(out.status.code(), Some(2));
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("--keypair is required with --url"), "{log}");
    let bare = s.target.vault.to_string();
    let out = keeper_binary(&["--url", &url, "--keypair", &key, "--vault", &bare]);
    assert_eq!(out.status.code(), Some(2));
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("name each asset's price account"), "{log}");
    let out = keeper_binary(&[
        "--url",
        &url,
        "--keypair",
        "/no/such/key.json",
        "--vault",
        &vault,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(
        log.contains("/no/such/key.json: cannot read the keypair file"),
        "{log}"
    );
    let out = keeper_binary(&["--url", &url, "--keypair", &key, "--vault", "nope:also-not"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap refuses a malformed --vault"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("'nope' is not a base-58 address"));
    let _ = std::fs::remove_file(&key);
}

/// The embedded demo mode moved to `ballast keeper run` (tested in app/cli/tests/vault.rs):
/// without `--url` the binary refuses to start and says where to go.
#[test]
fn the_keeper_binary_requires_a_cluster_and_points_to_the_embedded_demo() {
    let out = keeper_binary(&["--ticks", "2"]);
    let log = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{log}");
    assert!(log.contains("--url is required"), "{log}");
    assert!(log.contains("`ballast keeper run`"), "{log}");
    assert!(!log.contains("swap confirmed"), "{log}");
}

/// `n` assets at equal weights, SOL first (its rally opens a round).
fn equal_weight_assets(n: usize) -> Vec<ballast_sandbox::DemoAsset> {
    use ballast_sandbox::DemoAsset;
    const NAMES: [&str; 16] = [
        "SOL", "BTC", "ETH", "USDC", "JUP", "BONK", "JTO", "PYTH", "RAY", "ORCA", "MSOL", "WIF",
        "HNT", "RNDR", "W", "KMNO",
    ];
    let weight = u16::try_from(10_000 / n).unwrap();
    (0..n)
        .map(|i| {
            let w = if i == 0 {
                10_000 - weight * u16::try_from(n - 1).unwrap()
            } else {
                weight
            };
            match i {
                0 => DemoAsset::usd("SOL", 9, w, 150),
                1 => DemoAsset::usd("BTC", 8, w, 60_000),
                2 => DemoAsset::usd("ETH", 8, w, 3_000),
                _ => DemoAsset::usd(NAMES[i], 6, w, 1),
            }
        })
        .collect()
}

#[tokio::test]
async fn a_vault_of_eight_assets_works_over_rpc_through_its_lookup_table() {
    large_vault_over_rpc(8).await;
}

#[tokio::test]
async fn a_vault_of_sixteen_assets_works_over_rpc_through_its_lookup_table() {
    large_vault_over_rpc(16).await;
}

/// A vault of `n` assets over RPC: its manager publishes a lookup table; a wallet deposits
/// and redeems (refused as too large without the table), and the keeper rebalances.
async fn large_vault_over_rpc(n: usize) {
    use ballast_sdk::chain::send_instructions;
    use ballast_sdk::ix::NewAsset;
    use ballast_sdk::setup::{create_vault, NewVault};
    use ballast_sdk::{ix, lookup, Keypair, Signer};

    let chain = Arc::new(EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)"));
    let config = DemoConfig::default();
    let mut market = DemoMarket::create(&chain, &equal_weight_assets(n), &config).unwrap();
    let node = LocalNode::start(
        Arc::clone(&chain),
        "127.0.0.1:0".parse().unwrap(),
        Some(market.faucet(10_000)),
    )
    .unwrap();
    let rpc = RpcChain::new(&node.url(), Duration::from_secs(10));

    // The manager creates the vault over RPC: its lookup table first, so that even
    // initialize_vault fits a packet, then the vault, the escrows and the rules.
    let manager = Keypair::new();
    rpc.airdrop(&manager.pubkey(), 10_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    let spl = ix::SHARE_TOKEN_PROGRAM;
    let assets: Vec<NewAsset> = market
        .assets
        .iter()
        .map(|a| NewAsset {
            mint: a.mint,
            token_program: spl,
            feed_id: a.feed_id,
            target_weight_bps: a.spec.weight_bps,
        })
        .collect();
    let prices = market.price_accounts();
    let done = create_vault(
        &rpc,
        NewVault {
            manager: &manager,
            vault_id: 1,
            assets: &assets,
            price_accounts: &prices,
            params: config.params,
            rules: config.rebalance.clone(),
        },
    )
    .await
    .unwrap();
    assert!(done.initialized.is_some() && done.created_table);
    assert_eq!(done.escrows_created, n);
    let target = VaultTarget {
        vault: done.vault,
        price_accounts: prices.clone(),
    };
    let accounts = ballast_keeper::read_snapshot(&rpc, &target)
        .await
        .unwrap()
        .accounts;
    assert_eq!(accounts.lookup_table, Some(done.lookup_table));

    // A founder deposits the faucet's $10,000 of every asset: the vault is at its (equal)
    // targets.
    let founder = Keypair::new();
    rpc.airdrop(&founder.pubkey(), 2_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    let founder_shares =
        ix::associated_token_address(&founder.pubkey(), &accounts.pdas.share_mint, &spl);
    for (i, a) in accounts.assets.iter().enumerate() {
        let token = ix::associated_token_address(&founder.pubkey(), &a.mint, &spl);
        let deposit = [
            ix::create_associated_token_account_idempotent(
                &founder.pubkey(),
                &founder.pubkey(),
                &accounts.pdas.share_mint,
                &spl,
            ),
            ix::Deposit::new(
                &accounts,
                &founder.pubkey(),
                &token,
                &founder_shares,
                i,
                chain.token_balance(&token),
                1,
            )
            .unwrap()
            .instruction(),
        ];
        lookup::send_vault_instructions(&rpc, &accounts, &founder, &deposit, &[], None)
            .await
            .unwrap();
    }

    // A wallet deposits SOL, then redeems everything.
    let wallet = Keypair::new();
    rpc.airdrop(&wallet.pubkey(), 2_000_000_000, Duration::from_secs(10))
        .await
        .unwrap();
    let owner = wallet.pubkey();
    let spl = ix::SHARE_TOKEN_PROGRAM;
    let tokens: Vec<_> = accounts
        .assets
        .iter()
        .map(|a| ix::associated_token_address(&owner, &a.mint, &spl))
        .collect();
    let shares = ix::associated_token_address(&owner, &accounts.pdas.share_mint, &spl);
    let deposit = [
        ix::create_associated_token_account_idempotent(
            &owner,
            &owner,
            &accounts.pdas.share_mint,
            &spl,
        ),
        ix::Deposit::new(&accounts, &owner, &tokens[0], &shares, 0, 1_000_000_000, 1)
            .unwrap()
            .instruction(),
    ];
    lookup::send_vault_instructions(&rpc, &accounts, &wallet, &deposit, &[], None)
        .await
        .unwrap();
    let held = chain.token_balance(&shares);
    assert!(held > 0);
    let withdraw = [
        ix::Withdraw::new(&accounts, &owner, &shares, &tokens, held, vec![0; n], 0)
            .unwrap()
            .instruction(),
    ];
    // As a legacy transaction the withdrawal does not fit a packet: the node refuses it
    // before executing anything.
    let before: Vec<u64> = tokens.iter().map(|t| chain.token_balance(t)).collect();
    let err = send_instructions(&rpc, &wallet, &withdraw, &[], None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("too large"), "{err}");
    assert_eq!(chain.token_balance(&shares), held);
    // Through the vault's lookup table it does, and every asset is paid.
    lookup::send_vault_instructions(&rpc, &accounts, &wallet, &withdraw, &[], None)
        .await
        .unwrap();
    assert_eq!(chain.token_balance(&shares), 0);
    for (t, b) in tokens.iter().zip(&before) {
        assert!(chain.token_balance(t) > *b);
    }

    // SOL rallies; the keeper rebalances through the table (v0 transactions).
    // (Fourfold: with 16 assets SOL's weight is small, and the band is 5 points absolute.)
    let rallied = market.assets[SOL].spec.price * 4;
    market.set_price(&chain, SOL, rallied).unwrap();
    market.align_pools(&chain, 2.0).unwrap();
    let k = Keeper::new(
        chain.funded_keypair().unwrap(),
        TestAmm,
        KeeperOptions::default(),
    );
    // A round of n - 1 swaps and top-ups, each sent once the auction allows its pool's price.
    let reports = keep_through(&rpc, &chain, &market, &k, &target)
        .await
        .unwrap();
    let swaps: usize = reports.iter().map(|r| r.executed.len()).sum();
    let report = reports.last().unwrap();
    assert!(swaps >= n - 1, "{swaps} swaps");
    assert!(
        matches!(report.outcome, VaultOutcome::Idle { .. }),
        "{:?}",
        report.outcome
    );
    let plan = k.plan(&rpc, &target).await.unwrap();
    assert_eq!(
        plan.decision,
        Decision::NotDue {
            reason: NotDueReason::RoundComplete
        }
    );
}
