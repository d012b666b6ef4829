//! The lessons: the seeds' claims as experiments. Each is one entry in the one list of
//! experiments (`fixtures/suites.toml`: its claim, the figure a seed or book gives for it, the
//! experiment that tests it), one [`Check`] here (a function that reads measured runs and
//! returns a [`Finding`], and the charts that show it) and one template
//! (`templates/lessons/NAME.md`: the words the finding is told in, chosen by its figures).
//! `fanout lesson N` runs the experiment and prints the finding; `fanout report` writes
//! `LESSONS.md` and README's lessons from the results files. No figure in a lesson's text is
//! typed by hand: every one is computed from runs, or named with its outside source.

mod blocking;
mod cooperative;
mod crawl;
mod event_loop;
mod event_loops;
mod executor;
mod gil;
mod io_bound;
mod many_threads;
mod processes;
mod thread_memory;

use fanout_core::suites::{Group, LessonEntry, Part, Suites};

use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::pages::figures::Name;
use crate::pages::{Section, Sources, templates};

/// Every lesson's check; the list of experiments orders them and names each by its check's.
static CHECKS: &[Check] = &[
    io_bound::CHECK,
    gil::CHECK,
    processes::CHECK,
    thread_memory::CHECK,
    many_threads::CHECK,
    cooperative::CHECK,
    blocking::CHECK,
    executor::CHECK,
    event_loop::CHECK,
    crawl::CHECK,
    event_loops::CHECK,
];

/// How a lesson reads its runs, and the charts that show it.
pub struct Check {
    /// The lesson's name in the list of experiments.
    pub name: &'static str,
    /// Charts in `results/` that show it.
    pub charts: &'static [Name<'static>],
    /// Reads the runs: the figures and checks its template reads, and whether the claim held;
    /// `None` when the runs do not hold what the lesson needs.
    pub analyse: fn(&Evidence) -> Option<(minijinja::Value, bool)>,
}

/// A lesson: its entry in the list of experiments and its check.
#[derive(Clone, Copy)]
pub struct Lesson {
    /// Its number, from 1, in the order the list teaches them.
    pub number: usize,
    /// Its claim, source and experiment.
    pub entry: &'static LessonEntry,
    /// How its runs are read.
    pub check: &'static Check,
}

impl Lesson {
    /// A short name `fanout lesson` also takes, e.g. `gil`.
    pub fn name(&self) -> &'static str {
        self.check.name
    }

    /// Its experiment's parts.
    pub fn parts(&self) -> &'static [Part] {
        &self.entry.parts
    }

    /// The run the terminal's waterfall shows.
    pub fn waterfall(&self) -> &'static Group {
        &self.entry.waterfall
    }

    /// What the runs in `evidence` say of it.
    pub fn analyse(&self, evidence: &Evidence) -> Option<Finding> {
        let (context, holds) = (self.check.analyse)(evidence)?;
        Some(Finding::from_template(
            &self.name().replace('-', "_"),
            &context,
            holds,
        ))
    }

    /// The commands its experiment is, as `fanout run` would take them.
    pub fn commands(&self) -> Vec<String> {
        self.parts().iter().map(|part| part.command(1)).collect()
    }
}

/// Every lesson in the order it is taught.
///
/// Panics when the list of experiments names a lesson with no check here: both are compiled
/// in, and the lessons' tests read every one.
pub fn lessons() -> Vec<Lesson> {
    Suites::get()
        .lessons
        .iter()
        .enumerate()
        .map(|(index, entry)| Lesson {
            number: index + 1,
            entry,
            check: CHECKS
                .iter()
                .find(|check| check.name == entry.name)
                .unwrap_or_else(|| panic!("lesson `{}` has no check", entry.name)),
        })
        .collect()
}

/// The names of the checks no lesson in the list of experiments uses.
pub fn unused_checks() -> Vec<&'static str> {
    CHECKS
        .iter()
        .map(|check| check.name)
        .filter(|name| Suites::get().lessons.iter().all(|l| l.name != *name))
        .collect()
}

/// What the runs say about a lesson.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Finding {
    /// What the runs found, in one sentence that leads the lesson's paragraph.
    pub headline: String,
    /// The explanation, with the measured figures in it.
    pub text: String,
    /// Whether the claim held on these runs.
    pub holds: bool,
    /// Why not, when it did not.
    pub why_not: Option<String>,
}

impl Finding {
    /// The lesson's template `lessons/NAME.md` rendered with `context`: its `text` block, and
    /// when `holds` is false its `why_not` block.
    fn from_template(name: &str, context: &minijinja::Value, holds: bool) -> Self {
        let template = format!("lessons/{name}.md");
        Finding {
            headline: templates::render_block(&template, "headline", context),
            text: templates::render_block(&template, "text", context),
            holds,
            why_not: (!holds).then(|| templates::render_block(&template, "why_not", context)),
        }
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

    /// The most CPU work a page that `model` ran with on `workload`, of the amounts `fits`.
    pub fn most_work(
        &self,
        model: &str,
        workload: &str,
        fits: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        self.data
            .all
            .iter()
            .filter(|s| s.model == model && s.workload == workload && fits(s.cpu_work))
            .map(|s| s.cpu_work)
            .max()
    }

    /// [`ReportData::series_at_work`] of the runs.
    pub fn series(&self, model: &str, workload: &str, cpu_work: u32) -> Vec<&Summary> {
        self.data.series_at_work(model, workload, cpu_work)
    }
}

/// Finds a lesson by number (from 1) or name.
pub fn find(key: &str) -> Option<Lesson> {
    lessons()
        .into_iter()
        .find(|lesson| lesson.name() == key || lesson.number.to_string() == key)
}

/// `LESSONS.md`: every lesson with its claim, source, experiment, finding, verdict and charts.
pub const PAGE: Section = ("lessons/page.md", context);

/// Every lesson as `LESSONS.md` and README's lessons show it: number, claim, source, commands,
/// finding and the charts of it that were drawn.
pub(crate) fn context(from: &Sources) -> Option<minijinja::Value> {
    let evidence = Evidence {
        data: from.data,
        cores: from.cores,
    };
    let drawn: Vec<String> = from.figures.iter().map(|f| f.file_name()).collect();
    let lessons: Vec<_> = lessons()
        .iter()
        .map(|lesson| {
            let charts: Vec<String> = lesson
                .check
                .charts
                .iter()
                .map(Name::file_name)
                .filter(|chart| drawn.contains(chart))
                .collect();
            minijinja::context! {
                number => lesson.number,
                claim => lesson.entry.claim,
                source => lesson.entry.source,
                commands => lesson.commands(),
                finding => lesson.analyse(&evidence),
                charts,
            }
        })
        .collect();
    Some(minijinja::context! { lessons, charts_dir => from.charts_dir })
}

/// What `fanout lesson N` prints before its runs: the claim and its source.
pub fn terminal_head(lesson: &Lesson) -> String {
    templates::render(
        "lessons/terminal_head.txt",
        minijinja::context! { number => lesson.number, entry => lesson.entry },
    )
}

/// What `fanout lesson N` prints after its runs: the waterfall of the run it names (when it
/// ran), the finding and the verdict, wrapped for a terminal.
pub fn terminal(lesson: &Lesson, evidence: &Evidence, waterfall: Option<String>) -> String {
    templates::render(
        "lessons/terminal.txt",
        minijinja::context! {
            group => lesson.waterfall(),
            waterfall,
            finding => lesson.analyse(evidence),
            cores => evidence.cores,
        },
    )
}

/// What `fanout lesson` prints: every lesson with the commands of its experiment.
pub fn terminal_list() -> String {
    let lessons: Vec<_> = lessons()
        .iter()
        .map(|lesson| {
            minijinja::context! {
                number => lesson.number,
                entry => lesson.entry,
                commands => lesson.commands(),
            }
        })
        .collect();
    templates::render("lessons/terminal_list.txt", minijinja::context! { lessons })
}
