//! Test vectors for the TypeScript package (`app/ts`): every number its quotes, fee
//! settlement, auction and ramp functions compute, and every byte its encoders write, computed
//! here by `ballast-math` and the program's own types (`Vault::settle_fees`, `Change`'s Borsh
//! encoding, the Pyth receiver's `PriceUpdateV2`), so that the TypeScript ports agree with
//! the program exactly, rounding and errors included.
//!
//! [`vectors`] is deterministic (a fixed-seed generator); `cargo run -p ballast-ts-vectors`
//! writes it to [`VECTORS_PATH`], and this crate's test fails when the committed file is not
//! what it would write.
//!
//! Conventions of the JSON: integers wider than 32 bits are decimal strings (u64, i64, u128),
//! narrower ones JSON numbers; byte strings are lowercase hex; addresses are base58; a case's
//! result is `{"out": ...}` or `{"error": "<MathError or BallastError name>"}`.

mod encodings;
mod math;
mod quotes;

use serde_json::{json, Map, Value};

/// Where the vectors live, relative to the repository root.
pub const VECTORS_PATH: &str = "app/ts/test/vectors.json";

/// Every vector, as the JSON document written to [`VECTORS_PATH`].
pub fn vectors() -> Value {
    let mut rng = Rng(0x5EED_BA11_A575);
    let mut doc = Map::new();
    doc.insert(
        "generated_by".into(),
        json!("cargo run -p ballast-ts-vectors (crates/ts-vectors); do not edit by hand"),
    );
    math::add(&mut doc, &mut rng);
    quotes::add(&mut doc, &mut rng);
    encodings::add(&mut doc, &mut rng);
    Value::Object(doc)
}

/// The vectors as the file's text: one JSON object, one case per line (small, and a change
/// shows as the lines of the cases it moved).
pub fn vectors_text() -> String {
    let doc = vectors();
    let mut sections = Vec::new();
    if let Value::Object(map) = &doc {
        for (name, value) in map {
            let body = match value {
                Value::Array(cases) => {
                    let lines: Vec<String> = cases.iter().map(|c| format!("    {c}")).collect();
                    format!("[\n{}\n  ]", lines.join(",\n"))
                }
                other => other.to_string(),
            };
            sections.push(format!("  {}: {body}", Value::String(name.clone())));
        }
    }
    format!("{{\n{}\n}}\n", sections.join(",\n"))
}

/// A small deterministic generator (SplitMix64), so the vectors never change by themselves.
pub struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        let span = hi.wrapping_sub(lo).wrapping_add(1);
        if span == 0 {
            return self.next_u64();
        }
        lo.wrapping_add(self.next_u64() % span)
    }

    /// A value of a random bit width up to `bits` (so small, medium and huge all occur).
    pub fn bits_u64(&mut self, bits: u32) -> u64 {
        let width = self.range(0, u64::from(bits.min(64))) as u32;
        match width {
            0 => 0,
            64 => self.next_u64(),
            w => self.next_u64() & ((1u64 << w) - 1),
        }
    }

    /// A u128 of a random bit width up to `bits`.
    pub fn bits_u128(&mut self, bits: u32) -> u128 {
        let width = self.range(0, u64::from(bits.min(128))) as u32;
        let raw = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        match width {
            0 => 0,
            128 => raw,
            w => raw & ((1u128 << w) - 1),
        }
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 99) < percent
    }
}

/// `{"out": value}` or `{"error": name}` from a `ballast_math` result.
pub fn outcome<T>(result: ballast_math::MathResult<T>, out: impl FnOnce(T) -> Value) -> Value {
    match result {
        Ok(v) => json!({ "out": out(v) }),
        Err(e) => json!({ "error": format!("{e:?}") }),
    }
}

/// Merges `result` (`{"out"}` / `{"error"}`) into the case's inputs.
pub fn case(inputs: Value, result: Value) -> Value {
    let mut case = inputs;
    if let (Value::Object(c), Value::Object(r)) = (&mut case, result) {
        c.extend(r);
    }
    case
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
