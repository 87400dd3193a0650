//! Aligning files that cover different bars: the per-file report, the bar-spacing check and
//! the date window.

use ballast_backtest::overlap::align_files;
use ballast_backtest::PriceFile;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

fn file(path: &str, times: Vec<i64>) -> PriceFile {
    let closes = times
        .iter()
        .map(|&t| 1.0 + (t / HOUR) as f64 * 0.001)
        .collect();
    PriceFile {
        path: path.to_string(),
        name: path.split('.').next().unwrap_or(path).to_ascii_uppercase(),
        times,
        closes,
    }
}

fn hours(range: std::ops::RangeInclusive<i64>) -> Vec<i64> {
    range.map(|h| h * HOUR).collect()
}

#[test]
fn a_late_start_is_reported_not_refused() {
    // A: hours 0..=1999; B starts 1,000 hours late. Common range hours 1000..=1999.
    let files = [
        file("a.csv", hours(0..=1_999)),
        file("b.csv", hours(1_000..=1_999)),
    ];
    let (m, o) = align_files(&files, i64::MIN, i64::MAX, false).unwrap();
    assert_eq!(m.bars(), 1_000);
    assert_eq!(
        (o.first, o.last, o.bars),
        (1_000 * HOUR, 1_999 * HOUR, 1_000)
    );
    assert_eq!(
        (o.files[0].before, o.files[0].after, o.files[0].inside),
        (1_000, 0, 0)
    );
    assert_eq!(o.files[1].dropped(), 0);
    assert!(o.any_dropped());
    let lines = o.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        "a.csv: dropped 1000 of its 2000 bars (1000 before, 0 after, 0 inside the common range \
         1970-02-11 16:00:00 .. 1970-03-25 07:00:00 of 1000 bars)"
    );
    assert!(lines[1].starts_with("b.csv: dropped 0 of its 1000 bars"));
}

#[test]
fn a_file_missing_every_tenth_hour_is_refused_unless_gaps_are_allowed() {
    let every = hours(0..=999);
    let holes: Vec<i64> = every
        .iter()
        .copied()
        .filter(|t| (t / HOUR) % 10 != 5)
        .collect();
    let files = [file("a.csv", every), file("b.csv", holes)];
    let e = align_files(&files, i64::MIN, i64::MAX, false)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "b.csv: lacks 100 of the 1000 bar times the other files have in the common range \
         1970-01-01 .. 1970-02-11 15:00:00 (its bars are otherwise every 1h); use --allow-gaps \
         to align on the common bars anyway"
    );
    let (m, o) = align_files(&files, i64::MIN, i64::MAX, true).unwrap();
    assert_eq!(m.bars(), 900);
    assert_eq!(o.files[0].inside, 100);
    assert_eq!(o.files[1].dropped(), 0);
}

#[test]
fn a_daily_file_among_hourly_ones_is_refused() {
    // Ten days of hourly bars and the same ten days of daily bars (at midnight).
    let files = [
        file("h1.csv", hours(0..=240)),
        file("d.csv", (0..=10).map(|d| d * DAY).collect()),
        file("h2.csv", hours(0..=240)),
    ];
    let e = align_files(&files, i64::MIN, i64::MAX, false)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "d.csv: bars every 1d, but h1.csv has bars every 1h: aligning would drop the 230 of \
         the 241 bar times in the common range 1970-01-01 .. 1970-01-11 that this file lacks; \
         use --allow-gaps to align on the common bars anyway"
    );
    let (m, o) = align_files(&files, i64::MIN, i64::MAX, true).unwrap();
    assert_eq!(m.bars(), 11);
    assert_eq!(o.files[0].inside, 230);
    assert_eq!(o.files[1].spacing_secs, DAY);
}

#[test]
fn the_window_applies_before_the_alignment() {
    // A gap in B before the window does not matter once the window starts after it.
    let a = hours(0..=100);
    let b: Vec<i64> = hours(0..=100)
        .into_iter()
        .filter(|&t| t != 10 * HOUR)
        .collect();
    let files = [file("a.csv", a), file("b.csv", b)];
    assert!(align_files(&files, i64::MIN, i64::MAX, false).is_err());
    let (m, o) = align_files(&files, 20 * HOUR, 80 * HOUR, false).unwrap();
    assert_eq!(m.bars(), 61);
    assert_eq!((o.files[0].bars, o.files[0].dropped()), (61, 0));
    assert!(!o.any_dropped());
    // A file with nothing in the window is named.
    let late = [file("a.csv", hours(0..=10)), file("c.csv", hours(50..=60))];
    let e = align_files(&late, i64::MIN, 20 * HOUR, false)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "c.csv: no bars in the window up to 1970-01-01 20:00:00 (it has 1970-01-03 02:00:00 .. 1970-01-03 12:00:00)"
    );
}
