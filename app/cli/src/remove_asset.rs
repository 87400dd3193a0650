//! `ballast remove-asset --asset I`: the manager removes an asset whose target has ramped to
//! 0 and whose reserve was traded out (the program burns what dust is left, worth at most a
//! dollar at a fresh price, and closes the reserve and escrow). Then the vault's lookup
//! table is checked against the remaining accounts ([`crate::table`]; `--no-table` opts
//! out).

use ballast_sdk::ix::{RemoveAsset, VaultAccounts};
use ballast_sdk::{Pubkey, Signer};

use crate::govern::{self, read_vault, send, sent, GovArgs, Governed};
use crate::session::{sdk, CliChain, Session, VaultCommand};
use crate::table::{follow, FollowArgs};
use crate::wallet::asset_index;
use crate::CliError;

/// Arguments of `ballast remove-asset`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub gov: GovArgs,

    /// The asset: its name on the embedded chain, its index or its mint on a cluster.
    #[arg(long)]
    pub asset: String,

    #[command(flatten)]
    pub table: FollowArgs,
}

impl VaultCommand for Governed<'_, Args> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let signer = self.signer(session)?;
        let v = read_vault(session, self.args.gov.vault.as_deref()).await?;
        let n = v.state.assets().len();
        // Only the removed asset's price is read (to value dust); --price-accounts gives it.
        let mut prices = session
            .price_accounts()
            .unwrap_or_else(|_| vec![Pubkey::default(); n]);
        let accounts = VaultAccounts::from_state(v.address, &v.state, &prices).map_err(sdk)?;
        let i = asset_index(session, &accounts, "--asset", &self.args.asset)?;
        let config = v.state.assets()[i];
        let name = session.name(i, &config.mint);
        let has_escrow = config.escrow != Pubkey::default();
        let remove = RemoveAsset::new(&signer.pubkey(), &accounts, i, has_escrow).map_err(sdk)?;
        let what = format!("removal of {name}");
        let done = send(session, signer, &[remove.instruction()], &what).await?;
        println!(
            "removed {name} (asset {i}, mint {}): its reserve and escrow closed ({})",
            config.mint,
            sent(&done)
        );
        if !self.args.table.no_table {
            prices.remove(i);
            follow(session, signer, &v.address, Some(prices), false).await?;
        }
        Ok(())
    }
}

/// Runs `ballast remove-asset`.
pub fn run(args: Args) -> Result<(), CliError> {
    govern::run(&args.gov, &args)
}
