//! The latency-injecting mock HTTP server that every model fetches from.
//!
//! Built on `wiremock`: one [`Respond`] reads each target's latency, body size and fault from
//! its URL (`/item/{id}?delay_ms=..&size=..&status=..`, see [`fanout_core::Target::path`]) and
//! answers after that delay with the target's deterministic body, so clients verify bodies
//! without a copy. Request recording is off: the server keeps only a counter of requests in
//! flight, which gives its own view of a model's concurrency (`/_fanout/stats`, cleared by
//! `POST /_fanout/reset`).
//!
//! It runs in-process on wiremock's own thread ([`MockServer::start`], for tests and benches)
//! or as its own process (`fanout serve`), so its threads and memory never count against a model.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fanout_core::ServerStats;
use fanout_core::body::expected_body;
use fanout_core::workload::limits::{MAX_BODY_BYTES, MAX_DELAY_MS};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

/// How many pending connections the listening socket queues: as many as the kernel allows,
/// so a burst of thousands of connects is not dropped and retried a second later.
const LISTEN_BACKLOG: i32 = 65_535;

/// Requests being held, by the time their response is due.
#[derive(Default)]
struct InFlight {
    due: BinaryHeap<Reverse<Instant>>,
    stats: ServerStats,
}

impl InFlight {
    fn arrive(&mut self, now: Instant, delay: Duration) {
        while self.due.peek().is_some_and(|Reverse(due)| *due <= now) {
            self.due.pop();
        }
        self.due.push(Reverse(now + delay));
        self.stats.requests += 1;
        self.stats.peak_in_flight = self.stats.peak_in_flight.max(self.due.len() as u64);
    }
}

#[derive(Clone, Default)]
struct Log(Arc<Mutex<InFlight>>);

impl Log {
    fn lock(&self) -> MutexGuard<'_, InFlight> {
        // A panic elsewhere cannot leave the counters half-updated, so a poisoned lock is usable.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What one item request asks for.
#[derive(Debug, PartialEq)]
struct ItemRequest {
    id: u32,
    delay_ms: u64,
    size: u64,
    status: u16,
}

fn parse_item(request: &Request) -> Result<ItemRequest, String> {
    let id_text = request.url.path().trim_start_matches("/item/");
    let id = id_text
        .parse()
        .map_err(|_| format!("item id `{id_text}` is not a number"))?;
    let mut item = ItemRequest {
        id,
        delay_ms: 0,
        size: 0,
        status: 200,
    };
    for (key, value) in request.url.query_pairs() {
        let number = |max: u64| -> Result<u64, String> {
            match value.parse::<u64>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(format!("`{key}` is `{value}`; allowed: 0 to {max}")),
            }
        };
        match key.as_ref() {
            "delay_ms" => item.delay_ms = number(MAX_DELAY_MS)?,
            "size" => item.size = number(MAX_BODY_BYTES)?,
            "status" => {
                item.status = match number(599)? {
                    status @ 200..=599 => status as u16,
                    _ => return Err(format!("`status` is `{value}`; allowed: 200 to 599")),
                }
            }
            other => {
                return Err(format!(
                    "unknown query parameter `{other}`; allowed: delay_ms, size, status"
                ));
            }
        }
    }
    Ok(item)
}

struct ItemResponder {
    log: Log,
}

impl Respond for ItemResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let item = match parse_item(request) {
            Ok(item) => item,
            Err(message) => {
                self.log.lock().stats.refused += 1;
                return ResponseTemplate::new(400).set_body_string(message + "\n");
            }
        };
        let delay = Duration::from_millis(item.delay_ms);
        self.log.lock().arrive(now, delay);
        let response = ResponseTemplate::new(item.status).set_delay(delay);
        if item.status == 200 {
            response.set_body_raw(expected_body(item.id, item.size), "text/html")
        } else {
            response
        }
    }
}

struct StatsResponder {
    log: Log,
}

impl Respond for StatsResponder {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(self.log.lock().stats)
    }
}

struct ResetResponder {
    log: Log,
}

impl Respond for ResetResponder {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        *self.log.lock() = InFlight::default();
        ResponseTemplate::new(204)
    }
}

/// A running mock server. It serves on wiremock's own thread until dropped.
pub struct MockServer {
    server: wiremock::MockServer,
    log: Log,
}

impl MockServer {
    /// Starts a server listening on `addr` (port 0 picks a free port).
    pub fn start(addr: SocketAddr) -> io::Result<Self> {
        let listener = listen(addr)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        // The runtime only drives start-up; wiremock serves on a thread of its own.
        runtime.block_on(async {
            let server = wiremock::MockServer::builder()
                .listener(listener)
                .disable_request_recording()
                .start()
                .await;
            let log = Log::default();
            Mock::given(method("GET"))
                .and(path_regex(r"^/item/[^/]+$"))
                .respond_with(ItemResponder { log: log.clone() })
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path("/_fanout/stats"))
                .respond_with(StatsResponder { log: log.clone() })
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path("/_fanout/reset"))
                .respond_with(ResetResponder { log: log.clone() })
                .mount(&server)
                .await;
            Ok(Self { server, log })
        })
    }

    /// Starts a server on a free loopback port.
    pub fn start_local() -> io::Result<Self> {
        Self::start(SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// The server's view since the last reset.
    pub fn stats(&self) -> ServerStats {
        self.log.lock().stats
    }

    /// Forgets everything seen so far.
    pub fn reset(&self) {
        *self.log.lock() = InFlight::default();
    }
}

fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
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
        let request = Request {
            url: url.parse().unwrap(),
            method: wiremock::http::Method::GET,
            headers: Default::default(),
            body: Vec::new(),
        };
        parse_item(&request)
    }

    #[test]
    fn item_urls_parse() {
        assert_eq!(
            parse("http://h/item/7?delay_ms=100&size=16384&status=503"),
            Ok(ItemRequest {
                id: 7,
                delay_ms: 100,
                size: 16384,
                status: 503
            })
        );
        assert_eq!(
            parse("http://h/item/7"),
            Ok(ItemRequest {
                id: 7,
                delay_ms: 0,
                size: 0,
                status: 200
            })
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
        assert_eq!(log.stats.requests, 4);
    }
}
