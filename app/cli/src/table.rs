//! The vault's address lookup table follows its assets. A published table is frozen and
//! never changes, so after an asset is added (`ballast execute` of an `AddAsset`) or removed
//! (`ballast remove-asset`) the manager publishes a new frozen table of the vault's current
//! accounts (`ballast_sdk::lookup::publish_vault_table`, the path `ballast init` takes too).
//! Those two commands do it themselves when the manager signs (`--no-table` opts out);
//! `ballast publish-table` does it on its own, and `ballast status` says when the published
//! table misses some of the vault's accounts.
//!
//! A table is published only when the vault's table misses one of its accounts: after a
//! removal the old table still holds every remaining account (the removed asset's stay in
//! it harmlessly), and a frozen table's rent can never be reclaimed.

use ballast::state::Vault;
use ballast_sdk::ix::VaultAccounts;
use ballast_sdk::lookup::{publish_vault_table, table_coverage, TableCoverage};
use ballast_sdk::{Keypair, Pubkey, Signer};

use crate::govern::{self, read_vault, sent, GovArgs, Governed};
use crate::session::{sdk, CliChain, Session, VaultCommand};
use crate::wallet::refused;
use crate::CliError;

/// Arguments of `ballast publish-table`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub gov: GovArgs,
}

/// The `--no-table` opt-out of the commands that change the vault's assets.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct FollowArgs {
    /// Do not publish a new lookup table of the vault's accounts after the change (by
    /// default the manager does, when the vault's table misses one of them; `ballast
    /// publish-table` does it later).
    #[arg(long)]
    pub no_table: bool,
}

/// The price accounts of a vault of `n` assets as far as the session knows them: the
/// `--price-accounts` (the demo market's on the embedded chain) in vault order, the
/// default key for assets beyond them (a table then leaves their price accounts out).
pub fn known_prices<C: CliChain>(session: &Session<C>, n: usize) -> Vec<Pubkey> {
    let mut prices = session.price_accounts().unwrap_or_default();
    prices.resize(n, Pubkey::default());
    prices
}

/// The vault's accounts and its table's coverage, with `prices` (one per asset, the
/// default key where unknown).
async fn coverage<C: CliChain>(
    session: &Session<C>,
    vault: &Pubkey,
    state: &Vault,
    prices: &[Pubkey],
) -> Result<(VaultAccounts, TableCoverage), CliError> {
    let accounts = VaultAccounts::from_state(*vault, state, prices).map_err(sdk)?;
    let coverage = table_coverage(&session.chain, &accounts)
        .await
        .map_err(sdk)?;
    Ok((accounts, coverage))
}

/// What a table lacks, for people: `3 of the vault's 28 accounts (USDC mint, ...)`.
pub fn missing_text(accounts: &VaultAccounts, names: &[String], missing: &[Pubkey]) -> String {
    let total = ballast_sdk::lookup::vault_addresses(accounts).len();
    let labels: Vec<String> = missing
        .iter()
        .map(|key| account_label(accounts, names, key))
        .collect();
    format!(
        "{} of the vault's {total} accounts ({})",
        missing.len(),
        labels.join(", ")
    )
}

/// `SOL reserve`, `asset 4 price account`, or the address for a vault-wide account.
fn account_label(accounts: &VaultAccounts, names: &[String], key: &Pubkey) -> String {
    for (i, a) in accounts.assets.iter().enumerate() {
        let role = if *key == a.mint {
            "mint"
        } else if *key == a.reserve {
            "reserve"
        } else if *key == a.escrow {
            "escrow"
        } else if *key == a.price_account {
            "price account"
        } else {
            continue;
        };
        let name = names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("asset {i}"));
        return format!("{name} {role}");
    }
    key.to_string()
}

/// Publishes a new table of vault `vault`'s accounts (with `prices`, one per asset, or by
/// default those the session knows: [`known_prices`]) when its table misses one of them
/// and `signer` is its manager; says what it did, or how the manager does it.
/// `required`: the signer asked for it (`publish-table`), so a signer other than the
/// manager is an error rather than a note.
pub async fn follow<C: CliChain>(
    session: &Session<C>,
    signer: &Keypair,
    vault: &Pubkey,
    prices: Option<Vec<Pubkey>>,
    required: bool,
) -> Result<(), CliError> {
    let v = read_vault(session, Some(&vault.to_string())).await?;
    let names = govern::asset_names(session, &v.state);
    let prices = prices.unwrap_or_else(|| known_prices(session, v.state.assets().len()));
    let (accounts, coverage) = coverage(session, vault, &v.state, &prices).await?;
    let why = match &coverage {
        TableCoverage::Published { table, missing } if missing.is_empty() => {
            println!(
                "lookup table {table} covers the vault's {} accounts: no new table needed",
                ballast_sdk::lookup::vault_addresses(&accounts).len()
            );
            return Ok(());
        }
        TableCoverage::Published { table, missing } => format!(
            "lookup table {table} misses {}",
            missing_text(&accounts, &names, missing)
        ),
        TableCoverage::Unusable { table, reason } => {
            format!("lookup table {table} cannot serve: {reason}")
        }
        TableCoverage::Unpublished => "the vault has no lookup table".into(),
    };
    if v.state.manager != signer.pubkey() {
        let how = format!(
            "{why}; its manager {} publishes a new one with `ballast publish-table`",
            v.state.manager
        );
        return if required {
            Err(CliError::arg("--keypair", how))
        } else {
            println!("note: {how}");
            Ok(())
        };
    }
    let (table, done) = publish_vault_table(&session.chain, signer, &accounts)
        .await
        .map_err(|e| refused("lookup table publication", e))?;
    let replaced = match &coverage {
        TableCoverage::Published { table, .. } | TableCoverage::Unusable { table, .. } => {
            format!("; it replaces {table}")
        }
        TableCoverage::Unpublished => String::new(),
    };
    println!(
        "{why}: published lookup table {} (frozen, {} addresses) for the vault's {} assets ({}){replaced}",
        table.address,
        table.len,
        accounts.assets.len(),
        sent(&done)
    );
    let unknown = prices.iter().filter(|p| **p == Pubkey::default()).count();
    if unknown > 0 {
        println!(
            "note: the table leaves out the price accounts not given ({unknown} of {}); pass              one per asset, in vault order, with --price-accounts to `ballast publish-table`              to include them",
            prices.len()
        );
    }
    Ok(())
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let signer = self.signer(session)?;
        let vault = session.vault_address(self.args.gov.vault.as_deref())?;
        follow(session, signer, &vault, None, true).await
    }
}

/// Runs `ballast publish-table`.
pub fn run(args: Args) -> Result<(), CliError> {
    govern::run(&args.gov, &args)
}
