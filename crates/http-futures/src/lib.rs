//! Async HTTP plumbing shared by the async models.
//!
//! - [`FuturesClient`]: one hyper 1.x HTTP/1 client (hyper-util's pooling client) over any
//!   runtime whose sockets speak `futures-io`, adapted by smol-hyper. `async-std` and `smol` both
//!   fetch through it, so those two models differ only in their runtime. reqwest, used by the
//!   tokio models, is built on the same hyper-util client, so all async models share one HTTP/1
//!   implementation.
//! - [`classify`]: maps any client error (hyper's, hyper-util's, reqwest's, I/O) to the fixed
//!   error kinds by walking its chain of causes.
//!
//! Timeouts use `async-io` timers, which run on whichever of these runtimes is polling them.

#![warn(missing_docs)]

use std::error::Error as StdError;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_io::Timer;
use bytes::Bytes;
use fanout_core::{Clock, ErrorKind, Exchange, Fetch, Job, JobTarget, Phase};
use futures_lite::future::{self, Boxed};
use futures_lite::{AsyncRead, AsyncWrite};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use smol_hyper::rt::FuturesIo;

/// A connected socket of any futures-io runtime.
pub trait Stream: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Stream for T {}

/// Opens a TCP connection to `host:port` on the runtime's own sockets.
pub type ConnectFn = Arc<dyn Fn(String) -> Boxed<io::Result<Box<dyn Stream>>> + Send + Sync>;

/// Wraps a runtime's own `connect` into a [`ConnectFn`].
pub fn connector<S, F, Fut>(connect: F) -> ConnectFn
where
    S: Stream,
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<S>> + Send + 'static,
{
    Arc::new(move |address| {
        let connecting = connect(address);
        Box::pin(async move { Ok(Box::new(connecting.await?) as Box<dyn Stream>) })
    })
}

/// A runtime's socket, as hyper sees it.
pub struct Conn(FuturesIo<Box<dyn Stream>>);

impl Connection for Conn {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

impl Read for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl Write for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// The connector hyper-util's client calls for each new connection: the runtime's connect,
/// under the job's connect timeout.
#[derive(Clone)]
pub struct Connector {
    connect: ConnectFn,
    timeout: Duration,
}

impl tower_service::Service<Uri> for Connector {
    type Response = Conn;
    type Error = io::Error;
    type Future = Boxed<io::Result<Conn>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let address = format!(
            "{}:{}",
            uri.host().unwrap_or_default(),
            uri.port_u16().unwrap_or(80)
        );
        let connect = (self.connect)(address);
        let timeout = self.timeout;
        Box::pin(async move {
            let stream = within(timeout, connect).await.unwrap_or_else(|| {
                Err(io::Error::new(io::ErrorKind::TimedOut, "connect timed out"))
            })?;
            Ok(Conn(FuturesIo::new(stream)))
        })
    }
}

/// Runs `work` for at most `limit`: `None` if the time ran out first.
pub async fn within<T>(limit: Duration, work: impl Future<Output = T>) -> Option<T> {
    future::or(async { Some(work.await) }, async {
        Timer::after(limit).await;
        None
    })
    .await
}

/// The hyper client for one job, on the runtime that `executor` and `connect` belong to.
pub struct FuturesClient {
    client: Client<Connector, Empty<Bytes>>,
    timeout: Duration,
    cpu_work: u32,
}

impl FuturesClient {
    /// A client for `job` that spawns connection tasks with `executor`, opens sockets with
    /// `connect`, and keeps up to `pool_size` idle connections.
    pub fn new<E>(job: &Job, executor: E, connect: ConnectFn, pool_size: usize) -> Self
    where
        E: hyper::rt::Executor<Boxed<()>> + Clone + Send + Sync + 'static,
    {
        let connector = Connector {
            connect,
            timeout: job.connect_timeout(),
        };
        let client = Client::builder(executor)
            .pool_max_idle_per_host(pool_size)
            .build(connector);
        Self {
            client,
            timeout: job.timeout(),
            cpu_work: job.cpu_work,
        }
    }

    /// Fetches one target and judges the response, stamping when the headers and the body
    /// arrived on `clock`; never panics, never retries.
    pub async fn fetch(&self, target: &JobTarget, clock: &Clock) -> Exchange {
        let uri: Uri = match target.url.parse() {
            Ok(uri) => uri,
            Err(err) => {
                return Exchange::failed(
                    ErrorKind::Other,
                    format!("bad URL {}: {err}", target.url),
                );
            }
        };
        let response = match within(self.timeout, self.client.get(uri)).await {
            None => return Exchange::failed(ErrorKind::Timeout, "no response within the timeout"),
            Some(Err(err)) => {
                return Exchange::failed(classify(&err, Phase::Response), describe(&err));
            }
            Some(Ok(response)) => response,
        };
        let answered = (response.status().as_u16(), clock.now_ms());
        let limit = target.read_limit() as usize;
        let body = Limited::new(response.into_body(), limit).collect();
        let body = match within(self.timeout, body).await {
            None => Err(Fetch::failed(
                ErrorKind::Timeout,
                "no complete body within the timeout",
            )),
            Some(Err(err)) => {
                let kind = if err.is::<http_body_util::LengthLimitError>() {
                    ErrorKind::BodyMismatch
                } else {
                    classify(err.as_ref(), Phase::Body)
                };
                Err(Fetch::failed(kind, describe(err.as_ref())))
            }
            Some(Ok(collected)) => Ok(collected.to_bytes()),
        };
        Exchange::answered(clock, target, answered, body, self.cpu_work)
    }
}

/// Maps a client error to the fixed error kinds by walking its causes: a failed connect is
/// `connect`, a connection closed early is `reset` (before the response) or `truncated` (in the
/// body), I/O errors by their kind.
pub fn classify(err: &(dyn StdError + 'static), phase: Phase) -> ErrorKind {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    let mut connecting = false;
    while let Some(err) = current {
        if let Some(legacy) = err.downcast_ref::<hyper_util::client::legacy::Error>() {
            connecting |= legacy.is_connect();
        }
        if let Some(hyper_err) = err.downcast_ref::<hyper::Error>() {
            if hyper_err.is_incomplete_message() || hyper_err.is_canceled() {
                return ErrorKind::closed_early(phase);
            }
            if hyper_err.is_timeout() {
                return ErrorKind::Timeout;
            }
        }
        if let Some(io_err) = err.downcast_ref::<io::Error>() {
            return match ErrorKind::from_io(io_err, phase) {
                _ if connecting => ErrorKind::Connect,
                kind => kind,
            };
        }
        current = err.source();
    }
    if connecting {
        ErrorKind::Connect
    } else {
        ErrorKind::Other
    }
}

/// The error and its causes on one line.
pub fn describe(err: &(dyn StdError + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
