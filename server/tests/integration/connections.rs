//! Slow and idle connections are closed (issue 14, item 3): the real
//! listener, with a test-only one-second header timeout. The test waits up to
//! 30 s for the close; it checks that it happens, not how fast.
use crate::both;
use crate::support::TestDb;
use server::serve::{serve, ConnectionLimits};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const BOUND: Duration = Duration::from_secs(30);

/// Reads until the server closes the connection; panics if it stays open past `BOUND`.
async fn read_until_closed(stream: &mut TcpStream, what: &str) -> Vec<u8> {
    let mut seen = vec![];
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(BOUND, stream.read(&mut buf)).await {
            Err(_) => panic!("{what}: still open after {BOUND:?}"),
            Ok(Ok(0)) | Ok(Err(_)) => return seen,
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

both!(
    slow_and_idle_connections_are_closed,
    |t: TestDb| async move {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let limits = ConnectionLimits {
            header_read_timeout: Duration::from_secs(1),
            request_timeout: Duration::from_secs(5),
            max_connections: 4,
        };
        let router = t.app().router;
        tokio::spawn(serve(listener, router, limits, std::future::pending()));

        // Headers begun and never finished.
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            .await
            .unwrap();
        read_until_closed(&mut slow, "a connection that never finishes its headers").await;

        // Connected and silent.
        let mut silent = TcpStream::connect(addr).await.unwrap();
        read_until_closed(&mut silent, "a connection that never sends").await;

        // One request answered, then idle on keep-alive.
        let mut idle = TcpStream::connect(addr).await.unwrap();
        idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
        let answer = read_until_closed(&mut idle, "an idle keep-alive connection").await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

        // More clients than the cap: served in turn once the slow ones are cut.
        let mut hogs = vec![];
        for _ in 0..4 {
            let mut s = TcpStream::connect(addr).await.unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
            hogs.push(s);
        }
        let mut late = TcpStream::connect(addr).await.unwrap();
        late.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let answer = read_until_closed(&mut late, "a client waiting for a slot").await;
        assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    }
);
