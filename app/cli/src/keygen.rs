//! `ballast keygen`: a new keypair file in `solana-keygen`'s format.

use ballast_sdk::Signer;

use crate::CliError;

/// Arguments of `ballast keygen`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write the new keypair (refuses to overwrite a file).
    #[arg(long, short = 'o')]
    pub outfile: String,
}

/// Runs `ballast keygen`.
pub fn run(args: Args) -> Result<(), CliError> {
    let keypair = ballast_sdk::keyfile::write_new(std::path::Path::new(&args.outfile))
        .map_err(|e| CliError(format!("--outfile {e}")))?;
    println!("{} written to {}", keypair.pubkey(), args.outfile);
    Ok(())
}
