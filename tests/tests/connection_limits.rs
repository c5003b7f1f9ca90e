//! The server closes connections that do not send their headers in time and keeps serving
//! other clients while the connection cap is reached.

use std::io::ErrorKind;
use std::time::Duration;

use e2e::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Starts a server on SQLite in a fresh data folder with the given connection settings.
async fn server(
    data: &tempfile::TempDir,
    max_connections: u32,
    header_timeout_secs: u64,
) -> Server {
    let env = [
        (
            "TRADESEAL_DATA_DIR",
            data.path().to_str().unwrap().to_owned(),
        ),
        (
            "TRADESEAL_HEADER_READ_TIMEOUT_SECS",
            header_timeout_secs.to_string(),
        ),
        ("TRADESEAL_MAX_CONNECTIONS", max_connections.to_string()),
    ]
    .map(|(name, value)| (name.to_owned(), value));
    Server::start(&[], &env).await
}

fn address(server: &Server) -> String {
    server.url.trim_start_matches("http://").to_owned()
}

/// Reads until the peer closes the connection, or fails after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buffer = [0_u8; 1024];
    let read = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) => return true,
                Ok(_) => continue,
                Err(error) if error.kind() == ErrorKind::ConnectionReset => return true,
                Err(_) => return false,
            }
        }
    };
    tokio::time::timeout(limit, read).await.unwrap_or(false)
}

#[tokio::test]
async fn half_sent_headers_closed() {
    let data = tempfile::tempdir().unwrap();
    let server = server(&data, 64, 1).await;

    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();

    assert!(
        closed_within(&mut stream, Duration::from_secs(10)).await,
        "a connection that never finishes its headers stays open"
    );
}

#[tokio::test]
async fn idle_connection_closed() {
    let data = tempfile::tempdir().unwrap();
    let server = server(&data, 64, 1).await;

    let mut stream = TcpStream::connect(address(&server)).await.unwrap();

    assert!(
        closed_within(&mut stream, Duration::from_secs(10)).await,
        "a connection that sends nothing stays open"
    );
}

#[tokio::test]
async fn service_recovers_after_connection_cap() {
    let data = tempfile::tempdir().unwrap();
    let server = server(&data, 4, 5).await;
    let client = reqwest::Client::new();

    let mut idle = Vec::new();
    for _ in 0..12 {
        let mut stream = TcpStream::connect(address(&server)).await.unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\n")
            .await
            .unwrap();
        idle.push(stream);
    }
    // The header timeout is 5 s, so a close within 2.5 s comes from the cap.
    let over_cap = &mut idle[11];
    assert!(
        closed_within(over_cap, Duration::from_millis(2500)).await,
        "a connection over the cap is not closed at once"
    );

    // The header timeout frees the slots that the idle connections took; until then new
    // connections are closed, so retry for a while.
    let mut last_error = None;
    for _ in 0..40 {
        match client
            .get(format!("{}/healthz", server.url))
            .timeout(Duration::from_secs(5))
            .send()
            .await
        {
            Ok(response) => {
                assert!(response.status().is_success());
                return;
            }
            Err(error) => last_error = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the server did not accept connections again: {last_error:?}");
}
