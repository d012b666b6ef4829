//! The one list of experiments, `fixtures/suites.toml`: the suites that regenerate `results/`
//! (each a list of parts, a part one `fanout run`) and every lesson's experiment. `fanout run
//! --suite`, `fanout lesson`, the lessons' pages and `scripts/regen-results.sh` all read it
//! from here, so a part or a lesson is declared once.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The file, compiled in so the binary finds it from any directory.
const SOURCE: &str = include_str!("../../../fixtures/suites.toml");

/// Every suite and lesson, parsed once; a fault in the file fails every test that reads it.
static SUITES: LazyLock<Suites> =
    LazyLock::new(|| Suites::parse(SOURCE).unwrap_or_else(|err| panic!("{err}")));

/// The file's contents.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suites {
    /// The suites by name, each a list of parts.
    pub suites: BTreeMap<String, Suite>,
    /// The lessons, in the order they are taught.
    pub lessons: Vec<LessonEntry>,
}

/// A suite: parts that each make one results file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    /// Runs of each group where a part does not say.
    pub repeat: u32,
    /// Its parts, in the order they run.
    pub parts: Vec<Part>,
}

/// One `fanout run`: its flags, or a script that measures it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Its name, and its results file's (`runs/NAME.json`).
    pub name: String,
    /// `--workload`.
    #[serde(default)]
    pub workload: Vec<String>,
    /// `--models`; every model when empty.
    #[serde(default)]
    pub models: Vec<String>,
    /// `--concurrency`; the workload's own sweep when empty.
    #[serde(default)]
    pub concurrency: Vec<usize>,
    /// `--cpu-work`; the workload's when empty.
    #[serde(default)]
    pub cpu_work: Vec<u32>,
    /// `--repeat`; the suite's when absent.
    pub repeat: Option<u32>,
    /// `--server-instances`.
    pub server_instances: Option<u16>,
    /// `--max-ideal-s`.
    pub max_ideal_s: Option<u64>,
    /// `--pin-workers`.
    pub pin_workers: Option<String>,
    /// `--pin-server`.
    pub pin_server: Option<String>,
    /// `--memory-parts`.
    #[serde(default)]
    pub memory_parts: bool,
    /// A script that measures the part in place of `fanout run`.
    pub script: Option<String>,
}

/// A lesson: a claim from the seeds, its source, and the experiment that tests it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LessonEntry {
    /// A short name `fanout lesson` also takes, e.g. `gil`; its check and template are named
    /// after it.
    pub name: String,
    /// The claim, as the seeds make it.
    pub claim: String,
    /// The seed's or book's figure, and where it comes from.
    pub source: String,
    /// Why it takes longer than a minute on 2 cores, if it does.
    pub slow_because: Option<String>,
    /// The run the terminal's waterfall shows.
    pub waterfall: Group,
    /// Its experiment's parts.
    pub parts: Vec<Part>,
}

/// One group of runs: a model on a workload at a concurrency and CPU work.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The model.
    pub model: String,
    /// The workload.
    pub workload: String,
    /// The concurrency.
    pub concurrency: usize,
    /// Units of CPU work a page.
    #[serde(default)]
    pub cpu_work: u32,
}

/// What `fanout run --suite NAME` names: parts to run, with the repeat count where they do not
/// give one.
#[derive(Clone, Debug)]
pub struct Selection {
    /// The parts, in order.
    pub parts: Vec<Part>,
    /// The suite's repeat count.
    pub repeat: u32,
    /// Whether the name is a lesson's experiment, whose parts make one results file.
    pub lesson: bool,
}

impl Suites {
    /// The file as compiled in.
    pub fn get() -> &'static Suites {
        &SUITES
    }

    /// Parses and checks a suites file: names unique within a suite and among the lessons.
    pub fn parse(text: &str) -> Result<Suites, String> {
        let suites: Suites =
            toml::from_str(text).map_err(|err| format!("fixtures/suites.toml: {err}"))?;
        for (name, suite) in &suites.suites {
            duplicate(suite.parts.iter().map(|p| p.name.as_str())).map_or(Ok(()), |dup| {
                Err(format!("suite {name} has two parts named {dup}"))
            })?;
        }
        duplicate(suites.lessons.iter().map(|l| l.name.as_str()))
            .map_or(Ok(()), |dup| Err(format!("two lessons are named {dup}")))?;
        Ok(suites)
    }

    /// Every name `--suite` takes, for messages: the suites, `SUITE.PART`, `lesson.NAME`.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.suites.keys().cloned().collect();
        for (suite, parts) in &self.suites {
            names.extend(parts.parts.iter().map(|p| format!("{suite}.{}", p.name)));
        }
        names.extend(self.lessons.iter().map(|l| format!("lesson.{}", l.name)));
        names
    }

    /// The lesson numbered `key` (from 1) or named `key`.
    pub fn lesson(&self, key: &str) -> Option<(usize, &LessonEntry)> {
        self.lessons
            .iter()
            .enumerate()
            .map(|(index, lesson)| (index + 1, lesson))
            .find(|(number, lesson)| lesson.name == key || number.to_string() == key)
    }

    /// What `name` selects: a suite, `SUITE.PART`, a part's bare name (looked up in the
    /// suites in the file's order of `standard` first, then the rest by name), or
    /// `lesson.NAME` / `lesson.N`.
    pub fn select(&self, name: &str) -> Result<Selection, String> {
        let unknown = || {
            format!(
                "no suite, part or lesson `{name}`; allowed: {}",
                self.names().join(", ")
            )
        };
        if let Some(key) = name.strip_prefix("lesson.") {
            let (_, lesson) = self.lesson(key).ok_or_else(unknown)?;
            return Ok(Selection {
                parts: lesson.parts.clone(),
                repeat: 1,
                lesson: true,
            });
        }
        if let Some(suite) = self.suites.get(name) {
            return Ok(Selection {
                parts: suite.parts.clone(),
                repeat: suite.repeat,
                lesson: false,
            });
        }
        let (suite_name, part_name) = match name.split_once('.') {
            Some((suite, part)) => (Some(suite), part),
            None => (None, name),
        };
        let order = std::iter::once("standard").chain(
            self.suites
                .keys()
                .map(String::as_str)
                .filter(|s| *s != "standard"),
        );
        for suite in order.filter(|s| suite_name.is_none_or(|wanted| wanted == *s)) {
            let Some(entries) = self.suites.get(suite) else {
                continue;
            };
            if let Some(part) = entries.parts.iter().find(|p| p.name == part_name) {
                return Ok(Selection {
                    parts: vec![part.clone()],
                    repeat: entries.repeat,
                    lesson: false,
                });
            }
        }
        Err(unknown())
    }
}

impl Part {
    /// The part as `fanout run`'s flags, with `repeat` where it gives none.
    pub fn run_args(&self, repeat: u32) -> Vec<String> {
        let list = |values: &[String]| values.join(",");
        let numbers = |values: Vec<String>| values.join(",");
        let mut args = Vec::new();
        let mut flag = |name: &str, value: String| {
            args.push(format!("--{name}"));
            args.push(value);
        };
        if self.models.is_empty() {
            flag("models", "all".into());
        } else {
            flag("models", list(&self.models));
        }
        if !self.workload.is_empty() {
            flag("workload", list(&self.workload));
        }
        if !self.concurrency.is_empty() {
            flag(
                "concurrency",
                numbers(self.concurrency.iter().map(usize::to_string).collect()),
            );
        }
        if !self.cpu_work.is_empty() {
            flag(
                "cpu-work",
                numbers(self.cpu_work.iter().map(u32::to_string).collect()),
            );
        }
        flag("repeat", self.repeat.unwrap_or(repeat).to_string());
        if let Some(instances) = self.server_instances {
            flag("server-instances", instances.to_string());
        }
        if let Some(seconds) = self.max_ideal_s {
            flag("max-ideal-s", seconds.to_string());
        }
        if let Some(cpus) = &self.pin_workers {
            flag("pin-workers", cpus.clone());
        }
        if let Some(cpus) = &self.pin_server {
            flag("pin-server", cpus.clone());
        }
        if self.memory_parts {
            args.push("--memory-parts".into());
        }
        args
    }

    /// The part as a command line someone can type.
    pub fn command(&self, repeat: u32) -> String {
        match &self.script {
            Some(script) => format!("{script} --repeat {}", self.repeat.unwrap_or(repeat)),
            None => format!("fanout run {}", self.run_args(repeat).join(" ")),
        }
    }
}

/// The first name that appears twice, if any.
fn duplicate<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::BTreeSet::new();
    names.into_iter().find(|name| !seen.insert(*name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_file_parses_and_every_name_selects() {
        let suites = Suites::get();
        assert!(suites.suites.contains_key("standard"));
        for name in suites.names() {
            assert!(suites.select(&name).is_ok(), "{name} selects nothing");
        }
    }

    #[test]
    fn a_bare_part_is_looked_up_in_the_standard_suite_first() {
        let suites = Suites::get();
        let quick = suites.select("quick").unwrap();
        assert_eq!(quick.parts[0].concurrency, [10, 30, 100]);
        assert_eq!(quick.repeat, 3);
        let small = suites.select("small.quick").unwrap();
        assert_eq!(small.parts[0].concurrency, [10, 100]);
        assert!(suites.select("c10k").unwrap().parts[0].server_instances == Some(2));
    }

    #[test]
    fn lessons_are_found_by_name_or_number_and_unknown_names_list_the_allowed() {
        let suites = Suites::get();
        let by_number = suites.select("lesson.2").unwrap();
        let by_name = suites.select("lesson.gil").unwrap();
        assert!(by_number.lesson && by_name.parts.len() == by_number.parts.len());
        let err = suites.select("nope").unwrap_err();
        assert!(err.contains("no suite, part or lesson `nope`") && err.contains("standard.quick"));
    }

    #[test]
    fn a_part_is_the_run_flags_it_declares() {
        let part = Part {
            name: "x".into(),
            workload: vec!["quick".into(), "cpu".into()],
            models: vec!["tokio".into()],
            concurrency: vec![1, 2],
            memory_parts: true,
            ..Part::default()
        };
        assert_eq!(
            part.run_args(3).join(" "),
            "--models tokio --workload quick,cpu --concurrency 1,2 --repeat 3 --memory-parts"
        );
    }

    #[test]
    fn two_parts_with_one_name_are_refused() {
        let text =
            "lessons = []\n[suites.s]\nrepeat = 1\nparts = [{ name = \"a\" }, { name = \"a\" }]\n";
        assert_eq!(
            Suites::parse(text).unwrap_err(),
            "suite s has two parts named a"
        );
    }
}
