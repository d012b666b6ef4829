//! results/index.html in a real browser: headless Chromium opens a copy of the committed page
//! with tests/browser/check.js put ahead of its scripts, and the check writes what it found into
//! the page, which Chromium prints (`--dump-dom`). The page must draw with no console error and
//! no network request, show the table and every chart, and show a request's own figures when
//! the pointer is on it in the waterfall. (regenerate.rs checks that the committed page is what
//! `fanout report` writes.) With no Chromium on the machine the test is counted as ignored,
//! saying why; CI installs one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long Chromium may take to load, draw and check the page.
const DEADLINE: Duration = Duration::from_secs(120);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A Chromium to run: `FANOUT_CHROMIUM`, else the first of the usual names on `PATH`.
fn chromium() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("FANOUT_CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    let names = ["chromium", "chromium-browser", "google-chrome"];
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            "no Chromium (chromium, chromium-browser or google-chrome on PATH, or \
             FANOUT_CHROMIUM): apt-get install chromium"
                .to_owned()
        })
}

/// The page as the check sees it: what it found, as JSON.
fn open_page(browser: &Path) -> serde_json::Value {
    let page = std::fs::read_to_string(root().join("results/index.html"))
        .expect("results/index.html is committed");
    let check = include_str!("browser/check.js");
    let checked = page.replacen("<title>", &format!("<script>{check}</script>\n<title>"), 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("index.html");
    std::fs::write(&file, checked).unwrap();
    let dump = dir.path().join("dom.html");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--window-size=1400,1000",
            "--virtual-time-budget=20000",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        // Into a file, not a pipe: the page is megabytes, more than a pipe holds unread.
        .stdout(std::fs::File::create(&dump).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("Chromium did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let dom = std::fs::read_to_string(&dump).unwrap();
    // The last one: the check's own source, in the page too, names the element.
    let found = dom
        .rsplit_once("<pre id=\"found\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| {
            json.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .unwrap_or_else(|| {
            panic!(
                "the check wrote nothing into the page ({} bytes)",
                dom.len()
            )
        });
    serde_json::from_str(&found).unwrap_or_else(|err| panic!("{err}: {found}"))
}

fn the_page_draws_offline_with_its_table_charts_and_request_tooltips(browser: &Path) {
    let found = open_page(browser);
    assert_eq!(
        found["errors"],
        serde_json::json!([]),
        "console or page errors: {found}"
    );
    assert_eq!(
        found["blocked"],
        serde_json::json!([]),
        "network requests blocked: {found}"
    );
    assert_eq!(
        found["requests"],
        serde_json::json!([]),
        "network requests made: {found}"
    );
    assert_eq!(found["drawn"], "yes", "{found}");
    assert!(
        found["table_rows"].as_u64().unwrap_or(0) > 0,
        "no table rows: {found}"
    );
    for (chart, marks) in found["marks"].as_object().expect("marks counted") {
        assert!(
            marks.as_u64().unwrap_or(0) > 0,
            "{chart} drew nothing: {found}"
        );
    }
    let hovered = &found["hovered"];
    let tooltip = found["tooltip"]
        .as_str()
        .unwrap_or_else(|| panic!("no tooltip: {found}"));
    for figure in ["id", "start", "end"] {
        let value = hovered[figure].to_string();
        assert!(
            tooltip.contains(&value),
            "the tooltip lacks the request's {figure} ({value}): {tooltip}"
        );
    }
}

fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let browser = chromium();
    if let Err(reason) = &browser {
        println!("ignored for want of a browser: {reason}");
    }
    let trial = libtest_mimic::Trial::test(
        "the_page_draws_offline_with_its_table_charts_and_request_tooltips",
        {
            let browser = browser.clone();
            move || {
                the_page_draws_offline_with_its_table_charts_and_request_tooltips(
                    browser.as_deref().expect("a browser"),
                );
                Ok(())
            }
        },
    )
    .with_ignored_flag(browser.is_err());
    libtest_mimic::run(&args, vec![trial]).exit_code()
}
