//! The faults wiremock cannot express, served by hand on a port of their own.
//!
//! wiremock always sends a whole, well-formed response, so a connection reset, a body shorter
//! than its `Content-Length`, a server that never answers, and a body that trickles out slowly
//! are produced here, on a plain tokio listener that reads one request per connection and
//! misbehaves on purpose:
//! - `fault=reset`: after the delay, close with a TCP reset (linger 0) and no response;
//! - `fault=truncate`: declare the full `Content-Length`, send half the body, close;
//! - `fault=stall`: never answer; hold the connection until the client gives up (or
//!   [`STALL_LIMIT`] passes);
//! - `fault=trickle`: send the body in [`TRICKLE_CHUNKS`] pieces spread over `trickle_ms`.
//!
//! Every request is counted in the server's log with wiremock's, and every fault injected is
//! logged by kind: the log is the oracle of what a client should have recorded.

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use fanout_core::body::expected_body;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::{Log, parse_item};

/// The longest a stalled request is held if its client never gives up.
pub const STALL_LIMIT: Duration = Duration::from_secs(120);
/// How many pieces a trickled body is sent in.
pub const TRICKLE_CHUNKS: u64 = 20;
/// The longest a request head may be, and the time it may take to arrive.
const MAX_HEAD_BYTES: usize = 16 * 1024;
const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// The fault layer, serving on a thread of its own until dropped.
pub struct FaultLayer {
    address: SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl FaultLayer {
    /// Starts serving on `listener`, logging into `log`.
    pub(crate) fn start(listener: std::net::TcpListener, log: Log) -> io::Result<Self> {
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::Builder::new()
            .name("fault-layer".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        () = accept_loop(listener, log) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(Self {
            address,
            _stop: stop,
        })
    }

    /// The fault layer's base URL, e.g. `http://127.0.0.1:40124`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }
}

async fn accept_loop(listener: TcpListener, log: Log) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve(stream, log.clone()));
            }
            // Out of descriptors for a moment: let clients finish, then go on accepting.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// Reads one request head and misbehaves as it asks.
async fn serve(mut stream: TcpStream, log: Log) {
    let Ok(Ok(target)) = tokio::time::timeout(HEAD_DEADLINE, read_target(&mut stream)).await else {
        return;
    };
    let parsed = url::Url::parse("http://fault-layer").and_then(|base| base.join(&target));
    let item = match parsed
        .map_err(|err| err.to_string())
        .and_then(|url| parse_item(&url))
    {
        Ok(item) => item,
        Err(message) => {
            log.lock().stats.refused += 1;
            let _ = respond(
                &mut stream,
                "400 Bad Request",
                message.len() as u64,
                message.as_bytes(),
            )
            .await;
            return;
        }
    };
    let fault = item.fault.clone().unwrap_or_default();
    {
        let mut log = log.lock();
        log.enter(Instant::now());
        if !fault.is_empty() {
            log.inject(&fault);
        }
    }
    tokio::time::sleep(Duration::from_millis(item.delay_ms)).await;
    let body = expected_body(item.id, item.size);
    match fault.as_str() {
        "reset" => {
            // Linger 0 makes close send RST instead of FIN.
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        "truncate" => {
            let declared = item.size.max(1);
            let _ = respond(
                &mut stream,
                "200 OK",
                declared,
                &body[..(item.size / 2) as usize],
            )
            .await;
        }
        "stall" => {
            // Wait for the client to give up (a read of 0 or an error), never answering.
            let mut sink = [0u8; 1024];
            let _ = tokio::time::timeout(STALL_LIMIT, async {
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
            })
            .await;
        }
        "trickle" => {
            let _ = trickle(&mut stream, &body, Duration::from_millis(item.trickle_ms)).await;
        }
        _ => {
            let _ = respond(&mut stream, "200 OK", item.size, &body).await;
        }
    }
    log.lock().leave();
}

/// Reads a request head and returns its target (path and query).
async fn read_target(stream: &mut TcpStream) -> io::Result<String> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        head.extend_from_slice(&chunk[..read]);
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                return request
                    .path
                    .map(str::to_owned)
                    .ok_or_else(|| io::ErrorKind::InvalidData.into());
            }
            Ok(httparse::Status::Partial) if head.len() < MAX_HEAD_BYTES => {}
            _ => return Err(io::ErrorKind::InvalidData.into()),
        }
    }
}

fn head(status: &str, content_length: u64) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html\r\ncontent-length: {content_length}\r\nconnection: close\r\n\r\n"
    )
}

/// Writes a response that declares `content_length` bytes and sends `body`, then closes.
async fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_length: u64,
    body: &[u8],
) -> io::Result<()> {
    stream
        .write_all(head(status, content_length).as_bytes())
        .await?;
    stream.write_all(body).await?;
    stream.flush().await?;
    stream.shutdown().await
}

/// Sends `body` in pieces spread evenly over `over`.
async fn trickle(stream: &mut TcpStream, body: &[u8], over: Duration) -> io::Result<()> {
    stream
        .write_all(head("200 OK", body.len() as u64).as_bytes())
        .await?;
    let piece = (body.len() as u64).div_ceil(TRICKLE_CHUNKS).max(1) as usize;
    let pause = over / TRICKLE_CHUNKS as u32;
    for chunk in body.chunks(piece) {
        tokio::time::sleep(pause).await;
        stream.write_all(chunk).await?;
        stream.flush().await?;
    }
    if body.is_empty() {
        tokio::time::sleep(over).await;
    }
    stream.shutdown().await
}
