//! The committed vectors are what the generator writes: a change to ballast-math or to the
//! program's encodings that moves a number fails here until the vectors (and the TypeScript
//! package they check) follow.

use std::path::Path;

#[test]
fn committed_vectors_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(ballast_ts_vectors::VECTORS_PATH);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == ballast_ts_vectors::vectors_text(),
        "{} is out of date: run `cargo run -p ballast-ts-vectors --locked`, then the \
         TypeScript tests (cd app/ts && npm test), and commit both",
        path.display()
    );
}

#[test]
fn vectors_cover_successes_and_refusals() {
    let doc = ballast_ts_vectors::vectors();
    for section in [
        "mul_div",
        "token_value",
        "shares_for_deposit",
        "deposit_quotes",
        "withdraw_quotes",
    ] {
        let cases = doc[section]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let errors = cases
            .iter()
            .filter(|c| c.get("error").is_some_and(|e| !e.is_null()))
            .count();
        assert!(
            errors > 0 && errors < cases.len(),
            "{section}: {errors} refusals of {}",
            cases.len()
        );
    }
}
