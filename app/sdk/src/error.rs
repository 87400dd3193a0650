//! The SDK's one error type.

use std::path::PathBuf;

use anchor_lang::prelude::Pubkey;

use crate::chain::Rejection;

/// Everything an SDK call can fail with. Each variant displays as one line.
#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    /// A compiled program (`.so`) could not be read.
    #[error("cannot read program {}: {reason} (build it with scripts/build-sbf.sh)", path.display())]
    ProgramMissing {
        /// Where it was looked for.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
    /// A compiled program could not be loaded into the VM.
    #[error("cannot load program {program}: {reason}")]
    ProgramLoad {
        /// Its id.
        program: Pubkey,
        /// Why.
        reason: String,
    },
    /// An account that must exist does not.
    #[error("account {0} does not exist")]
    AccountNotFound(Pubkey),
    /// An account exists but is not what it should be (owner, size, discriminator).
    #[error("account {address} is not a valid {expected}: {reason}")]
    InvalidAccount {
        /// The account.
        address: Pubkey,
        /// What it was read as.
        expected: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A keypair file that cannot be read or written.
    #[error("{}: {reason}", path.display())]
    KeypairFile {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        reason: String,
    },
    /// Invalid input to a builder or helper.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A transaction requires the signature of a key no keypair was given for.
    #[error("the transaction needs the signature of {0}, and no keypair of it was given to sign")]
    MissingSigner(Pubkey),
    /// A keypair was given to sign a transaction that does not take its signature.
    #[error("{0} was given to sign, but no instruction of the transaction takes its signature")]
    UnexpectedSigner(Pubkey),
    /// The chain refused the transaction (a program error or a runtime check): the state is
    /// what refused, so retrying the same transaction will not help.
    #[error("transaction refused: {0}")]
    Rejected(Box<Rejection>),
    /// The chain could not be reached or did not answer in time; worth retrying.
    #[error("chain unavailable: {0}")]
    Transport(String),
    /// A ballast-math computation failed.
    #[error("math: {0}")]
    Math(#[from] ballast_math::MathError),
}

impl SdkError {
    /// Whether the same request may succeed if simply retried later (network trouble), as
    /// opposed to a refusal by the chain or bad input.
    pub fn is_transient(&self) -> bool {
        matches!(self, SdkError::Transport(_))
    }

    /// The refusal, if the chain refused.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            SdkError::Rejected(rejection) => Some(rejection),
            _ => None,
        }
    }
}

/// Result alias of the SDK.
pub type SdkResult<T> = Result<T, SdkError>;
