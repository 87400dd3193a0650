//! Keypair files in `solana-keygen`'s format: a JSON array of the 64 secret-key bytes.

use std::path::Path;

use solana_keypair::Keypair;

use crate::error::{SdkError, SdkResult};

fn keypair_error(path: &Path, reason: impl Into<String>) -> SdkError {
    SdkError::KeypairFile {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Reads the keypair at `path`.
pub fn read(path: &Path) -> SdkResult<Keypair> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        keypair_error(
            path,
            format!(
                "cannot read the keypair file ({e}); create one with `solana-keygen new -o {}` \
                 or pass the right path",
                path.display()
            ),
        )
    })?;
    let bad = || {
        keypair_error(
            path,
            "not a keypair file (expected a JSON array of 64 bytes, as `solana-keygen new` \
             writes)",
        )
    };
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or_else(bad)?;
    let bytes = inner
        .split(',')
        .map(|b| b.trim().parse::<u8>())
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    if bytes.len() != 64 {
        return Err(bad());
    }
    Keypair::try_from(bytes.as_slice()).map_err(|_| bad())
}

/// Writes a new keypair to `path`, refusing to overwrite a file, and returns it. The file
/// is created readable by its owner only (on Unix).
pub fn write_new(path: &Path) -> SdkResult<Keypair> {
    use std::io::Write;
    let keypair = Keypair::new();
    let bytes: Vec<String> = keypair.to_bytes().iter().map(u8::to_string).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            keypair_error(
                path,
                "the file exists; choose another path (it is not overwritten)",
            )
        } else {
            keypair_error(path, format!("cannot create the file: {e}"))
        }
    })?;
    file.write_all(format!("[{}]", bytes.join(",")).as_bytes())
        .map_err(|e| keypair_error(path, format!("cannot write: {e}")))?;
    Ok(keypair)
}

#[cfg(test)]
mod tests {
    use solana_signer::Signer;

    use super::*;

    #[test]
    fn keypair_files_round_trip_and_are_never_overwritten() {
        let path =
            std::env::temp_dir().join(format!("ballast-sdk-key-{}.json", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let written = write_new(&path).unwrap();
        assert_eq!(read(&path).unwrap().pubkey(), written.pubkey());
        let again = write_new(&path).unwrap_err();
        assert!(again.to_string().contains("the file exists"), "{again}");
        assert_eq!(read(&path).unwrap().pubkey(), written.pubkey());
        std::fs::write(&path, "[1,2,3]").unwrap();
        assert!(read(&path)
            .unwrap_err()
            .to_string()
            .contains("not a keypair file"));
        std::fs::remove_file(&path).unwrap();
        let missing = read(&path).unwrap_err().to_string();
        assert!(
            missing.contains("cannot read the keypair file"),
            "{missing}"
        );
    }
}
