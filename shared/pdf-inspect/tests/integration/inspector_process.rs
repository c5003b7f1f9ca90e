//! The parent side against real processes: the crate's child binary on
//! inputs it builds itself, and stand-in programs (`sleep`, `sh`, `cat`,
//! `yes`) that hang, crash or break the protocol.

use std::time::Duration;

use bytes::Bytes;
use pdf_inspect::{InspectError, InspectFailure, Inspector, InspectorLimits, Limits};

use crate::support::child_inspector;

const MINIMAL_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n\
trailer<</Root 1 0 R/Size 4>>\n%%EOF\n";

fn limits() -> InspectorLimits {
    InspectorLimits {
        timeout: Duration::from_secs(30),
        max_concurrent: 2,
        queue_timeout: Duration::from_secs(30),
        ..InspectorLimits::default()
    }
}

/// An inspector that runs `sh -c script`.
fn shell(script: &str, limits: InspectorLimits) -> Inspector {
    Inspector::new("sh", vec!["-c".to_owned(), script.to_owned()], limits)
}

#[tokio::test]
async fn child_reports_minimal_pdf() {
    let report = child_inspector(limits())
        .inspect(Bytes::from_static(MINIMAL_PDF))
        .await
        .expect("the minimal PDF inspects");
    assert_eq!(report.pages, 1);
    assert_eq!(report.version, "1.4");
    assert_eq!(report.objects, 3);
}

#[tokio::test]
async fn child_rejects_non_pdf_bytes() {
    let result = child_inspector(limits())
        .inspect(Bytes::from_static(b"PK\x03\x04 a zip archive, not a PDF"))
        .await;
    assert!(
        matches!(result, Err(InspectFailure::Rejected(InspectError::NotAPdf))),
        "{result:?}"
    );
}

#[tokio::test]
async fn child_rejects_empty_input() {
    let result = child_inspector(limits()).inspect(Bytes::new()).await;
    assert!(
        matches!(result, Err(InspectFailure::Rejected(InspectError::Empty))),
        "{result:?}"
    );
}

#[tokio::test]
async fn child_rejects_input_over_its_own_limit() {
    // The parent lets the bytes through, the child's default limit does not.
    let child_max = Limits::default().max_input_bytes;
    let inspector = child_inspector(InspectorLimits {
        max_input_bytes: child_max + 1,
        ..limits()
    });
    let mut bytes = MINIMAL_PDF.to_vec();
    bytes.resize(child_max + 1, b' ');

    let result = inspector.inspect(Bytes::from(bytes)).await;
    let expected = InspectError::TooLarge {
        max: child_max as u64,
    };
    assert!(
        matches!(&result, Err(InspectFailure::Rejected(error)) if *error == expected),
        "{result:?}"
    );
}

#[tokio::test]
async fn parent_rejects_oversized_input_without_spawning() {
    // The program does not exist, so reaching the spawn would fail with
    // SpawnFailed instead.
    let inspector = Inspector::new(
        "/nonexistent/pdf-inspect-child",
        Vec::new(),
        InspectorLimits {
            max_input_bytes: 10,
            ..limits()
        },
    );
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    assert!(
        matches!(
            result,
            Err(InspectFailure::Rejected(InspectError::TooLarge { max: 10 }))
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn allocation_over_address_space_limit_crashes_child_only() {
    // About 9 million array elements: parsing them needs far more than the
    // child's 512 MiB address space, so its allocator fails and Rust aborts.
    let mut bytes = b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n3 0 obj\n["
        .to_vec();
    bytes.extend(std::iter::repeat_n(*b"0 ", 9_000_000).flatten());
    bytes.extend_from_slice(b"]\nendobj\ntrailer<</Root 1 0 R/Size 4>>\n%%EOF\n");

    let result = child_inspector(limits()).inspect(Bytes::from(bytes)).await;
    // SIGABRT is 6 on every Linux architecture.
    assert!(
        matches!(result, Err(InspectFailure::Crashed { signal: 6 })),
        "{result:?}"
    );
    assert!(result.unwrap_err().is_client_fault());
}

#[tokio::test]
async fn hanging_child_is_killed_after_timeout() {
    let inspector = Inspector::new(
        "sleep",
        vec!["600".to_owned()],
        InspectorLimits {
            timeout: Duration::from_millis(500),
            ..limits()
        },
    );
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    let failure = result.expect_err("sleep never replies");
    assert!(
        matches!(failure, InspectFailure::TimedOut { .. }),
        "{failure:?}"
    );
    assert!(failure.is_client_fault());
}

#[tokio::test]
async fn cpu_limit_signal_counts_as_timeout() {
    let inspector = shell("kill -XCPU $$", limits());
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    assert!(
        matches!(result, Err(InspectFailure::TimedOut { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn killed_child_is_a_crash() {
    let inspector = shell("kill -SEGV $$", limits());
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    assert!(
        matches!(result, Err(InspectFailure::Crashed { signal: 11 })),
        "{result:?}"
    );
}

#[tokio::test]
async fn second_request_is_busy_while_slot_is_taken() {
    let inspector = Inspector::new(
        "sleep",
        vec!["600".to_owned()],
        InspectorLimits {
            max_concurrent: 1,
            queue_timeout: Duration::from_millis(200),
            ..limits()
        },
    );

    // One poll takes the only slot and starts `sleep`.
    let first = inspector.inspect(Bytes::from_static(MINIMAL_PDF));
    let mut first = std::pin::pin!(first);
    assert!(futures::poll!(first.as_mut()).is_pending());

    let second = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    let failure = second.expect_err("the only slot is taken");
    assert!(
        matches!(failure, InspectFailure::Busy { .. }),
        "{failure:?}"
    );
    assert!(!failure.is_client_fault());
}

#[tokio::test]
async fn slot_is_freed_when_request_is_dropped() {
    let inspector = Inspector::new(
        "sleep",
        vec!["600".to_owned()],
        InspectorLimits {
            max_concurrent: 1,
            queue_timeout: Duration::from_secs(30),
            timeout: Duration::from_millis(300),
            ..limits()
        },
    );
    let mut first = Box::pin(inspector.inspect(Bytes::from_static(MINIMAL_PDF)));
    assert!(futures::poll!(first.as_mut()).is_pending());
    drop(first);

    // The dropped request released its slot, so this one runs (and times
    // out, because `sleep` never replies).
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    assert!(
        matches!(result, Err(InspectFailure::TimedOut { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn missing_program_is_spawn_failure() {
    let inspector = Inspector::new("/nonexistent/pdf-inspect-child", Vec::new(), limits());
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    let failure = result.expect_err("the program does not exist");
    assert!(
        matches!(failure, InspectFailure::SpawnFailed { .. }),
        "{failure:?}"
    );
    assert!(!failure.is_client_fault());
}

#[tokio::test]
async fn non_json_reply_is_protocol_error() {
    // `cat` echoes the PDF instead of replying with JSON.
    let inspector = Inspector::new("cat", Vec::new(), limits());
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    let failure = result.expect_err("a PDF is no JSON reply");
    assert!(
        matches!(failure, InspectFailure::ProtocolError { .. }),
        "{failure:?}"
    );
    assert!(!failure.is_client_fault());
}

#[tokio::test]
async fn endless_reply_is_cut_off() {
    let inspector = Inspector::new("yes", Vec::new(), limits());
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    assert!(
        matches!(&result, Err(InspectFailure::ProtocolError { detail }) if detail.contains("exceeds")),
        "{result:?}"
    );
}

#[tokio::test]
async fn non_zero_exit_is_protocol_error() {
    let inspector = shell(
        "cat >/dev/null; echo 'unknown subcommand' >&2; exit 2",
        limits(),
    );
    let result = inspector.inspect(Bytes::from_static(MINIMAL_PDF)).await;
    assert!(
        matches!(
            &result,
            Err(InspectFailure::ProtocolError { detail })
                if detail.contains("exit status: 2") && detail.contains("unknown subcommand")
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn child_setup_failure_is_protocol_error() {
    let script =
        r#"cat >/dev/null; echo '{"failed":{"message":"setting resource limits failed"}}'"#;
    let result = shell(script, limits())
        .inspect(Bytes::from_static(MINIMAL_PDF))
        .await;
    assert!(
        matches!(
            &result,
            Err(InspectFailure::ProtocolError { detail }) if detail.contains("resource limits")
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn child_environment_is_empty() {
    // Cargo sets CARGO_MANIFEST_DIR for test runs; the child must not see it.
    assert!(std::env::var_os("CARGO_MANIFEST_DIR").is_some());
    let script = r#"cat >/dev/null; printf '{"failed":{"message":"seen=%s"}}\n' "${CARGO_MANIFEST_DIR:-none}""#;
    let result = shell(script, limits())
        .inspect(Bytes::from_static(MINIMAL_PDF))
        .await;
    assert!(
        matches!(
            &result,
            Err(InspectFailure::ProtocolError { detail }) if detail.contains("seen=none")
        ),
        "{result:?}"
    );
}
