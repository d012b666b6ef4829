//! The harness: runs each model in a fresh child process and measures it from outside.
//!
//! - [`measure`]: spawn one child, sample `/proc` (`sampler`), kill it at a deadline, kill its
//!   process group and reap it with `wait4`;
//! - [`server`]: the mock server as its own process, and its per-run view;
//! - [`sweep`]: the order of runs, one [`fanout_core::Job`] per run, verification, records;
//! - [`machine`] and [`limits`]: facts about the machine, and the open-files limit;
//! - [`interrupt`]: Ctrl-C and SIGTERM, noted so a sweep stops cleanly.

#![warn(missing_docs)]

pub mod interrupt;
pub mod limits;
pub mod machine;
pub mod measure;
mod plan;
mod sampler;
pub mod server;
mod skip;
mod smaps;
pub mod sweep;
mod verify;

use fanout_core::results::{Results, RunRecord, SCHEMA, ServerFloor};

pub use sweep::{KeepRecords, ModelSpec, Plan, Sweep, run_sweep};

/// Wraps measured runs into a results file, with the machine read from the system.
pub fn results(
    command: String,
    started_at: std::time::SystemTime,
    server_floor: Option<ServerFloor>,
    runs: Vec<RunRecord>,
) -> Results {
    Results {
        schema: SCHEMA,
        machine: machine::describe(),
        started_at: humantime::format_rfc3339_seconds(started_at).to_string(),
        command,
        server_floor,
        server_cpus: Vec::new(),
        warmup: 0,
        runs,
        summary: Vec::new(),
    }
}

/// Writes `results` to `path` so that a reader never sees half a file: into a file beside it
/// first, then renamed over it. A crash or a kill at any moment leaves either the previous
/// whole file or the new one.
pub fn write_results(path: &std::path::Path, results: &Results) -> Result<(), String> {
    let mut json = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut json, Shallow::default());
    serde::Serialize::serialize(results, &mut serializer).expect("results always serialise");
    json.push(b'\n');
    fanout_core::output::write_one(path, json)
}

/// How deep the results file is indented: the file, its runs and each run's fields one to a
/// line, and everything deeper (a request record, a point of a curve, a group's repeats) on
/// one line each. Fully indented, a record takes ten lines and about 250 bytes; on one line,
/// about 110.
const INDENTED_DEPTH: usize = 4;

/// serde_json's pretty formatter down to [`INDENTED_DEPTH`] open arrays and objects, its
/// compact one below.
#[derive(Default)]
struct Shallow {
    pretty: serde_json::ser::PrettyFormatter<'static>,
    compact: serde_json::ser::CompactFormatter,
    depth: usize,
}

impl Shallow {
    fn deep(&self) -> bool {
        self.depth > INDENTED_DEPTH
    }
}

impl serde_json::ser::Formatter for Shallow {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        if self.deep() {
            self.compact.begin_array(w)
        } else {
            self.pretty.begin_array(w)
        }
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let deep = self.deep();
        self.depth -= 1;
        if deep {
            self.compact.end_array(w)
        } else {
            self.pretty.end_array(w)
        }
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if self.deep() {
            self.compact.begin_array_value(w, first)
        } else {
            self.pretty.begin_array_value(w, first)
        }
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.deep() {
            self.compact.end_array_value(w)
        } else {
            self.pretty.end_array_value(w)
        }
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        if self.deep() {
            self.compact.begin_object(w)
        } else {
            self.pretty.begin_object(w)
        }
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let deep = self.deep();
        self.depth -= 1;
        if deep {
            self.compact.end_object(w)
        } else {
            self.pretty.end_object(w)
        }
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if self.deep() {
            self.compact.begin_object_key(w, first)
        } else {
            self.pretty.begin_object_key(w, first)
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.deep() {
            self.compact.begin_object_value(w)
        } else {
            self.pretty.begin_object_value(w)
        }
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.deep() {
            self.compact.end_object_value(w)
        } else {
            self.pretty.end_object_value(w)
        }
    }
}

#[cfg(test)]
mod tests {
    use fanout_core::results::{RequestRecord, RunRecord};

    #[test]
    fn a_results_file_reads_back_whole_with_a_line_per_request() {
        let records = (0..3)
            .map(|id| RequestRecord {
                id,
                start_ms: id as f64,
                end_ms: id as f64 + 0.5,
                outcome: "ok".into(),
                thread: 0,
                queued_ms: None,
                headers_ms: Some(id as f64 + 0.25),
                body_ms: None,
                holds_ms: vec![[0.1, 0.2]],
                ideal_start_ms: Some(0.0),
            })
            .collect();
        let run = RunRecord {
            model: "tokio".into(),
            records,
            ..RunRecord::default()
        };
        let results = super::results(
            String::from("fanout run"),
            std::time::SystemTime::now(),
            None,
            vec![run],
        );
        let dir = std::env::temp_dir().join(format!("fanout-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("runs.json");
        super::write_results(&path, &results).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        let back: fanout_core::results::Results = serde_json::from_str(&text).unwrap();
        assert_eq!(back, results);
        // The file and each run are indented; each record is one line of its own.
        assert!(text.contains("\n  \"runs\": [\n    {\n      \"model\": \"tokio\","));
        let record_lines: Vec<&str> = text.lines().filter(|l| l.contains("\"id\":")).collect();
        assert_eq!(record_lines.len(), 3, "{text}");
        assert!(record_lines[1].trim_start().starts_with(
            "{\"id\":1,\"start_ms\":1.0,\"end_ms\":1.5,\"outcome\":\"ok\",\"thread\":0,\"headers_ms\":1.25,\"holds_ms\":[[0.1,0.2]],\"ideal_start_ms\":0.0}"
        ));
    }
}
