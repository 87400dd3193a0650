//! Compute-unit report: runs every instruction of the compiled `ballast.so` in LiteSVM for
//! vaults of 2, 4, 8 and 16 assets and writes the figures as a markdown table and as JSON.
//!
//! usage: cargo run -p ballast-tests --bin cu-report [-- OUT_DIR]   (default: target/cu-report)
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
use ballast_tests::market::Market;
use ballast_tests::*;

/// Largest transaction a cluster accepts, bytes.
const PACKET_DATA_SIZE: usize = 1232;

struct Row {
    assets: usize,
    instruction: &'static str,
    sent: Sent,
}

/// A rebalance of an `n`-asset market after asset 0 tripled: sell $50 of it for asset 1.
fn rebalance(n: usize) -> Row {
    let mut m = Market::new(&n_assets(n));
    let tripled = m.v.assets[0].spec.price * 3;
    m.set_price(0, tripled);
    let amount = m.v.assets[0].spec.amount_for_usd(50);
    let ix = m.fair_rebalance(0, 1, amount);
    let sent = m
        .send(&ix)
        .unwrap_or_else(|f| panic!("{:?}\n{}", f.error, f.logs.join("\n")));
    Row {
        assets: n,
        instruction: "rebalance (one swap)",
        sent,
    }
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

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cu-report")
        });
    std::fs::create_dir_all(&out)?;
    let rows: Vec<Row> = [2, 4, 8, 16]
        .into_iter()
        .flat_map(|n| {
            let mut rows = measure(n);
            rows.push(rebalance(n));
            rows
        })
        .collect();

    let mut md = String::from(
        "| assets | instruction | total CU | in CPIs | Ballast's own | excl. DEX | tx bytes |\n|---:|---|---:|---:|---:|---:|---:|\n",
    );
    let mut json = String::from("[\n");
    for (i, r) in rows.iter().enumerate() {
        let (total, cpi) = (r.sent.ballast_units(), r.sent.cpi_units());
        let excl_dex = total - r.sent.cpi_units_of(&ballast_hostile_dex::ID);
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
    Ok(())
}
