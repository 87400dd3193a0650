//! The `--url` commands end to end against `ballast node` (the demo market on an embedded
//! chain served over JSON-RPC, in its own process): airdrop, init (and resuming it),
//! deposit, status, keeper run and withdraw each go over HTTP with the real
//! `solana-rpc-client`, and the errors a user can cause on a cluster are one line.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{ballast, stderr_line, stdout_ok};
use serde_json::Value;

mod common;

/// A `ballast node` child process, killed when dropped, and what it wrote to `--info`.
struct Node {
    child: Child,
    dir: PathBuf,
    url: String,
    vault: String,
    mints: Vec<String>,
    prices: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_node(tag: &str, extra: &[&str]) -> Node {
    let dir = std::env::temp_dir().join(format!("ballast-node-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let info = dir.join("node.json");
    let info_arg = info.to_string_lossy().into_owned();
    let mut args = vec!["node", "--bind", "127.0.0.1:0", "--info", &info_arg];
    args.extend(extra);
    let child = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start ballast node");
    let mut node = Node {
        child,
        dir,
        url: String::new(),
        vault: String::new(),
        mints: Vec::new(),
        prices: String::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let text = loop {
        if let Ok(text) = std::fs::read_to_string(&info) {
            if text.ends_with('}') {
                break text;
            }
        }
        if let Ok(Some(status)) = node.child.try_wait() {
            panic!("ballast node exited: {status}");
        }
        assert!(Instant::now() < deadline, "ballast node did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    let info: Value = serde_json::from_str(&text).expect("node info JSON");
    let strings = |key: &str| -> Vec<String> {
        info[key]
            .as_array()
            .expect(key)
            .iter()
            .map(|v| v.as_str().expect("a string").to_string())
            .collect()
    };
    node.url = info["url"].as_str().expect("url").to_string();
    node.vault = info["vault"].as_str().expect("vault").to_string();
    node.mints = strings("mints");
    node.prices = strings("price_accounts").join(",");
    node
}

impl Node {
    fn keypair(&self, tag: &str) -> String {
        let path = self.dir.join(format!("{tag}.json"));
        let path = path.to_string_lossy().into_owned();
        stdout_ok(&ballast(&["keygen", "-o", &path]));
        path
    }

    /// `ballast <cmd> --url <node> <args>`.
    fn run(&self, cmd: &[&str], args: &[&str]) -> Output {
        let mut all = cmd.to_vec();
        all.extend(["--url", self.url.as_str()]);
        all.extend(args);
        ballast(&all)
    }
}

/// The address after `label` on a line of `text`.
fn address_after(text: &str, label: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no '{label}' line in {text}"))
        .to_string()
}

#[test]
fn a_vault_life_over_json_rpc() {
    let node = start_node("life", &["--day-secs", "0"]);
    let (manager, alice, keeper) = (
        node.keypair("manager"),
        node.keypair("alice"),
        node.keypair("keeper"),
    );
    for key in [&manager, &alice, &keeper] {
        let out = stdout_ok(&node.run(&["airdrop"], &["-k", key, "--sol", "2"]));
        assert!(out.contains("balance 2.000000000 SOL"), "{out}");
    }

    // The manager creates a 40/30/20/10 vault of the node's four mints.
    let mints = node.mints.join(",");
    let init_args = [
        "-k",
        manager.as_str(),
        "--mints",
        mints.as_str(),
        "--price-accounts",
        node.prices.as_str(),
        "--weights",
        "0.4,0.3,0.2,0.1",
        "--auction-secs",
        "4",
    ];
    let out = stdout_ok(&node.run(&["init"], &init_args));
    assert!(out.contains("created vault"), "{out}");
    assert!(
        out.contains("rebalancing configured: absolute-band:band_bps=500"),
        "{out}"
    );
    assert!(
        out.contains("keeper now      not due: vault is empty"),
        "{out}"
    );
    assert!(out.contains("last rebalance  never"), "{out}");
    let vault = address_after(&out, "vault ");
    // Run again, it resumes (escrows and rules are there already) rather than failing.
    let again = stdout_ok(&node.run(&["init"], &init_args));
    assert!(
        again.contains("exists with these mints: resuming"),
        "{again}"
    );

    // Alice deposits 10 SOL only: the vault is all SOL, far outside its bands.
    let vault_args = [
        "--vault",
        vault.as_str(),
        "--price-accounts",
        node.prices.as_str(),
    ];
    let mut deposit = vec!["-k", alice.as_str(), "--asset", "0", "--amount", "10"];
    deposit.extend(vault_args);
    let out = stdout_ok(&node.run(&["deposit"], &deposit));
    assert!(out.starts_with("deposited 10.000000000 "), "{out}");
    let status = stdout_ok(&node.run(&["status"], &vault_args));
    assert!(
        status.contains("keeper now      a round is due: open it"),
        "{status}"
    );

    // The keeper opens a round, waits for the 4-second auction to allow the pools' prices,
    // and brings the vault to its targets through the node's pools.
    let mut run = vec!["-k", keeper.as_str(), "--ticks", "8", "--interval", "1"];
    run.extend(vault_args);
    let out = stdout_ok(&node.run(&["keeper", "run"], &run));
    assert!(out.contains("tick 1: opened a rebalance round"), "{out}");
    assert!(out.contains("the round's auction allows"), "{out}");
    assert!(out.contains(": sold "), "{out}");
    assert!(out.contains("idle: not due: open round complete"), "{out}");
    let json = stdout_ok(&node.run(&["status"], &[&vault_args[..], &["--json"]].concat()));
    let json: Value = serde_json::from_str(&json).expect("status JSON");
    assert_eq!(json["vault"], vault.as_str());
    for (asset, mint) in json["assets"].as_array().unwrap().iter().zip(&node.mints) {
        assert_eq!(asset["asset"], mint.as_str());
        let (weight, target) = (
            asset["weight"].as_f64().unwrap(),
            asset["target"].as_f64().unwrap(),
        );
        assert!((weight - target).abs() < 0.01, "{json}");
    }
    let status = stdout_ok(&node.run(&["status"], &vault_args));
    assert!(!status.contains("outside band"), "{status}");
    assert!(status.contains("round open until"), "{status}");

    // Alice redeems everything, in kind; nothing is left to redeem.
    let mut withdraw = vec!["-k", alice.as_str()];
    withdraw.extend(vault_args);
    let out = stdout_ok(&node.run(&["withdraw"], &withdraw));
    assert!(out.starts_with("redeemed "), "{out}");
    let e = stderr_line(&node.run(&["withdraw"], &withdraw));
    assert!(
        e.starts_with("error: insufficient balance: the wallet holds 0.000000000 shares"),
        "{e}"
    );
}

#[test]
fn user_errors_on_a_cluster_are_one_line() {
    let node = start_node("errors", &["--day-secs", "0"]);
    let broke = node.keypair("broke");
    let unknown = "11111111111111111111111111111112";

    let e = stderr_line(&node.run(
        &["status"],
        &["--vault", unknown, "--price-accounts", &node.prices],
    ));
    assert_eq!(
        e,
        format!(
            "error: vault {unknown} does not exist on {}; check the address (`ballast status` \
             without --vault shows the demo vault)",
            node.url
        )
    );
    // Deposit from a wallet that holds none of the asset: refused before sending.
    let e = stderr_line(&node.run(
        &["deposit"],
        &[
            "-k",
            &broke,
            "--vault",
            &node.vault,
            "--price-accounts",
            &node.prices,
            "--asset",
            "1",
            "--amount",
            "0.5",
        ],
    ));
    assert!(e.starts_with("error: insufficient balance: "), "{e}");
    assert!(e.contains("holds 0.00000000 of"), "{e}");
    // The wrong number of price accounts for the vault.
    let e = stderr_line(&node.run(
        &["deposit"],
        &[
            "-k",
            &broke,
            "--vault",
            &node.vault,
            "--price-accounts",
            unknown,
            "--asset",
            "1",
            "--amount",
            "0.5",
        ],
    ));
    assert!(
        e.contains("has 4 assets but 1 price accounts were given"),
        "{e}"
    );
    // init on a cluster names its mints, one price account each, and real mints.
    let e = stderr_line(&node.run(&["init"], &["-k", &broke, "--price-accounts", &node.prices]));
    assert_eq!(
        e,
        "error: --mints: required with --url: the mint of each asset, in vault order"
    );
    let e = stderr_line(&node.run(
        &["init"],
        &[
            "-k",
            &broke,
            "--mints",
            &node.mints[0],
            "--price-accounts",
            &node.prices,
        ],
    ));
    assert!(
        e.starts_with("error: --price-accounts: 4 price accounts for 1 mints"),
        "{e}"
    );
    let two_prices = node.prices.split(',').take(2).collect::<Vec<_>>().join(",");
    let e = stderr_line(&node.run(
        &["init"],
        &[
            "-k",
            &broke,
            "--mints",
            &format!("{},{unknown}", node.mints[0]),
            "--price-accounts",
            &two_prices,
        ],
    ));
    assert!(
        e.starts_with(&format!("error: --mints: {unknown} does not exist on")),
        "{e}"
    );
    let e = stderr_line(&node.run(
        &["init"],
        &[
            "-k",
            &broke,
            "--mints",
            &node.mints[..2].join(","),
            "--price-accounts",
            &two_prices,
            "--weights",
            "0.5,0.4",
        ],
    ));
    assert_eq!(
        e,
        "error: --weights: weights sum to 0.9, expected exactly 1"
    );
    // A wallet without SOL cannot pay for the vault: the cluster's refusal, one line.
    let e = stderr_line(&node.run(
        &["init"],
        &[
            "-k",
            &broke,
            "--mints",
            &node.mints[..2].join(","),
            "--price-accounts",
            &two_prices,
        ],
    ));
    assert!(
        e.starts_with("error: the wallet cannot pay the vault setup's fee (")
            && e.ends_with(
                "fund it with SOL (`ballast airdrop` on devnet or a local node) and retry"
            ),
        "{e}"
    );
    // --mints is for clusters; on the embedded chain the vault holds the demo assets.
    let e = stderr_line(&ballast(&["init", "-k", &broke, "--mints", unknown]));
    assert_eq!(
        e,
        "error: --mints: only with --url: the embedded chain's vault holds the demo assets"
    );
}

#[test]
fn the_node_clock_follows_the_wall_and_its_market_moves_every_day_secs() {
    let node = start_node("market", &["--day-secs", "1"]);
    let args = [
        "--vault",
        node.vault.as_str(),
        "--price-accounts",
        node.prices.as_str(),
        "--json",
    ];
    let status = || -> Value {
        serde_json::from_str(&stdout_ok(&node.run(&["status"], &args))).expect("status JSON")
    };
    let first = status();
    std::thread::sleep(Duration::from_millis(3_000));
    let second = status();
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as f64;
    let now = |v: &Value| v["now"].as_f64().expect("now");
    let sol = |v: &Value, key: &str| v["assets"][0][key].as_f64().expect(key);
    // The chain's clock is the wall clock (to the second it is set at), and the prices are
    // republished every second, so they are never stale while the node runs.
    assert!((now(&second) - wall).abs() <= 3.0, "{second}");
    assert!(sol(&second, "oracle_age_secs") <= 2.0, "{second}");
    assert!(now(&second) > now(&first), "{second}");
    // At least one simulated day passed: SOL's oracle price moved.
    assert_ne!(
        sol(&first, "price"),
        sol(&second, "price"),
        "{first}\n{second}"
    );
}

#[test]
fn prices_age_once_the_node_stops_publishing_them() {
    let node = start_node("stale", &["--day-secs", "0", "--prices-for-secs", "1"]);
    let args = [
        "--vault",
        node.vault.as_str(),
        "--price-accounts",
        node.prices.as_str(),
        "--json",
    ];
    std::thread::sleep(Duration::from_millis(4_000));
    let status: Value =
        serde_json::from_str(&stdout_ok(&node.run(&["status"], &args))).expect("status JSON");
    // Published at start and at most once more; the clock moved on at least 2 s since.
    for asset in status["assets"].as_array().expect("assets") {
        let age = asset["oracle_age_secs"].as_f64().expect("oracle_age_secs");
        assert!(age >= 2.0, "{status}");
    }
}
