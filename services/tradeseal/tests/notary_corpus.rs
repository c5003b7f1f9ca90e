//! The notary against the shared PDF corpus: every valid file registers with the digest of its
//! exact bytes and a plausible inspection report, and every malformed or hostile file gets 201
//! or a 4xx problem, never a 5xx or a hang, one at a time and all at once.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::Role;
use sea_orm::DatabaseConnection;
use serde_json::Value;
use tokio::task::JoinSet;

use common::corpus::{self, CorpusFile};
use common::http::{self, PROBLEM_PREFIX, Reply};
use common::{TestApp, on_both_backends, pdf};

/// The valid file whose user password is not empty; the notary rejects it with 422.
const PASSWORD_PROTECTED: &str = "encrypted-aes256-r6-userpw-required.pdf";

/// Malformed files that no lenient parser can recover (nothing but a header, no header at
/// all, or an impossible size); each must get a 4xx.
const MUST_REJECT: [&str; 7] = [
    "empty-file-0-bytes.pdf",
    "no-pdf-header-oops.pdf",
    "stream-length-int64-max.pdf",
    "truncated-header-only-15-bytes.pdf",
    "truncated-mid-stream-no-xref.pdf",
    "xref-stream-size-933-million.pdf",
    "xref-subsection-start-int32-max.pdf",
];

on_both_backends!(valid_corpus, valid_corpus_case);
on_both_backends!(malformed_corpus, malformed_corpus_case);
on_both_backends!(malformed_concurrent, malformed_concurrent_case);

async fn register(app: &TestApp, key: &str, number: &str, bytes: &[u8]) -> Reply {
    let form = http::upload_form("commercial_invoice", number, bytes);
    http::send(&app.router, http::register_form(Some(key), form)).await
}

async fn valid_corpus_case(db: DatabaseConnection) {
    let Some(files) = corpus::pdfs("valid") else {
        return;
    };
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "corpus-platform").await;

    let mut reports = HashMap::new();
    for (index, file) in files.iter().enumerate() {
        let reply = register(&app, &key, &format!("INV-{index:03}"), &file.bytes).await;
        if file.name == PASSWORD_PROTECTED {
            reply.assert_problem(422, "password-protected-pdf", Some("file"), &file.name);
            continue;
        }

        reply.assert_status(201, &file.name);
        let record = reply.json();
        let listed = format!("sha256:{}", file.listed_sha256);
        assert_eq!(record["digest"], listed.as_str(), "{}: digest", file.name);
        assert_eq!(
            record["receipt"]["payload"]["document"]["digest"],
            listed.as_str(),
            "{}: receipt digest",
            file.name
        );
        assert_eq!(
            record["sizeBytes"].as_u64(),
            Some(file.bytes.len() as u64),
            "{}: size",
            file.name
        );
        reports.insert(file.name.clone(), record["pdf"].clone());
    }

    let registered = reports.len() as i64;
    assert_eq!(
        registered,
        files.len() as i64 - 1,
        "every file but one registers"
    );
    assert_eq!(app.stored().await, (registered, registered), "rows stored");
    check_reports(&reports);
}

/// Checks report fields against what the corpus manifest states about each file.
fn check_reports(reports: &HashMap<String, Value>) {
    let report = |name: &str| {
        reports
            .get(name)
            .unwrap_or_else(|| panic!("{name} was not registered"))
    };

    let incremental = report("pdf20-via-incremental-save.pdf");
    assert_eq!(incremental["version"], "2.0", "catalog /Version wins");
    assert_eq!(incremental["headerVersion"], "1.7");
    assert_eq!(incremental["incrementalUpdates"], 1);
    assert_eq!(incremental["pages"], 1);

    let simple = report("pdf20-simple.pdf");
    assert_eq!(simple["version"], "2.0");
    assert_eq!(simple["encrypted"], false);
    assert_eq!(simple["incrementalUpdates"], 0);

    let three_revisions = report("incremental-3-revisions.pdf");
    assert_eq!(three_revisions["incrementalUpdates"], 2);
    assert_eq!(three_revisions["headerVersion"], "1.3");

    let attachment = report("attachment-embedded-file.pdf");
    assert_eq!(attachment["embeddedFiles"], 1);
    assert_eq!(attachment["incrementalUpdates"], 1);

    let linearized = report("linearized-apache-fop-docbook.pdf");
    assert_eq!(linearized["pages"], 6);
    assert_eq!(linearized["linearized"], true);
    assert_eq!(
        linearized["incrementalUpdates"], 0,
        "linearized sections are one revision"
    );

    assert_eq!(report("invoice-zugferd-en16931-weasyprint.pdf")["pages"], 2);
    assert_eq!(report("scanned-ocr-jbig2-jpx-luradocument.pdf")["pages"], 6);

    let rc4 = report("encrypted-rc4-40-r2-empty-userpw.pdf");
    assert_eq!(rc4["encrypted"], true);
    assert_eq!(rc4["encryption"], "RC4-40");

    let aes256 = report("encrypted-aes256-r6-empty-userpw.pdf");
    assert_eq!(aes256["encrypted"], true);
    assert_eq!(aes256["encryption"], "AES-256");

    let aes128 = report("encrypted-aes128-uscis-g1145-form-signed-linearized.pdf");
    assert_eq!(aes128["encrypted"], true);
    assert_eq!(aes128["encryption"], "AES-128");

    let javascript_form = report("form-us-sf424-page2-js-ccitt.pdf");
    assert_eq!(javascript_form["javascript"], true);
    assert_eq!(javascript_form["forms"], true);
}

/// Checks the response to one malformed file: 201 with the right digest or a 4xx problem. Returns
/// whether the file was registered.
fn check_malformed_reply(file: &CorpusFile, reply: &Reply) -> bool {
    let status = reply.status.as_u16();
    let body = String::from_utf8_lossy(&reply.body);
    match status {
        201 => {
            assert!(
                !MUST_REJECT.contains(&file.name.as_str()),
                "{}: accepted a file that cannot be a PDF: {body}",
                file.name
            );
            assert_eq!(
                reply.json()["digest"],
                format!("sha256:{}", file.listed_sha256).as_str(),
                "{}: digest",
                file.name
            );
            true
        }
        400..=499 => {
            assert_eq!(
                reply.content_type(),
                "application/problem+json",
                "{}: content type",
                file.name
            );
            let problem = reply.json();
            assert!(
                problem["type"]
                    .as_str()
                    .is_some_and(|kind| kind.starts_with(PROBLEM_PREFIX)),
                "{}: problem type in {problem}",
                file.name
            );
            false
        }
        _ => panic!(
            "{}: status {status}, expected 201 or 4xx: {body}",
            file.name
        ),
    }
}

/// Registers a fresh valid PDF and looks it up, proving the service still works.
async fn assert_still_serving(app: &TestApp, key: &str) {
    let bytes = pdf::document("after-the-malformed-files", 0);
    let reply = register(app, key, "AFTER-1", &bytes).await;
    reply.assert_status(201, "valid upload after the malformed files");

    let customs = app.key(Role::Customs, "customs-check").await;
    let uri = format!("/v1/documents/{}", common::digest_of(&bytes));
    let found = http::send(&app.router, http::get(&uri, Some(&customs))).await;
    found.assert_status(200, "look-up after the malformed files");
    assert_eq!(found.json()["digest"], common::digest_of(&bytes).as_str());
}

async fn malformed_corpus_case(db: DatabaseConnection) {
    let Some(files) = corpus::pdfs("malformed") else {
        return;
    };
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "corpus-platform").await;

    for (index, file) in files.iter().enumerate() {
        let before = app.stored().await;
        let reply = register(&app, &key, &format!("BAD-{index:03}"), &file.bytes).await;
        let accepted = i64::from(check_malformed_reply(file, &reply));

        let after = app.stored().await;
        assert_eq!(
            after,
            (before.0 + accepted, before.1 + accepted),
            "{}: rows stored (registered: {accepted})",
            file.name
        );
    }

    assert_still_serving(&app, &key).await;
}

async fn malformed_concurrent_case(db: DatabaseConnection) {
    let Some(files) = corpus::pdfs("malformed") else {
        return;
    };
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "corpus-platform").await;
    let before = app.stored().await;

    let finished = Arc::new(AtomicUsize::new(0));
    let mut uploads = JoinSet::new();
    for (index, file) in files.iter().cloned().enumerate() {
        let router = app.router.clone();
        let finished = finished.clone();
        let request = http::register_form(
            Some(&key),
            http::upload_form(
                "commercial_invoice",
                &format!("BAD-{index:03}"),
                &file.bytes,
            ),
        );
        uploads.spawn(async move {
            let reply = http::send(&router, request).await;
            finished.fetch_add(1, Ordering::SeqCst);
            (file, reply)
        });
    }

    let answered_while_busy = check_health_until_done(&app, &finished, files.len()).await;
    assert!(
        answered_while_busy > 0,
        "no health check was answered while uploads were still running"
    );

    let mut registered = 0;
    while let Some(joined) = uploads.join_next().await {
        let (file, reply) = joined.expect("an upload task panicked");
        registered += i64::from(check_malformed_reply(&file, &reply));
    }
    let after = app.stored().await;
    assert_eq!(
        after,
        (before.0 + registered, before.1 + registered),
        "rows stored by the concurrent uploads"
    );

    assert_still_serving(&app, &key).await;
}

/// Sends `/healthz` until every upload has finished, asserting each response is 200. Returns how
/// many responses arrived while at least one upload was still running.
async fn check_health_until_done(app: &TestApp, finished: &AtomicUsize, total: usize) -> usize {
    let mut answered_while_busy = 0;
    // Bounded so a stuck upload ends the loop; the uploads' own hang limit reports it.
    for _ in 0..20_000 {
        let reply = http::send(&app.router, http::get("/healthz", None)).await;
        reply.assert_status(200, "health check during the uploads");
        if finished.load(Ordering::SeqCst) == total {
            break;
        }
        answered_while_busy += 1;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    answered_while_busy
}
