//! `ballast-idl`: builds Ballast's IDL with Anchor's own builder (`anchor_lang_idl::build`,
//! the code behind `anchor idl build`) and writes `idl/ballast.json` and the TypeScript types
//! file Anchor generates beside it (`idl/ballast.ts`), or, with `--check`, fails when the
//! committed files differ from what the program now produces.
//!
//! usage: `cargo run -p ballast-idl --locked [-- --check]` (or `scripts/idl.sh [--check]`).
//!
//! The builder runs `cargo test __anchor_private_print_idl --features idl-build` in
//! `programs/ballast`, in the workspace's own target directory so that the IDL build reuses
//! every dependency the tests already compiled: only the crates whose features `idl-build`
//! changes (the Anchor crates, the Pyth SDK, the program) compile again, beside the main
//! build's artifacts (the features are part of their hashes), never over them. Anchor's
//! builder sets `RUSTFLAGS=-A warnings`, which would make cargo rebuild the main tree's
//! artifacts on every switch; `CARGO_ENCODED_RUSTFLAGS`, which cargo reads first, keeps the
//! flags the main build uses instead.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anchor_lang_idl::build::IdlBuilder;
use anchor_lang_idl::serde_json;
use anchor_lang_idl::types::{Idl, IdlInstructionAccountItem, IdlSeed, IdlSeedAccount};
use anyhow::{anyhow, bail, Context, Result};
use heck::{ToLowerCamelCase, ToUpperCamelCase};
use regex::Regex;

/// A seed that Anchor's seed parser cannot read from the program and that the builder writes
/// into the IDL itself, after checking that Anchor produced exactly the expected stand-in.
struct SeedFix {
    instruction: &'static str,
    account: &'static str,
    index: usize,
    /// What Anchor emits for the seed.
    emitted: &'static str,
    /// The seed's real source: a field of a stored account.
    path: &'static str,
    /// The type of the stored account holding the field.
    account_type: &'static str,
}

/// `queue_change`'s change account is `[CHANGE_SEED, vault, vault.next_change_id (u64 LE)]`.
/// The vault is zero-copy, so the program reads the id through `vault.load()?`; Anchor's
/// parser stops at the `load()` call and emits the vault's key instead of the field.
const SEED_FIXES: &[SeedFix] = &[SeedFix {
    instruction: "queue_change",
    account: "change",
    index: 2,
    emitted: "vault",
    path: "vault.next_change_id",
    account_type: "Vault",
}];

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("ballast-idl: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the IDL and writes or checks the files; `Ok(false)` when `--check` found drift.
fn run() -> Result<bool> {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => bail!("unknown argument {other:?} (usage: ballast-idl [--check])"),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .context("locating the repository root")?;
    let idl = build_idl(&root)?;
    let json = format!("{}\n", serde_json::to_string_pretty(&idl)?);
    let ts = types_file(&idl)?;
    let outputs = [
        (root.join("idl/ballast.json"), json),
        (root.join("idl/ballast.ts"), ts),
    ];
    if check {
        let mut clean = true;
        for (path, content) in &outputs {
            let committed = std::fs::read_to_string(path).unwrap_or_default();
            if committed != *content {
                eprintln!(
                    "{} is not what the program produces: run scripts/idl.sh and commit the \
                     result (a change to accounts, events or error codes changes the IDL)",
                    path.display()
                );
                print_first_difference(&committed, content);
                clean = false;
            }
        }
        if clean {
            eprintln!("idl/ballast.json and idl/ballast.ts are up to date");
        }
        Ok(clean)
    } else {
        for (path, content) in &outputs {
            std::fs::write(path, content).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {} ({} bytes)", path.display(), content.len());
        }
        Ok(true)
    }
}

/// Runs Anchor's IDL builder on `programs/ballast` and applies the seed fixes.
fn build_idl(root: &Path) -> Result<Idl> {
    // anchor-lang-idl 0.1.4 passes a literal `+{toolchain}` to cargo when RUSTUP_TOOLCHAIN is
    // set (rustup sets it for every process it starts): without it, rustup reads
    // rust-toolchain.toml like any other build here.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    if let Some(dir) = std::env::var_os("BALLAST_IDL_TARGET_DIR") {
        std::env::set_var("CARGO_TARGET_DIR", PathBuf::from(dir));
    }
    // The main build's flags (none, usually), so that cargo reuses its artifacts.
    if std::env::var_os("CARGO_ENCODED_RUSTFLAGS").is_none() {
        let flags = std::env::var("RUSTFLAGS").unwrap_or_default();
        let encoded: Vec<&str> = flags.split_whitespace().collect();
        std::env::set_var("CARGO_ENCODED_RUSTFLAGS", encoded.join("\x1f"));
    }
    let mut idl = IdlBuilder::new()
        .program_path(root.join("programs/ballast"))
        .cargo_args(vec!["--locked".into(), "--lib".into()])
        .build()
        .map_err(|e| anyhow!("{e:#}"))?;
    for fix in SEED_FIXES {
        apply_seed_fix(&mut idl, fix)?;
    }
    Ok(idl)
}

/// Replaces the stand-in seed `fix` describes, failing when the IDL no longer has it (then
/// the program changed and the fix must be revisited).
fn apply_seed_fix(idl: &mut Idl, fix: &SeedFix) -> Result<()> {
    let ix = idl
        .instructions
        .iter_mut()
        .find(|ix| ix.name == fix.instruction)
        .ok_or_else(|| anyhow!("seed fix: no instruction {}", fix.instruction))?;
    let account = ix
        .accounts
        .iter_mut()
        .find_map(|item| match item {
            IdlInstructionAccountItem::Single(acc) if acc.name == fix.account => Some(acc),
            _ => None,
        })
        .ok_or_else(|| anyhow!("seed fix: no account {}.{}", fix.instruction, fix.account))?;
    let seed = account
        .pda
        .as_mut()
        .and_then(|pda| pda.seeds.get_mut(fix.index))
        .ok_or_else(|| {
            anyhow!(
                "seed fix: {}.{} has no seed {}",
                fix.instruction,
                fix.account,
                fix.index
            )
        })?;
    match seed {
        IdlSeed::Account(IdlSeedAccount {
            path,
            account: None,
        }) if path == fix.emitted => {
            *seed = IdlSeed::Account(IdlSeedAccount {
                path: fix.path.into(),
                account: Some(fix.account_type.into()),
            });
            Ok(())
        }
        other => bail!(
            "seed fix: {}.{} seed {} is now {other:?}, not the expected stand-in `{}`: \
             update SEED_FIXES in idl/builder",
            fix.instruction,
            fix.account,
            fix.index,
            fix.emitted
        ),
    }
}

/// The TypeScript types file Anchor's CLI writes to `target/types/<name>.ts`: the IDL with
/// every name in camelCase, as a type (`Program<Ballast>` in the TypeScript client).
fn types_file(idl: &Idl) -> Result<String> {
    let name = &idl.metadata.name;
    let type_name = name.to_upper_camel_case();
    let compact = serde_json::to_string(idl)?;
    // Anchor's own rule: every string value made of word characters is a name, unless it is
    // an address.
    let names = Regex::new(r#""\w+":"([\w\d]+)""#)?;
    let mut camel = compact.clone();
    for capture in names.captures_iter(&compact) {
        let value = &capture[1];
        if is_address(value) {
            continue;
        }
        camel = camel.replace(
            &format!("\"{value}\""),
            &format!("\"{}\"", value.to_lower_camel_case()),
        );
    }
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Idl>(&camel)?)?;
    Ok(format!(
        "/**\n * Program IDL in camelCase format in order to be used in JS/TS.\n *\n * Note that \
         this is only a type helper and is not the actual IDL. The original\n * IDL can be \
         found at `idl/{name}.json`.\n */\nexport type {type_name} = {pretty};\n"
    ))
}

/// Whether `s` is a base58 32-byte address.
fn is_address(s: &str) -> bool {
    bs58::decode(s)
        .into_vec()
        .map(|bytes| bytes.len() == 32)
        .unwrap_or(false)
}

/// Prints the first differing line of two versions of a file.
fn print_first_difference(committed: &str, generated: &str) {
    let mut a = committed.lines();
    let mut b = generated.lines();
    for line in 1.. {
        match (a.next(), b.next()) {
            (None, None) => return,
            (x, y) if x == y => continue,
            (x, y) => {
                eprintln!("  first difference at line {line}:");
                eprintln!("  committed: {}", x.unwrap_or("<end of file>"));
                eprintln!("  generated: {}", y.unwrap_or("<end of file>"));
                return;
            }
        }
    }
}
