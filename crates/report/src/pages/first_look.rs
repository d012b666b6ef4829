//! What `fanout run` prints after its table: what the runs found (see
//! [`crate::analysis::first_look`]), in the words of `templates/run/closing.txt`.

use fanout_core::results::ServerFloor;
use minijinja::context;

use crate::analysis::first_look::first_looks;
use crate::analysis::summary::Summary;
use crate::pages::templates;

/// How the run repeated its groups, as the command line asked.
pub struct Repeats {
    /// Whether groups could stop before the most repeats.
    pub adaptive: bool,
    /// The interval's half-width at which a group stopped, in percent.
    pub precision: f64,
    /// The wall time past which a group stopped, in seconds.
    pub budget_s: u64,
}

/// The closing lines for `summaries`, measured on `cores` beside a server whose own time was
/// `floor`.
pub fn closing(
    summaries: &[Summary],
    cores: usize,
    repeats: &Repeats,
    floor: Option<&ServerFloor>,
) -> String {
    let counts = summaries.iter().map(|s| s.runs).filter(|&n| n > 0);
    let runs = [counts.clone().min().unwrap_or(0), counts.max().unwrap_or(0)];
    // Each look with the width of its widest label ("`model`", " at N" where its level differs),
    // so the ratios line up.
    let looks: Vec<_> = first_looks(summaries)
        .into_iter()
        .map(|look| {
            let width = look
                .others
                .iter()
                .map(|o| {
                    let at = (o.concurrency != look.concurrency)
                        .then(|| format!(" at {}", o.concurrency).len());
                    o.model.len() + 2 + at.unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            context! { width, ..minijinja::Value::from_serialize(&look) }
        })
        .collect();
    templates::render(
        "run/closing.txt",
        context! {
            looks,
            cores,
            runs,
            adaptive => repeats.adaptive,
            precision => repeats.precision,
            budget_s => repeats.budget_s,
            floor,
        },
    )
}

#[cfg(test)]
mod tests {
    use fanout_core::results::RunRecord;

    use super::*;

    #[test]
    fn the_closing_lines_name_the_fastest_and_line_up_the_rest_by_their_ratios() {
        let run = |model: &str, concurrency, wall_ms| RunRecord {
            peak_rss_kib: 4096,
            peak_threads: 2,
            ..crate::pages::verified_run(model, concurrency, wall_ms)
        };
        let runs = [
            run("tokio", 100, 100.0),
            run("tokio", 100, 101.0),
            run("smol", 100, 100.5),
            run("smol", 100, 101.5),
            run("py-asyncio", 100, 300.0),
            run("py-asyncio", 100, 303.0),
            run("sequential", 1, 10_000.0),
        ];
        let repeats = Repeats {
            adaptive: true,
            precision: 1.0,
            budget_s: 10,
        };
        let text = closing(&crate::summarise(&runs), 2, &repeats, None);
        assert!(text.contains("`tokio` was fastest: 100 ms."), "{text}");
        assert!(text.contains("  `smol`            1.00x ["), "{text}");
        assert!(text.contains("cannot be told apart;"), "{text}");
        assert!(
            text.contains("  `sequential` at 1 100x the time;"),
            "{text}"
        );
        assert!(text.contains("`py-asyncio`, took 3.00x"), "{text}");
        assert!(
            text.contains("medians of 1 to 2 runs a group (each stopped"),
            "{text}"
        );
    }
}
