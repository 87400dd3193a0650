//! `ballast status` and `ballast keeper run` on the embedded demo chain, and the one-line
//! errors a user can cause with them and with `ballast demo`.

use common::{ballast, stderr_line, stdout_ok};

mod common;

#[test]
fn status_shows_weights_bands_nav_oracle_ages_and_the_keeper_view() {
    let text = stdout_ok(&ballast(&["status", "--drift-bps", "5000"]));
    // The demo vault's founder paid the 10 bps entry spread into an empty vault: NAV per
    // share starts a little above $1, then SOL's 50 % rally on 40 % of it.
    let nps = number_after(&text, "NAV per share $");
    assert!((1.20..1.205).contains(&nps), "{text}");
    for asset in ["SOL", "BTC", "ETH", "USDC"] {
        assert!(text.contains(asset), "{text}");
    }
    assert!(text.contains("outside band"), "{text}");
    assert!(text.contains("oracle age"), "{text}");
    assert!(text.contains("last rebalance"), "{text}");
    assert!(
        text.contains("keeper now      a round is due: open it"),
        "{text}"
    );

    let stale = stdout_ok(&ballast(&["status", "--oracle-age", "600"]));
    assert!(stale.contains("600 s  STALE"), "{stale}");
    assert!(
        stale.contains("keeper now      oracle of asset 0 unusable: price is 600 s old"),
        "{stale}"
    );

    let json = stdout_ok(&ballast(&["status", "--json"]));
    assert!(json.starts_with("{\"vault\":"), "{json}");
    assert!(json.contains("\"oracle_age_secs\":0"), "{json}");
}

#[test]
fn keeper_run_rebalances_the_demo_vault_and_skips_a_stale_oracle() {
    let text = stdout_ok(&ballast(&[
        "keeper",
        "run",
        "--drift-bps",
        "5000",
        "--ticks",
        "8",
    ]));
    // The keeper opens a round, waits (10 s a tick) until the auction allows the pools'
    // prices, then trades.
    assert!(text.contains("tick 1: opened a rebalance round"), "{text}");
    assert!(text.contains("the round's auction allows"), "{text}");
    assert!(text.contains(": sold "), "{text}");
    assert!(
        text.contains("tick 8: idle: not due: open round complete"),
        "{text}"
    );
    let text = stdout_ok(&ballast(&[
        "keeper",
        "run",
        "--oracle-age",
        "600",
        "--ticks",
        "1",
    ]));
    assert!(
        text.contains(
            "tick 1: skipped: the oracle of SOL is unusable (price is 600 s old, over the 60 s \
             limit)"
        ),
        "{text}"
    );
}

#[test]
fn user_errors_are_one_line_saying_what_to_do() {
    let unknown = "11111111111111111111111111111112";
    for cmd in [&["status"][..], &["keeper", "run"][..]] {
        let mut args = cmd.to_vec();
        args.extend(["--vault", unknown]);
        let e = stderr_line(&ballast(&args));
        assert_eq!(
            e,
            format!(
                "error: vault {unknown} does not exist on the embedded demo chain; check the \
                 address (`ballast status` without --vault shows the demo vault)"
            )
        );
    }
    let e = stderr_line(&ballast(&["status", "--vault", "not-a-key"]));
    assert_eq!(e, "error: --vault: 'not-a-key' is not a base-58 address");
    let e = stderr_line(&ballast(&["status", "--programs-dir", "/no/such/dir"]));
    assert!(
        e.starts_with("error: cannot read program /no/such/dir/ballast.so:")
            && e.contains("scripts/build-sbf.sh"),
        "{e}"
    );
    // A real cluster: the vault and its price accounts must be named; an unreachable node
    // (a closed loopback port) is one line.
    let e = stderr_line(&ballast(&["status", "--url", "http://127.0.0.1:9"]));
    assert_eq!(e, "error: --vault: required with --url");
    let e = stderr_line(&ballast(&[
        "status",
        "--url",
        "http://127.0.0.1:9",
        "--vault",
        unknown,
    ]));
    assert!(
        e.starts_with("error: --price-accounts: required with --url"),
        "{e}"
    );
    let e = stderr_line(&ballast(&[
        "status",
        "--url",
        "127.0.0.1:9",
        "--vault",
        unknown,
    ]));
    assert_eq!(
        e,
        "error: --url: '127.0.0.1:9' is not an http:// or https:// URL"
    );
    let prices = format!("{unknown},{unknown}");
    for cmd in [
        &["status"][..],
        &["keeper", "run", "-k", "/no/such/key.json"][..],
    ] {
        let mut args = cmd.to_vec();
        args.extend([
            "--url",
            "http://127.0.0.1:9",
            "--vault",
            unknown,
            "--price-accounts",
            &prices,
        ]);
        let e = stderr_line(&ballast(&args));
        if cmd[0] == "keeper" {
            assert!(
                e.starts_with("error: --keypair /no/such/key.json: cannot read"),
                "{e}"
            );
            continue;
        }
        assert!(
            e.starts_with("error: chain unavailable: http://127.0.0.1:9: ")
                && e.ends_with("check that the cluster is reachable (--url) and try again"),
            "{e}"
        );
    }
    let e = stderr_line(&ballast(&["demo", "--days", "2"]));
    assert_eq!(e, "error: --days: must be at least 4");
    let e = stderr_line(&ballast(&[
        "demo",
        "--prices",
        "/no/such/SOL.csv",
        "/no/such/BTC.csv",
    ]));
    assert!(
        e.starts_with("error: /no/such/SOL.csv: cannot read:"),
        "{e}"
    );
    let e = stderr_line(&ballast(&["demo", "--policy", "bands", "--days", "5"]));
    assert!(
        e.starts_with("error: --policy: unknown policy 'bands'"),
        "{e}"
    );
    let e = stderr_line(&ballast(&["keeper", "run", "--ticks", "0"]));
    assert_eq!(e, "error: --ticks: must be at least 1");
}

fn keypair_file(tag: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ballast-cli-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{tag}.json"));
    let _ = std::fs::remove_file(&path);
    let path = path.to_string_lossy().into_owned();
    stdout_ok(&ballast(&["keygen", "-o", &path]));
    path
}

#[test]
fn wallet_commands_on_the_embedded_chain() {
    let key = keypair_file("wallet");
    let e = stderr_line(&ballast(&["keygen", "-o", &key]));
    assert!(e.contains("the file exists"), "{e}");

    let text = stdout_ok(&ballast(&[
        "deposit", "-k", &key, "--asset", "SOL", "--amount", "10",
    ]));
    // $1,500 of SOL, credited less the vault's 10 bps entry spread: the shares are worth
    // $1,498.50 at the NAV per share before the deposit, and a little more after it (the
    // $1.50 spread went to every holder, the depositor's 1.5 % included).
    assert!(text.starts_with("deposited 10.000000000 SOL: "), "{text}");
    let shares = number_after(&text, "SOL: ");
    let nps = number_after(&text, "NAV per share $");
    assert!((1_498.49..1_498.53).contains(&(shares * nps)), "{text}");

    let text = stdout_ok(&ballast(&[
        "withdraw",
        "-k",
        &key,
        "--deposit-first",
        "BTC=0.01",
        "--shares",
        "all",
    ]));
    // $600 of BTC less the spread, redeemed in full: every share deposited comes back.
    let deposited = number_after(&text, "BTC: ");
    assert!(
        text.contains(&format!("redeemed {deposited:.9} shares for ")),
        "{text}"
    );

    let text = stdout_ok(&ballast(&[
        "init",
        "-k",
        &key,
        "-w",
        "SOL=0.5,BTC=0.3,ETH=0.1,USDC=0.1",
    ]));
    assert!(text.contains("created vault "), "{text}");
    assert!(
        text.contains("rebalancing configured: absolute-band:band_bps=500"),
        "{text}"
    );
}

#[test]
fn wallet_user_errors_are_one_line_saying_what_to_do() {
    let key = keypair_file("errors");
    let e = stderr_line(&ballast(&[
        "deposit",
        "-k",
        "/no/such/key.json",
        "--asset",
        "SOL",
        "--amount",
        "1",
    ]));
    assert!(
        e.starts_with("error: --keypair /no/such/key.json: cannot read the keypair file")
            && e.contains("solana-keygen new -o /no/such/key.json"),
        "{e}"
    );
    let bad = std::env::temp_dir().join(format!("ballast-cli-bad-key-{}.json", std::process::id()));
    std::fs::write(&bad, "[1,2,3]").expect("write");
    let bad = bad.to_string_lossy().into_owned();
    let e = stderr_line(&ballast(&["withdraw", "-k", &bad]));
    assert!(e.contains("not a keypair file"), "{e}");

    let e = stderr_line(&ballast(&[
        "deposit", "-k", &key, "--asset", "SOL", "--amount", "1000",
    ]));
    assert_eq!(
        e,
        "error: insufficient balance: the wallet holds 66.666666666 SOL and asked to deposit \
         1000.000000000; deposit less (on the embedded chain, raise --faucet-usd)"
    );
    let e = stderr_line(&ballast(&["withdraw", "-k", &key]));
    assert!(
        e.starts_with("error: insufficient balance: the wallet holds 0.000000000 shares"),
        "{e}"
    );
    let e = stderr_line(&ballast(&[
        "deposit",
        "-k",
        &key,
        "--asset",
        "SOL",
        "--amount",
        "1",
        "--oracle-age",
        "600",
    ]));
    assert_eq!(
        e,
        "error: stale oracle: the SOL price is 600 s old, above the vault's 60 s limit; post a \
         fresh Pyth price update and retry"
    );
    let e = stderr_line(&ballast(&[
        "deposit",
        "-k",
        &key,
        "--asset",
        "SOL",
        "--amount",
        "1",
        "--vault",
        "11111111111111111111111111111112",
    ]));
    assert!(
        e.starts_with("error: vault 11111111111111111111111111111112 does not exist"),
        "{e}"
    );
    let e = stderr_line(&ballast(&[
        "deposit", "-k", &key, "--asset", "DOGE", "--amount", "1",
    ]));
    assert!(e.starts_with("error: --asset: unknown asset 'DOGE'"), "{e}");
    let e = stderr_line(&ballast(&[
        "deposit", "-k", &key, "--asset", "SOL", "--amount", "x",
    ]));
    assert!(
        e.starts_with("error: --amount: 'x' is not an amount"),
        "{e}"
    );
    // A real cluster that cannot be reached (a closed loopback port).
    let e = stderr_line(&ballast(&[
        "deposit",
        "-k",
        &key,
        "--asset",
        "0",
        "--amount",
        "1",
        "--url",
        "http://127.0.0.1:9",
        "--vault",
        "11111111111111111111111111111112",
        "--price-accounts",
        "11111111111111111111111111111112",
    ]));
    assert!(
        e.starts_with("error: chain unavailable: http://127.0.0.1:9: "),
        "{e}"
    );
    let e = stderr_line(&ballast(&[
        "init",
        "-k",
        &key,
        "--url",
        "http://127.0.0.1:9",
    ]));
    assert_eq!(
        e,
        "error: --mints: required with --url: the mint of each asset, in vault order"
    );
    let unknown = "11111111111111111111111111111112";
    let e = stderr_line(&ballast(&[
        "init",
        "-k",
        &key,
        "--url",
        "http://127.0.0.1:9",
        "--mints",
        unknown,
        "--price-accounts",
        unknown,
    ]));
    assert!(
        e.starts_with("error: chain unavailable: http://127.0.0.1:9: ")
            && e.ends_with("check that the cluster is reachable (--url) and try again"),
        "{e}"
    );
}

/// The number printed right after `label` in `text` (digits, commas and one dot).
fn number_after(text: &str, label: &str) -> f64 {
    let start = text
        .find(label)
        .unwrap_or_else(|| panic!("{label} in {text}"))
        + label.len();
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("a number after {label} in {text}"))
}
