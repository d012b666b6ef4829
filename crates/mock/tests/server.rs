//! The mock server over real HTTP on loopback.

use std::io::Write;
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::CpuTime;
use fanout_core::body::expected_body;
use fanout_core::workload::limits::MAX_DELAY_MS;
use fanout_mock::MockServer;

fn get(url: &str) -> (u16, Vec<u8>) {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .new_agent();
    let response = agent.get(url).call().unwrap();
    let status = response.status().as_u16();
    (status, response.into_body().read_to_vec().unwrap())
}

#[test]
fn an_injected_delay_is_honoured() {
    let server = MockServer::start_local().unwrap();
    let started = Instant::now();
    let (status, _) = get(&format!("{}/item/1?delay_ms=300&size=10", server.uri()));
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "answered after {:?}",
        started.elapsed()
    );
}

#[test]
fn no_response_leaves_before_its_delay_even_on_a_busy_server() {
    let server = MockServer::start_local().unwrap();
    let url = format!("{}/item/1?delay_ms=20&size=10", server.uri());
    thread::scope(|scope| {
        for _ in 0..40 {
            scope.spawn(|| {
                let agent = ureq::Agent::config_builder()
                    .proxy(None)
                    .build()
                    .new_agent();
                for _ in 0..5 {
                    let started = Instant::now();
                    agent
                        .get(&url)
                        .call()
                        .unwrap()
                        .into_body()
                        .read_to_vec()
                        .unwrap();
                    let took = started.elapsed();
                    assert!(took >= Duration::from_millis(20), "answered after {took:?}");
                }
            });
        }
    });
}

#[test]
fn bodies_are_deterministic_and_verifiable() {
    let server = MockServer::start_local().unwrap();
    let url = format!("{}/item/42?size=70000", server.uri());
    let (_, first) = get(&url);
    let (_, second) = get(&url);
    assert_eq!(first, second);
    assert_eq!(first, expected_body(42, 70000));
    let (_, other) = get(&format!("{}/item/43?size=70000", server.uri()));
    assert_ne!(first, other);
}

#[test]
fn error_statuses_and_oversized_requests() {
    let server = MockServer::start_local().unwrap();
    assert_eq!(get(&format!("{}/item/1?status=418", server.uri())).0, 418);
    let (status, body) = get(&format!("{}/item/1?size=999999999999", server.uri()));
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("allowed"));
    assert_eq!(server.stats().refused, 1);
}

#[test]
fn peak_in_flight_counts_requests_held_together_and_forgets_answered_ones() {
    let server = MockServer::start_local().unwrap();
    // One at a time, each sent after the last was answered, which no response is before its
    // delay: however slow the machine, none is still held when the next arrives.
    for id in 0..3 {
        assert_eq!(
            get(&format!("{}/item/{id}?delay_ms=50&size=10", server.uri())).0,
            200
        );
    }
    assert_eq!(
        (server.stats().requests, server.stats().peak_in_flight),
        (3, 1)
    );

    server.reset();
    assert_eq!(
        (server.stats().requests, server.stats().peak_in_flight),
        (0, 0)
    );

    // Five held for the longest delay the server allows, all arrived long before the first is
    // due: held together on any machine, and never waited for.
    let held: Vec<TcpStream> = (0..5)
        .map(|id| {
            let mut stream = TcpStream::connect(server.address()).unwrap();
            write!(
                stream,
                "GET /item/{id}?delay_ms={MAX_DELAY_MS}&size=10 HTTP/1.1\r\nhost: mock\r\n\r\n"
            )
            .unwrap();
            stream
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.stats().requests < 5 {
        assert!(Instant::now() < deadline, "{:?}", server.stats());
        thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(server.stats().peak_in_flight, 5);
    drop(held);
}

#[test]
fn control_endpoints_report_and_reset_over_http() {
    let server = MockServer::start_local().unwrap();
    get(&format!("{}/item/1?size=10", server.uri()));
    let (status, stats) = get(&format!("{}/_fanout/stats", server.uri()));
    assert_eq!(status, 200);
    let stats: fanout_core::ServerStats = serde_json::from_slice(&stats).unwrap();
    assert_eq!(stats.requests, 1);
    let agent = ureq::Agent::new_with_defaults();
    agent
        .post(format!("{}/_fanout/reset", server.uri()))
        .send_empty()
        .unwrap();
    assert_eq!(server.stats().requests, 0);
}

#[test]
fn a_scaled_out_server_serves_on_every_instance_and_counts_them_together() {
    let server = MockServer::start_instances("127.0.0.1:0".parse().unwrap(), 3).unwrap();
    let uris = server.instance_uris();
    assert_eq!(uris.len(), 3);
    assert_eq!(uris[0], server.uri());
    let (_, info) = get(&format!("{}/_fanout/info", uris[2]));
    let info: serde_json::Value = serde_json::from_slice(&info).unwrap();
    assert_eq!(info["items"], serde_json::json!(uris));
    for (id, uri) in uris.iter().enumerate() {
        let (status, body) = get(&format!("{uri}/item/{id}?size=100"));
        assert_eq!((status, body), (200, expected_body(id as u32, 100)));
    }
    // Any instance's control endpoints speak for the whole server.
    let (_, stats) = get(&format!("{}/_fanout/stats", uris[1]));
    let stats: fanout_core::ServerStats = serde_json::from_slice(&stats).unwrap();
    assert_eq!(stats.requests, 3);
    assert_eq!(server.urls().items, uris);
    assert!(MockServer::start_instances("127.0.0.1:0".parse().unwrap(), 0).is_err());
}

#[test]
fn stats_carry_the_server_processes_cpu_time_since_the_reset() {
    let server = MockServer::start_local().unwrap();
    // The server is in-process here, so this test's work counts, and so does any other test's
    // running beside it. Spin 30 ms before the reset and 60 ms after, however long a loaded
    // machine makes that take: the view must hold the time after the reset (at least 50 ms:
    // getrusage splits the process's time into user and system by ticks, so its sum can fall
    // a hair short of the thread's own) and none from before it, which is no more than the
    // process spent between just before the reset and just after the view.
    let spin = |ms: f64| {
        let from = CpuTime::this_thread().total_ms();
        while CpuTime::this_thread().total_ms() - from < ms {
            std::hint::black_box(expected_body(1, 4096));
        }
    };
    spin(30.0);
    let before = CpuTime::this_process().total_ms();
    server.reset();
    spin(60.0);
    let stats = server.stats();
    let after = CpuTime::this_process().total_ms();
    let cpu = stats.cpu_user_ms + stats.cpu_sys_ms;
    assert!(cpu >= 50.0, "{cpu} ms");
    assert!(
        cpu <= after - before + 1e-6,
        "{cpu} ms, more than the process's {} ms over the same time",
        after - before
    );
}

fn fault_agent(timeout_ms: u64) -> ureq::Agent {
    let timeout = Some(Duration::from_millis(timeout_ms));
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_recv_response(timeout)
        .timeout_recv_body(timeout)
        .build()
        .new_agent()
}

#[test]
fn info_names_the_fault_layer() {
    let server = MockServer::start_local().unwrap();
    let (status, info) = get(&format!("{}/_fanout/info", server.uri()));
    assert_eq!(status, 200);
    let info: serde_json::Value = serde_json::from_slice(&info).unwrap();
    assert_eq!(info["faults"], server.fault_uri());
    assert_ne!(server.fault_uri(), server.uri());
}

#[test]
fn a_reset_fault_resets_the_connection_without_a_response() {
    let server = MockServer::start_local().unwrap();
    let result = fault_agent(2000)
        .get(format!(
            "{}/item/1?size=100&fault=reset",
            server.fault_uri()
        ))
        .call();
    let err = result.unwrap_err();
    assert!(
        matches!(err, ureq::Error::Io(ref io) if io.kind() == std::io::ErrorKind::ConnectionReset),
        "{err:?}"
    );
    assert_eq!(server.stats().injected.get("reset"), Some(&1));
}

#[test]
fn a_truncate_fault_sends_half_the_declared_body() {
    let server = MockServer::start_local().unwrap();
    let response = fault_agent(2000)
        .get(format!(
            "{}/item/1?size=10000&fault=truncate",
            server.fault_uri()
        ))
        .call()
        .unwrap();
    assert_eq!(response.headers()["content-length"], "10000");
    let body = response.into_body().read_to_vec();
    assert!(
        body.is_err(),
        "a body shorter than its Content-Length must fail to read"
    );
    assert_eq!(server.stats().injected.get("truncate"), Some(&1));
}

#[test]
fn a_stall_fault_never_answers_and_a_trickle_takes_its_time() {
    let server = MockServer::start_local().unwrap();
    let started = Instant::now();
    let stalled = fault_agent(300)
        .get(format!("{}/item/1?size=10&fault=stall", server.fault_uri()))
        .call();
    assert!(
        matches!(stalled, Err(ureq::Error::Timeout(_))),
        "{stalled:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(300));

    let started = Instant::now();
    let response = fault_agent(5000)
        .get(format!(
            "{}/item/9?size=5000&fault=trickle&trickle_ms=400",
            server.fault_uri()
        ))
        .call()
        .unwrap();
    let body = response.into_body().read_to_vec().unwrap();
    assert_eq!(
        body,
        expected_body(9, 5000),
        "a trickled body is still the right body"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "trickled in {:?}",
        started.elapsed()
    );
    let injected = server.stats().injected;
    assert_eq!(
        (injected.get("stall"), injected.get("trickle")),
        (Some(&1), Some(&1))
    );
}

#[test]
fn fault_urls_sent_to_wiremock_are_refused_with_a_pointer() {
    let server = MockServer::start_local().unwrap();
    let (status, body) = get(&format!("{}/item/1?fault=reset", server.uri()));
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("/_fanout/info"));
    let (status, _) = get(&format!("{}/item/1?delay_ms=999999999", server.fault_uri()));
    assert_eq!(status, 400, "the fault layer refuses the same maxima");
}

#[test]
fn every_item_response_written_is_stamped_with_what_the_server_added_after_its_delay() {
    let server = MockServer::start_local().unwrap();
    let agent = ureq::Agent::config_builder()
        .proxy(None)
        .build()
        .new_agent();
    for id in 0..5 {
        let response = agent
            .get(format!("{}/item/{id}?delay_ms=20&size=100", server.uri()))
            .call()
            .unwrap();
        assert_eq!(
            response.headers().get("x-fanout-delay-ms").unwrap(),
            "20",
            "the stamped header carries the delay"
        );
        response.into_body().read_to_vec().unwrap();
    }
    // A control request is not an item response, and is not stamped.
    get(&format!("{}/_fanout/info", server.uri()));
    let stats = server.stats();
    assert_eq!(stats.stamped, 5, "{stats:?}");
    let added = stats.server_added_ms.expect("five responses were written");
    assert!(added.p50 <= added.max, "{added:?}");
    server.reset();
    let stats = server.stats();
    assert_eq!((stats.stamped, stats.server_added_ms), (0, None));
}
