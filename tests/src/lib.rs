//! Helpers for the end-to-end tests: find the built `tradeseal` binary, start it on a free
//! loopback port with its own data folder, create API keys, and stop it on drop.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `tradeseal` binary next to the test executable (`target/<profile>/tradeseal`).
///
/// # Panics
/// When the binary has not been built; `make test` builds it first.
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("no current executable");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("unexpected test binary location");
    let path = profile_dir.join("tradeseal");
    assert!(
        path.exists(),
        "{} is missing: build it first with `cargo build -p tradeseal` (make test does)",
        path.display()
    );
    path
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("failed to bind an ephemeral port");
    listener.local_addr().expect("no local address").port()
}

/// A running `tradeseal serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// Environment the server was started with, for CLI calls against the same data.
    pub env: Vec<(String, String)>,
}

impl Server {
    /// Starts `tradeseal serve ARGS` with `env` and waits until `/healthz` returns 200.
    pub async fn start(args: &[&str], env: &[(String, String)]) -> Self {
        let port = free_port();
        let mut env = env.to_vec();
        env.push(("TRADESEAL_LISTEN".to_owned(), format!("127.0.0.1:{port}")));

        let child = Command::new(binary())
            .arg("serve")
            .args(args)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("failed to start tradeseal serve");
        let server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            env,
        };
        server.wait_ready().await;
        server
    }

    async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let response = client.get(format!("{}/healthz", self.url)).send().await;
            if response.is_ok_and(|response| response.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "tradeseal serve did not answer /healthz at {} within 30 s",
            self.url
        );
    }

    /// Runs a `tradeseal` command with the server's environment and returns its output,
    /// whatever its exit status.
    pub fn run_cli(&self, args: &[&str]) -> std::process::Output {
        Command::new(binary())
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .expect("failed to run tradeseal")
    }

    /// Runs a `tradeseal` command with the server's environment and returns its stdout.
    pub fn cli(&self, args: &[&str]) -> String {
        let output = self.run_cli(args);
        assert!(
            output.status.success(),
            "tradeseal {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("stdout is not UTF-8")
    }

    /// Creates an API key and returns its text.
    pub fn api_key(&self, role: &str, name: &str) -> String {
        let output = self.cli(&["api-keys", "create", "--role", role, "--name", name]);
        output
            .lines()
            .last()
            .expect("no key printed")
            .trim()
            .to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
