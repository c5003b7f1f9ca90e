//! A throwaway `redis-server` for tests, started on a free loopback port with persistence
//! off and killed when the guard drops (adapted from the `cache` crate's tests), and the
//! shared Redis on 127.0.0.1:6379 for the ordinary cache tier.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cache::{Cache, CacheOptions, RedisConfig};

/// Time allowed for a fresh server to reply to PING.
const STARTUP_LIMIT: Duration = Duration::from_secs(10);

/// A `redis-server` child process owned by one test.
pub(crate) struct RedisServer {
    child: Option<Child>,
    port: u16,
}

impl RedisServer {
    /// Starts a server on a free port, or returns `None` (after printing why) when
    /// `redis-server` is not installed and `CI` is unset. With `CI` set, a missing server
    /// fails the test, so CI cannot pass by skipping.
    pub(crate) fn start() -> Option<Self> {
        if !redis_server_installed() {
            assert!(
                std::env::var_os("CI").is_none(),
                "redis-server not found on PATH; install the redis-server package"
            );
            println!("skipped: redis-server not found on PATH");
            return None;
        }
        Some(Self::start_on(free_port()))
    }

    /// Starts a server on `port`, waiting until it replies to PING.
    pub(crate) fn start_on(port: u16) -> Self {
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

    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server with SIGKILL and reaps it.
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts a new server on the same port after [`RedisServer::kill`].
    pub(crate) fn restart(&mut self) {
        self.kill();
        *self = Self::start_on(self.port);
    }

    /// Freezes the server with SIGSTOP: connections stay open but get no replies.
    pub(crate) fn pause(&self) {
        self.signal("-STOP");
    }

    /// Resumes a server frozen by [`RedisServer::pause`].
    pub(crate) fn resume(&self) {
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
            if ping(self.port) {
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
pub(crate) fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind to a free port");
    listener.local_addr().expect("local address").port()
}

pub(crate) fn redis_url(port: u16) -> String {
    format!("redis://127.0.0.1:{port}/0")
}

fn redis_server_installed() -> bool {
    Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Sends a raw PING and checks for `+PONG`.
fn ping(port: u16) -> bool {
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

/// Builds a Redis cache for `port` with the default 250 ms timeouts.
pub(crate) fn redis_cache(port: u16) -> Cache {
    Cache::redis(&RedisConfig::new(redis_url(port)), CacheOptions::default())
        .expect("the Redis cache should build without a server")
}

/// Address of the shared Redis used for the ordinary cache tier.
const SHARED_PORT: u16 = 6379;

/// Returns a cache on the shared Redis and a key prefix unique to the calling test, or
/// `None` (after printing why) when that Redis does not reply and `CI` is unset. With
/// `CI` set, an absent Redis fails the test.
pub(crate) fn shared_redis() -> Option<(Cache, String)> {
    if !ping(SHARED_PORT) {
        assert!(
            !test_db::tier_required(),
            "Redis at 127.0.0.1:{SHARED_PORT} is required when CI is set"
        );
        println!("skipped: Redis at 127.0.0.1:{SHARED_PORT} does not reply to PING");
        return None;
    }
    let prefix = format!("reputation-test:{}:", uuid::Uuid::new_v4().simple());
    Some((redis_cache(SHARED_PORT), prefix))
}
