//! Several processes started at the same moment on a new PostgreSQL database take turns at
//! the migrations and all come up.

use e2e::Server;

#[tokio::test]
async fn simultaneous_starts_on_new_database() {
    let Some(database) = test_db::TestDb::postgres_empty().await else {
        return;
    };
    let folders: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    let environments: Vec<Vec<(String, String)>> = folders
        .iter()
        .map(|folder| {
            vec![
                (
                    "TRADESEAL_DATA_DIR".to_owned(),
                    folder.path().display().to_string(),
                ),
                ("TRADESEAL_DATABASE_URL".to_owned(), database.url.clone()),
            ]
        })
        .collect();

    // Server::start waits for /healthz, so all four are up when the join returns.
    let (first, second, third, fourth) = tokio::join!(
        Server::start(&["notary"], &environments[0]),
        Server::start(&["issuers"], &environments[1]),
        Server::start(&["reputation"], &environments[2]),
        Server::start(&[], &environments[3]),
    );

    let client = reqwest::Client::new();
    for server in [&first, &second, &third, &fourth] {
        let ready = client
            .get(format!("{}/readyz", server.url))
            .send()
            .await
            .expect("the server stopped answering");
        assert!(ready.status().is_success(), "{} is not ready", server.url);
    }
    assert_eq!(
        database.count("seaql_migrations").await,
        4,
        "each migration applied once"
    );
}
