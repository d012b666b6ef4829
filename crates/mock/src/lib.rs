//! The latency-injecting mock HTTP server that every model fetches from.
//!
//! Built on `wiremock`: one [`Respond`] reads each target's latency, body size and status from
//! its URL (`/item/{id}?delay_ms=..&size=..&status=..`, see [`fanout_core::Target::path`]) and
//! answers after that delay with the target's deterministic body, so clients verify bodies
//! without a copy. Request recording is off: the server keeps only counters.
//!
//! Faults that wiremock cannot express (a reset connection, a truncated body, a stall, a slow
//! trickle) come from a small layer of this crate, [`faults`], on a second port of its own;
//! a job sends those targets there. The control endpoints report the server's own view of a
//! run: `GET /_fanout/stats` (requests, the peak in flight, faults injected), `POST
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

pub mod faults;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fanout_core::ServerStats;
use fanout_core::body::expected_body;
use fanout_core::workload::limits::{MAX_BODY_BYTES, MAX_DELAY_MS};
use url::Url;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

/// How many pending connections a listening socket queues: as many as the kernel allows,
/// so a burst of thousands of connects is not dropped and retried a second later.
const LISTEN_BACKLOG: i32 = 65_535;

/// What the server has seen since the last reset.
#[derive(Default)]
struct InFlight {
    /// This process's CPU time (user, system) at the last reset.
    cpu_at_reset: (f64, f64),
    /// Requests held for a known time, by when their response is due.
    due: BinaryHeap<Reverse<Instant>>,
    /// Requests held until something happens (a stall until the client leaves, a trickle
    /// until its body is out): counted in on arrival and out when done.
    open: u64,
    stats: ServerStats,
}

impl InFlight {
    fn settle(&mut self, now: Instant) {
        while self.due.peek().is_some_and(|Reverse(due)| *due <= now) {
            self.due.pop();
        }
        let in_flight = self.due.len() as u64 + self.open;
        self.stats.peak_in_flight = self.stats.peak_in_flight.max(in_flight);
    }

    /// A request that the server holds for `delay`.
    fn arrive(&mut self, now: Instant, delay: Duration) {
        self.due.push(Reverse(now + delay));
        self.stats.requests += 1;
        self.settle(now);
    }

    /// A request held until [`InFlight::leave`].
    fn enter(&mut self, now: Instant) {
        self.open += 1;
        self.stats.requests += 1;
        self.settle(now);
    }

    fn leave(&mut self) {
        self.open = self.open.saturating_sub(1);
    }

    fn inject(&mut self, kind: &str) {
        *self.stats.injected.entry(kind.to_owned()).or_default() += 1;
    }
}

/// The server's shared log, written by every wiremock instance and the fault layer.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<InFlight>>);

impl Log {
    fn lock(&self) -> MutexGuard<'_, InFlight> {
        // Counters stay consistent whatever panicked while holding the lock.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The view since the last reset, with the CPU time this process spent in it.
    fn stats(&self) -> ServerStats {
        let log = self.lock();
        let (user, sys) = process_cpu_ms();
        ServerStats {
            cpu_user_ms: user - log.cpu_at_reset.0,
            cpu_sys_ms: sys - log.cpu_at_reset.1,
            ..log.stats.clone()
        }
    }

    /// Forgets everything seen so far. Requests still held stay counted in flight.
    fn reset(&self) {
        let mut log = self.lock();
        let open = log.open;
        *log = InFlight {
            open,
            cpu_at_reset: process_cpu_ms(),
            ..InFlight::default()
        };
    }
}

/// User and system CPU time of this whole process so far, in milliseconds.
fn process_cpu_ms() -> (f64, f64) {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let ms = |time: libc::timeval| time.tv_sec as f64 * 1e3 + time.tv_usec as f64 / 1e3;
    (ms(usage.ru_utime), ms(usage.ru_stime))
}

/// What one item request asks for.
#[derive(Debug, PartialEq)]
pub(crate) struct ItemRequest {
    pub id: u32,
    pub delay_ms: u64,
    pub size: u64,
    pub status: u16,
    /// A fault only the fault layer serves: `reset`, `truncate`, `stall` or `trickle`.
    pub fault: Option<String>,
    pub trickle_ms: u64,
}

pub(crate) fn parse_item(url: &Url) -> Result<ItemRequest, String> {
    let id_text = url.path().trim_start_matches("/item/");
    let id = id_text
        .parse()
        .map_err(|_| format!("item id `{id_text}` is not a number"))?;
    let mut item = ItemRequest {
        id,
        delay_ms: 0,
        size: 0,
        status: 200,
        fault: None,
        trickle_ms: 0,
    };
    for (key, value) in url.query_pairs() {
        let number = |max: u64| -> Result<u64, String> {
            match value.parse::<u64>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(format!("`{key}` is `{value}`; allowed: 0 to {max}")),
            }
        };
        match key.as_ref() {
            "delay_ms" => item.delay_ms = number(MAX_DELAY_MS)?,
            "size" => item.size = number(MAX_BODY_BYTES)?,
            "trickle_ms" => item.trickle_ms = number(MAX_DELAY_MS)?,
            "status" => {
                item.status = match number(599)? {
                    status @ 200..=599 => status as u16,
                    _ => return Err(format!("`status` is `{value}`; allowed: 200 to 599")),
                }
            }
            "fault" => match value.as_ref() {
                "reset" | "truncate" | "stall" | "trickle" => item.fault = Some(value.into_owned()),
                other => {
                    return Err(format!(
                        "`fault` is `{other}`; allowed: reset, truncate, stall, trickle"
                    ));
                }
            },
            other => {
                return Err(format!(
                    "unknown query parameter `{other}`; allowed: delay_ms, size, status, fault, trickle_ms"
                ));
            }
        }
    }
    Ok(item)
}

/// The log's name for an error status.
fn status_kind(status: u16) -> &'static str {
    if status >= 500 {
        "http_5xx"
    } else {
        "http_4xx"
    }
}

struct ItemResponder {
    log: Log,
}

impl Respond for ItemResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let item = match parse_item(&request.url) {
            Ok(item) if item.fault.is_some() => Err(format!(
                "fault={} is served by the fault layer; its address is in GET /_fanout/info",
                item.fault.unwrap_or_default()
            )),
            parsed => parsed,
        };
        let item = match item {
            Ok(item) => item,
            Err(message) => {
                self.log.lock().stats.refused += 1;
                return ResponseTemplate::new(400).set_body_string(message + "\n");
            }
        };
        let delay = Duration::from_millis(item.delay_ms);
        {
            let mut log = self.log.lock();
            log.arrive(now, delay);
            if item.status >= 400 {
                log.inject(status_kind(item.status));
            }
        }
        let response = ResponseTemplate::new(item.status);
        let response = match timer_delay(delay) {
            Some(timer) => response.set_delay(timer),
            None => response,
        };
        if item.status == 200 {
            response.set_body_raw(expected_body(item.id, item.size), "text/html")
        } else {
            response
        }
    }
}

/// What to ask wiremock's timer for, so that a response leaves `delay` after it arrived.
///
/// Wiremock sleeps on tokio's timer, which works in whole milliseconds: it rounds a deadline up
/// to the next tick and, when it parks, rounds the current time down, so an idle server wakes
/// about one millisecond after the deadline. Asking for one millisecond less answers on time.
/// No delay asks for no sleep at all: even a zero sleep waits for the next tick.
fn timer_delay(delay: Duration) -> Option<Duration> {
    (!delay.is_zero()).then(|| delay.saturating_sub(TIMER_LATENESS))
}

/// How late tokio's millisecond timer fires on an idle runtime (see [`timer_delay`]).
const TIMER_LATENESS: Duration = Duration::from_millis(1);

/// Answers the control endpoints from the shared log.
struct ControlResponder {
    log: Log,
    info: serde_json::Value,
    endpoint: Control,
}

#[derive(Clone, Copy)]
enum Control {
    Stats,
    Reset,
    Info,
}

impl Respond for ControlResponder {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        match self.endpoint {
            Control::Stats => ResponseTemplate::new(200).set_body_json(self.log.stats()),
            Control::Reset => {
                self.log.reset();
                ResponseTemplate::new(204)
            }
            Control::Info => ResponseTemplate::new(200).set_body_json(&self.info),
        }
    }
}

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
        let info = serde_json::json!({ "faults": faults.uri(), "items": items });
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
    info: &serde_json::Value,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Result<ItemRequest, String> {
        parse_item(&url.parse().unwrap())
    }

    fn item(id: u32, delay_ms: u64, size: u64, status: u16) -> ItemRequest {
        ItemRequest {
            id,
            delay_ms,
            size,
            status,
            fault: None,
            trickle_ms: 0,
        }
    }

    #[test]
    fn item_urls_parse() {
        assert_eq!(
            parse("http://h/item/7?delay_ms=100&size=16384&status=503"),
            Ok(item(7, 100, 16384, 503))
        );
        assert_eq!(parse("http://h/item/7"), Ok(item(7, 0, 0, 200)));
        let trickle = parse("http://h/item/7?fault=trickle&trickle_ms=900").unwrap();
        assert_eq!(
            (trickle.fault.as_deref(), trickle.trickle_ms),
            (Some("trickle"), 900)
        );
    }

    #[test]
    fn item_urls_beyond_the_maxima_are_refused_with_a_reason() {
        let too_slow =
            parse(&format!("http://h/item/1?delay_ms={}", MAX_DELAY_MS + 1)).unwrap_err();
        assert!(
            too_slow.contains("delay_ms") && too_slow.contains("allowed"),
            "{too_slow}"
        );
        let too_big = parse(&format!("http://h/item/1?size={}", MAX_BODY_BYTES + 1)).unwrap_err();
        assert!(too_big.contains("size"), "{too_big}");
        assert!(
            parse("http://h/item/x")
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse("http://h/item/1?colour=red")
                .unwrap_err()
                .contains("colour")
        );
        assert!(
            parse("http://h/item/1?fault=explode")
                .unwrap_err()
                .contains("allowed")
        );
    }

    #[test]
    fn in_flight_counts_overlapping_holds() {
        let mut log = InFlight::default();
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        log.arrive(t0, ms(100));
        log.arrive(t0 + ms(10), ms(100));
        log.arrive(t0 + ms(20), ms(100));
        assert_eq!(log.stats.peak_in_flight, 3);
        // The first two are due by 110 ms; this one overlaps only the third.
        log.arrive(t0 + ms(115), ms(100));
        assert_eq!(log.due.len(), 2);
        assert_eq!(log.stats.peak_in_flight, 3);
        // Two held open on top of the two due: four at once.
        log.enter(t0 + ms(116));
        log.enter(t0 + ms(117));
        assert_eq!(log.stats.peak_in_flight, 4);
        log.leave();
        log.leave();
        assert_eq!(log.stats.requests, 6);
    }
}
