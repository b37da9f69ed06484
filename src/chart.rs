//! The one chart: meaningful interactions per week as an SVG, drawn once by the core for the
//! popup (shown as an image, with the popup's own alt text) and the HTML report. Self-contained
//! (its colours in its own style, light and dark), no script; every text in it is escaped.

use crate::insight::Week;

/// `YYYY-MM-DD` of Unix seconds (the report's dates).
fn iso_date(at: i64) -> String {
    crate::export::iso_date(at)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The bars' colours, in the SVG itself, so it looks the same inline or as an image.
const STYLE: &str =
    ".bar{fill:#0a66c2}.axis{stroke:#aab4bc}.tick{font:10px system-ui,sans-serif;fill:#56616b}\
.value{font:10px system-ui,sans-serif;fill:#1d2226}\
@media (prefers-color-scheme:dark){.bar{fill:#70b5f9}.tick{fill:#aab4bc}.value{fill:#e9ecee}}\
@media print{.bar{fill:#444}}";

/// Bars of the weekly series, each with its value and a `<title>` (`week_of` and the week's
/// first day); `title` names the chart. Ticks are the weeks' first days as `MM-DD`.
pub fn weekly_svg(weeks: &[Week], title: &str, week_of: &str) -> String {
    let mut out = String::with_capacity(4096);
    const WIDTH: usize = 600;
    const HEIGHT: usize = 170;
    const TOP: usize = 16;
    const BOTTOM: usize = 24;
    let slot = WIDTH / weeks.len().max(1);
    let highest = weeks.iter().map(|w| w.meaningful).max().unwrap_or(0).max(1);
    let plot = (HEIGHT - TOP - BOTTOM) as f64;
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"{}\">\n<style>{STYLE}</style>\n",
        escape(title)
    ));
    let baseline = HEIGHT - BOTTOM;
    for (i, week) in weeks.iter().enumerate() {
        let height = (f64::from(week.meaningful) / f64::from(highest) * plot).round() as usize;
        let x = i * slot + slot / 6;
        let width = slot * 2 / 3;
        let start = iso_date(week.start);
        out.push_str(&format!(
            "<g><title>{} {start}: {}</title>\
             <rect class=\"bar\" x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"{height}\"/>\
             <text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
             <text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>\n",
            escape(week_of),
            week.meaningful,
            baseline - height,
            x + width / 2,
            baseline - height - 3,
            week.meaningful,
            x + width / 2,
            HEIGHT - 8,
            start.get(5..).unwrap_or(&start),
        ));
    }
    out.push_str(&format!(
        "<line class=\"axis\" x1=\"0\" y1=\"{baseline}\" x2=\"{WIDTH}\" y2=\"{baseline}\"/>\n</svg>\n"
    ));
    out
}
