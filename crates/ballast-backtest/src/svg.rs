//! Hand-written SVG charts (no plotting dependency): a backtest's value and weights over
//! time, the tuner's cost / tracking-error frontier, and the walk-forward comparison
//! ([`walk_forward_chart`]).

use std::fmt::Write;

pub use crate::svg_walk::walk_forward_chart;
use crate::time::format_time;

pub(crate) const W: f64 = 900.0;
pub(crate) const LEFT: f64 = 70.0;
pub(crate) const RIGHT: f64 = 160.0;
pub(crate) const PALETTE: [&str; 10] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];
/// Most points drawn per line (longer series are thinned evenly, keeping both ends).
const MAX_POINTS: usize = 1_500;

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Evenly spaced indices covering `0..len` (at most [`MAX_POINTS`], both ends included).
fn thin(len: usize) -> Vec<usize> {
    if len <= MAX_POINTS {
        return (0..len).collect();
    }
    let mut v: Vec<usize> = (0..MAX_POINTS)
        .map(|k| k * (len - 1) / (MAX_POINTS - 1))
        .collect();
    v.dedup();
    v
}

/// Round tick values covering `[lo, hi]`, about `count` of them.
pub(crate) fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater)
        || !lo.is_finite()
        || !hi.is_finite()
    {
        return vec![lo];
    }
    let raw = (hi - lo) / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + step * 1e-9 && out.len() < 50 {
        out.push(t);
        t += step;
    }
    out
}

/// Tick values for a log axis over `[lo, hi]` (positive): 1-2-5 per decade when the range
/// spans more than a factor of 10, else linear ticks.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi / lo > 10.0 && hi.is_finite()) {
        return ticks(lo, hi, 6);
    }
    let mut out = Vec::new();
    let mut decade = 10f64.powf(lo.log10().floor());
    while decade <= hi && out.len() < 60 {
        for m in [1.0, 2.0, 5.0] {
            let t = m * decade;
            if t >= lo && t <= hi {
                out.push(t);
            }
        }
        decade *= 10.0;
    }
    if out.len() > 12 {
        out.retain(|t| (t.log10().fract()).abs() < 1e-9 || (t.log10().fract() - 1.0).abs() < 1e-9);
    }
    out
}

/// Date ticks: the first day of each year (thinned to at most 8) when the span is above two
/// years, else evenly spaced times.
fn time_ticks(x0: f64, x1: f64) -> Vec<f64> {
    let span_years = (x1 - x0) / crate::time::YEAR_SECS;
    if span_years <= 2.0 {
        return ticks(x0, x1, 6);
    }
    let (y0, _, _) = crate::time::civil_from_days((x0 as i64).div_euclid(crate::time::DAY_SECS));
    let (y1, _, _) = crate::time::civil_from_days((x1 as i64).div_euclid(crate::time::DAY_SECS));
    let step = ((y1 - y0) / 8 + 1).max(1);
    (y0 + 1..=y1)
        .filter(|y| (y - y0 - 1) % step == 0)
        .map(|y| (crate::time::days_from_civil(y, 1, 1) * crate::time::DAY_SECS) as f64)
        .filter(|&t| t >= x0 && t <= x1)
        .collect()
}

pub(crate) struct Panel {
    pub(crate) top: f64,
    pub(crate) height: f64,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) y0: f64,
    pub(crate) y1: f64,
}

impl Panel {
    pub(crate) fn x(&self, x: f64) -> f64 {
        LEFT + (x - self.x0) / (self.x1 - self.x0).max(f64::MIN_POSITIVE) * (W - LEFT - RIGHT)
    }
    pub(crate) fn y(&self, y: f64) -> f64 {
        self.top + self.height
            - (y - self.y0) / (self.y1 - self.y0).max(f64::MIN_POSITIVE) * self.height
    }
    pub(crate) fn frame(
        &self,
        out: &mut String,
        title: &str,
        y_label: &dyn Fn(f64) -> String,
        y_ticks: &[f64],
        times: Option<&[i64]>,
    ) {
        let _ = write!(
            out,
            r##"<text x="{LEFT}" y="{:.1}" font-size="14" font-weight="bold">{}</text>"##,
            self.top - 8.0,
            esc(title)
        );
        let _ = write!(
            out,
            r##"<rect x="{LEFT}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#999"/>"##,
            self.top,
            W - LEFT - RIGHT,
            self.height
        );
        for &t in y_ticks {
            let y = self.y(t);
            let _ = write!(
                out,
                r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
                W - RIGHT,
                LEFT - 4.0,
                y + 4.0,
                esc(&y_label(t))
            );
        }
        if let Some(times) = times {
            for t in time_ticks(self.x0, self.x1) {
                let x = self.x(t);
                let label = format_time(t as i64);
                let _ = write!(
                    out,
                    r##"<text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
                    self.top + self.height + 14.0,
                    esc(label.get(..10).unwrap_or(&label))
                );
            }
            let _ = times;
        }
    }
}

pub(crate) fn polyline(out: &mut String, pts: &[(f64, f64)], color: &str, width: f64) {
    let mut d = String::new();
    for (x, y) in pts {
        let _ = write!(d, "{x:.1},{y:.1} ");
    }
    let _ = write!(
        out,
        r##"<polyline fill="none" stroke="{color}" stroke-width="{width}" points="{}"/>"##,
        d.trim_end()
    );
}

pub(crate) fn legend(out: &mut String, top: f64, items: &[(String, &str)]) {
    for (k, (label, color)) in items.iter().enumerate() {
        let y = top + 14.0 + 16.0 * k as f64;
        let x = W - RIGHT + 10.0;
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{:.1}" width="12" height="4" fill="{color}"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"##,
            y - 4.0,
            x + 16.0,
            y + 1.0,
            esc(label)
        );
    }
}

/// A backtest chart: the portfolio's value against buy-and-hold and the costless target mix
/// (log scale), then its weights over time (stacked, targets dashed).
pub fn backtest_chart(
    title: &str,
    times: &[i64],
    names: &[String],
    lines: &[(&str, &[f64])],
    weights: &[f64],
    targets: &[f64],
) -> String {
    let n = names.len();
    let idx = thin(times.len());
    let x0 = times.first().copied().unwrap_or(0) as f64;
    let x1 = times.last().copied().unwrap_or(1) as f64;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (_, s) in lines {
        for &v in s.iter().filter(|v| **v > 0.0) {
            lo = lo.min(v.ln());
            hi = hi.max(v.ln());
        }
    }
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        lo -= 0.1;
        hi += 0.1;
    }
    let pad = (hi - lo) * 0.05;
    let value = Panel {
        top: 40.0,
        height: 300.0,
        x0,
        x1,
        y0: lo - pad,
        y1: hi + pad,
    };
    let weight = Panel {
        top: 400.0,
        height: 220.0,
        x0,
        x1,
        y0: 0.0,
        y1: 1.0,
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="660" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>"##
    );
    // Value panel, log scale with ticks at round values.
    let y_ticks: Vec<f64> = log_ticks(value.y0.exp(), value.y1.exp())
        .into_iter()
        .filter(|t| *t > 0.0)
        .map(f64::ln)
        .collect();
    value.frame(
        &mut out,
        title,
        &|t| {
            let v = t.exp();
            if v >= 10.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.3}")
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string()
            }
        },
        &y_ticks,
        Some(times),
    );
    let mut items = Vec::new();
    for (k, (label, s)) in lines.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        let pts: Vec<(f64, f64)> = idx
            .iter()
            .filter(|&&t| t < s.len() && s[t] > 0.0)
            .map(|&t| (value.x(times[t] as f64), value.y(s[t].ln())))
            .collect();
        polyline(&mut out, &pts, color, if k == 0 { 2.0 } else { 1.2 });
        items.push((label.to_string(), color));
    }
    legend(&mut out, value.top, &items);
    // Weights panel: stacked areas.
    weight.frame(
        &mut out,
        "weights (stacked; dashed: targets)",
        &|t| format!("{:.0}%", t * 100.0),
        &ticks(0.0, 1.0, 5),
        Some(times),
    );
    let mut items = Vec::new();
    for i in 0..n {
        let color = PALETTE[i % PALETTE.len()];
        let cum = |t: usize, upto: usize| -> f64 {
            (0..upto)
                .map(|j| weights.get(t * n + j).copied().unwrap_or(0.0))
                .sum()
        };
        let mut d = String::new();
        for &t in &idx {
            let _ = write!(
                d,
                "{:.1},{:.1} ",
                weight.x(times[t] as f64),
                weight.y(cum(t, i + 1))
            );
        }
        for &t in idx.iter().rev() {
            let _ = write!(
                d,
                "{:.1},{:.1} ",
                weight.x(times[t] as f64),
                weight.y(cum(t, i))
            );
        }
        let _ = write!(
            out,
            r##"<polygon fill="{color}" fill-opacity="0.55" stroke="none" points="{}"/>"##,
            d.trim_end()
        );
        let target_cum: f64 = targets.iter().take(i + 1).sum();
        if i + 1 < n {
            let y = weight.y(target_cum);
            let _ = write!(
                out,
                r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="black" stroke-dasharray="4 3"/>"##,
                W - RIGHT
            );
        }
        items.push((names[i].clone(), color));
    }
    legend(&mut out, weight.top, &items);
    out.push_str("</svg>\n");
    out
}

/// The tuner's chart: every configuration's cost rate (bps a year, x) against its tracking
/// error (y); efficient ones in colour and joined, the recommended one ringed.
pub fn frontier_chart(
    title: &str,
    points: &[(f64, f64)],
    efficient: &[bool],
    families: &[String],
    recommended: Option<usize>,
) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for f in families {
        if !kinds.contains(&f.as_str()) {
            kinds.push(f);
        }
    }
    let (mut x1, mut y1) = (0.0f64, 0.0f64);
    for &(x, y) in points {
        if x.is_finite() {
            x1 = x1.max(x);
        }
        if y.is_finite() {
            y1 = y1.max(y);
        }
    }
    let p = Panel {
        top: 40.0,
        height: 420.0,
        x0: 0.0,
        x1: (x1 * 1.05).max(1e-9),
        y0: 0.0,
        y1: (y1 * 1.05).max(1e-9),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="520" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>"##
    );
    p.frame(
        &mut out,
        title,
        &|t| format!("{:.2}%", t * 100.0),
        &ticks(0.0, p.y1, 6),
        None,
    );
    for t in ticks(0.0, p.x1, 6) {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{t}</text>"##,
            p.x(t),
            p.top + p.height + 14.0
        );
    }
    let _ = write!(
        out,
        r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">cost, bps of NAV a year</text><text x="14" y="{:.1}" font-size="12" transform="rotate(-90 14 {:.1})" text-anchor="middle">tracking error (annualised)</text>"##,
        LEFT + (W - LEFT - RIGHT) / 2.0,
        p.top + p.height + 32.0,
        p.top + p.height / 2.0,
        p.top + p.height / 2.0
    );
    let mut front: Vec<(f64, f64)> = points
        .iter()
        .zip(efficient)
        .filter(|(_, e)| **e)
        .map(|(pt, _)| *pt)
        .collect();
    front.sort_by(|a, b| a.0.total_cmp(&b.0));
    let pts: Vec<(f64, f64)> = front.iter().map(|&(x, y)| (p.x(x), p.y(y))).collect();
    polyline(&mut out, &pts, "#333", 1.0);
    for (k, &(x, y)) in points.iter().enumerate() {
        let fam = families.get(k).map(String::as_str).unwrap_or("");
        let color = PALETTE[kinds.iter().position(|f| *f == fam).unwrap_or(0) % PALETTE.len()];
        let (fill, r) = if efficient.get(k).copied().unwrap_or(false) {
            (color, 4.0)
        } else {
            ("none", 3.0)
        };
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{r}" fill="{fill}" stroke="{color}"/>"##,
            p.x(x),
            p.y(y)
        );
    }
    if let Some(&(x, y)) = recommended.and_then(|k| points.get(k)) {
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="9" fill="none" stroke="black" stroke-width="2"/>"##,
            p.x(x),
            p.y(y)
        );
    }
    let mut items: Vec<(String, &str)> = kinds
        .iter()
        .enumerate()
        .map(|(k, f)| (f.to_string(), PALETTE[k % PALETTE.len()]))
        .collect();
    items.push(("filled: efficient".into(), "#333"));
    items.push(("ringed: recommended".into(), "#000"));
    legend(&mut out, p.top, &items);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_well_formed() {
        let times: Vec<i64> = (0..5000).map(|k| k * 86_400).collect();
        let v: Vec<f64> = (0..5000).map(|k| 1.0 + k as f64 / 5000.0).collect();
        let w: Vec<f64> = (0..5000).flat_map(|_| [0.5, 0.5]).collect();
        let names = vec!["A".to_string(), "B<".to_string()];
        let svg = backtest_chart(
            "t",
            &times,
            &names,
            &[("p", &v), ("b", &v)],
            &w,
            &[0.5, 0.5],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("B&lt;"));
        let f = frontier_chart(
            "f",
            &[(1.0, 0.1), (2.0, 0.05)],
            &[true, true],
            &["a".into(), "b".into()],
            Some(1),
        );
        assert!(f.contains("<circle"));
    }
}
