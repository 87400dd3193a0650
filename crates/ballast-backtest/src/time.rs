//! Dates and times of price rows: parsing to unix seconds (UTC) and formatting back.
//!
//! Accepted forms of the `Date` column:
//! - `YYYY-MM-DD` (midnight UTC), the daily format;
//! - `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS]`, optionally followed by `Z` or a
//!   `+HH:MM` / `-HH:MM` offset (then converted to UTC), the intraday formats;
//! - a bare integer: unix seconds.

/// Seconds in a day.
pub const DAY_SECS: i64 = 86_400;
/// Seconds in the 365-day year used for every annualisation (crypto trades every day).
pub const YEAR_SECS: f64 = 31_536_000.0;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn number(text: &str, digits: usize) -> Option<u32> {
    if text.len() != digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a `Date` field (see the module documentation) to unix seconds, UTC.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let date = text.get(..10)?;
    let rest = text.get(10..)?;
    let year = i64::from(number(date.get(0..4)?, 4)?);
    let month = number(date.get(5..7)?, 2)?;
    let day = number(date.get(8..10)?, 2)?;
    if date.as_bytes().get(4) != Some(&b'-') || date.as_bytes().get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) * DAY_SECS;
    if rest.is_empty() {
        return Some(secs);
    }
    let rest = rest.strip_prefix([' ', 'T'])?;
    // Time of day, then an optional zone.
    let (clock, zone) = match rest.find(['Z', '+', '-']) {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, ""),
    };
    let mut parts = clock.split(':');
    let h = number(parts.next()?, 2)?;
    let m = number(parts.next()?, 2)?;
    let s = match parts.next() {
        // Fractional seconds are dropped.
        Some(s) => number(s.split('.').next()?, 2)?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    secs += i64::from(h * 3_600 + m * 60 + s);
    match zone {
        "" | "Z" => {}
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (zh, zm) = zone.get(1..)?.split_once(':')?;
            let offset = i64::from(number(zh, 2)? * 3_600 + number(zm, 2)? * 60);
            secs -= sign * offset;
        }
    }
    Some(secs)
}

/// `YYYY-MM-DD` when `secs` is midnight UTC, else `YYYY-MM-DD HH:MM:SS` (UTC).
pub fn format_time(secs: i64) -> String {
    let days = secs.div_euclid(DAY_SECS);
    let rem = secs.rem_euclid(DAY_SECS);
    let (y, m, d) = civil_from_days(days);
    if rem == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            rem / 3_600,
            rem / 60 % 60,
            rem % 60
        )
    }
}

/// A duration in the largest whole unit up to days: `1d`, `455d`, `1h`, `15m`, `90s`.
pub fn format_duration(secs: i64) -> String {
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if secs >= size && secs % size == 0 {
            return format!("{}{unit}", secs / size);
        }
    }
    format!("{secs}s")
}

/// Parses a duration: digits with an optional unit `s` (default), `m`, `h`, `d` or `w`
/// (`90d`, `12h`, `3600`); `None` unless it is a positive whole number of seconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim();
    let (digits, mult) = match t.chars().last()? {
        's' => (&t[..t.len() - 1], 1),
        'm' => (&t[..t.len() - 1], 60),
        'h' => (&t[..t.len() - 1], 3_600),
        'd' => (&t[..t.len() - 1], 86_400),
        'w' => (&t[..t.len() - 1], 604_800),
        _ => (t, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    (n > 0).then_some(n.checked_mul(mult)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(parse_time("1970-01-01"), Some(0));
        assert_eq!(parse_time("2020-04-10"), Some(1_586_476_800));
        assert_eq!(parse_time("2020-04-10 01:00:00"), Some(1_586_480_400));
        assert_eq!(parse_time("2020-04-10T01:00Z"), Some(1_586_480_400));
        assert_eq!(parse_time("2020-04-10T03:00:00+02:00"), Some(1_586_480_400));
        assert_eq!(parse_time("1586480400"), Some(1_586_480_400));
        assert_eq!(parse_time("2020-02-30"), None);
        assert_eq!(parse_time("2020/01/01"), None);
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_duration("365d"), Some(365 * DAY_SECS));
        assert_eq!(parse_duration("12h"), Some(43_200));
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("0d"), None);
        assert_eq!(parse_duration("-1d"), None);
        assert_eq!(parse_duration("d"), None);
        assert_eq!(parse_duration("1y"), None);
        assert_eq!(format_duration(86_400), "1d");
        assert_eq!(format_duration(3_600), "1h");
        assert_eq!(format_duration(900), "15m");
        assert_eq!(format_duration(604_800), "7d");
        assert_eq!(format_duration(90), "90s");
        for secs in [0, 1_586_476_800, 1_586_480_400, -86_400, 4_102_444_800] {
            assert_eq!(parse_time(&format_time(secs)), Some(secs));
        }
    }
}
