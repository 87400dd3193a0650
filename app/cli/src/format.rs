//! Parsing and printing what users type and read: amounts in whole units, dollars,
//! addresses.

use ballast_sdk::Pubkey;

use crate::CliError;

/// `amount` base units with `decimals` as a decimal string.
pub fn units(amount: u64, decimals: u8) -> String {
    let scale = 10u128.pow(u32::from(decimals));
    let a = u128::from(amount);
    if decimals == 0 {
        return a.to_string();
    }
    format!(
        "{}.{:0width$}",
        a / scale,
        a % scale,
        width = usize::from(decimals)
    )
}

/// Dollars with thousands separators and cents.
pub fn dollars(x: f64) -> String {
    let negative = x < 0.0;
    let cents = (x.abs() * 100.0).round() as u128;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!(
        "{}${grouped}.{:02}",
        if negative { "-" } else { "" },
        cents % 100
    )
}

/// A fraction as a percentage with two decimals.
pub fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

/// An address shortened for a table: its first and last four characters.
pub fn short(key: &Pubkey) -> String {
    let text = key.to_string();
    match (text.get(..4), text.get(text.len().saturating_sub(4)..)) {
        (Some(head), Some(tail)) if text.len() > 10 => format!("{head}..{tail}"),
        _ => text,
    }
}

/// Parses a base-58 address argument.
pub fn parse_pubkey(arg: &str, text: &str) -> Result<Pubkey, CliError> {
    text.trim()
        .parse()
        .map_err(|_| CliError::arg(arg, format!("'{text}' is not a base-58 address")))
}

/// Parses `text` whole units with `decimals` into base units (above zero).
pub fn parse_amount(arg: &str, text: &str, decimals: u8) -> Result<u64, CliError> {
    let bad = || {
        CliError::arg(
            arg,
            format!("'{text}' is not an amount with at most {decimals} decimals"),
        )
    };
    let t = text.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if (whole.is_empty() && frac.is_empty())
        || frac.len() > usize::from(decimals)
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let scale = 10u128.pow(u32::from(decimals));
    let w: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let f: u128 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<width$}", width = usize::from(decimals))
            .parse()
            .map_err(|_| bad())?
    };
    let amount = w
        .checked_mul(scale)
        .and_then(|x| x.checked_add(f))
        .and_then(|x| u64::try_from(x).ok())
        .ok_or_else(bad)?;
    if amount == 0 {
        return Err(CliError::arg(arg, "must be above zero"));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_to_base_units_exactly() {
        assert_eq!(parse_amount("--amount", "10", 9).unwrap(), 10_000_000_000);
        assert_eq!(parse_amount("--amount", "0.05", 8).unwrap(), 5_000_000);
        assert_eq!(parse_amount("--amount", ".5", 6).unwrap(), 500_000);
        assert_eq!(parse_amount("--amount", "1.", 6).unwrap(), 1_000_000);
        for bad in [
            "",
            ".",
            "-1",
            "1e3",
            "0.0000001",
            "x",
            "99999999999999999999",
        ] {
            assert!(parse_amount("--amount", bad, 6).is_err(), "{bad}");
        }
        assert!(parse_amount("--amount", "0", 6).is_err());
    }
}
