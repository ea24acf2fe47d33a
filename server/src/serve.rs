//! The HTTP listener: one hyper connection per client, with a cap on open
//! connections and timeouts, so that slow or idle clients cannot hold the
//! server's file descriptors (TLS belongs to the reverse proxy in front).
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// Connection limits (README: configuration).
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// A client must send a request's headers within this; it also bounds how
    /// long an idle keep-alive connection waits for its next request.
    pub header_read_timeout: Duration,
    /// A request must be answered (headers sent) within this: 408 otherwise.
    pub request_timeout: Duration,
    /// Connections open at once; further clients wait in the listen backlog.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(20),
            request_timeout: Duration::from_secs(120),
            max_connections: 512,
        }
    }
}

impl ConnectionLimits {
    /// Reads `CASEBOARD_HEADER_TIMEOUT_SECS`, `CASEBOARD_REQUEST_TIMEOUT_SECS`
    /// and `CASEBOARD_MAX_CONNECTIONS`; anything unset keeps its default.
    pub fn from_env() -> Result<Self, String> {
        let mut c = ConnectionLimits::default();
        let number = crate::config::positive_number;
        if let Some(n) = number("CASEBOARD_HEADER_TIMEOUT_SECS")? {
            c.header_read_timeout = Duration::from_secs(n);
        }
        if let Some(n) = number("CASEBOARD_REQUEST_TIMEOUT_SECS")? {
            c.request_timeout = Duration::from_secs(n);
        }
        if let Some(n) = number("CASEBOARD_MAX_CONNECTIONS")? {
            c.max_connections = usize::try_from(n).unwrap_or(usize::MAX);
        }
        Ok(c)
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open
/// requests finish (for at most ten seconds).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let app = app.layer(tower_http::timeout::TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        limits.request_timeout,
    ));
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("connection slots open"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, most likely: wait, do not spin.
                    tracing::error!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %peer, "connection closed with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(10)) => {
            tracing::warn!("connections still open after ten seconds; stopping anyway");
        }
    }
}
