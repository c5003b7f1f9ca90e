//! The concurrency limit for database reads made while the cache is unavailable.

use std::sync::Arc;
use std::time::Duration;

use cache::{Fallback, FallbackError};
use tokio::sync::Notify;

#[tokio::test]
async fn fallback_runs_read() {
    let fallback = Fallback::new(2, Duration::from_millis(100));

    let value = fallback.run(async { 42 }).await.unwrap();

    assert_eq!(value, 42);
    assert_eq!(fallback.available(), 2);
}

#[tokio::test(start_paused = true)]
async fn fallback_rejects_when_full() {
    let fallback = Fallback::new(1, Duration::from_millis(100));
    let release = Arc::new(Notify::new());
    let holder = {
        let fallback = fallback.clone();
        let release = Arc::clone(&release);
        tokio::spawn(async move { fallback.run(release.notified()).await })
    };
    while fallback.available() > 0 {
        tokio::task::yield_now().await;
    }

    let rejected = fallback.run(async { "second read" }).await;

    assert!(
        matches!(
            rejected,
            Err(FallbackError::Busy {
                max_concurrent: 1,
                ..
            })
        ),
        "{rejected:?}"
    );
    release.notify_one();
    holder.await.unwrap().unwrap();
    assert_eq!(fallback.available(), 1);
    assert_eq!(fallback.run(async { 7 }).await.unwrap(), 7);
}
