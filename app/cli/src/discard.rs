//! `ballast discard [--id N]`: anyone closes queued changes that cannot execute (voided
//! by a handover, or no longer fitting the vault), so they stop holding a slot (a slot held
//! blocks `remove-asset`) and their rent goes back to whoever queued them.

use ballast_sdk::governance::{describe, discardable_changes};
use ballast_sdk::ix::DiscardChange;

use crate::govern::{self, asset_names, read_vault, send, sent, GovArgs, Governed};
use crate::session::{sdk, CliChain, Session, VaultCommand};
use crate::CliError;

/// Arguments of `ballast discard`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub gov: GovArgs,

    /// Only this change (default: every change that cannot execute).
    #[arg(long)]
    pub id: Option<u64>,
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let signer = self.signer(session)?;
        let v = read_vault(session, self.args.gov.vault.as_deref()).await?;
        let mut found = discardable_changes(&session.chain, &v.address, &v.state)
            .await
            .map_err(sdk)?;
        if let Some(id) = self.args.id {
            found.retain(|d| d.id == id);
            if found.is_empty() {
                let address = ballast_sdk::pda::change(&v.address, id);
                let exists = session.chain.get_account(&address).await.map_err(sdk)?;
                let why = if exists.is_some() {
                    format!(
                        "it can still execute: only voided changes and queued ones that no \
                         longer fit are discarded (the manager cancels the others with \
                         `ballast cancel --id {id}`)"
                    )
                } else {
                    "it has no account (executed, cancelled or already discarded)".to_string()
                };
                return Err(CliError::arg(
                    "--id",
                    format!("change {id} of vault {}: {why}", v.address),
                ));
            }
        }
        if found.is_empty() {
            println!("nothing to discard: every change account of the vault can still execute");
            return Ok(());
        }
        let names = asset_names(session, &v.state);
        for d in found {
            let ix = DiscardChange::new(&v.address, d.id, &d.account.proposer).instruction();
            let what = format!("discarding change {}", d.id);
            let done = send(session, signer, &[ix], &what).await?;
            let why = if d.voided {
                "voided by a handover"
            } else {
                "no longer fits the vault"
            };
            println!(
                "discarded change {} ({why}): {}; rent back to {} ({})",
                d.id,
                describe(&d.account.change, Some(&v.state), &names),
                d.account.proposer,
                sent(&done)
            );
        }
        Ok(())
    }
}

/// Runs `ballast discard`.
pub fn run(args: Args) -> Result<(), CliError> {
    govern::run(&args.gov, &args)
}
