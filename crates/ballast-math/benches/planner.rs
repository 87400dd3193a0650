//! Planning benchmarks: `plan_rebalance` for 16 and 50 assets, and one `check_swap`.
#![allow(clippy::arithmetic_side_effects, missing_docs)]

use std::hint::black_box;

use ballast_math::planner::{
    check_swap, nav_of, plan_rebalance, AssetPrice, Swap, SwapLimits, SwapList,
};
use ballast_math::policy::Policy;
use ballast_math::target::{trade_target_values, TradeTarget};
use ballast_math::{OraclePrice, Wad};
use criterion::{criterion_group, criterion_main, Criterion};

/// A drifted portfolio of `n` assets: equal targets (the last one absorbs the rounding),
/// values alternating between 70 % and 130 % of target, prices of mixed magnitudes.
fn portfolio(n: usize) -> (Vec<Wad>, Vec<u16>, Vec<AssetPrice>) {
    let base = (10_000 / n) as u16;
    let mut targets = vec![base; n];
    targets[n - 1] = 10_000 - base * (n as u16 - 1);
    let values = (0..n)
        .map(|i| {
            Wad::from_int(if i % 2 == 0 {
                700 + i as u64
            } else {
                1_300 + 3 * i as u64
            })
        })
        .collect();
    let prices = (0..n)
        .map(|i| AssetPrice {
            price: OraclePrice {
                price: 100_000_000 * (1 + (i as i64 % 7) * 37),
                conf: 50_000,
                exponent: -8,
            },
            decimals: [6, 8, 9][i % 3],
        })
        .collect();
    (values, targets, prices)
}

fn bench_plan<const N: usize>(c: &mut Criterion, n: usize, mode: TradeTarget) {
    let (values, targets, prices) = portfolio(n);
    let policy = Policy::FIVE_TWENTY_FIVE;
    let name = format!("plan_rebalance/{n}/{}", mode.name());
    let plan: SwapList<N> = plan_rebalance(
        &values,
        &targets,
        &prices,
        &policy,
        &[],
        mode,
        Wad::from_int(1),
    )
    .unwrap();
    assert!(!plan.is_empty() && plan.len() < n);
    c.bench_function(&name, |b| {
        b.iter(|| {
            let plan: SwapList<N> = plan_rebalance(
                black_box(&values),
                black_box(&targets),
                black_box(&prices),
                &policy,
                &[],
                mode,
                Wad::from_int(1),
            )
            .unwrap();
            black_box(plan)
        })
    });
}

fn bench_check(c: &mut Criterion) {
    let (values, targets, prices) = portfolio(50);
    let mut bands = vec![Wad::ZERO; 50];
    Policy::FIVE_TWENTY_FIVE
        .bands(&targets, &[], &mut bands)
        .unwrap();
    let mut tt = vec![Wad::ZERO; 50];
    trade_target_values(
        &values,
        &targets,
        &bands,
        TradeTarget::OutOfBandToTarget,
        &mut tt,
    )
    .unwrap();
    let plan: SwapList<64> =
        ballast_math::planner::plan_swaps(&values, &tt, &prices, Wad::from_int(1)).unwrap();
    let swap: Swap = plan.as_slice()[0];
    let limits = SwapLimits {
        nav: nav_of(&values).unwrap(),
        max_swap_bps: 10_000,
        min_notional: Wad::from_int(1),
    };
    let price = prices[usize::from(swap.sell)];
    c.bench_function("check_swap", |b| {
        b.iter(|| {
            check_swap(
                black_box(&values),
                &targets,
                &tt,
                &price,
                black_box(&swap),
                &limits,
            )
            .unwrap()
        })
    });
}

fn benches(c: &mut Criterion) {
    for mode in TradeTarget::ALL {
        bench_plan::<16>(c, 16, mode);
        bench_plan::<64>(c, 50, mode);
    }
    bench_check(c);
}

criterion_group!(planner, benches);
criterion_main!(planner);
