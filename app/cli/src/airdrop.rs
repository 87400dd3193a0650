//! `ballast airdrop`: asks a cluster's faucet for SOL (devnet, testnet, `ballast node`).

use ballast_sdk::chain::Chain;
use ballast_sdk::{SdkError, Signer};

use crate::format::{parse_amount, units};
use crate::session::{block_on, rpc_chain, sdk};
use crate::wallet::read_keypair;
use crate::CliError;

/// Arguments of `ballast airdrop`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// RPC URL of a cluster with a faucet: devnet, testnet or `ballast node`.
    #[arg(long)]
    pub url: String,

    /// The wallet's keypair file.
    #[arg(long, short = 'k')]
    pub keypair: String,

    /// SOL to ask for.
    #[arg(long, default_value = "1")]
    pub sol: String,
}

/// Runs `ballast airdrop`.
pub fn run(args: Args) -> Result<(), CliError> {
    let keypair = read_keypair(&args.keypair)?;
    let lamports = parse_amount("--sol", &args.sol, 9)?;
    let chain = rpc_chain(&args.url)?;
    let to = keypair.pubkey();
    let signature = block_on(chain.airdrop(&to, lamports, std::time::Duration::from_secs(60)))?
        .map_err(|e| match e {
            SdkError::InvalidInput(_) | SdkError::Transport(_) => CliError(format!(
                "{}; this cluster may have no faucet (mainnet has none) or may be rate-limiting",
                sdk(e)
            )),
            e => sdk(e),
        })?;
    let balance = block_on(chain.get_account(&to))?
        .map_err(sdk)?
        .map_or(0, |a| a.lamports);
    println!(
        "airdropped {} SOL to {to} ({signature}); balance {} SOL",
        units(lamports, 9),
        units(balance, 9)
    );
    Ok(())
}
