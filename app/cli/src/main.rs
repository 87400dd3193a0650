//! `ballast`: the Ballast command line.
//!
//! Subcommands: `backtest` and `tune` (policy research), `demo` (a vault's life on the
//! embedded chain), `status`, `keeper run`, `init`, `deposit`, `withdraw`, governance
//! (`propose`, `execute`, `cancel`, `discard`, `pause`, `collect-fees`, `remove-asset`,
//! `publish-table`), `keygen`, `airdrop` and `node` (a local JSON-RPC node for the `--url`
//! commands; see `ballast help <command>`). Each subcommand is one file with an `Args` struct (clap derive) and a `run`
//! function. The vault commands are written once over a chain ([`session`]): on a cluster
//! with `--url`, else on the embedded demo chain after a faucet funded the wallet.
//!
//! Errors a user can cause print one line, `error: ...`, naming the file and line or the
//! argument at fault, and exit with status 2 (like clap's own usage errors).

mod airdrop;
mod backtest;
mod cancel;
mod collect_fees;
mod data;
mod demo;
mod deposit;
mod discard;
mod execute;
mod format;
mod govern;
mod init;
mod json;
mod keeper;
mod keygen;
mod node;
mod pause;
mod propose;
mod remove_asset;
mod session;
mod status;
mod table;
mod tune;
mod walk_forward;
mod wallet;
mod withdraw;

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
    /// A year of a vault's life on an embedded chain: deposits, a seeded calibrated market,
    /// arbitrage, keeper rebalances, redemptions; a report and a chart.
    Demo(demo::Args),
    /// A vault's composition, NAV per share, oracle ages and what a keeper would do now.
    Status(status::Args),
    /// The keeper (`ballast keeper run`).
    Keeper(keeper::Args),
    /// Create a vault (manager keypair file).
    Init(init::Args),
    /// Deposit one asset into a vault for shares (keypair file).
    Deposit(deposit::Args),
    /// Redeem shares for a pro-rata part of every asset, in kind (keypair file).
    Withdraw(withdraw::Args),
    /// The manager changes the vault: at once when the change can only reduce the
    /// holders' risk, else queued behind the timelock (`ballast propose <change> --help`).
    Propose(propose::Args),
    /// Execute queued changes whose timelock has passed (anyone; a handover: the new
    /// manager).
    Execute(execute::Args),
    /// The manager cancels a queued change.
    Cancel(cancel::Args),
    /// Anyone closes queued changes that cannot execute (voided by a handover, or no
    /// longer fitting the vault); their rent goes back to whoever queued them.
    Discard(discard::Args),
    /// The manager or the guardian pauses deposits and/or rebalances at once.
    Pause(pause::Args),
    /// Mint the management fee's owed shares to the fee recipient (anyone).
    CollectFees(collect_fees::Args),
    /// The manager removes an asset whose target ramped to 0 and whose reserve is empty.
    RemoveAsset(remove_asset::Args),
    /// The manager publishes a new frozen lookup table of the vault's current accounts when
    /// its table misses one (after assets changed).
    PublishTable(table::Args),
    /// Write a new keypair file (`solana-keygen new` format).
    Keygen(keygen::Args),
    /// Ask a cluster's faucet for SOL (devnet, testnet, `ballast node`).
    Airdrop(airdrop::Args),
    /// Serve the demo market on an embedded chain over JSON-RPC, for the `--url` commands.
    Node(node::Args),
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
        Command::Demo(args) => demo::run(args),
        Command::Status(args) => status::run(args),
        Command::Keeper(args) => keeper::run(args),
        Command::Init(args) => init::run(args),
        Command::Deposit(args) => deposit::run(args),
        Command::Withdraw(args) => withdraw::run(args),
        Command::Propose(args) => propose::run(args),
        Command::Execute(args) => execute::run(args),
        Command::Cancel(args) => cancel::run(args),
        Command::Discard(args) => discard::run(args),
        Command::Pause(args) => pause::run(args),
        Command::CollectFees(args) => collect_fees::run(args),
        Command::RemoveAsset(args) => remove_asset::run(args),
        Command::PublishTable(args) => table::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Airdrop(args) => airdrop::run(args),
        Command::Node(args) => node::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
