//! Aligning price files that do not cover the same bars, and saying so.
//!
//! [`Market::align`] keeps the bars present in every file. [`align_files`] does the same on
//! the bars inside a `[from, to]` window, and also:
//! - reports, per file, how many of its bars the alignment dropped (before the common range,
//!   after it, and inside it because another file has no bar at that time), and the common
//!   range ([`Overlap`]);
//! - refuses, unless gaps are allowed, files whose bar spacing differs from the others':
//!   a file that lacks bar times which the other files have inside the common range (a
//!   daily file among hourly ones, an hourly file missing every tenth hour). The error names
//!   the file that lacks the most, with its usual spacing and the others'.

use crate::error::{BacktestError, Result};
use crate::market::{Market, PriceFile};
use crate::time::{format_duration, format_time};

/// What the alignment did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOverlap {
    /// The file as given.
    pub path: String,
    /// Its bars inside the `[from, to]` window.
    pub bars: usize,
    /// Dropped because they come before the common range.
    pub before: usize,
    /// Dropped because they come after the common range.
    pub after: usize,
    /// Dropped inside the common range, because some other file has no bar at that time.
    pub inside: usize,
    /// Its most common spacing between consecutive bars, seconds (0 with a single bar).
    pub spacing_secs: i64,
}

impl FileOverlap {
    /// All the bars dropped.
    pub fn dropped(&self) -> usize {
        self.before + self.after + self.inside
    }
}

/// The alignment report of a set of files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    /// One entry per file, in the order given.
    pub files: Vec<FileOverlap>,
    /// First and last common bar.
    pub first: i64,
    /// Last common bar.
    pub last: i64,
    /// Number of common bars.
    pub bars: usize,
}

impl Overlap {
    /// Whether any file lost a bar.
    pub fn any_dropped(&self) -> bool {
        self.files.iter().any(|f| f.dropped() > 0)
    }

    /// One line per file: `path: dropped D of its N bars (B before, A after, I inside the
    /// common range F .. L of K bars)`.
    pub fn lines(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|f| {
                format!(
                    "{}: dropped {} of its {} bars ({} before, {} after, {} inside the common range {} .. {} of {} bars)",
                    f.path,
                    f.dropped(),
                    f.bars,
                    f.before,
                    f.after,
                    f.inside,
                    format_time(self.first),
                    format_time(self.last),
                    self.bars
                )
            })
            .collect()
    }
}

/// The most common gap between consecutive times (the smallest on ties; 0 for one time).
pub fn modal_spacing(times: &[i64]) -> i64 {
    let mut gaps: Vec<i64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    let (mut best, mut best_count) = (0, 0);
    let mut k = 0;
    while k < gaps.len() {
        let run = gaps[k..].iter().take_while(|&&g| g == gaps[k]).count();
        if run > best_count {
            (best, best_count) = (gaps[k], run);
        }
        k += run;
    }
    best
}

/// Aligns the files on their common bars inside `[from, to]` (unix seconds, inclusive) and
/// reports what was dropped (see the module documentation). Without `allow_gaps`, a file
/// lacking bar times that other files have inside the common range is an error naming it.
pub fn align_files(
    files: &[PriceFile],
    from: i64,
    to: i64,
    allow_gaps: bool,
) -> Result<(Market, Overlap)> {
    let mut windowed = Vec::with_capacity(files.len());
    for f in files {
        let (a, b) = (
            f.times.partition_point(|&t| t < from),
            f.times.partition_point(|&t| t <= to),
        );
        if a >= b {
            let window = match (from > i64::MIN, to < i64::MAX) {
                (true, true) => format!("{} .. {}", format_time(from), format_time(to)),
                (true, false) => format!("from {}", format_time(from)),
                _ => format!("up to {}", format_time(to)),
            };
            return Err(BacktestError::Dates {
                message: format!(
                    "{}: no bars in the window {window} (it has {} .. {})",
                    f.path,
                    format_time(f.times[0]),
                    format_time(f.times[f.times.len() - 1])
                ),
            });
        }
        windowed.push(PriceFile {
            path: f.path.clone(),
            name: f.name.clone(),
            times: f.times[a..b].to_vec(),
            closes: f.closes[a..b].to_vec(),
        });
    }
    let market = Market::align(&windowed)?;
    let (first, last) = (market.times[0], market.times[market.bars() - 1]);
    // Every bar time some file has inside the common range.
    let mut union: Vec<i64> = windowed
        .iter()
        .flat_map(|f| f.times.iter().copied().filter(|&t| t >= first && t <= last))
        .collect();
    union.sort_unstable();
    union.dedup();
    let mut report = Vec::with_capacity(windowed.len());
    for f in &windowed {
        let before = f.times.partition_point(|&t| t < first);
        let after = f.times.len() - f.times.partition_point(|&t| t <= last);
        report.push(FileOverlap {
            path: f.path.clone(),
            bars: f.times.len(),
            before,
            after,
            inside: f.times.len() - before - after - market.bars(),
            spacing_secs: modal_spacing(&f.times),
        });
    }
    if !allow_gaps {
        check_spacing(&windowed, &report, &union, first, last)?;
    }
    let bars = market.bars();
    Ok((
        market,
        Overlap {
            files: report,
            first,
            last,
            bars,
        },
    ))
}

fn check_spacing(
    files: &[PriceFile],
    report: &[FileOverlap],
    union: &[i64],
    first: i64,
    last: i64,
) -> Result<()> {
    // Bar times of the common range that each file lacks.
    let lacking: Vec<usize> = files
        .iter()
        .map(|f| {
            let own =
                f.times.partition_point(|&t| t <= last) - f.times.partition_point(|&t| t < first);
            union.len() - own
        })
        .collect();
    let Some((k, &missing)) = lacking
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
    else {
        return Ok(());
    };
    if missing == 0 {
        return Ok(());
    }
    let f = &report[k];
    // The finest spacing among the other files, and who has it.
    let other = report
        .iter()
        .enumerate()
        .filter(|(j, g)| *j != k && g.spacing_secs > 0)
        .min_by_key(|(_, g)| g.spacing_secs)
        .map(|(_, g)| g);
    let range = format!("{} .. {}", format_time(first), format_time(last));
    let hint = "use --allow-gaps to align on the common bars anyway";
    let message = match other {
        Some(g) if g.spacing_secs != f.spacing_secs => format!(
            "bars every {}, but {} has bars every {}: aligning would drop the {missing} of the {} bar times in the common range {range} that this file lacks; {hint}",
            format_duration(f.spacing_secs),
            g.path,
            format_duration(g.spacing_secs),
            union.len()
        ),
        _ => format!(
            "lacks {missing} of the {} bar times the other files have in the common range {range} (its bars are otherwise every {}); {hint}",
            union.len(),
            format_duration(f.spacing_secs)
        ),
    };
    Err(BacktestError::Spacing {
        path: f.path.clone(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modal_spacings() {
        assert_eq!(modal_spacing(&[0, 10, 20, 40, 50]), 10);
        assert_eq!(modal_spacing(&[0, 20, 30]), 10);
        assert_eq!(modal_spacing(&[5]), 0);
    }
}
