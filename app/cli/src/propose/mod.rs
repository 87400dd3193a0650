//! `ballast propose <change>`: the manager changes the vault. A change the program lets
//! apply at once (one that can only reduce the holders' risk, or any while no shares are
//! outstanding: `ballast_sdk::governance::applies_at_once`, the program's own rule) is
//! applied; any other is queued and becomes executable after the vault's timelock, which the
//! command says, with the id `ballast execute --id` takes. `--queue` queues even what could
//! apply at once.

use ballast::state::Change;
use ballast_sdk::governance::{applies_at_once, describe, AtOnce};
use ballast_sdk::ix::{ApplyChange, QueueChange};
use ballast_sdk::{SdkError, Signer};

use crate::govern::{self, asset_names, read_vault, send, sent, when, GovArgs, Governed};
use crate::session::{sdk, CliChain, Session, VaultCommand};
use crate::CliError;

mod args;
mod change;

use args::ChangeArgs;
use change::Context;

/// Seconds a default ramp starts after the earliest moment the program accepts, for the
/// clock moving while the transaction travels.
const RAMP_MARGIN_SECS: i64 = 120;

/// Arguments of `ballast propose`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub change: ChangeArgs,
}

/// What every change takes.
#[derive(clap::Args, Debug)]
pub struct ProposeArgs {
    #[command(flatten)]
    pub gov: GovArgs,

    /// Queue the change even when it could apply at once.
    #[arg(long)]
    pub queue: bool,
}

/// A change the program refuses whatever the route, as one line.
fn refused_change(e: SdkError) -> CliError {
    match e {
        SdkError::InvalidInput(why) => {
            CliError(format!("the program would refuse this change: {why}"))
        }
        e => sdk(e),
    }
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let common = self.args.change.common();
        let signer = self.signer(session)?;
        let v = read_vault(session, common.gov.vault.as_deref()).await?;
        let names = asset_names(session, &v.state);
        let now = v.gov.now;
        let mut cx = Context {
            state: &v.state,
            names: &names,
            positional: !session.is_embedded(),
            signer: signer.pubkey(),
            earliest_start: now,
            default_start: now,
        };
        let (mut change, before) = self.args.change.build(session, &cx).await?;
        let mut at_once =
            applies_at_once(&change, &v.state, v.gov.mint_supply).map_err(refused_change)?;
        if common.queue {
            at_once = None;
        }
        if matches!(change, Change::TargetWeights { .. }) && at_once.is_none() {
            // Queued, the ramp may start only once the change may execute.
            cx.earliest_start = now.saturating_add(i64::from(v.state.timelock_secs));
            cx.default_start = cx.earliest_start.saturating_add(RAMP_MARGIN_SECS);
            change = self.args.change.build(session, &cx).await?.0;
        }
        let description = describe(&change, Some(&v.state), &names);
        let mut ixs = before;
        match at_once {
            Some(reason) => {
                ixs.push(ApplyChange::new(&signer.pubkey(), &v.address, change).instruction());
                let done = send(session, signer, &ixs, "change").await?;
                let why = match reason {
                    AtOnce::OnlyReducesRisk => reason.to_string(),
                    AtOnce::NoSharesOutstanding => format!("{reason} yet"),
                };
                println!("applied at once ({why}): {description} ({})", sent(&done));
            }
            None => {
                let id = v.gov.next_change_id;
                let handover = match &change {
                    Change::Manager { new_manager } => Some(*new_manager),
                    _ => None,
                };
                let queue = QueueChange::new(&signer.pubkey(), &v.address, id, change);
                ixs.push(queue.instruction());
                let done = send(session, signer, &ixs, "proposal").await?;
                // The executable time the program recorded, from the vault's slot.
                let after = read_vault(session, common.gov.vault.as_deref()).await?;
                let executable_at = after
                    .gov
                    .pending
                    .iter()
                    .find(|p| p.id == id)
                    .map_or(now + i64::from(v.state.timelock_secs), |p| p.executable_at);
                println!("queued change {id}: {description} ({})", sent(&done));
                println!("executable at {}", when(executable_at, after.gov.now));
                match handover {
                    Some(new) => println!(
                        "then the new manager {new} accepts: ballast execute --id {id} -k <its keypair>"
                    ),
                    None => println!("then anyone runs: ballast execute --id {id}"),
                }
            }
        }
        Ok(())
    }
}

/// Runs `ballast propose`.
pub fn run(args: Args) -> Result<(), CliError> {
    let gov = args.change.common().gov.clone();
    govern::run(&gov, &args)
}
