//! `ballast deposit`: a wallet (a keypair file) deposits one asset into a vault for shares.
//! On the embedded chain the faucet funds the wallet first; then it is the same path as on
//! a cluster.

use ballast_sdk::Keypair;

use crate::format::parse_amount;
use crate::session::{dispatch, CliChain, Session, VaultCommand};
use crate::wallet::{asset_index, deposit_into, print_status, read_keypair, WalletArgs};
use crate::CliError;

/// Arguments of `ballast deposit`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub wallet: WalletArgs,

    /// The vault (default on the embedded chain: the demo vault).
    #[arg(long)]
    pub vault: Option<String>,

    /// The asset to deposit: its name on the embedded chain (SOL, BTC, ETH, USDC), its
    /// index in the vault or its mint on a cluster.
    #[arg(long)]
    pub asset: String,

    /// Whole units to deposit (`10`, `0.05`).
    #[arg(long)]
    pub amount: String,

    /// Refuse fewer shares than this (base units), against price moves.
    #[arg(long, default_value_t = 0)]
    pub min_shares: u64,
}

struct Deposit<'a> {
    args: &'a Args,
    wallet: Keypair,
}

impl VaultCommand for Deposit<'_> {
    async fn run<C: CliChain>(&self, session: &Session<C>) -> Result<(), CliError> {
        let target = session.target(self.args.vault.as_deref())?;
        let (accounts, state) = session.vault(&target).await?;
        let asset = asset_index(session, &accounts, "--asset", &self.args.asset)?;
        let decimals = state.assets()[asset].decimals;
        let amount = parse_amount("--amount", &self.args.amount, decimals)?;
        deposit_into(
            session,
            (&accounts, &state),
            &self.wallet,
            asset,
            amount,
            self.args.min_shares,
        )
        .await?;
        print_status(session, &target).await
    }
}

/// Runs `ballast deposit`.
pub fn run(args: Args) -> Result<(), CliError> {
    let wallet = read_keypair(&args.wallet.keypair)?;
    let funding = args.wallet.funding(&wallet);
    dispatch(
        &args.wallet.chain,
        funding,
        &Deposit {
            args: &args,
            wallet,
        },
    )
}
