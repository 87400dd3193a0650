//! Text forms of [`Policy`] and [`TradeTarget`] for CLIs and configs (no serde, no alloc).
//!
//! # Grammar
//! ```text
//! policy   = name [ ":" param *( "," param ) ]
//! param    = key "=" value
//! value    = digits [ unit ]           ; digits may contain "_" separators
//! unit     = "s" | "m" | "h" | "d" | "w"  ; durations only (seconds by default)
//! mode     = "out-of-band-to-target" | "to-band-edge" | "halfway" | "full"
//! ```
//! The old mode name `to-target` is refused as ambiguous (it could mean `full` or
//! `out-of-band-to-target`; see [`crate::target`]).
//! Whitespace around tokens is ignored; keys may come in any order, each at most once.
//!
//! | name               | keys (default)                                          |
//! |--------------------|---------------------------------------------------------|
//! | `calendar`         | `interval` (duration)                                   |
//! | `absolute-band`    | `band_bps`                                              |
//! | `relative-band`    | `band_bps`                                              |
//! | `five-twenty-five` | `abs_bps` (500), `rel_bps` (2500)                       |
//! | `hybrid`           | `interval` (duration), `band_bps`, `rel_bps` (0 = unused) |
//! | `vol-band`         | `k_bps`, `floor_bps`, `cap_bps`, `half_life` (duration) |
//!
//! Examples: `calendar:interval=7d`, `absolute-band:band_bps=500`, `five-twenty-five`,
//! `hybrid:interval=1d,band_bps=300`,
//! `vol-band:k_bps=1000,floor_bps=100,cap_bps=1000,half_life=7d`.
//! [`Policy`]'s `Display` writes the canonical form (every key, durations in seconds), which
//! parses back to the same policy.

use core::fmt;
use core::str::FromStr;

use crate::error::MathError;
use crate::policy::Policy;
use crate::target::TradeTarget;

const POLICY_NAMES: &str =
    "calendar, absolute-band, relative-band, five-twenty-five, hybrid, vol-band";
const MODE_NAMES: &str = "out-of-band-to-target, to-band-edge, halfway, full";
const AMBIGUOUS_MODE: &str = "to-target";
const TOKEN_CAP: usize = 32;

/// What went wrong in a text form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The policy name is not one of the six.
    UnknownPolicy,
    /// The trade-target mode is not one of the four.
    UnknownMode,
    /// The trade-target mode is the old, ambiguous `to-target`.
    AmbiguousMode,
    /// A key the policy does not have.
    UnknownKey,
    /// A key given twice.
    DuplicateKey,
    /// A required key is missing.
    MissingKey,
    /// A parameter without `=`.
    MissingValue,
    /// A value that is not an unsigned integer (with an optional duration unit).
    BadNumber,
    /// The parameters parse but are out of range.
    Invalid(MathError),
}

/// A one-line parse error that quotes the offending token (up to 32 bytes) and says what
/// was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// The kind of error.
    pub kind: ParseErrorKind,
    token: [u8; TOKEN_CAP],
    token_len: u8,
    expected: &'static str,
}

impl ParseError {
    fn new(kind: ParseErrorKind, token: &str, expected: &'static str) -> ParseError {
        // Truncate on a character boundary.
        let mut len = token.len().min(TOKEN_CAP);
        while !token.is_char_boundary(len) {
            len = len.saturating_sub(1);
        }
        let mut buf = [0u8; TOKEN_CAP];
        buf[..len].copy_from_slice(&token.as_bytes()[..len]);
        ParseError {
            kind,
            token: buf,
            token_len: u8::try_from(len).unwrap_or(0),
            expected,
        }
    }

    /// The offending token (possibly truncated).
    pub fn token(&self) -> &str {
        core::str::from_utf8(&self.token[..usize::from(self.token_len)]).unwrap_or("")
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (t, e) = (self.token(), self.expected);
        match self.kind {
            ParseErrorKind::UnknownPolicy => {
                write!(f, "unknown policy '{t}' (expected one of: {e})")
            }
            ParseErrorKind::UnknownMode => {
                write!(f, "unknown trade target '{t}' (expected one of: {e})")
            }
            ParseErrorKind::AmbiguousMode => write!(
                f,
                "trade target '{t}' is ambiguous: use 'full' (every asset back to its target) \
                 or 'out-of-band-to-target' (only the assets outside their bands go to target)"
            ),
            ParseErrorKind::UnknownKey => write!(f, "unknown key '{t}' (expected: {e})"),
            ParseErrorKind::DuplicateKey => write!(f, "key '{t}' given twice"),
            ParseErrorKind::MissingKey => write!(f, "missing key '{t}' (keys: {e})"),
            ParseErrorKind::MissingValue => write!(f, "expected key=value, got '{t}'"),
            ParseErrorKind::BadNumber => write!(f, "bad number '{t}' ({e})"),
            ParseErrorKind::Invalid(err) => write!(f, "invalid {t}: {err} ({e})"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}

#[derive(Clone, Copy)]
struct Key {
    name: &'static str,
    default: Option<u64>,
    duration: bool,
}

const fn key(name: &'static str) -> Key {
    Key {
        name,
        default: None,
        duration: false,
    }
}
const fn with_default(name: &'static str, default: u64) -> Key {
    Key {
        name,
        default: Some(default),
        duration: false,
    }
}
const fn duration(name: &'static str) -> Key {
    Key {
        name,
        default: None,
        duration: true,
    }
}

struct Spec {
    name: &'static str,
    keys: &'static [Key],
    /// Key list and ranges, for error messages.
    help: &'static str,
}

const SPECS: [Spec; 6] = [
    Spec {
        name: "calendar",
        keys: &[duration("interval")],
        help: "interval=1s..3650d",
    },
    Spec {
        name: "absolute-band",
        keys: &[key("band_bps")],
        help: "band_bps=1..10000",
    },
    Spec {
        name: "relative-band",
        keys: &[key("band_bps")],
        help: "band_bps=1..10000",
    },
    Spec {
        name: "five-twenty-five",
        keys: &[with_default("abs_bps", 500), with_default("rel_bps", 2_500)],
        help: "abs_bps=1..10000, rel_bps=1..10000",
    },
    Spec {
        name: "hybrid",
        keys: &[
            duration("interval"),
            key("band_bps"),
            with_default("rel_bps", 0),
        ],
        help: "interval=1s..3650d, band_bps=1..10000, rel_bps=0..10000",
    },
    Spec {
        name: "vol-band",
        keys: &[
            key("k_bps"),
            key("floor_bps"),
            key("cap_bps"),
            duration("half_life"),
        ],
        help: "k_bps=1..1000000, floor_bps<=cap_bps<=10000, half_life>=1s",
    },
];

const NUMBER_HELP: &str = "expected an unsigned integer; durations may end in s, m, h, d or w";

fn parse_number(text: &str, is_duration: bool) -> Result<u64, ParseError> {
    let bad = || ParseError::new(ParseErrorKind::BadNumber, text, NUMBER_HELP);
    let (digits, unit) = match text.char_indices().last() {
        Some((i, c)) if is_duration && c.is_ascii_alphabetic() => (&text[..i], Some(c)),
        _ => (text, None),
    };
    let multiplier: u64 = match unit {
        None | Some('s') => 1,
        Some('m') => 60,
        Some('h') => 3_600,
        Some('d') => 86_400,
        Some('w') => 604_800,
        Some(_) => return Err(bad()),
    };
    if digits.is_empty() || digits.starts_with('_') {
        return Err(bad());
    }
    let mut n: u64 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(10).ok_or_else(bad)?;
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d)))
            .ok_or_else(bad)?;
    }
    n.checked_mul(multiplier).ok_or_else(bad)
}

fn parse_policy(text: &str) -> Result<Policy, ParseError> {
    let text = text.trim();
    let (name, params) = match text.split_once(':') {
        Some((name, params)) => (name.trim(), Some(params)),
        None => (text, None),
    };
    let spec = SPECS
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| ParseError::new(ParseErrorKind::UnknownPolicy, name, POLICY_NAMES))?;
    let mut values: [Option<u64>; 4] = [None; 4];
    for item in params.into_iter().flat_map(|p| p.split(',')) {
        let item = item.trim();
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| ParseError::new(ParseErrorKind::MissingValue, item, spec.help))?;
        let (k, v) = (k.trim(), v.trim());
        let index = spec
            .keys
            .iter()
            .position(|key| key.name == k)
            .ok_or_else(|| ParseError::new(ParseErrorKind::UnknownKey, k, spec.help))?;
        let slot = values
            .get_mut(index)
            .ok_or_else(|| ParseError::new(ParseErrorKind::UnknownKey, k, spec.help))?;
        if slot.is_some() {
            return Err(ParseError::new(ParseErrorKind::DuplicateKey, k, spec.help));
        }
        *slot = Some(parse_number(v, spec.keys[index].duration)?);
    }
    let mut p = [0u64; 4];
    for ((out, value), key) in p.iter_mut().zip(values).zip(spec.keys) {
        *out = value
            .or(key.default)
            .ok_or_else(|| ParseError::new(ParseErrorKind::MissingKey, key.name, spec.help))?;
    }
    let invalid = |e| ParseError::new(ParseErrorKind::Invalid(e), spec.name, spec.help);
    let small = |x: u64| u32::try_from(x).map_err(|_| invalid(MathError::InvalidParameter));
    let policy = match spec.name {
        "calendar" => Policy::Calendar {
            interval_secs: p[0],
        },
        "absolute-band" => Policy::AbsoluteBand {
            band_bps: small(p[0])?,
        },
        "relative-band" => Policy::RelativeBand {
            band_bps: small(p[0])?,
        },
        "five-twenty-five" => Policy::FiveTwentyFive {
            abs_bps: small(p[0])?,
            rel_bps: small(p[1])?,
        },
        "hybrid" => Policy::Hybrid {
            interval_secs: p[0],
            band_bps: small(p[1])?,
            rel_bps: small(p[2])?,
        },
        _ => Policy::VolBand {
            k_bps: small(p[0])?,
            floor_bps: small(p[1])?,
            cap_bps: small(p[2])?,
            half_life_secs: small(p[3])?,
        },
    };
    policy.validate().map_err(invalid)?;
    Ok(policy)
}

impl FromStr for Policy {
    type Err = ParseError;

    /// Parses the grammar of [`crate::parse`].
    fn from_str(text: &str) -> Result<Policy, ParseError> {
        parse_policy(text)
    }
}

impl fmt::Display for Policy {
    /// The canonical text form: every key, durations in seconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name();
        match *self {
            Policy::Calendar { interval_secs } => write!(f, "{name}:interval={interval_secs}"),
            Policy::AbsoluteBand { band_bps } | Policy::RelativeBand { band_bps } => {
                write!(f, "{name}:band_bps={band_bps}")
            }
            Policy::FiveTwentyFive { abs_bps, rel_bps } => {
                write!(f, "{name}:abs_bps={abs_bps},rel_bps={rel_bps}")
            }
            Policy::Hybrid { interval_secs, band_bps, rel_bps } => write!(
                f,
                "{name}:interval={interval_secs},band_bps={band_bps},rel_bps={rel_bps}"
            ),
            Policy::VolBand { k_bps, floor_bps, cap_bps, half_life_secs } => write!(
                f,
                "{name}:k_bps={k_bps},floor_bps={floor_bps},cap_bps={cap_bps},half_life={half_life_secs}"
            ),
        }
    }
}

impl FromStr for TradeTarget {
    type Err = ParseError;

    /// `out-of-band-to-target`, `to-band-edge`, `halfway` or `full` (surrounding whitespace
    /// ignored); the old `to-target` is an [`ParseErrorKind::AmbiguousMode`] error.
    fn from_str(text: &str) -> Result<TradeTarget, ParseError> {
        let text = text.trim();
        if text == AMBIGUOUS_MODE {
            return Err(ParseError::new(
                ParseErrorKind::AmbiguousMode,
                text,
                MODE_NAMES,
            ));
        }
        TradeTarget::ALL
            .into_iter()
            .find(|m| m.name() == text)
            .ok_or_else(|| ParseError::new(ParseErrorKind::UnknownMode, text, MODE_NAMES))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_parse() {
        assert_eq!(
            "calendar:interval=7d".parse(),
            Ok(Policy::Calendar {
                interval_secs: 604_800
            })
        );
        assert_eq!(
            " absolute-band : band_bps = 500 ".parse(),
            Ok(Policy::AbsoluteBand { band_bps: 500 })
        );
        assert_eq!("five-twenty-five".parse(), Ok(Policy::FIVE_TWENTY_FIVE));
        assert_eq!(
            "five-twenty-five:rel_bps=2000".parse(),
            Ok(Policy::FiveTwentyFive {
                abs_bps: 500,
                rel_bps: 2_000
            })
        );
        assert_eq!(
            "hybrid:band_bps=300,interval=1_000".parse(),
            Ok(Policy::Hybrid {
                interval_secs: 1_000,
                band_bps: 300,
                rel_bps: 0
            })
        );
        assert_eq!(
            "vol-band:k_bps=1000,floor_bps=100,cap_bps=1000,half_life=1w".parse(),
            Ok(Policy::VolBand {
                k_bps: 1_000,
                floor_bps: 100,
                cap_bps: 1_000,
                half_life_secs: 604_800
            })
        );
        assert_eq!("halfway".parse(), Ok(TradeTarget::Halfway));
        assert_eq!("to-band-edge".parse(), Ok(TradeTarget::ToBandEdge));
        assert_eq!("full".parse(), Ok(TradeTarget::Full));
        assert_eq!(
            " out-of-band-to-target ".parse(),
            Ok(TradeTarget::OutOfBandToTarget)
        );
    }

    #[test]
    fn to_target_is_ambiguous() {
        let e = "to-target".parse::<TradeTarget>().unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::AmbiguousMode);
        let msg = e.to_string();
        assert!(msg.contains("ambiguous"), "{msg}");
        assert!(
            msg.contains("'full'") && msg.contains("'out-of-band-to-target'"),
            "{msg}"
        );
        assert!(!msg.contains('\n'));
        assert!(" to-target ".parse::<TradeTarget>().is_err());
    }

    #[test]
    fn canonical_form_round_trips() {
        for text in [
            "calendar:interval=86400",
            "absolute-band:band_bps=500",
            "relative-band:band_bps=2000",
            "five-twenty-five:abs_bps=500,rel_bps=2500",
            "hybrid:interval=604800,band_bps=300,rel_bps=2500",
            "vol-band:k_bps=1000,floor_bps=100,cap_bps=1000,half_life=604800",
        ] {
            let p: Policy = text.parse().unwrap();
            assert_eq!(p.to_string(), text);
            assert_eq!(p.to_string().split(':').next(), Some(p.name()));
        }
        for m in TradeTarget::ALL {
            assert_eq!(m.to_string().parse(), Ok(m));
        }
    }

    #[test]
    fn errors_are_one_line_and_helpful() {
        let msg = |s: &str| s.parse::<Policy>().unwrap_err().to_string();
        assert_eq!(
            msg("bands"),
            "unknown policy 'bands' (expected one of: calendar, absolute-band, relative-band, \
             five-twenty-five, hybrid, vol-band)"
        );
        assert_eq!(
            msg("absolute-band:band=5"),
            "unknown key 'band' (expected: band_bps=1..10000)"
        );
        assert_eq!(
            msg("absolute-band"),
            "missing key 'band_bps' (keys: band_bps=1..10000)"
        );
        assert_eq!(
            msg("absolute-band:band_bps=1,band_bps=2"),
            "key 'band_bps' given twice"
        );
        assert_eq!(
            msg("absolute-band:band_bps"),
            "expected key=value, got 'band_bps'"
        );
        assert_eq!(
            msg("absolute-band:band_bps=5%"),
            "bad number '5%' (expected an unsigned integer; durations may end in s, m, h, d or w)"
        );
        assert_eq!(
            msg("absolute-band:band_bps=20000"),
            "invalid absolute-band: parameter outside its documented range (band_bps=1..10000)"
        );
        assert!(msg("calendar:interval=99999999999999999999").starts_with("bad number"));
        assert!(msg("calendar:interval=5y").starts_with("bad number"));
        assert!(msg("absolute-band:band_bps=5000000000").starts_with("invalid absolute-band"));
        assert!(msg("absolute-band:").starts_with("expected key=value"));
        let e = "sideways".parse::<TradeTarget>().unwrap_err().to_string();
        assert_eq!(
            e,
            "unknown trade target 'sideways' (expected one of: out-of-band-to-target, \
             to-band-edge, halfway, full)"
        );
        let long = "x".repeat(100);
        assert_eq!(long.parse::<Policy>().unwrap_err().token().len(), 32);
        for m in ["", ":", ",", "calendar:interval=1d,", "é:é=é"] {
            assert!(!msg(m).contains('\n'));
        }
    }
}
