//! The mock server as a separate process, and the client that reads its view of each run.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::results::ServerFloor;
use fanout_core::{ServerInfo, ServerStats};

/// Round trips [`ServerControl::floor`] times at each delay.
pub const FLOOR_REQUESTS: u32 = 50;

/// The delay [`ServerControl::floor`] checks the server keeps.
pub const FLOOR_DELAY_MS: u64 = 20;

/// How long the server may take to say where it listens.
const STARTUP_DEADLINE: Duration = Duration::from_secs(15);

/// A mock server child process; killed when dropped, and with this process if it dies.
pub struct ServerProcess {
    child: Child,
    url: String,
}

impl ServerProcess {
    /// Starts `command` (e.g. `fanout serve --port 0`) and waits for its
    /// `listening on http://...` line.
    pub fn start(mut command: Command) -> Result<Self, String> {
        command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .stdin(Stdio::null());
        crate::measure::die_with_parent(&mut command);
        // Its own process group: a Ctrl-C meant for the run reaches the harness, which stops
        // the run cleanly and then the server, rather than the server dying mid-run.
        command.process_group(0);
        let mut child = command
            .spawn()
            .map_err(|err| format!("cannot start the mock server: {err}"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next();
            let _ = sender.send(first);
            // Keep reading so the server never blocks on a full pipe.
            for _ in lines {}
        });
        let mut server = Self {
            child,
            url: String::new(),
        };
        match receiver.recv_timeout(STARTUP_DEADLINE) {
            Ok(Some(Ok(line))) => match line.strip_prefix("listening on ") {
                Some(url) => {
                    server.url = url.trim().to_owned();
                    Ok(server)
                }
                None => Err(format!(
                    "the mock server said `{line}` instead of where it listens"
                )),
            },
            Ok(_) => Err("the mock server exited before it started listening".into()),
            Err(_) => Err(format!(
                "the mock server did not start listening within {} s",
                STARTUP_DEADLINE.as_secs()
            )),
        }
    }

    /// Where the server listens, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads and clears the mock server's per-run view over its control endpoints.
pub struct ServerControl {
    base: String,
    agent: ureq::Agent,
}

impl ServerControl {
    /// A client of the control endpoints of the server at `base`.
    pub fn new(base: &str) -> Self {
        let timeout = Some(Duration::from_secs(5));
        let agent = ureq::Agent::config_builder()
            .proxy(None)
            .timeout_connect(timeout)
            .timeout_recv_response(timeout)
            .timeout_recv_body(timeout)
            .build()
            .new_agent();
        Self {
            base: base.trim_end_matches('/').to_owned(),
            agent,
        }
    }

    /// Clears the server's counters before a run. Errors when the server is not a fanout mock
    /// server or is not there.
    pub fn reset(&self) -> Result<(), String> {
        self.agent
            .post(format!("{}/_fanout/reset", self.base))
            .send_empty()
            .map(drop)
            .map_err(|err| format!("cannot reset the mock server at {}: {err}", self.base))
    }

    /// Where the server listens, with its fault layer's address.
    pub fn urls(&self) -> Result<fanout_core::ServerUrls, String> {
        let info: ServerInfo = self.get_json("info")?;
        let items = if info.items.is_empty() {
            vec![self.base.clone()]
        } else {
            info.items
        };
        Ok(fanout_core::ServerUrls {
            items,
            faults: info.faults,
        })
    }

    /// The server's view since the last reset.
    pub fn stats(&self) -> Result<ServerStats, String> {
        self.get_json("stats")
    }

    /// Times [`FLOOR_REQUESTS`] round trips with no delay and as many with
    /// [`FLOOR_DELAY_MS`], one after another over one keep-alive connection: the server's own
    /// cost per request, and how closely it keeps a delay, as this client sees them.
    pub fn floor(&self) -> Result<ServerFloor, String> {
        let median_ms = |delay_ms: u64| -> Result<f64, String> {
            let url = format!("{}/item/0?delay_ms={delay_ms}&size=4096", self.base);
            let mut times = Vec::with_capacity(FLOOR_REQUESTS as usize);
            for _ in 0..FLOOR_REQUESTS {
                let started = Instant::now();
                self.agent
                    .get(&url)
                    .call()
                    .and_then(|response| response.into_body().read_to_vec())
                    .map_err(|err| {
                        format!("cannot time the mock server at {}: {err}", self.base)
                    })?;
                times.push(started.elapsed().as_secs_f64() * 1e3);
            }
            Ok(fanout_core::stats::median(&times).unwrap_or_default())
        };
        Ok(ServerFloor {
            requests: FLOOR_REQUESTS,
            zero_delay_ms: median_ms(0)?,
            delay_ms: FLOOR_DELAY_MS,
            delayed_ms: median_ms(FLOOR_DELAY_MS)?,
        })
    }

    /// Reads the control endpoint `/_fanout/{name}` as JSON.
    fn get_json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let text = self
            .agent
            .get(format!("{}/_fanout/{name}", self.base))
            .call()
            .and_then(|response| response.into_body().read_to_string())
            .map_err(|err| format!("cannot read the mock server's {name}: {err}"))?;
        serde_json::from_str(&text)
            .map_err(|err| format!("the mock server's {name} is not readable: {err}"))
    }
}
