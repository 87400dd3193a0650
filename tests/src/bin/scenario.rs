//! A scripted life of a vault on an embedded chain (LiteSVM running the compiled programs with
//! the real SPL Token programs): a 4-asset vault funded at its targets, two depositors, a
//! market move that pushes it out of its bands, a keeper round through the local test AMM, and
//! redemptions, with balances, weights and compute units printed along the way.
//!
//! usage: scripts/demo.sh   (builds the programs, then runs this binary)

use ballast::events::Rebalanced;
use ballast_math::shares::nav_per_share;
use ballast_math::Wad;
use ballast_tests::ix::{DepositIx, WithdrawIx};
use ballast_tests::market::Market;
use ballast_tests::venue::{
    amm_rebalance, arbitrage_to_oracle, next_swap, round_fractions, MarketPools,
};
use ballast_tests::*;

const NAMES: [&str; 4] = ["SOL", "BTC", "ETH", "USDC"];
const SOL: usize = 0;
const ETH: usize = 2;

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

fn print_vault(m: &Market) {
    let reserves: Vec<Pubkey> = m.v.assets.iter().map(|a| a.reserve).collect();
    let nav = m.h.value_at_spec_prices(&m.v, &reserves);
    let supply = m.h.mint_supply(&m.v.share_mint);
    for (i, (a, name)) in m.v.assets.iter().zip(NAMES).enumerate() {
        let own = m.h.asset_value(&m.v, i, &a.reserve);
        // Display only: a float percentage.
        let weight = own.raw() as f64 / nav.raw().max(1) as f64 * 100.0;
        let target = f64::from(a.spec.weight_bps) / 100.0;
        let flag = if (weight - target).abs() > 5.0 {
            "  <- outside the 5-point band"
        } else {
            ""
        };
        println!(
            "    {name:<5} {:>22}  {:>12}  {weight:>5.1}% (target {target:>4.1}%){flag}",
            units(m.h.token_balance(&a.reserve), a.decimals),
            usd(own),
        );
    }
    let per_share = nav_per_share(nav, supply).expect("fits");
    println!(
        "    NAV {}   shares {}   NAV per share {}",
        usd(nav),
        units(supply, 9),
        usd(per_share)
    );
}

fn main() {
    println!("Ballast on an embedded chain (LiteSVM + the compiled programs)\n");
    let mut m = Market::new(&FOUR_ASSETS);
    let pools = MarketPools::create_all(&mut m, 5_000_000, 30);
    println!(
        "1. A manager creates a vault (SOL 40%, BTC 30%, ETH 20%, USDC 10%; Pyth prices $150,"
    );
    println!(
        "   $60,000, $3,000, $1), a liquidity provider funds it with $100,000 at its targets,"
    );
    println!("   and rebalancing is configured: 5-point absolute band, trade to target, 1% max");
    println!("   slippage, 10 bps keeper reward capped at $10. Six AMM pools hold $5M a side.");
    print_vault(&m);

    let mut cu: Vec<(&str, u64)> = Vec::new();
    let alice = m.h.create_user(&m.v, &[10_000_000_000, 0, 0, 0]);
    let bob = m.h.create_user(&m.v, &[0, 5_000_000, 0, 0]);
    println!("\n2. Alice deposits 10 SOL, Bob 0.05 BTC.");
    for (user, name, asset, amount) in [
        (&alice, "alice", 0, 10_000_000_000u64),
        (&bob, "bob", 1, 5_000_000),
    ] {
        let sent = m.h.send_ok(
            &[DepositIx::new(&m.v, user, asset, amount).instruction()],
            &[&user.keypair],
        );
        println!(
            "   {name:<6} {:>14} {:<4} -> {:>15} shares  ({} CU)",
            units(amount, m.v.assets[asset].decimals),
            NAMES[asset],
            units(m.h.token_balance(&user.shares), 9),
            sent.ballast_units()
        );
        cu.push(("deposit", sent.ballast_units()));
    }

    println!(
        "\n3. SOL rallies 50% to $225 and ETH falls 30% to $2,100; arbitrageurs bring the pools"
    );
    println!("   to the new oracle prices.");
    m.set_price(SOL, 22_500_000_000);
    m.set_price(ETH, 210_000_000_000);
    let all_pools: Vec<_> = pools.all().copied().collect();
    for pool in &all_pools {
        arbitrage_to_oracle(&mut m, pool, 2.0);
    }
    print_vault(&m);

    println!("\n4. A keeper finds the vault outside its bands and runs a round through the AMM:");
    let fractions = round_fractions(&m);
    while let Some(swap) = next_swap(&m, &fractions, 20) {
        let (sell, buy) = (usize::from(swap.sell), usize::from(swap.buy));
        let pool = *pools.get(sell, buy);
        arbitrage_to_oracle(&mut m, &pool, 2.0);
        let sent = m
            .send(&amm_rebalance(&m, &pool, sell, buy, swap.amount_in, 0))
            .unwrap_or_else(|f| panic!("{:?}\n{}", f.error, f.logs.join("\n")));
        let event = &events::<Rebalanced>(&sent.logs)[0];
        println!(
            "   sell {:>16} {:<4} -> {:>16} {:<4}  at {:.2}% of the oracle price, keeper reward {} ({} CU excl. the AMM)",
            units(event.amount_in, m.v.assets[sell].decimals),
            NAMES[sell],
            units(event.amount_out, m.v.assets[buy].decimals),
            NAMES[buy],
            event.realised_vs_oracle_bps as f64 / 100.0,
            units(event.keeper_reward, m.v.assets[buy].decimals),
            sent.ballast_units() - sent.cpi_units_of(&ballast_test_amm::ID)
        );
        cu.push((
            "rebalance",
            sent.ballast_units() - sent.cpi_units_of(&ballast_test_amm::ID),
        ));
    }
    print_vault(&m);

    println!(
        "\n5. Alice and Bob redeem all their shares: paid in kind, pro rata, no oracle needed."
    );
    for (user, name, asset, amount) in [
        (&alice, "alice", 0, 10_000_000_000u64),
        (&bob, "bob", 1, 5_000_000),
    ] {
        let price = m.asset_price(asset);
        let start = ballast_math::oracle::token_value(
            amount,
            price.decimals,
            &price.price,
            ballast_math::PriceSide::Mid,
            ballast_math::Rounding::Down,
        )
        .expect("fits");
        let shares = m.h.token_balance(&user.shares);
        let sent = m.h.send_ok(
            &[WithdrawIx::new(&m.v, user, shares).instruction()],
            &[&user.keypair],
        );
        let end = m.h.value_at_spec_prices(&m.v, &user.tokens);
        let got: Vec<String> =
            m.v.assets
                .iter()
                .zip(&user.tokens)
                .zip(NAMES)
                .map(|((a, t), n)| format!("{} {n}", units(m.h.token_balance(t), a.decimals)))
                .collect();
        println!("   {name:<6} gets {}", got.join(", "));
        println!(
            "          worth {} now; what they put in is worth {} at today's prices  ({} CU)",
            usd(end),
            usd(start),
            sent.ballast_units()
        );
        cu.push(("withdraw", sent.ballast_units()));
    }
    print_vault(&m);

    println!("\nCompute units (Ballast instruction incl. token CPIs, 4-asset vault):");
    for (name, units) in cu {
        println!("   {name:<10} {units}");
    }
    println!("\nFull table for 2/4/8/16 assets: cargo run -p ballast-tests --bin cu-report");
}
