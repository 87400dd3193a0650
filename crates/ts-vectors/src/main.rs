//! `ts-vectors`: writes the TypeScript package's test vectors (`app/ts/test/vectors.json`).
//!
//! usage: `cargo run -p ballast-ts-vectors --locked`

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(ballast_ts_vectors::VECTORS_PATH);
    let text = ballast_ts_vectors::vectors_text();
    match std::fs::write(&path, &text) {
        Ok(()) => {
            eprintln!("wrote {} ({} bytes)", path.display(), text.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("writing {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
