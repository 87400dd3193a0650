//! `ballast pause [--deposits] [--rebalances]`: the manager or the guardian stops deposits
//! and/or rebalances at once (both when neither is named). Withdrawals never pause;
//! unpausing is a timelocked change (`ballast propose unpause`).

use ballast::constants::{PAUSE_ALL, PAUSE_DEPOSITS, PAUSE_REBALANCES};
use ballast_sdk::ix::Pause;
use ballast_sdk::Signer;

use crate::govern::{self, read_vault, send, sent, GovArgs, Governed};
use crate::session::{CliChain, Session, VaultCommand};
use crate::CliError;

/// Arguments of `ballast pause`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub gov: GovArgs,

    /// Pause deposits.
    #[arg(long)]
    pub deposits: bool,

    /// Pause rebalances (`open_round` and `rebalance`).
    #[arg(long)]
    pub rebalances: bool,
}

/// The pause flags as words.
pub fn paused_text(deposits: bool, rebalances: bool) -> &'static str {
    match (deposits, rebalances) {
        (true, true) => "deposits and rebalances",
        (true, false) => "deposits",
        (false, true) => "rebalances",
        (false, false) => "nothing",
    }
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let signer = self.signer(session)?;
        let v = read_vault(session, self.args.gov.vault.as_deref()).await?;
        let flags = match (self.args.deposits, self.args.rebalances) {
            (true, false) => PAUSE_DEPOSITS,
            (false, true) => PAUSE_REBALANCES,
            _ => PAUSE_ALL,
        };
        let pause = Pause::new(&signer.pubkey(), &v.address, flags);
        let done = send(session, signer, &[pause.instruction()], "pause").await?;
        let after = read_vault(session, Some(&v.address.to_string())).await?;
        println!(
            "paused: {} ({}); withdrawals stay open; lift with `ballast propose unpause` (timelocked)",
            paused_text(after.gov.deposits_paused, after.gov.rebalances_paused),
            sent(&done)
        );
        Ok(())
    }
}

/// Runs `ballast pause`.
pub fn run(args: Args) -> Result<(), CliError> {
    govern::run(&args.gov, &args)
}
