//! A throwaway `redis-server` for tests: started on a free loopback port with persistence off,
//! and killed when the guard drops. Tests stop and pause their own server, never the shared
//! one on 6379.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Time allowed for a fresh server to reply to PING.
const STARTUP_LIMIT: Duration = Duration::from_secs(10);

/// A `redis-server` child process owned by one test.
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
}

impl RedisServer {
    /// Starts a server on a free port, or returns `None` (after printing why) when
    /// `redis-server` is not installed and `CI` is unset. With `CI` set, a missing server
    /// fails the test, so CI cannot pass by skipping.
    pub fn start() -> Option<Self> {
        if !redis_server_installed() {
            assert!(
                !crate::tier_required(),
                "redis-server not found on PATH; install the redis-server package"
            );
            println!("skipped: redis-server not found on PATH");
            return None;
        }
        Some(Self::start_on(free_port()))
    }

    /// Starts a server on `port`, waiting until it replies to PING.
    pub fn start_on(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server should start");
        let server = Self {
            child: Some(child),
            port,
        };
        server.wait_until_ready();
        server
    }

    /// Returns the port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Returns the server's `redis://` URL.
    pub fn url(&self) -> String {
        redis_url(self.port)
    }

    /// Kills the server with SIGKILL and reaps it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts a new server on the same port after [`RedisServer::kill`].
    pub fn restart(&mut self) {
        self.kill();
        *self = Self::start_on(self.port);
    }

    /// Freezes the server with SIGSTOP: connections stay open but get no replies.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Resumes a server frozen by [`RedisServer::pause`].
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().expect("server should be running").id();
        let status = Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("kill should run");
        assert!(status.success(), "kill {signal} {pid} failed");
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + STARTUP_LIMIT;
        while Instant::now() < deadline {
            if replies_to_ping(self.port) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server on port {} did not reply to PING", self.port);
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // SIGKILL also ends a process stopped with SIGSTOP.
        self.kill();
    }
}

/// Returns a loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind to a free port");
    listener.local_addr().expect("local address").port()
}

/// Returns the `redis://` URL of database 0 on a loopback port.
pub fn redis_url(port: u16) -> String {
    format!("redis://127.0.0.1:{port}/0")
}

/// Sends a raw PING to a loopback port and checks for `+PONG`.
pub fn replies_to_ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    if stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut reply = [0_u8; 7];
    stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
}

fn redis_server_installed() -> bool {
    Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
