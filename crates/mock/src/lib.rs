//! The latency-injecting mock HTTP server that every model fetches from.
//!
//! Built on `wiremock`: one [`wiremock::Respond`] reads each target's latency, body size and
//! status from its URL (`/item/{id}?delay_ms=..&size=..&status=..`, see
//! [`fanout_core::Target::path`]) and answers after that delay with the target's deterministic
//! body, so clients verify bodies without a copy. Request recording is off: the server keeps
//! only counters.
//!
//! Faults that wiremock cannot express (a reset connection, a truncated body, a stall, a slow
//! trickle) come from a small layer of this crate, [`faults`], on a second port of its own;
//! a job sends those targets there. The control endpoints report the server's own view of a
//! run: `GET /_fanout/stats` (requests, the peak in flight, faults injected, the time the server
//! added to each response after its delay), `POST
//! /_fanout/reset`, and `GET /_fanout/info` (where the fault layer listens).
//!
//! It runs in-process ([`MockServer::start`], for tests and benches) or as its own process
//! (`fanout serve`), so its threads and memory never count against a model. It refuses
//! delays and sizes beyond the documented maxima with a 400 response.
//!
//! One wiremock instance serves on one thread. For thousands of connections at once the server
//! scales out ([`MockServer::start_instances`]): several instances, each on its own thread and
//! port, sharing one log; `/_fanout/info` lists their addresses and a job spreads its targets
//! over them. The stats include the server process's own CPU time, so a report can say what
//! the server cost per request.

#![warn(missing_docs)]

mod control;
pub mod faults;
mod item;
mod log;
mod stamp;

use std::io;
use std::net::{SocketAddr, TcpListener};

use fanout_core::{ServerInfo, ServerStats};
use wiremock::Mock;
use wiremock::matchers::{method, path, path_regex};

use control::{Control, ControlResponder};
use item::ItemResponder;
pub(crate) use item::parse_item;
pub(crate) use log::Log;

/// How many pending connections a listening socket queues: as many as the kernel allows,
/// so a burst of thousands of connects is not dropped and retried a second later.
const LISTEN_BACKLOG: i32 = 65_535;

/// A running mock server: one or more wiremock instances, each on its own port and thread,
/// and the fault layer on another port. It serves until dropped.
pub struct MockServer {
    instances: Vec<wiremock::MockServer>,
    faults: faults::FaultLayer,
    log: Log,
}

/// The most wiremock instances one server runs.
pub const MAX_INSTANCES: usize = 64;

impl MockServer {
    /// Starts a server with one wiremock instance listening on `addr` (port 0 picks a free
    /// port); its fault layer listens on a free port of the same address.
    pub fn start(addr: SocketAddr) -> io::Result<Self> {
        Self::start_instances(addr, 1)
    }

    /// Starts `instances` wiremock instances: the first on `addr`, the others on free ports of
    /// the same address, all sharing one log, so the control endpoints of any of them speak
    /// for the whole server.
    pub fn start_instances(addr: SocketAddr, instances: usize) -> io::Result<Self> {
        if !(1..=MAX_INSTANCES).contains(&instances) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{instances} instances; allowed: 1 to {MAX_INSTANCES}"),
            ));
        }
        let mut listeners = vec![listen(addr)?];
        for _ in 1..instances {
            listeners.push(listen(SocketAddr::new(addr.ip(), 0))?);
        }
        let items = listeners
            .iter()
            .map(|listener| Ok(format!("http://{}", listener.local_addr()?)))
            .collect::<io::Result<Vec<_>>>()?;
        let log = Log::default();
        log.reset();
        let faults =
            faults::FaultLayer::start(listen(SocketAddr::new(addr.ip(), 0))?, log.clone())?;
        let info = ServerInfo {
            faults: faults.uri(),
            items,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        // The runtime only drives start-up; each wiremock instance serves on a thread of its own.
        let instances = runtime.block_on(async {
            let mut started = Vec::new();
            for listener in listeners {
                started.push(start_instance(listener, &log, &info).await);
            }
            started
        });
        Ok(Self {
            instances,
            faults,
            log,
        })
    }

    /// Starts a server on free loopback ports.
    pub fn start_local() -> io::Result<Self> {
        Self::start(SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The first instance's base URL, e.g. `http://127.0.0.1:40123`: where the control
    /// endpoints are.
    pub fn uri(&self) -> String {
        self.instances[0].uri()
    }

    /// Every instance's base URL.
    pub fn instance_uris(&self) -> Vec<String> {
        self.instances
            .iter()
            .map(wiremock::MockServer::uri)
            .collect()
    }

    /// The fault layer's base URL.
    pub fn fault_uri(&self) -> String {
        self.faults.uri()
    }

    /// Every base URL, for building jobs.
    pub fn urls(&self) -> fanout_core::ServerUrls {
        fanout_core::ServerUrls {
            items: self.instance_uris(),
            faults: self.fault_uri(),
        }
    }

    /// The first instance's address.
    pub fn address(&self) -> SocketAddr {
        *self.instances[0].address()
    }

    /// The server's view since the last reset.
    pub fn stats(&self) -> ServerStats {
        self.log.stats()
    }

    /// Forgets everything seen so far.
    pub fn reset(&self) {
        self.log.reset();
    }
}

/// One wiremock instance on `listener`: the item route and the control endpoints.
async fn start_instance(
    listener: TcpListener,
    log: &Log,
    info: &ServerInfo,
) -> wiremock::MockServer {
    let server = wiremock::MockServer::builder()
        .listener(listener)
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/item/[^/]+$"))
        .respond_with(ItemResponder { log: log.clone() })
        .mount(&server)
        .await;
    for (verb, route, endpoint) in [
        ("GET", "/_fanout/stats", Control::Stats),
        ("POST", "/_fanout/reset", Control::Reset),
        ("GET", "/_fanout/info", Control::Info),
    ] {
        let responder = ControlResponder {
            log: log.clone(),
            info: info.clone(),
            endpoint,
        };
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(responder)
            .mount(&server)
            .await;
    }
    server
}

pub(crate) fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(LISTEN_BACKLOG)?;
    Ok(socket.into())
}
