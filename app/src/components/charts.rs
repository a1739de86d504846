//! Counts as tables and bar charts, drawn on the server (SVG), so they read without
//! JavaScript. Every chart has a text description and sits beside a table of the same
//! figures.

use leptos::prelude::*;

/// A funnel as a table: each step, its count, and its share of the first step.
pub fn step_table(caption: String, unit: &'static str, steps: &[(String, u64)]) -> AnyView {
    let top = steps.first().map(|s| s.1).unwrap_or(0).max(1) as f64;
    let first = steps.first().map(|s| s.0.to_lowercase()).unwrap_or_default();
    view! {
        <div class="table-wrap">
            <table>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">"Step"</th><th scope="col">{unit}</th><th scope="col">{format!("Of {first}")}</th></tr></thead>
                <tbody>
                    {steps.iter().map(|(step, n)| view! {
                        <tr><th scope="row">{step.clone()}</th><td>{*n}</td><td>{format!("{:.0}%", 100.0 * *n as f64 / top)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Horizontal bars, one per row, scaled to the largest, each labelled with its count.
pub fn bar_chart(id: &'static str, title: String, rows: &[(String, u64)]) -> AnyView {
    let (w, left, bar, gap) = (640.0_f64, 230.0_f64, 22.0_f64, 10.0_f64);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let width = move |n: u64| n as f64 / max * (w - left - 70.0);
    let h = 8.0 + rows.len() as f64 * (bar + gap);
    let desc = rows.iter().map(|(l, n)| format!("{l}: {n}")).collect::<Vec<_>>().join("; ");
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart bar-chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-labelledby=labelled_by width="100%">
                <title id=title_id>{title}</title>
                <desc id=desc_id>{desc}</desc>
                {rows.iter().enumerate().map(|(i, (label, n))| {
                    let y = 4.0 + i as f64 * (bar + gap);
                    view! {
                        <text x="0" y=(y + 16.0).to_string() font-size="14" fill="#1d2733">{label.clone()}</text>
                        <rect x=left.to_string() y=y.to_string() width=width(*n).max(1.0).to_string() height=bar.to_string() fill="#0b5c63" rx="3" />
                        <text x=(left + width(*n) + 6.0).to_string() y=(y + 16.0).to_string() font-size="14" fill="#1d2733">{n.to_string()}</text>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
    .into_any()
}
