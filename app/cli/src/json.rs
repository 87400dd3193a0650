//! A tiny JSON writer (the output is flat: objects of numbers and strings, and arrays).

use ballast_backtest::Metrics;

/// A JSON string literal.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number (`null` if not finite).
pub fn number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".into()
    }
}

/// An object from `(key, already-encoded value)` pairs.
pub fn object(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{v}", string(k)))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// An array of already-encoded values.
pub fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// `Option<f64>` as a number or `null`.
pub fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "null".into(), number)
}

/// Every field of [`Metrics`].
pub fn metrics(m: &Metrics) -> String {
    object(&[
        ("final_value", number(m.final_value)),
        ("annual_return", number(m.annual_return)),
        ("annual_volatility", number(m.annual_volatility)),
        ("max_drawdown", number(m.max_drawdown)),
        ("rebalances", m.rebalances.to_string()),
        ("turnover", number(m.turnover)),
        ("annual_turnover", number(m.annual_turnover)),
        ("total_costs", number(m.total_costs)),
        ("annual_cost_bps", number(m.annual_cost_bps)),
        ("tracking_error", number(m.tracking_error)),
        ("buy_hold_final", number(m.buy_hold_final)),
        ("buy_hold_annual_return", number(m.buy_hold_annual_return)),
        ("mix_final", number(m.mix_final)),
        ("mix_annual_return", number(m.mix_annual_return)),
        ("rebalancing_bonus", number(m.rebalancing_bonus)),
        ("exact_checks", m.exact_checks.to_string()),
        ("bars", m.bars.to_string()),
        ("years", number(m.years)),
    ])
}
