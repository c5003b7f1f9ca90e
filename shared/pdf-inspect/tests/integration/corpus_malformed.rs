//! Every PDF in the corpus's `pdf/malformed/` through the real child
//! process: one at a time, all at once, and the decompression and
//! allocation bombs in particular.

use std::path::Path;

use bytes::Bytes;
use pdf_inspect::{InspectError, InspectFailure, PdfReport};

use crate::support::{child_inspector, corpus_dir, corpus_limits, file_name, pdf_files};

/// Files built to exhaust memory when a parser decodes or trusts them.
const BOMBS: &[&str] = &[
    "deflate-bomb-10gb-content-stream.pdf",
    "deflate-bomb-10gb-xref-stream.pdf",
    "jbig2-giant-bomb.pdf",
    "xref-stream-size-933-million.pdf",
];

fn read(path: &Path) -> Bytes {
    Bytes::from(std::fs::read(path).expect("reading a corpus file"))
}

/// Asserts that a hostile file got a report or a client-fault error, and
/// that the child finished on its own rather than being stopped.
fn assert_handled(name: &str, result: &Result<PdfReport, InspectFailure>) {
    let Err(failure) = result else {
        return;
    };
    assert!(
        failure.is_client_fault(),
        "{name}: server fault {failure:?}"
    );
    assert!(
        !matches!(failure, InspectFailure::TimedOut { .. }),
        "{name}: timed out"
    );
}

#[tokio::test]
async fn malformed_corpus_gives_reports_or_client_faults() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let files = pdf_files(&corpus.join("pdf/malformed"));
    assert!(!files.is_empty(), "no PDFs in {}", corpus.display());
    let inspector = child_inspector(corpus_limits(1));

    for path in &files {
        let name = file_name(path);
        let result = inspector.inspect(read(path)).await;
        println!("{name}: {result:?}");
        assert_handled(&name, &result);
    }

    // The server side is still in working order after all of them.
    let valid = corpus.join("pdf/valid/pdf20-simple.pdf");
    let report = inspector.inspect(read(&valid)).await;
    assert_eq!(report.expect("a valid file still inspects").pages, 1);
}

#[tokio::test]
async fn malformed_corpus_all_at_once_finishes() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let files = pdf_files(&corpus.join("pdf/malformed"));
    // Fewer slots than files, so that some requests queue on the semaphore.
    let inspector = child_inspector(corpus_limits(4));

    let runs = files.iter().map(|path| {
        let inspector = inspector.clone();
        let bytes = read(path);
        async move { (file_name(path), inspector.inspect(bytes).await) }
    });
    let results = futures::future::join_all(runs).await;

    assert_eq!(results.len(), files.len());
    for (name, result) in &results {
        assert_handled(name, result);
        assert!(
            !matches!(result, Err(InspectFailure::Busy { .. })),
            "{name}: no slot within the queue timeout"
        );
    }
}

#[tokio::test]
async fn bombs_are_handled_within_child_limits() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let inspector = child_inspector(corpus_limits(1));

    for name in BOMBS {
        let result = inspector
            .inspect(read(&corpus.join("pdf/malformed").join(name)))
            .await;
        assert_handled(name, &result);
        // A crash would mean the child ran into its address-space limit.
        assert!(
            !matches!(result, Err(InspectFailure::Crashed { .. })),
            "{name}: the child was killed: {result:?}"
        );
    }
}

#[tokio::test]
async fn xref_stream_bomb_hits_decompression_limit() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let path = corpus.join("pdf/malformed/deflate-bomb-10gb-xref-stream.pdf");
    let original = std::fs::read(&path).expect("reading a corpus file");

    // The object-count check stops the file at its /Size before lopdf runs.
    // With /Size overwritten by a small number of the same width, lopdf
    // inflates the cross-reference stream and must stop at its limit.
    let declared = b"/Size 2684354560";
    let start = original
        .windows(declared.len())
        .position(|window| window == declared)
        .expect("the bomb declares /Size 2684354560");
    let mut patched = original.clone();
    patched[start..start + declared.len()].copy_from_slice(b"/Size 10        ");

    let inspector = child_inspector(corpus_limits(1));
    let result = inspector.inspect(Bytes::from(patched)).await;
    assert!(
        matches!(
            &result,
            Err(InspectFailure::Rejected(InspectError::TooComplex { reason }))
                if reason.contains("decompresses")
        ),
        "expected the decompression limit, got {result:?}"
    );
}

#[tokio::test]
async fn headerless_files_with_header_added_are_handled() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let inspector = child_inspector(corpus_limits(1));

    // These files lack a %PDF- header, so the header check rejects them
    // before lopdf runs. With a header in front, lopdf has to cope.
    let headerless = [
        "xref-stream-size-933-million.pdf",
        "stream-length-int64-max.pdf",
        "xref-subsection-start-int32-max.pdf",
        "deeply-nested-dicts-ossfuzz-65681.pdf",
        "objstm-self-referential.pdf",
        "missing-header-line.pdf",
    ];
    for name in headerless {
        let original =
            std::fs::read(corpus.join("pdf/malformed").join(name)).expect("reading a corpus file");
        let original_result = inspector.inspect(Bytes::from(original.clone())).await;
        assert!(
            matches!(
                original_result,
                Err(InspectFailure::Rejected(InspectError::NotAPdf))
            ),
            "{name} as stored: {original_result:?}"
        );

        let mut with_header = b"%PDF-1.7\n".to_vec();
        with_header.extend_from_slice(&original);
        let result = inspector.inspect(Bytes::from(with_header)).await;
        assert_handled(name, &result);
        assert!(
            !matches!(result, Err(InspectFailure::Crashed { .. })),
            "{name}: the child was killed: {result:?}"
        );
    }
}

#[tokio::test]
async fn huge_declared_size_is_too_complex() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let path = corpus.join("pdf/malformed/xref-stream-size-933-million.pdf");
    let mut bytes = b"%PDF-1.5\n".to_vec();
    bytes.extend_from_slice(&std::fs::read(&path).expect("reading a corpus file"));

    let inspector = child_inspector(corpus_limits(1));
    let result = inspector.inspect(Bytes::from(bytes)).await;
    assert!(
        matches!(
            &result,
            Err(InspectFailure::Rejected(InspectError::TooComplex { reason }))
                if reason.contains("933333333")
        ),
        "expected TooComplex for /Size 933333333, got {result:?}"
    );
}
