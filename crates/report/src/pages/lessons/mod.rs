//! The nine lessons: the seeds' claims as experiments, each declared once, here.
//!
//! A [`Lesson`] holds the claim, the figure a seed or book gives for it (with its source), the
//! experiment that tests it (models, workload, concurrency, CPU work, repeats), the charts that
//! show it, and a function that reads measured runs and returns a [`Finding`]: the lesson's
//! explanation with this machine's numbers in it, and whether the claim held on them, or why
//! not. `fanout lesson N` runs the experiment and prints the finding; `fanout report` writes
//! `LESSONS.md` and README's lessons from the results files. No figure in a lesson's text is
//! typed by hand: every one is computed from runs, or named with its outside source.

mod blocking;
mod cooperative;
mod crawl;
mod event_loop;
mod executor;
mod gil;
mod io_bound;
mod processes;
mod thread_memory;

use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::pages::templates;

/// The nine lessons, in the order they are taught.
pub static LESSONS: &[Lesson] = &[
    io_bound::LESSON,
    gil::LESSON,
    processes::LESSON,
    thread_memory::LESSON,
    cooperative::LESSON,
    blocking::LESSON,
    executor::LESSON,
    event_loop::LESSON,
    crawl::LESSON,
];

/// One part of a lesson's experiment: these models on this workload, at these levels.
#[derive(Clone, Copy, Debug)]
pub struct Experiment {
    /// The models run.
    pub models: &'static [&'static str],
    /// The workload they run.
    pub workload: &'static str,
    /// The concurrency levels.
    pub concurrency: &'static [usize],
    /// The units of CPU work a page.
    pub cpu_work: &'static [u32],
    /// Repeats of each group.
    pub repeat: u32,
    /// Whether its runs also read what each worker's memory is made of (`--memory-parts`).
    pub memory_parts: bool,
}

/// A lesson: a claim from the seeds, how it is tested, and what the runs say.
pub struct Lesson {
    /// Its number, 1 to 9.
    pub number: u8,
    /// A short name `fanout lesson` also takes, e.g. `gil`.
    pub name: &'static str,
    /// The claim, as the seeds make it.
    pub claim: &'static str,
    /// The seed's or book's figure, and where it comes from.
    pub source: &'static str,
    /// The experiment that tests it.
    pub experiments: &'static [Experiment],
    /// The run the terminal's waterfall shows: (model, workload, concurrency, CPU work).
    pub waterfall: (&'static str, &'static str, usize, u32),
    /// Charts in `results/` that show it.
    pub charts: &'static [&'static str],
    /// Reads the runs; `None` when they do not hold what the lesson needs.
    pub analyse: fn(&Evidence) -> Option<Finding>,
    /// Why it takes longer than a minute on 2 cores, if it does.
    pub slow_because: Option<&'static str>,
}

/// What the runs say about a lesson.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Finding {
    /// The explanation, with the measured figures in it.
    pub text: String,
    /// The figures the text quotes, by name, for tests and for anyone reading them back.
    pub figures: Vec<(String, f64)>,
    /// Whether the claim held on these runs.
    pub holds: bool,
    /// Why not, when it did not.
    pub why_not: Option<String>,
    /// What runs outside the lesson's experiment add (the scale suite's, say), said beside the
    /// verdict: they do not decide it.
    pub beyond: Option<String>,
}

impl Finding {
    /// `text` quoting `figures`, judged by `holds`; `why_not` says what failed.
    pub fn new(text: String, figures: Vec<(&str, f64)>, holds: bool, why_not: &str) -> Self {
        Finding {
            text,
            figures: figures
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
            holds,
            why_not: (!holds).then(|| why_not.to_owned()),
            beyond: None,
        }
    }

    /// The lesson's template `lessons/NAME.md` rendered with `context`: its `text` block, and
    /// when `holds` is false its `why_not` block; `figures` are the ones the text quotes.
    pub fn from_template(
        name: &str,
        context: minijinja::Value,
        figures: Vec<(&str, f64)>,
        holds: bool,
    ) -> Self {
        let template = format!("lessons/{name}.md");
        let why_not = if holds {
            String::new()
        } else {
            templates::render_block(&template, "why_not", &context)
        };
        let text = templates::render_block(&template, "text", &context);
        Finding::new(text, figures, holds, &why_not)
    }

    /// The verdict, and beside it what runs outside the experiment add.
    pub fn verdict_with_beyond(&self) -> String {
        match &self.beyond {
            None => self.verdict(),
            Some(beyond) => format!("{} {beyond}", self.verdict()),
        }
    }

    /// `text` quoting `figures`, judged by every one of `checks`: (held, why not when it did
    /// not); the reasons of those that failed are joined.
    pub fn from_checks(text: String, figures: Vec<(&str, f64)>, checks: &[(bool, &str)]) -> Self {
        let failed: Vec<&str> = checks
            .iter()
            .filter(|(held, _)| !held)
            .map(|(_, why)| *why)
            .collect();
        Finding::new(text, figures, failed.is_empty(), &failed.join("; "))
    }

    /// The verdict line: reproduced here, or not and why.
    pub fn verdict(&self) -> String {
        match &self.why_not {
            None => "Reproduced on these runs.".to_owned(),
            Some(why) => format!("Not reproduced on these runs: {why}."),
        }
    }
}

/// The measured runs a lesson reads: summaries (medians over repeats) and first-run records.
pub struct Evidence<'a> {
    /// The runs, grouped.
    pub data: &'a ReportData,
    /// Cores of the machine the runs were made on.
    pub cores: usize,
}

impl Evidence<'_> {
    /// [`ReportData::group_at`] of the runs.
    pub fn at(
        &self,
        model: &str,
        workload: &str,
        concurrency: usize,
        cpu_work: u32,
    ) -> Option<&Summary> {
        self.data.group_at(model, workload, concurrency, cpu_work)
    }

    /// [`ReportData::series_at_work`] of the runs.
    pub fn series(&self, model: &str, workload: &str, cpu_work: u32) -> Vec<&Summary> {
        self.data.series_at_work(model, workload, cpu_work)
    }
}

/// Finds a lesson by number (`1` to `9`) or name.
pub fn find(key: &str) -> Option<&'static Lesson> {
    LESSONS
        .iter()
        .find(|lesson| lesson.name == key || lesson.number.to_string() == key)
}

/// The commands a lesson's experiment is, as `fanout run` would take them.
pub fn experiment_commands(lesson: &Lesson) -> Vec<String> {
    lesson
        .experiments
        .iter()
        .map(|part| {
            let list = |values: &[String]| values.join(",");
            let levels: Vec<String> = part.concurrency.iter().map(|c| c.to_string()).collect();
            let work: Vec<String> = part.cpu_work.iter().map(|c| c.to_string()).collect();
            format!(
                "fanout run --models {} --workload {} --concurrency {} --cpu-work {} --repeat {}{}",
                part.models.join(","),
                part.workload,
                list(&levels),
                list(&work),
                part.repeat,
                if part.memory_parts {
                    " --memory-parts"
                } else {
                    ""
                }
            )
        })
        .collect()
}

/// Each lesson as its pages show it: number, claim, source, commands, finding and the charts
/// of it that were drawn.
fn lesson_contexts(evidence: &Evidence, charts_drawn: &[String]) -> Vec<minijinja::Value> {
    LESSONS
        .iter()
        .map(|lesson| {
            let charts: Vec<&str> = lesson
                .charts
                .iter()
                .copied()
                .filter(|chart| charts_drawn.iter().any(|drawn| drawn == chart))
                .collect();
            minijinja::context! {
                number => lesson.number,
                claim => lesson.claim,
                source => lesson.source,
                commands => experiment_commands(lesson),
                finding => (lesson.analyse)(evidence),
                charts,
            }
        })
        .collect()
}

/// `LESSONS.md`: every lesson with its claim, source, experiment, finding, verdict and charts.
pub fn lessons_page(evidence: &Evidence, charts_dir: &str, charts_drawn: &[String]) -> String {
    templates::render(
        "lessons/page.md",
        minijinja::context! {
            lessons => lesson_contexts(evidence, charts_drawn),
            charts_dir,
        },
    )
}

/// README's lessons: one paragraph each, the claim, what was measured, and the verdict.
pub fn readme_lessons(evidence: &Evidence) -> String {
    templates::render(
        "readme/lessons.md",
        minijinja::context! { lessons => lesson_contexts(evidence, &[]) },
    )
}
