//! The randomized campaign of `ballast_tests::campaign` in the test command: 2,000 seeded
//! steps (two seeds of 1,000), every invariant checked after every step. A violation fails
//! with its seed and the shortest sequence that still shows it.

use ballast_tests::campaign::{actions, run, shrink};

fn campaign(seed: u64, steps: usize) {
    let plan = actions(seed, steps, 4, 3);
    let report = run(&plan);
    println!(
        "seed {seed}: {} steps, {} refused, {} rounds, {} swaps, worst stale gain ${:.2} (bound \
         ${:.2}), worst swap loss {:.0}% of its allowance",
        report.steps,
        report.refused,
        report.rounds,
        report.swaps,
        report.worst_stale_gain.0,
        report.worst_stale_gain.1,
        report.worst_swap_loss_share * 100.0
    );
    if let Some((at, violation)) = report.violation {
        let shortest = shrink(&plan[..=at], 60);
        let steps: Vec<String> = shortest.iter().map(|a| format!("{a:?}")).collect();
        panic!(
            "seed {seed}, step {at}: {}\nshortest sequence ({} steps):\n{}",
            violation.0,
            steps.len(),
            steps.join("\n")
        );
    }
    assert_eq!(report.steps, steps);
    // The campaign exercised what it claims to.
    assert!(
        report.swaps > 0 && report.rounds > 0 && report.refused > 0,
        "{report:?}"
    );
}

#[test]
fn campaign_seed_1() {
    campaign(1, 1_000);
}

#[test]
fn campaign_seed_2() {
    campaign(2, 1_000);
}
