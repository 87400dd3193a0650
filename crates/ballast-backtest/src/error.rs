//! The errors a user can cause, each rendered as one line that names the file and line (or
//! the command-line argument) at fault.

use core::fmt;

use ballast_math::MathError;

/// Why a backtest could not run. `Display` is a single line, ready for a CLI to print.
#[derive(Debug, Clone, PartialEq)]
pub enum BacktestError {
    /// A price file could not be opened or read: `path: cannot read: reason`.
    File {
        /// The file as given.
        path: String,
        /// The operating system's reason.
        message: String,
    },
    /// A row (or the header, line 1) of a price file is malformed: `path:line: message`.
    Row {
        /// The file as given.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A price file's bars are spaced differently from the others' (it lacks bar times they
    /// have): `path: message`.
    Spacing {
        /// The file as given.
        path: String,
        /// What differs, and how to accept it.
        message: String,
    },
    /// The price files share too few dates (or none).
    Dates {
        /// What is wrong, with every file's date range.
        message: String,
    },
    /// A command-line argument (weights, asset names, costs, grids) is invalid:
    /// `argument: message`.
    Argument {
        /// The argument, e.g. `--weights`.
        argument: String,
        /// What is wrong with it.
        message: String,
    },
    /// ballast-math refused a computation (an overflow on absurd values, for instance).
    Math {
        /// Where: the bar and its date.
        context: String,
        /// The error.
        error: MathError,
    },
}

impl BacktestError {
    /// A [`BacktestError::Row`].
    pub fn row(path: &str, line: usize, message: impl Into<String>) -> BacktestError {
        BacktestError::Row {
            path: path.to_string(),
            line,
            message: message.into(),
        }
    }

    /// A [`BacktestError::Argument`].
    pub fn arg(argument: &str, message: impl Into<String>) -> BacktestError {
        BacktestError::Argument {
            argument: argument.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for BacktestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            BacktestError::File { path, message } => format!("{path}: cannot read: {message}"),
            BacktestError::Row {
                path,
                line,
                message,
            } => format!("{path}:{line}: {message}"),
            BacktestError::Spacing { path, message } => format!("{path}: {message}"),
            BacktestError::Dates { message } => message.clone(),
            BacktestError::Argument { argument, message } => format!("{argument}: {message}"),
            BacktestError::Math { context, error } => format!("{context}: {error}"),
        };
        // One line, whatever the inputs contained.
        f.write_str(&text.replace(['\n', '\r'], " "))
    }
}

impl std::error::Error for BacktestError {}

/// Result alias of this crate.
pub type Result<T> = core::result::Result<T, BacktestError>;
