//! What the governance commands (`propose`, `execute`, `cancel`, `pause`, `collect-fees`,
//! `remove-asset`) share: their chain, keypair and vault arguments, who signs, reading the
//! vault's governance (`ballast_sdk::governance`), sending with one-line refusals, and
//! times as people read them.
//!
//! On a cluster (`--url`) the keypair file signs. On the embedded demo chain a given
//! keypair is funded by the faucet first (the same path after that); without one the
//! demo vault's own manager signs, so that every command can be tried there.

use ballast::state::Vault;
use ballast_sdk::chain::{send_instructions, Confirmed};
use ballast_sdk::governance::{duration, read_governance, utc, Governance};
use ballast_sdk::{Instruction, Keypair, Pubkey, SdkError, Signer};

use crate::session::VaultCommand;
use crate::session::{dispatch, sdk, unknown_vault, ChainArgs, CliChain, Funding, Session};
use crate::wallet::{landed, read_keypair, refused};
use crate::CliError;

/// Compute units a governance transaction requests.
const GOVERNANCE_COMPUTE_UNITS: u32 = 200_000;

/// The chain, signer and vault arguments of every governance command.
#[derive(clap::Args, Debug, Clone)]
pub struct GovArgs {
    #[command(flatten)]
    pub chain: ChainArgs,

    /// Keypair file of the signer (the manager; for `pause` also the guardian; for
    /// `execute` and `collect-fees` anyone). Required with --url; on the embedded chain the
    /// default is the demo vault's manager.
    #[arg(long, short = 'k')]
    pub keypair: Option<String>,

    /// The vault (default on the embedded chain: the demo vault).
    #[arg(long)]
    pub vault: Option<String>,
}

/// A governance command with the keypair it was given.
pub struct Governed<'a, A> {
    /// The command's arguments.
    pub args: &'a A,
    /// The `--keypair`, read.
    pub wallet: Option<Keypair>,
}

impl<A> Governed<'_, A> {
    /// Who signs on `session`: the `--keypair`, else (embedded chain) the demo manager.
    pub fn signer<'s, C: CliChain>(
        &'s self,
        session: &'s Session<C>,
    ) -> Result<&'s Keypair, CliError> {
        self.wallet
            .as_ref()
            .or_else(|| session.demo_manager())
            .ok_or_else(|| {
                CliError::arg(
                    "--keypair",
                    "required with --url: the signer's keypair file",
                )
            })
    }
}

/// Runs `command` (its arguments `args`, their [`GovArgs`] `gov`) where `--url` says, the
/// faucet funding the `--keypair` on the embedded chain.
pub fn run<'a, A>(gov: &GovArgs, args: &'a A) -> Result<(), CliError>
where
    Governed<'a, A>: VaultCommand,
{
    let wallet = gov.keypair.as_deref().map(read_keypair).transpose()?;
    let funding = wallet.as_ref().map(|k| Funding {
        wallet: k.pubkey(),
        usd: 0,
    });
    dispatch(&gov.chain, funding, &Governed { args, wallet })
}

/// A vault as the governance commands read it.
pub struct VaultNow {
    /// Its address.
    pub address: Pubkey,
    /// Its state.
    pub state: Vault,
    /// Its governance at the cluster's time.
    pub gov: Governance,
}

/// Reads the vault of `--vault` (the demo vault on the embedded chain) and its governance,
/// with one-line errors for a missing or foreign account.
pub async fn read_vault<C: CliChain>(
    session: &Session<C>,
    vault: Option<&str>,
) -> Result<VaultNow, CliError> {
    let address = session.vault_address(vault)?;
    match read_governance(&session.chain, &address).await {
        Ok((state, gov)) => Ok(VaultNow {
            address,
            state,
            gov,
        }),
        Err(SdkError::AccountNotFound(a)) if a == address => {
            Err(unknown_vault(&address, &session.on))
        }
        Err(SdkError::InvalidAccount { address: a, .. }) if a == address => Err(CliError(format!(
            "{address} is not a Ballast vault on {}; check the address",
            session.on
        ))),
        Err(e) => Err(sdk(e)),
    }
}

/// The vault's asset names: the demo's on the embedded chain, else the mints shortened.
pub fn asset_names<C: CliChain>(session: &Session<C>, state: &Vault) -> Vec<String> {
    state
        .assets()
        .iter()
        .enumerate()
        .map(|(i, a)| session.name(i, &a.mint))
        .collect()
}

/// Signs `instructions` with `signer` (paying), sends them and says what the program did
/// if it refused (`what`: "proposal", "execution of change 3", ...).
pub async fn send<C: CliChain>(
    session: &Session<C>,
    signer: &Keypair,
    instructions: &[Instruction],
    what: &str,
) -> Result<Confirmed, CliError> {
    send_instructions(
        &session.chain,
        signer,
        instructions,
        &[],
        Some(GOVERNANCE_COMPUTE_UNITS),
    )
    .await
    .map_err(|e| refused(what, e))
}

/// How a landed transaction is named in a message (compute units or signature).
pub fn sent(confirmed: &Confirmed) -> String {
    landed(confirmed)
}

/// `ts` for people, relative to `now`: `2025-06-16 15:06:40 UTC (in 1d)`, or `(now)` once
/// it has passed.
pub fn when(ts: i64, now: i64) -> String {
    if ts > now {
        format!("{} (in {})", utc(ts), duration(ts - now))
    } else {
        format!("{} (now: {} ago)", utc(ts), duration(now - ts))
    }
}

/// An address, or `none` for the default key.
pub fn key_or_none(key: Option<Pubkey>) -> String {
    key.map_or_else(|| "none".into(), |k| k.to_string())
}
