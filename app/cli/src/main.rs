//! `ballast`: the Ballast command line.
//!
//! Subcommands today: `backtest` and `tune` (see `ballast help <command>`). Each subcommand
//! is one module with an `Args` struct (clap derive) and a `run` function; vault commands
//! (demo, init, deposit, withdraw, status, keeper) will be added the same way.
//!
//! Errors a user can cause print one line, `error: ...`, naming the file and line or the
//! argument at fault, and exit with status 2 (like clap's own usage errors).

mod backtest;
mod data;
mod json;
mod tune;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Ballast: a Solana portfolio-rebalancing vault.
#[derive(Parser)]
#[command(name = "ballast", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Backtest one policy on price CSVs (or a seeded synthetic market).
    Backtest(backtest::Args),
    /// Run a grid of policies, bands and trade-target modes; print the cost / tracking-error
    /// frontier and a recommendation.
    Tune(tune::Args),
}

/// A user-facing error: one line.
#[derive(Debug)]
pub struct CliError(String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.replace(['\n', '\r'], " "))
    }
}

impl From<ballast_backtest::BacktestError> for CliError {
    fn from(e: ballast_backtest::BacktestError) -> Self {
        CliError(e.to_string())
    }
}

impl CliError {
    /// An error about a command-line argument.
    pub fn arg(arg: &str, msg: impl std::fmt::Display) -> CliError {
        CliError(format!("{arg}: {msg}"))
    }
}

/// Writes `text` to `path`, naming the path on failure.
pub fn write_file(path: &str, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError(format!("{path}: cannot write: {e}")))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Backtest(args) => backtest::run(args),
        Command::Tune(args) => tune::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
