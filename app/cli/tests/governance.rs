//! The governance commands end to end: the `ballast` binary with `--url` against a
//! `LocalNode` (the server of `ballast node`) serving the demo vault in this process, so
//! every command goes over JSON-RPC while the test moves the node's clock past the
//! one-day timelock at once (a cluster's clock would take the day). A change queued, shown
//! by `status` with its executable time, refused early with `ChangeNotReady`, executed
//! after the timelock, its ramp followed; a cancel; a pause refusing deposits while
//! withdrawals work; a handover executed only by the new manager; a fee accruing and
//! collected.

use std::path::PathBuf;
use std::process::Output;
use std::sync::Arc;

use ballast_sandbox::{
    DemoConfig, DemoMarket, DemoVault, EmbeddedChain, LocalNode, FOUR_ASSETS, START_TIME,
};
use ballast_sdk::{Keypair, Signer};
use common::{ballast, stderr_line, stdout_ok};
use serde_json::Value;

mod common;

const DAY: i64 = 86_400;

/// The demo vault (one-day timelock) served over JSON-RPC, the manager's keypair on disk.
struct World {
    node: LocalNode,
    market: DemoMarket,
    vault: String,
    prices: String,
    dir: PathBuf,
    manager: String,
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn write_keypair(path: &PathBuf, keypair: &Keypair) -> String {
    let bytes: Vec<String> = keypair.to_bytes().iter().map(u8::to_string).collect();
    std::fs::write(path, format!("[{}]", bytes.join(","))).expect("write keypair");
    path.to_string_lossy().into_owned()
}

fn world(tag: &str) -> World {
    let chain = Arc::new(EmbeddedChain::new().expect("embedded chain (run scripts/build-sbf.sh)"));
    let config = DemoConfig::default();
    let market = DemoMarket::create(&chain, &FOUR_ASSETS, &config).unwrap();
    let vault = DemoVault::create(&chain, &market, 1, &config).unwrap();
    let faucet = market.faucet(1_000);
    let node = LocalNode::start(chain, "127.0.0.1:0".parse().unwrap(), Some(faucet)).unwrap();
    let dir = std::env::temp_dir().join(format!("ballast-gov-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let manager = write_keypair(&dir.join("manager.json"), &vault.manager);
    let prices: Vec<String> = market
        .price_accounts()
        .iter()
        .map(ToString::to_string)
        .collect();
    World {
        node,
        vault: vault.vault().to_string(),
        prices: prices.join(","),
        market,
        dir,
        manager,
    }
}

impl World {
    /// `ballast <cmd> --url <node> --vault <vault> --price-accounts <...> <args>`.
    fn run(&self, cmd: &[&str], args: &[&str]) -> Output {
        let url = self.node.url();
        let mut all = cmd.to_vec();
        all.extend([
            "--url",
            &url,
            "--vault",
            &self.vault,
            "--price-accounts",
            &self.prices,
        ]);
        all.extend(args);
        ballast(&all)
    }

    /// A new funded wallet (SOL and $1,000 of each asset from the node's faucet).
    fn wallet(&self, tag: &str) -> String {
        let path = self.dir.join(format!("{tag}.json"));
        let path = path.to_string_lossy().into_owned();
        stdout_ok(&ballast(&["keygen", "-o", &path]));
        let url = self.node.url();
        stdout_ok(&ballast(&[
            "airdrop", "--url", &url, "-k", &path, "--sol", "1",
        ]));
        path
    }

    /// The wallet's address.
    fn address(&self, path: &str) -> String {
        ballast_sdk::keyfile::read(std::path::Path::new(path))
            .unwrap()
            .pubkey()
            .to_string()
    }

    /// Moves the node's clock `secs` on and publishes fresh prices, as time passing would.
    fn wait(&self, secs: i64) {
        self.node.chain().warp(secs);
        self.market.publish_prices(self.node.chain()).unwrap();
    }

    fn status_json(&self) -> Value {
        let out = stdout_ok(&self.run(&["status"], &["--json"]));
        serde_json::from_str(&out).expect("status JSON")
    }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn shares(v: &Value) -> f64 {
    v.as_str()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("not a share amount: {v}"))
}

#[test]
fn a_change_is_queued_shown_refused_early_executed_after_the_timelock_and_its_ramp_followed() {
    let w = world("weights");
    let manager = w.manager.as_str();
    // New targets 50/20/20/10 over two days: weights always wait for the timelock.
    let out = stdout_ok(&w.run(
        &["propose", "weights"],
        &[
            "-k",
            manager,
            "--weights",
            "0.5,0.2,0.2,0.1",
            "--ramp",
            "2d",
        ],
    ));
    assert!(out.contains("queued change 1: target weights"), "{out}");
    assert!(
        out.contains("executable at 2025-06-16 15:06:40 UTC (in 1d)"),
        "{out}"
    );

    let text = stdout_ok(&w.run(&["status"], &[]));
    assert!(
        text.contains("pending  change 1 (target weights)"),
        "{text}"
    );
    assert!(
        text.contains("  executable at 2025-06-16 15:06:40 UTC (in 1d)"),
        "{text}"
    );
    let json = w.status_json();
    let pending = &json["governance"]["pending"][0];
    assert_eq!(pending["executable_at"].as_i64(), Some(START_TIME + DAY));
    assert_eq!(pending["ready"].as_bool(), Some(false));

    // Anyone may execute, but not before its time: the program refuses, by name.
    let stranger = w.wallet("stranger");
    let early = stderr_line(&w.run(&["execute"], &["-k", &stranger, "--id", "1"]));
    assert!(early.contains("ChangeNotReady"), "{early}");
    assert!(early.contains("becomes executable at"), "{early}");
    let none_ready = stderr_line(&w.run(&["execute"], &["-k", &stranger]));
    assert!(
        none_ready.contains("no queued change is executable now"),
        "{none_ready}"
    );

    w.wait(DAY);
    let done = stdout_ok(&w.run(&["execute"], &["-k", &stranger]));
    assert!(done.contains("executed change 1: target weights"), "{done}");
    let json = w.status_json();
    assert!(json["governance"]["pending"].as_array().unwrap().is_empty());
    let ramp = &json["governance"]["ramp"];
    let start = ramp["start"].as_i64().unwrap();
    assert!(start >= START_TIME + DAY, "{ramp}");
    assert_eq!(ramp["end"].as_i64(), Some(start + 2 * DAY));

    // Half way through the ramp SOL's target is 45 %, and the table's target column says so.
    w.wait(start + DAY - w.node.chain().now());
    let json = w.status_json();
    let ramp = &json["governance"]["ramp"];
    assert!((f(&ramp["targets_now"][0]) - 0.45).abs() < 1e-9, "{ramp}");
    assert!((f(&ramp["targets_end"][0]) - 0.5).abs() < 1e-9, "{ramp}");
    assert!(
        (f(&json["assets"][0]["target"]) - 0.45).abs() < 1e-9,
        "{json}"
    );
    let text = stdout_ok(&w.run(&["status"], &[]));
    assert!(text.contains("  targets now     "), "{text}");
    assert!(text.contains("45.00%"), "{text}");
    assert!(text.contains("  at its end      "), "{text}");
}

#[test]
fn a_cancelled_change_never_executes_and_only_the_manager_cancels() {
    let w = world("cancel");
    let manager = w.manager.as_str();
    // A fee recipient applies at once; raising the fee waits.
    let out = stdout_ok(&w.run(&["propose", "fee-recipient"], &["-k", manager]));
    assert!(
        out.contains("applied at once (it can only reduce the holders' risk)"),
        "{out}"
    );
    let out = stdout_ok(&w.run(&["propose", "fee"], &["-k", manager, "--bps", "200"]));
    assert!(
        out.contains("queued change 1: management fee 200 bps a year (was 0)"),
        "{out}"
    );

    let stranger = w.wallet("stranger");
    let e = stderr_line(&w.run(&["cancel"], &["-k", &stranger, "--id", "1"]));
    assert!(e.contains("NotManager"), "{e}");
    let out = stdout_ok(&w.run(&["cancel"], &["-k", manager, "--id", "1"]));
    assert!(
        out.contains("cancelled change 1: management fee 200 bps"),
        "{out}"
    );
    let text = stdout_ok(&w.run(&["status"], &[]));
    assert!(text.contains("pending  no queued change"), "{text}");

    w.wait(DAY);
    let e = stderr_line(&w.run(&["execute"], &["-k", &stranger, "--id", "1"]));
    assert!(e.contains("change 1 is not queued"), "{e}");
    assert_eq!(w.status_json()["governance"]["management_fee_bps"], 0);
    // A fee above the cap is refused before anything is sent, naming the program's check.
    let e = stderr_line(&w.run(&["propose", "fee"], &["-k", manager, "--bps", "600"]));
    assert!(e.contains("FeeAboveCap"), "{e}");
}

#[test]
fn a_pause_refuses_deposits_while_withdrawals_work() {
    let w = world("pause");
    let manager = w.manager.as_str();
    let alice = w.wallet("alice");
    stdout_ok(&w.run(
        &["deposit"],
        &["-k", &alice, "--asset", "0", "--amount", "1"],
    ));

    // The manager names a guardian (at once: it can only pause); a stranger cannot pause.
    let guardian = w.wallet("guardian");
    let key = w.address(&guardian);
    let out = stdout_ok(&w.run(&["propose", "guardian"], &["-k", manager, "--key", &key]));
    assert!(out.contains("applied at once"), "{out}");
    let stranger = w.wallet("stranger");
    let e = stderr_line(&w.run(&["pause"], &["-k", &stranger]));
    assert!(e.contains("NotManagerOrGuardian"), "{e}");
    let out = stdout_ok(&w.run(&["pause"], &["-k", &guardian, "--deposits"]));
    assert!(out.contains("paused: deposits"), "{out}");

    let json = w.status_json();
    assert_eq!(json["governance"]["deposits_paused"], true);
    assert_eq!(json["governance"]["rebalances_paused"], false);
    let e = stderr_line(&w.run(
        &["deposit"],
        &["-k", &alice, "--asset", "0", "--amount", "1"],
    ));
    assert!(e.contains("DepositsPaused"), "{e}");
    let out = stdout_ok(&w.run(&["withdraw"], &["-k", &alice, "--shares", "all"]));
    assert!(out.contains("redeemed"), "{out}");

    // Unpausing waits for the timelock.
    let out = stdout_ok(&w.run(&["propose", "unpause"], &["-k", manager, "--deposits"]));
    assert!(out.contains("queued change 1: unpause deposits"), "{out}");
    w.wait(DAY);
    stdout_ok(&w.run(&["execute"], &["-k", &alice]));
    assert_eq!(w.status_json()["governance"]["deposits_paused"], false);
    stdout_ok(&w.run(
        &["deposit"],
        &["-k", &alice, "--asset", "0", "--amount", "1"],
    ));
}

#[test]
fn a_handover_is_executed_only_by_the_new_manager() {
    let w = world("handover");
    let manager = w.manager.as_str();
    let next = w.wallet("next");
    let next_key = w.address(&next);
    let out = stdout_ok(&w.run(
        &["propose", "manager"],
        &["-k", manager, "--new", &next_key],
    ));
    assert!(
        out.contains("queued change 1: hand the vault to manager"),
        "{out}"
    );
    assert!(out.contains("then the new manager"), "{out}");
    // The outgoing manager also queues a handover back to itself.
    let me = w.address(manager);
    let out = stdout_ok(&w.run(&["propose", "manager"], &["-k", manager, "--new", &me]));
    assert!(out.contains("queued change 2"), "{out}");
    w.wait(DAY);

    let stranger = w.wallet("stranger");
    let e = stderr_line(&w.run(&["execute"], &["-k", &stranger]));
    assert!(e.contains("only their new manager executes"), "{e}");
    let e = stderr_line(&w.run(&["execute"], &["-k", &stranger, "--id", "1"]));
    assert!(e.contains("ExecutorNotNewManager"), "{e}");
    let e = stderr_line(&w.run(&["execute"], &["-k", manager, "--id", "1"]));
    assert!(e.contains("ExecutorNotNewManager"), "{e}");
    let out = stdout_ok(&w.run(&["execute"], &["-k", &next]));
    assert!(out.contains("executed change 1"), "{out}");
    // The handover voided the one back: it never executes, and nobody cancels it.
    assert!(out.contains("note: the handover voided changes 2"), "{out}");
    let e = stderr_line(&w.run(&["execute"], &["-k", manager, "--id", "2"]));
    assert!(e.contains("change 2 is not queued"), "{e}");
    let e = stderr_line(&w.run(&["cancel"], &["-k", &next, "--id", "2"]));
    assert!(e.contains("change 2 is not queued"), "{e}");
    // Anyone closes it; the rent goes back to the manager who queued it.
    let e = stderr_line(&w.run(&["discard"], &["-k", &stranger, "--id", "1"]));
    assert!(
        e.contains("change 1 of vault") && e.contains("no account"),
        "{e}"
    );
    let out = stdout_ok(&w.run(&["discard"], &["-k", &stranger]));
    assert!(
        out.contains("discarded change 2 (voided by a handover)") && out.contains(&me),
        "{out}"
    );
    let out = stdout_ok(&w.run(&["discard"], &["-k", &stranger]));
    assert!(out.contains("nothing to discard"), "{out}");
    // The new manager's own queued change can still execute: only it cancels that.
    let out = stdout_ok(&w.run(
        &["propose", "timelock"],
        &["-k", &next, "--timelock", "2d", "--queue"],
    ));
    assert!(out.contains("queued change 3"), "{out}");
    let e = stderr_line(&w.run(&["discard"], &["-k", &stranger, "--id", "3"]));
    assert!(e.contains("can still execute"), "{e}");

    assert_eq!(w.status_json()["manager"].as_str(), Some(next_key.as_str()));
    let e = stderr_line(&w.run(&["pause"], &["-k", manager]));
    assert!(e.contains("NotManagerOrGuardian"), "{e}");
    stdout_ok(&w.run(&["pause"], &["-k", &next]));
}

#[test]
fn a_fee_accrues_continuously_is_counted_in_the_share_price_and_is_collected() {
    let w = world("fee");
    let manager = w.manager.as_str();
    stdout_ok(&w.run(&["propose", "fee-recipient"], &["-k", manager]));
    let out = stdout_ok(&w.run(&["propose", "fee"], &["-k", manager, "--bps", "100"]));
    assert!(out.contains("queued change 1"), "{out}");
    w.wait(DAY);
    stdout_ok(&w.run(&["execute"], &["-k", manager]));
    let before = w.status_json();
    let nps_before = f(&before["nav_per_share_usd"]);
    assert_eq!(shares(&before["governance"]["fee_shares_owed"]), 0.0);

    // A year at 100 bps: the holders keep e^-0.01 of the vault.
    w.wait(365 * DAY);
    let json = w.status_json();
    let supply = shares(&json["shares"]);
    let owed = shares(&json["governance"]["fee_shares_owed"]);
    let exact = supply * 0.01f64.exp_m1();
    assert!(
        owed <= exact + 1e-9 && owed >= exact - 1e-8,
        "{owed} vs {exact}"
    );
    let nps = f(&json["nav_per_share_usd"]);
    assert!(
        (nps / nps_before - (-0.01f64).exp()).abs() < 1e-6,
        "{nps} vs {nps_before}"
    );
    let owed_usd = f(&json["governance"]["fee_shares_owed_usd"]);
    assert!((owed_usd - owed * nps).abs() < 0.01, "{owed_usd}");

    let stranger = w.wallet("stranger");
    let out = stdout_ok(&w.run(&["collect-fees"], &["-k", &stranger]));
    let expected = format!(
        "collected {} fee shares",
        json["governance"]["fee_shares_owed"].as_str().unwrap()
    );
    assert!(out.contains(&expected), "{out}");
    assert!(out.contains("at 100 bps a year"), "{out}");
    let after = w.status_json();
    assert_eq!(shares(&after["governance"]["fee_shares_owed"]), 0.0);
    assert!((shares(&after["shares"]) - (supply + owed)).abs() < 1e-9);
    // Minting what every price already counted moves no share price.
    assert!((f(&after["nav_per_share_usd"]) - nps).abs() < 1e-9);
}

/// The vault's lookup table (`status --json`): its address and the accounts it misses.
fn table_of(json: &Value) -> (String, Vec<String>) {
    let t = &json["lookup_table"];
    assert_eq!(t["usable"].as_bool(), Some(true), "{t}");
    let missing = t["missing"].as_array().unwrap();
    let missing = missing.iter().map(|m| m.as_str().unwrap().to_string());
    (
        t["address"].as_str().unwrap().to_string(),
        missing.collect(),
    )
}

/// The addresses the lookup table at `table` holds on the node.
fn table_addresses(w: &World, table: &str) -> Vec<ballast_sdk::Pubkey> {
    let key: ballast_sdk::Pubkey = table.parse().unwrap();
    let account = w.node.chain().account(&key).expect("the table exists");
    ballast_sdk::lookup::decode_table(&key, &account.data)
        .unwrap()
        .addresses
}

#[test]
fn an_asset_is_added_after_the_timelock_and_removed_while_empty() {
    let w = world("assets");
    let manager = w.manager.as_str();
    let chain = w.node.chain();
    let mint = chain
        .create_mint(6, &ballast_sdk::ix::SHARE_TOKEN_PROGRAM)
        .unwrap();
    let price = ballast_sdk::Pubkey::new_unique();
    chain
        .set_price(price, [7; 32], 100_000_000, 0, -8, chain.now())
        .unwrap();
    let vault: ballast_sdk::Pubkey = w.vault.parse().unwrap();
    let reserve = ballast_sdk::pda::reserve(&vault, &mint);
    let (mint, price_key, price) = (mint.to_string(), price, price.to_string());
    let out = stdout_ok(&w.run(
        &["propose", "add-asset"],
        &["-k", manager, "--mint", &mint, "--price-account", &price],
    ));
    assert!(
        out.contains(&format!(
            "queued change 1: add asset {mint} (price feed 0x07070707..)"
        )),
        "{out}"
    );
    let (first_table, missing) = table_of(&w.status_json());
    assert!(missing.is_empty(), "{missing:?}");
    w.wait(DAY);
    // Executed with the four price accounts of the vault before the change: the new table
    // holds every account but the new asset's price account, which it says.
    let out = stdout_ok(&w.run(&["execute"], &["-k", manager]));
    assert!(out.contains("executed change 1: add asset"), "{out}");
    assert!(out.contains("created the new asset's swap escrow"), "{out}");
    assert!(
        out.contains(&format!(
            "lookup table {first_table} misses 3 of the vault's 27 accounts"
        )),
        "{out}"
    );
    assert!(out.contains("published lookup table"), "{out}");
    assert!(
        out.contains("leaves out the price accounts not given (1 of 5)"),
        "{out}"
    );

    // Five assets now, the new one at target 0 with an empty reserve.
    let five = format!("{},{price}", w.prices);
    let url = w.node.url();
    let status = |prices: &str| -> Value {
        let args = [
            "status",
            "--url",
            &url,
            "--vault",
            &w.vault,
            "--price-accounts",
            prices,
            "--json",
        ];
        serde_json::from_str(&stdout_ok(&ballast(&args))).unwrap()
    };
    let json = status(&five);
    let assets = json["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 5);
    assert_eq!(assets[4]["asset"].as_str(), Some(mint.as_str()));
    assert_eq!(f(&assets[4]["target"]), 0.0);
    // A new table, holding the new reserve; status names the one account it lacks.
    let (second_table, missing) = table_of(&json);
    assert_ne!(second_table, first_table);
    assert!(table_addresses(&w, &second_table).contains(&reserve));
    assert_eq!(missing, vec![price.clone()]);
    let args = ["status", "--url", &url, "--vault", &w.vault];
    let text = stdout_ok(&ballast(
        &[&args[..], &["--price-accounts", &five]].concat(),
    ));
    assert!(
        text.contains(&format!(
            "lookup table    {second_table} MISSES 1 of the vault's 28 accounts ("
        )),
        "{text}"
    );
    assert!(
        text.contains(
            "price account); the manager publishes a new one with `ballast publish-table`"
        ),
        "{text}"
    );

    // Only the manager publishes; with the five price accounts the table covers them all.
    let publish = |key: &str| {
        let args = [
            "publish-table",
            "--url",
            &url,
            "--vault",
            &w.vault,
            "-k",
            key,
        ];
        ballast(&[&args[..], &["--price-accounts", &five]].concat())
    };
    let stranger = w.wallet("stranger");
    let e = stderr_line(&publish(&stranger));
    assert!(
        e.contains("publishes a new one with `ballast publish-table`"),
        "{e}"
    );
    let out = stdout_ok(&publish(manager));
    assert!(out.contains("published lookup table"), "{out}");
    let (third_table, missing) = table_of(&status(&five));
    assert!(missing.is_empty(), "{missing:?}");
    assert_ne!(third_table, second_table);
    let held = table_addresses(&w, &third_table);
    assert!(held.contains(&reserve) && held.contains(&price_key));
    let out = stdout_ok(&publish(manager));
    assert!(out.contains("no new table needed"), "{out}");

    // Its target is 0 and its reserve empty: the manager removes it at once.
    let remove = |key: &str| {
        ballast(&[
            "remove-asset",
            "--url",
            &url,
            "--vault",
            &w.vault,
            "--price-accounts",
            &five,
            "-k",
            key,
            "--asset",
            "4",
        ])
    };
    let e = stderr_line(&remove(&stranger));
    assert!(e.contains("NotManager"), "{e}");
    let out = stdout_ok(&remove(manager));
    assert!(out.contains(&format!("removed {}", &mint[..4])), "{out}");
    // The table still holds every remaining account (a frozen table's rent is never
    // returned, so none is published): nothing is missing.
    assert!(
        out.contains(&format!(
            "lookup table {third_table} covers the vault's 24 accounts: no new table needed"
        )),
        "{out}"
    );
    let json = status(&w.prices);
    assert_eq!(json["assets"].as_array().unwrap().len(), 4);
    assert_eq!(table_of(&json), (third_table, Vec::new()));
}
