//! `ballast execute [--id N]`: anyone executes a queued change once its timelock has passed
//! (a handover only by the new manager, which is how it accepts). Without `--id`, every
//! change whose time has come and that the signer may execute, soonest first. With `--id`
//! the transaction is sent whatever the time, and the program judges (`ChangeNotReady`
//! before the timelock). After an asset is added the manager publishes a new lookup table
//! of the vault's accounts ([`crate::table`]; `--no-table` opts out).

use ballast::state::Change;
use ballast_sdk::governance::{describe, discardable_changes, Pending};
use ballast_sdk::ix::{CreateEscrow, ExecuteChange, VaultAccounts};
use ballast_sdk::{Keypair, Pubkey, Signer};

use crate::govern::{self, asset_names, read_vault, send, sent, when, GovArgs, Governed, VaultNow};
use crate::session::{sdk, CliChain, Session, VaultCommand};
use crate::table::{follow, FollowArgs};
use crate::CliError;

/// Arguments of `ballast execute`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub gov: GovArgs,

    /// The change to execute (default: every one whose time has come).
    #[arg(long)]
    pub id: Option<u64>,

    #[command(flatten)]
    pub table: FollowArgs,
}

/// Whether `signer` may execute `p`: anyone, except a handover (its new manager only).
fn may_execute(p: &Pending, signer: &Pubkey) -> bool {
    match p.change() {
        Some(Change::Manager { new_manager }) => new_manager == signer,
        Some(_) => true,
        None => false,
    }
}

/// The changes to execute: `--id`'s, or every ready one the signer may execute.
fn chosen<'a>(
    v: &'a VaultNow,
    id: Option<u64>,
    signer: &Pubkey,
) -> Result<Vec<&'a Pending>, CliError> {
    let pending = &v.gov.pending;
    let ids: Vec<String> = pending.iter().map(|p| p.id.to_string()).collect();
    if let Some(id) = id {
        let p = pending.iter().find(|p| p.id == id).ok_or_else(|| {
            CliError::arg(
                "--id",
                format!(
                    "change {id} is not queued on vault {} (queued: {})",
                    v.address,
                    if ids.is_empty() {
                        "none".into()
                    } else {
                        ids.join(", ")
                    }
                ),
            )
        })?;
        return Ok(vec![p]);
    }
    let now = v.gov.now;
    let ready: Vec<&Pending> = pending
        .iter()
        .filter(|p| p.is_ready(now) && may_execute(p, signer))
        .collect();
    if !ready.is_empty() {
        return Ok(ready);
    }
    let next = pending.iter().find(|p| !p.is_ready(now));
    Err(CliError(match (pending.is_empty(), next) {
        (true, _) => format!("no change is queued on vault {}", v.address),
        (false, Some(p)) => format!(
            "no queued change is executable now: change {} becomes executable at {}",
            p.id,
            when(p.executable_at, now)
        ),
        (false, None) => format!(
            "the ready changes ({}) are handovers only their new manager executes: pass its \
             keypair with -k",
            ids.join(", ")
        ),
    }))
}

/// The escrow of the asset just added, so keepers can trade it.
async fn create_new_escrow<C: CliChain>(
    session: &Session<C>,
    signer: &Keypair,
    vault: &Pubkey,
) -> Result<String, CliError> {
    let v = read_vault(session, Some(&vault.to_string())).await?;
    let n = v.state.assets().len();
    // create_escrow reads no price: any keys fill the price accounts.
    let accounts =
        VaultAccounts::from_state(*vault, &v.state, &vec![Pubkey::default(); n]).map_err(sdk)?;
    let create = CreateEscrow::new(&accounts, n - 1, &signer.pubkey()).map_err(sdk)?;
    let done = send(session, signer, &[create.instruction()], "escrow creation").await?;
    Ok(sent(&done))
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let signer = self.signer(session)?;
        let v = read_vault(session, self.args.gov.vault.as_deref()).await?;
        let names = asset_names(session, &v.state);
        let mut added = false;
        for p in chosen(&v, self.args.id, &signer.pubkey())? {
            let Some(account) = &p.account else {
                return Err(CliError(format!(
                    "change {} has no account at {}; the vault's slot is stale",
                    p.id, p.address
                )));
            };
            let mut execute =
                ExecuteChange::new(&signer.pubkey(), &v.address, p.id, &account.proposer);
            if let Change::AddAsset { mint, .. } = &account.change {
                let owner = session
                    .chain
                    .get_account(mint)
                    .await
                    .map_err(sdk)?
                    .map_or(Pubkey::default(), |a| a.owner);
                execute = execute.adding(mint, &owner);
            }
            let what = format!("execution of change {}", p.id);
            let done = send(session, signer, &[execute.instruction()], &what)
                .await
                .map_err(|e| {
                    if p.is_ready(v.gov.now) {
                        e
                    } else {
                        CliError(format!(
                            "{e}; it becomes executable at {}",
                            when(p.executable_at, v.gov.now)
                        ))
                    }
                })?;
            let text = describe(&account.change, Some(&v.state), &names);
            println!("executed change {}: {text} ({})", p.id, sent(&done));
            match &account.change {
                Change::AddAsset { .. } => {
                    let escrow = create_new_escrow(session, signer, &v.address).await?;
                    println!("created the new asset's swap escrow ({escrow})");
                    added = true;
                }
                Change::Manager { .. } => {
                    // Every other queued change is void now: nothing more executes.
                    warn_voided(session, &v.address).await?;
                    break;
                }
                _ => {}
            }
        }
        // The vault's frozen table lacks the new assets' accounts: a new one follows them.
        if added && !self.args.table.no_table {
            follow(session, signer, &v.address, None, false).await?;
        }
        Ok(())
    }
}

/// After a handover: the program voided every other queued change (what the previous
/// manager queued never executes); says which, and how anyone closes them.
async fn warn_voided<C: CliChain>(session: &Session<C>, vault: &Pubkey) -> Result<(), CliError> {
    let after = read_vault(session, Some(&vault.to_string())).await?;
    let voided: Vec<String> = discardable_changes(&session.chain, vault, &after.state)
        .await
        .map_err(sdk)?
        .iter()
        .filter(|d| d.voided)
        .map(|d| d.id.to_string())
        .collect();
    if !voided.is_empty() {
        println!(
            "note: the handover voided changes {} (queued before it): they never execute; \
             anyone closes them with `ballast discard` (their rent goes back to whoever \
             queued them)",
            voided.join(", ")
        );
    }
    Ok(())
}

/// Runs `ballast execute`.
pub fn run(args: Args) -> Result<(), CliError> {
    govern::run(&args.gov, &args)
}
