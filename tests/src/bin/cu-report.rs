//! Compute-unit report: runs every instruction of the compiled `ballast.so` in LiteSVM for
//! vaults of 2, 4, 8 and 16 assets and writes the figures as a markdown table and as JSON.
//!
//! usage: cargo run -p ballast-tests --bin cu-report [-- OUT_DIR] [--check DOC.md]
//!
//! writes `cu-report.{md,json}` to OUT_DIR (default: target/cu-report); with `--check`, also
//! compares every row with the table committed in DOC.md and fails when one grew more than
//! `MAX_GROWTH_PERCENT` or is missing (the CI runs it against `docs/compute-units.md`).
//!
//! Columns: `total` is the Ballast instruction including every CPI it makes; `cpi` is the
//! part spent inside the called programs (token, system, and for `rebalance` the DEX);
//! `own` = total - cpi is Ballast's own code (account checks, oracle reads, math, CPI
//! overhead, event); `excl. DEX` = total minus the DEX's own units, the figure the
//! rebalance goal is stated in. The compute-budget instruction is excluded.
//!
//! The `rebalance` rows trade through the hostile test DEX in its honest mode (take the
//! input, pay the oracle-fair output: two token transfers), so the DEX part is small and
//! the same for every vault size.
//!
//! `tx bytes` is the signed transaction's size as the harness sends it: a compute-budget
//! instruction, the instruction, and a fee payer separate from the user (a wallet paying
//! its own fees saves 96 bytes: one signature and one key). A cluster refuses more than
//! 1,232 bytes; those rows are marked and need an address lookup table (a v0 transaction).

use ballast_tests::ix;
use ballast_tests::market::{self, Market};
use ballast_tests::*;

/// Largest transaction a cluster accepts, bytes.
const PACKET_DATA_SIZE: usize = 1232;

struct Row {
    assets: usize,
    instruction: &'static str,
    sent: Sent,
}

/// A market of `n` assets with the demo's rules (a 60 s auction) and both test venues.
fn auction_market(n: usize) -> Market {
    let rules =
        ballast_sandbox::market::demo_rules(vec![ballast_hostile_dex::ID, ballast_test_amm::ID]);
    Market::with(&n_assets(n), market::MARKET_NAV_USD, TEST_PARAMS, rules)
}

/// `open_round` of an `n`-asset market after asset 0 tripled, then a rebalance 30 s into
/// the round's auction: sell $50 of asset 0 for asset 1.
fn rebalance(n: usize) -> Vec<Row> {
    let mut m = auction_market(n);
    let tripled = m.v.assets[0].spec.price * 3;
    m.set_price(0, tripled);
    let open = m.h.send_ok(&[ix::open_round(&m.v).instruction()], &[]);
    let now = m.h.now();
    m.h.set_time(now + 30);
    m.h.refresh_prices(&m.v);
    let amount = m.v.assets[0].spec.amount_for_usd(50);
    let ix = m.fair_rebalance(0, 1, amount);
    let sent = m
        .send(&ix)
        .unwrap_or_else(|f| panic!("{:?}\n{}", f.error, f.logs.join("\n")));
    vec![
        Row {
            assets: n,
            instruction: "open_round",
            sent: open,
        },
        Row {
            assets: n,
            instruction: "rebalance (one swap, in the auction)",
            sent,
        },
    ]
}

/// The governance instructions on an `n`-asset market: a risk-reducing change at once, a
/// queued one and its execution after the timelock, a cancelled one, a discarded one, a
/// pause, a fee collection; below `MAX_ASSETS`, an asset added and removed.
fn governance(n: usize) -> Vec<Row> {
    use ballast::state::Change;
    use ballast_sdk::ix::{
        ApplyChange, CancelChange, CollectFees, DiscardChange, ExecuteChange, Pause, QueueChange,
        RemoveAsset,
    };
    use solana_signer::Signer;

    let mut m = auction_market(n);
    let manager = m.v.manager.insecure_clone();
    let vault = m.v.vault;
    let recipient = m.h.create_token_account(&m.v.share_mint, &manager.pubkey());
    let apply = ApplyChange::new(
        &manager.pubkey(),
        &vault,
        Change::FeeRecipient { recipient },
    );
    let applied = m.h.send_ok(&[apply.instruction()], &[&manager]);
    let fee = Change::ManagementFee { fee_bps: 100 };
    // A queued fee that can no longer execute (its recipient removed while no fee runs):
    // anyone discards it. Another, cancelled by the manager.
    let id = m.h.vault_state(&vault).next_change_id;
    let queue = QueueChange::new(&manager.pubkey(), &vault, id, fee.clone());
    m.h.send_ok(&[queue.instruction()], &[&manager]);
    let cancel = CancelChange::new(&manager.pubkey(), &vault, id, &manager.pubkey());
    let cancelled = m.h.send_ok(&[cancel.instruction()], &[&manager]);
    let id = m.h.vault_state(&vault).next_change_id;
    let queue = QueueChange::new(&manager.pubkey(), &vault, id, fee.clone());
    m.h.send_ok(&[queue.instruction()], &[&manager]);
    let nobody = Change::FeeRecipient {
        recipient: Default::default(),
    };
    let unset = ApplyChange::new(&manager.pubkey(), &vault, nobody);
    m.h.send_ok(&[unset.instruction()], &[&manager]);
    let discard = DiscardChange::new(&vault, id, &manager.pubkey());
    let discarded = m.h.send_ok(&[discard.instruction()], &[]);
    m.h.send_ok(&[apply.instruction()], &[&manager]);
    let id = m.h.vault_state(&vault).next_change_id;
    let queue = QueueChange::new(&manager.pubkey(), &vault, id, fee);
    let queued = m.h.send_ok(&[queue.instruction()], &[&manager]);
    let now = m.h.now();
    m.h.set_time(now + i64::from(TIMELOCK_SECS));
    let execute = ExecuteChange::new(&manager.pubkey(), &vault, id, &manager.pubkey());
    let executed = m.h.send_ok(&[execute.instruction()], &[&manager]);
    let now = m.h.now();
    m.h.set_time(now + 86_400);
    let collect = CollectFees::new(&vault, &recipient);
    let collected = m.h.send_ok(&[collect.instruction()], &[]);
    let pause = Pause::new(&manager.pubkey(), &vault, 3);
    let paused = m.h.send_ok(&[pause.instruction()], &[&manager]);
    let mut rows = vec![
        ("apply_change (fee recipient)", applied),
        ("queue_change (fee)", queued),
        ("execute_change (fee)", executed),
        ("cancel_change", cancelled),
        ("discard_change (no longer valid)", discarded),
        ("collect_fees", collected),
        ("pause", paused),
    ];
    // Room for one more asset: add one (its reserve created) and remove it again.
    if n < ballast::constants::MAX_ASSETS {
        let mint = m.h.create_mint(6, TokenKind::Token);
        let id = m.h.vault_state(&vault).next_change_id;
        let add = Change::AddAsset {
            mint,
            feed_id: [42; 32],
        };
        let queue = QueueChange::new(&manager.pubkey(), &vault, id, add);
        m.h.send_ok(&[queue.instruction()], &[&manager]);
        let now = m.h.now();
        m.h.set_time(now + i64::from(TIMELOCK_SECS));
        let execute = ExecuteChange::new(&manager.pubkey(), &vault, id, &manager.pubkey())
            .adding(&mint, &anchor_spl::token::ID);
        rows.push((
            "execute_change (add asset)",
            m.h.send_ok(&[execute.instruction()], &[&manager]),
        ));
        let accounts = m.v.accounts_with_added(&mint);
        let remove = RemoveAsset::new(&manager.pubkey(), &accounts, n, false)
            .unwrap_or_else(|e| panic!("remove_asset: {e}"));
        rows.push((
            "remove_asset (the added one)",
            m.h.send_ok(&[remove.instruction()], &[&manager]),
        ));
    }
    rows.into_iter()
        .map(|(instruction, sent)| Row {
            assets: n,
            instruction,
            sent,
        })
        .collect()
}

/// A rebalance of an `n`-asset market through Raydium CPMM (a source build of the pinned
/// commit, `../shared/venues/`) after asset 0 tripled: sell $50 of it for asset 1 through a
/// $5M-a-side pool under the 0.25 % config. `None` (after one line saying how to get the
/// program) when CPMM is missing.
fn rebalance_cpmm(n: usize) -> Option<Row> {
    use ballast_tests::cpmm;
    let mut m = cpmm::cpmm_market(&n_assets(n))?;
    let tripled = m.v.assets[0].spec.price * 3;
    m.set_price(0, tripled);
    let pool = cpmm::create_pool(&mut m, &cpmm::standard(), 0, 1, 5_000_000);
    let amount = m.v.assets[0].spec.amount_for_usd(50);
    let ix = cpmm::cpmm_rebalance(&m, &pool, 0, 1, amount, 0);
    let sent = m
        .send(&ix)
        .unwrap_or_else(|f| panic!("{:?}\n{}", f.error, f.logs.join("\n")));
    Some(Row {
        assets: n,
        instruction: "rebalance through Raydium CPMM (one swap)",
        sent,
    })
}

fn measure(n: usize) -> Vec<Row> {
    let mut h = Harness::new();
    let specs = n_assets(n);
    // create_vault sends initialize_vault; measure it again on a second vault for the row.
    let v = h.create_vault(&specs);
    let w = h.prepare_vault(&specs, 9);
    let init = h.send_ok(&[ix::initialize_vault(&w).instruction()], &[&w.manager]);

    let amounts: Vec<u64> = specs
        .iter()
        .map(|s| 1_000 * 10u64.pow(u32::from(s.decimals)))
        .collect();
    let user = h.create_user(&v, &amounts);
    let first = h.send_ok(
        &[ix::deposit(&v, &user, 0, amounts[0] / 10).instruction()],
        &[&user.keypair],
    );
    for (i, amount) in amounts.iter().enumerate().skip(1) {
        h.send_ok(
            &[ix::deposit(&v, &user, i, amount / 10).instruction()],
            &[&user.keypair],
        );
    }
    let later = h.send_ok(
        &[ix::deposit(&v, &user, n - 1, amounts[n - 1] / 10).instruction()],
        &[&user.keypair],
    );
    let shares = h.token_balance(&user.shares) / 3;
    let withdraw = h.send_ok(
        &[ix::withdraw(&v, &user, shares).instruction()],
        &[&user.keypair],
    );
    vec![
        Row {
            assets: n,
            instruction: "initialize_vault",
            sent: init,
        },
        Row {
            assets: n,
            instruction: "deposit (first, empty vault)",
            sent: first,
        },
        Row {
            assets: n,
            instruction: "deposit (every reserve funded)",
            sent: later,
        },
        Row {
            assets: n,
            instruction: "withdraw (every asset paid)",
            sent: withdraw,
        },
    ]
}

/// Most an instruction may grow over the committed table before `--check` fails, percent.
const MAX_GROWTH_PERCENT: u64 = 5;

/// The `(assets, instruction) -> total CU` rows of the first markdown table of `doc` whose
/// header is the report's.
fn committed_totals(doc: &str) -> Vec<((usize, String), u64)> {
    doc.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let assets = cells.get(1)?.parse().ok()?;
            let total = cells.get(3)?.parse().ok()?;
            Some(((assets, cells.get(2)?.to_string()), total))
        })
        .collect()
}

/// The rows [`check_against`] does not compare: they derive PDAs of random test keys (a
/// manager, a vault, a new mint), whose canonical bump is found by a search that takes a
/// different number of tries (about 1,500 CU each) in every run.
const BUMP_SEARCHING: [&str; 4] = [
    "initialize_vault",
    "queue_change",
    "execute_change (add asset)",
    "remove_asset",
];

/// Compares the measured `rows` with the table committed in `doc`: every measured row must
/// be in it and at most `MAX_GROWTH_PERCENT` above it, but for [`BUMP_SEARCHING`]'s.
/// Returns the problems.
fn check_against(doc: &str, rows: &[(usize, String, u64)]) -> Vec<String> {
    let committed = committed_totals(doc);
    let mut problems = Vec::new();
    for (assets, instruction, total) in rows {
        if BUMP_SEARCHING.iter().any(|p| instruction.starts_with(p)) {
            continue;
        }
        let key = (*assets, instruction.clone());
        match committed.iter().find(|(k, _)| *k == key) {
            None => problems.push(format!("{assets} assets, {instruction}: not in the committed table")),
            Some((_, was)) if total * 100 > was * (100 + MAX_GROWTH_PERCENT) => problems.push(format!(
                "{assets} assets, {instruction}: {total} CU, more than {MAX_GROWTH_PERCENT} % over the committed {was}"
            )),
            Some(_) => {}
        }
    }
    problems
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args
        .iter()
        .position(|a| a == "--check")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let out = args
        .iter()
        .find(|a| !a.starts_with("--") && Some(*a) != check.as_ref())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cu-report")
        });
    std::fs::create_dir_all(&out)?;
    let rows: Vec<Row> = [2, 4, 8, 16]
        .into_iter()
        .flat_map(|n| {
            let mut rows = measure(n);
            rows.extend(rebalance(n));
            // Governance reads no asset (the vault is zero-copy): 4 and 16 assets show it.
            if n == 4 || n == 16 {
                rows.extend(governance(n));
            }
            rows.extend(rebalance_cpmm(n));
            rows
        })
        .collect();

    let mut md = String::from(
        "| assets | instruction | total CU | in CPIs | Ballast's own | excl. DEX | tx bytes |\n|---:|---|---:|---:|---:|---:|---:|\n",
    );
    let mut json = String::from("[\n");
    for (i, r) in rows.iter().enumerate() {
        let (total, cpi) = (r.sent.ballast_units(), r.sent.cpi_units());
        let excl_dex = total
            - r.sent.cpi_units_of(&ballast_hostile_dex::ID)
            - r.sent.cpi_units_of(&ballast_tests::cpmm::PROGRAM_ID);
        let too_large = if r.sent.tx_bytes > PACKET_DATA_SIZE {
            " (too large)"
        } else {
            ""
        };
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {}{too_large} |\n",
            r.assets,
            r.instruction,
            total,
            cpi,
            total - cpi,
            excl_dex,
            r.sent.tx_bytes
        ));
        json.push_str(&format!(
            "  {{\"assets\": {}, \"instruction\": \"{}\", \"total\": {}, \"cpi\": {}, \"own\": {}, \"excl_dex\": {}, \"tx_bytes\": {}}}{}\n",
            r.assets,
            r.instruction,
            total,
            cpi,
            total - cpi,
            excl_dex,
            r.sent.tx_bytes,
            if i + 1 == rows.len() { "" } else { "," }
        ));
    }
    json.push_str("]\n");
    std::fs::write(out.join("cu-report.md"), &md)?;
    std::fs::write(out.join("cu-report.json"), &json)?;
    println!("{md}");
    println!("written to {}", out.display());
    if let Some(doc) = check {
        let text = std::fs::read_to_string(&doc)?;
        let measured: Vec<(usize, String, u64)> = rows
            .iter()
            .map(|r| (r.assets, r.instruction.to_string(), r.sent.ballast_units()))
            .collect();
        let problems = check_against(&text, &measured);
        if !problems.is_empty() {
            eprintln!(
                "compute units drifted from {doc} (regenerate the table with `cargo run -p \
                 ballast-tests --bin cu-report` and update it, or make the instruction cheaper):"
            );
            for p in &problems {
                eprintln!("  {p}");
            }
            std::process::exit(1);
        }
        println!("every instruction within {MAX_GROWTH_PERCENT} % of {doc}");
    }
    Ok(())
}
