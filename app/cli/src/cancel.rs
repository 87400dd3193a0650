//! `ballast cancel --id N`: the manager withdraws a queued change before it executes (its
//! account's rent goes back to whoever queued it).

use ballast_sdk::governance::describe;
use ballast_sdk::ix::CancelChange;
use ballast_sdk::Signer;

use crate::govern::{self, asset_names, read_vault, send, sent, GovArgs, Governed};
use crate::session::{CliChain, Session, VaultCommand};
use crate::CliError;

/// Arguments of `ballast cancel`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub gov: GovArgs,

    /// The change to cancel.
    #[arg(long)]
    pub id: u64,
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let signer = self.signer(session)?;
        let v = read_vault(session, self.args.gov.vault.as_deref()).await?;
        let id = self.args.id;
        let account = v
            .gov
            .pending
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| p.account.as_ref())
            .ok_or_else(|| {
                CliError::arg(
                    "--id",
                    format!("change {id} is not queued on vault {}", v.address),
                )
            })?;
        let cancel = CancelChange::new(&signer.pubkey(), &v.address, id, &account.proposer);
        let what = format!("cancellation of change {id}");
        let done = send(session, signer, &[cancel.instruction()], &what).await?;
        let names = asset_names(session, &v.state);
        println!(
            "cancelled change {id}: {} ({})",
            describe(&account.change, Some(&v.state), &names),
            sent(&done)
        );
        Ok(())
    }
}

/// Runs `ballast cancel`.
pub fn run(args: Args) -> Result<(), CliError> {
    govern::run(&args.gov, &args)
}
