//! The randomized campaign as a bench binary: any number of steps, its figures written to
//! `target/campaign/campaign-<seed>.json` and printed.
//!
//! usage: cargo run --release -p ballast-tests --bin campaign -- [--steps N] [--seed S]

use std::time::Instant;

use ballast_tests::campaign::{actions, run, shrink};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number"))
        })
        .unwrap_or(default)
}

fn main() -> std::io::Result<()> {
    let steps = usize::try_from(arg("--steps", 2_000)).unwrap_or(2_000);
    let seed = arg("--seed", 1);
    let plan = actions(seed, steps, 4, 3);
    let started = Instant::now();
    let report = run(&plan);
    let secs = started.elapsed().as_secs_f64();
    let (violation, shortest) = match &report.violation {
        Some((at, v)) => {
            let shortest = shrink(&plan[..=*at], 200);
            (Some(v.0.clone()), shortest)
        }
        None => (None, Vec::new()),
    };
    let json =
        format!(
        "{{\"seed\": {seed}, \"steps\": {}, \"seconds\": {secs:.3}, \"steps_per_second\": {:.1}, \
         \"succeeded\": {}, \"refused\": {}, \"rounds\": {}, \"swaps\": {}, \
         \"worst_stale_gain_usd\": {:.4}, \"its_bound_usd\": {:.4}, \
         \"worst_swap_loss_share_of_allowance\": {:.4}, \"violation\": {}}}\n",
        report.steps,
        report.steps as f64 / secs.max(1e-9),
        report.succeeded,
        report.refused,
        report.rounds,
        report.swaps,
        report.worst_stale_gain.0,
        report.worst_stale_gain.1,
        report.worst_swap_loss_share,
        violation.as_ref().map_or("null".to_string(), |v| format!("{v:?}")),
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/campaign");
    std::fs::create_dir_all(&out)?;
    let path = out.join(format!("campaign-{seed}.json"));
    std::fs::write(&path, &json)?;
    print!("{json}");
    println!("written to {}", path.display());
    if violation.is_some() {
        eprintln!(
            "shortest sequence showing it ({} steps, seed {seed}):",
            shortest.len()
        );
        for (i, a) in shortest.iter().enumerate() {
            eprintln!("  {i:>4}: {a:?}");
        }
        std::process::exit(1);
    }
    Ok(())
}
