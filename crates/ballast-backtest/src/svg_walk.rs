//! The walk-forward chart: out-of-sample cost against tracking error of the recommendation
//! and of each baseline (over all test windows, and window by window), then both measures per
//! test window over time.

use std::fmt::Write;

use crate::svg::{legend, polyline, ticks, Panel, LEFT, PALETTE, RIGHT, W};
use crate::walk_forward::WalkForward;

const REC_COLOR: &str = "#000000";

/// A line chart panel of one measure per test window (x: the window's last bar).
fn per_window(
    out: &mut String,
    panel: &Panel,
    title: &str,
    times: &[i64],
    series: &[(&str, Vec<(i64, f64)>)],
    label: &dyn Fn(f64) -> String,
) {
    panel.frame(
        out,
        title,
        label,
        &ticks(panel.y0, panel.y1, 5),
        Some(times),
    );
    for (k, (color, pts)) in series.iter().enumerate() {
        let xy: Vec<(f64, f64)> = pts
            .iter()
            .map(|&(t, v)| (panel.x(t as f64), panel.y(v)))
            .collect();
        polyline(out, &xy, color, if k == 0 { 2.0 } else { 1.2 });
    }
}

/// The walk-forward chart of `wf` (bar times `times` of the scenario it ran on).
pub fn walk_forward_chart(title: &str, times: &[i64], wf: &WalkForward) -> String {
    // Series 0 is the recommendation, then the baselines.
    let mut names: Vec<String> = vec!["recommended (walk-forward)".into()];
    names.extend(wf.baselines.iter().map(|(b, _)| b.name.to_string()));
    let colors: Vec<&str> = std::iter::once(REC_COLOR)
        .chain((0..wf.baselines.len()).map(|k| PALETTE[k % PALETTE.len()]))
        .collect();
    let totals: Vec<(f64, f64)> = std::iter::once(&wf.recommended)
        .chain(wf.baselines.iter().map(|(_, m)| m))
        .map(|m| (m.annual_cost_bps, m.tracking_error))
        .collect();
    let windows: Vec<Vec<(i64, f64, f64)>> = (0..names.len())
        .map(|s| {
            wf.windows
                .iter()
                .map(|w| {
                    let m = if s == 0 {
                        &w.out_of_sample
                    } else {
                        &w.baselines[s - 1]
                    };
                    let t = times.get(w.window.test.1).copied().unwrap_or(0);
                    (t, m.annual_cost_bps, m.tracking_error)
                })
                .collect()
        })
        .collect();
    let finite_max =
        |xs: &mut dyn Iterator<Item = f64>| xs.filter(|x| x.is_finite()).fold(0.0f64, f64::max);
    let x_max = finite_max(
        &mut windows
            .iter()
            .flatten()
            .map(|p| p.1)
            .chain(totals.iter().map(|p| p.0)),
    );
    let y_max = finite_max(
        &mut windows
            .iter()
            .flatten()
            .map(|p| p.2)
            .chain(totals.iter().map(|p| p.1)),
    );
    let (t0, t1) = (
        windows[0].first().map_or(0, |p| p.0) as f64,
        windows[0].last().map_or(1, |p| p.0) as f64,
    );
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="900" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>"##
    );
    let scatter = Panel {
        top: 40.0,
        height: 320.0,
        x0: 0.0,
        x1: (x_max * 1.05).max(1e-9),
        y0: 0.0,
        y1: (y_max * 1.05).max(1e-9),
    };
    scatter.frame(
        &mut out,
        title,
        &|t| format!("{:.1}%", t * 100.0),
        &ticks(0.0, scatter.y1, 6),
        None,
    );
    for t in ticks(0.0, scatter.x1, 6) {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{t}</text>"##,
            scatter.x(t),
            scatter.top + scatter.height + 14.0
        );
    }
    let _ = write!(
        out,
        r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">out-of-sample cost, bps of NAV a year (small: one test window; large: all of them)</text><text x="14" y="{:.1}" font-size="12" transform="rotate(-90 14 {:.1})" text-anchor="middle">tracking error</text>"##,
        LEFT + (W - LEFT - RIGHT) / 2.0,
        scatter.top + scatter.height + 32.0,
        scatter.top + scatter.height / 2.0,
        scatter.top + scatter.height / 2.0
    );
    for (s, pts) in windows.iter().enumerate() {
        for &(_, c, e) in pts {
            let _ = write!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}" fill-opacity="0.35"/>"##,
                scatter.x(c),
                scatter.y(e),
                colors[s]
            );
        }
    }
    for (s, &(c, e)) in totals.iter().enumerate() {
        let (fill, r) = if s == 0 {
            ("none", 8.0)
        } else {
            (colors[s], 6.0)
        };
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{r}" fill="{fill}" stroke="{}" stroke-width="2"/>"##,
            scatter.x(c),
            scatter.y(e),
            colors[s]
        );
    }
    let items: Vec<(String, &str)> = names
        .iter()
        .zip(&colors)
        .map(|(n, c)| (n.clone(), *c))
        .collect();
    legend(&mut out, scatter.top, &items);
    let te_panel = Panel {
        top: 430.0,
        height: 170.0,
        x0: t0,
        x1: t1.max(t0 + 1.0),
        y0: 0.0,
        y1: (finite_max(&mut windows.iter().flatten().map(|p| p.2)) * 1.05).max(1e-9),
    };
    let series = |f: fn(&(i64, f64, f64)) -> f64| -> Vec<(&str, Vec<(i64, f64)>)> {
        windows
            .iter()
            .enumerate()
            .map(|(s, pts)| (colors[s], pts.iter().map(|p| (p.0, f(p))).collect()))
            .collect()
    };
    per_window(
        &mut out,
        &te_panel,
        "tracking error in each test window",
        times,
        &series(|p| p.2),
        &|t| format!("{:.1}%", t * 100.0),
    );
    let cost_panel = Panel {
        top: 680.0,
        height: 170.0,
        x0: t0,
        x1: t1.max(t0 + 1.0),
        y0: 0.0,
        y1: (finite_max(&mut windows.iter().flatten().map(|p| p.1)) * 1.05).max(1e-9),
    };
    per_window(
        &mut out,
        &cost_panel,
        "cost in each test window, bps of NAV a year",
        times,
        &series(|p| p.1),
        &|t| format!("{t:.0}"),
    );
    out.push_str("</svg>\n");
    out
}
