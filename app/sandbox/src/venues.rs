//! Real DEX programs on the embedded chain: which DEX a demo market uses ([`DemoVenue`]),
//! and where the compiled program of a real DEX comes from ([`find_venue`]).
//!
//! Ballast does not ship third-party binaries. Raydium CPMM's `raydium_cp_swap.so` is a
//! source build of a pinned upstream commit (not the mainnet binary), kept beside the
//! repository in `../shared/venues/` with its licence and provenance. It is looked for in
//! `$BALLAST_VENUES_DIR`, then `tests/fixtures/`, then `../shared/venues/` (both relative
//! to the workspace, then to the current directory), and its sha256 must be the pinned
//! build's. A binary dumped from a cluster by `scripts/fetch-venues.sh` is accepted too
//! when its hash matches the `raydium_cp_swap.so.sha256` file the script wrote beside it;
//! it is then reported as the deployed binary.

use std::path::{Path, PathBuf};

use ballast_keeper::venue::raydium_cpmm;
use ballast_sdk::{Pubkey, SdkError, SdkResult};
use sha2::{Digest, Sha256};

/// Environment variable naming a directory holding real DEX programs.
pub const VENUES_DIR_ENV: &str = "BALLAST_VENUES_DIR";

/// The DEX a demo market's pools are on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DemoVenue {
    /// The local test AMM (`ballast-test-amm`).
    #[default]
    TestAmm,
    /// Raydium CPMM (the pinned source build), pools under its standard 0.25 % config.
    RaydiumCpmm,
}

impl DemoVenue {
    /// The venue's name (`test-amm`, `raydium-cpmm`).
    pub fn name(&self) -> &'static str {
        match self {
            DemoVenue::TestAmm => "test-amm",
            DemoVenue::RaydiumCpmm => "raydium-cpmm",
        }
    }

    /// Its program id (what a demo vault allowlists).
    pub fn program_id(&self) -> Pubkey {
        match self {
            DemoVenue::TestAmm => ballast_test_amm::ID,
            DemoVenue::RaydiumCpmm => raydium_cpmm::PROGRAM_ID,
        }
    }

    /// The venue of `name` (`test-amm`, `raydium-cpmm`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "test-amm" => Some(DemoVenue::TestAmm),
            "raydium-cpmm" => Some(DemoVenue::RaydiumCpmm),
            _ => None,
        }
    }
}

/// A real DEX program the sandbox can load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VenueProgram {
    /// Its program id.
    pub id: Pubkey,
    /// Its file name.
    pub file: &'static str,
    /// The sha256 of the pinned source build (lowercase hex).
    pub sha256: &'static str,
}

/// Raydium CPMM, built from commit `609780f165d234a0aa9699cac90178a3fa36fd43` of
/// github.com/raydium-io/raydium-cp-swap with the SBF recipe (see
/// `../shared/venues/README.md`).
pub const RAYDIUM_CPMM: VenueProgram = VenueProgram {
    id: raydium_cpmm::PROGRAM_ID,
    file: "raydium_cp_swap.so",
    sha256: "e03662754b61b00f331582963b06199dd79c876150baab96d15444223dfc143e",
};

/// A venue program found and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueBinary {
    /// Where it was found.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// What it is: the pinned source build, or a binary dumped from a cluster.
    pub provenance: String,
}

/// How to get a missing venue program, in one line.
pub fn how_to_get(program: &VenueProgram) -> String {
    format!(
        "{} not found in ${VENUES_DIR_ENV}, tests/fixtures/ or ../shared/venues/: put the \
         pinned source build there (see ../shared/venues/README.md), or run \
         scripts/fetch-venues.sh (needs the Solana CLI and an RPC endpoint) to dump the \
         deployed binary",
        program.file
    )
}

/// The directories searched, in order.
pub fn venue_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os(VENUES_DIR_ENV) {
        dirs.push(PathBuf::from(dir));
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut roots = vec![workspace];
    if let Ok(cwd) = std::env::current_dir() {
        roots.push(cwd);
    }
    for root in roots {
        dirs.push(root.join("tests/fixtures"));
        dirs.push(root.join("../shared/venues"));
    }
    dirs
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finds `program` (see the module documentation) and checks its hash: the first file
/// found must be the pinned build, or the dump recorded beside it; another file is an
/// error, not skipped.
pub fn find_venue(program: &VenueProgram) -> SdkResult<VenueBinary> {
    for dir in venue_dirs() {
        let path = dir.join(program.file);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let digest = hex(&Sha256::digest(&bytes));
        if digest == program.sha256 {
            return Ok(VenueBinary {
                path,
                bytes,
                provenance: "source build of the pinned commit (not the mainnet binary)".into(),
            });
        }
        let recorded = std::fs::read_to_string(dir.join(format!("{}.sha256", program.file)))
            .unwrap_or_default();
        if recorded.split_whitespace().next() == Some(digest.as_str()) {
            return Ok(VenueBinary {
                path,
                bytes,
                provenance: "binary dumped from a cluster by scripts/fetch-venues.sh".into(),
            });
        }
        return Err(SdkError::ProgramLoad {
            program: program.id,
            reason: format!(
                "{} has sha256 {digest}, not the pinned build's {} (nor a recorded dump)",
                path.display(),
                program.sha256
            ),
        });
    }
    Err(SdkError::ProgramLoad {
        program: program.id,
        reason: how_to_get(program),
    })
}

/// Environment variable that makes a missing venue program fail a test run (set by CI).
pub const CI_ENV: &str = "CI";

/// For tests that need `program`: whether it is available. When it is not, under `CI` this
/// panics with the reason (a missing venue fails the run); elsewhere it prints one line
/// saying how to get it and returns `false` (the test returns without failing).
pub fn venue_available(program: &VenueProgram) -> bool {
    match find_venue(program) {
        Ok(_) => true,
        Err(e) if std::env::var_os(CI_ENV).is_some() => panic!("{e}"),
        Err(e) => {
            eprintln!("skipping: {e}");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venue_names_parse_back() {
        for venue in [DemoVenue::TestAmm, DemoVenue::RaydiumCpmm] {
            assert_eq!(DemoVenue::parse(venue.name()), Some(venue));
        }
        assert_eq!(DemoVenue::parse("orca"), None);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
