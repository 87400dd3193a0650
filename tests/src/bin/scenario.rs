//! A short scripted life of a vault on an embedded chain (LiteSVM running the compiled
//! `ballast.so` with the real SPL Token programs): create a 4-asset vault, let three
//! depositors in, move a price, let them out, and print balances and compute units.
//!
//! usage: scripts/demo.sh   (builds the program, then runs this binary)

use ballast_math::shares::nav_per_share;
use ballast_math::Wad;
use ballast_tests::ix::{DepositIx, WithdrawIx};
use ballast_tests::*;

const NAMES: [&str; 4] = ["SOL", "BTC", "ETH", "USDC"];

fn units(amount: u64, decimals: u8) -> String {
    let scale = 10u64.pow(u32::from(decimals));
    format!(
        "{}.{:0width$}",
        amount / scale,
        amount % scale,
        width = usize::from(decimals)
    )
}

fn usd(w: Wad) -> String {
    let cents = w.raw() / 10_000_000_000_000_000;
    format!("${}.{:02}", cents / 100, cents % 100)
}

fn print_vault(h: &Harness, v: &VaultFixture) {
    let reserves: Vec<Pubkey> = v.assets.iter().map(|a| a.reserve).collect();
    let nav = h.value_at_spec_prices(v, &reserves);
    let supply = h.mint_supply(&v.share_mint);
    println!("  vault:");
    for (i, (a, name)) in v.assets.iter().zip(NAMES).enumerate() {
        let own = h.asset_value(v, i, &a.reserve);
        // Display only: a float percentage.
        let weight = if nav == Wad::ZERO {
            0.0
        } else {
            own.raw() as f64 / nav.raw() as f64 * 100.0
        };
        println!(
            "    {name:<5} reserve {:>22}  {:>14}  weight {:>5.1}% (target {:>4.1}%)",
            units(h.token_balance(&a.reserve), a.decimals),
            usd(own),
            weight,
            f64::from(a.spec.weight_bps) / 100.0
        );
    }
    let per_share = nav_per_share(nav, supply).expect("fits");
    println!(
        "    NAV {}  shares {}  NAV/share {}",
        usd(nav),
        units(supply, 9),
        usd(per_share)
    );
}

fn main() {
    let mut h = Harness::new();
    println!("Ballast scenario on an embedded chain (LiteSVM + compiled ballast.so)\n");
    let v = h.create_vault(&FOUR_ASSETS);
    println!("1. The manager creates a vault: SOL 40%, BTC 30%, ETH 20%, USDC 10% (Pyth prices $150, $60,000, $3,000, $1).");
    let alice = h.create_user(&v, &[10_000_000_000, 0, 0, 0]);
    let bob = h.create_user(&v, &[0, 5_000_000, 0, 0]);
    let carol = h.create_user(&v, &[0, 0, 0, 2_000_000_000]);

    let mut cu = Vec::new();
    println!("\n2. Alice deposits 10 SOL, Bob 0.05 BTC, Carol 2,000 USDC.");
    for (user, name, asset, amount) in [
        (&alice, "alice", 0, 10_000_000_000u64),
        (&bob, "bob", 1, 5_000_000),
        (&carol, "carol", 3, 2_000_000_000),
    ] {
        let sent = h.send_ok(
            &[DepositIx::new(&v, user, asset, amount).instruction()],
            &[&user.keypair],
        );
        println!(
            "   {name:<6} deposits {:>14} {:<4} -> {:>14} shares   ({} CU)",
            units(amount, v.assets[asset].decimals),
            NAMES[asset],
            units(h.token_balance(&user.shares), 9),
            sent.ballast_units()
        );
        cu.push(("deposit", sent.ballast_units()));
    }
    print_vault(&h, &v);

    println!("\n3. SOL rallies 20% to $180; a new Pyth price is posted.");
    let mut v = v;
    v.assets[0].spec.price = 18_000_000_000;
    h.refresh_prices(&v);
    print_vault(&h, &v);

    println!("\n4. Alice redeems all her shares, Bob half of his: paid in kind, pro rata, no oracle needed.");
    for (user, name, fraction) in [(&alice, "alice", 1u64), (&bob, "bob", 2)] {
        let shares = h.token_balance(&user.shares) / fraction;
        let before = h.value_at_spec_prices(&v, &user.tokens);
        let sent = h.send_ok(
            &[WithdrawIx::new(&v, user, shares).instruction()],
            &[&user.keypair],
        );
        let got: Vec<String> = v
            .assets
            .iter()
            .zip(&user.tokens)
            .zip(NAMES)
            .map(|((a, t), n)| format!("{} {n}", units(h.token_balance(t), a.decimals)))
            .collect();
        let after = h.value_at_spec_prices(&v, &user.tokens);
        println!(
            "   {name:<6} burns {:>14} shares -> wallet now {} (+{})   ({} CU)",
            units(shares, 9),
            got.join(", "),
            usd(after.checked_sub(before).unwrap_or(Wad::ZERO)),
            sent.ballast_units()
        );
        cu.push(("withdraw", sent.ballast_units()));
    }
    print_vault(&h, &v);

    println!("\nCompute units (Ballast instruction incl. token CPIs, 4-asset vault):");
    for (name, units) in cu {
        println!("   {name:<9} {units}");
    }
    println!("\nFull table for 2/4/8/16 assets: cargo run -p ballast-tests --bin cu-report");
}
