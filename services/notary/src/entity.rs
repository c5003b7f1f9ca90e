//! sea-orm entities of the notary's tables, public so other crates and tests can read them.

/// Registered documents, one row per distinct digest.
pub mod document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "documents")]
    pub struct Model {
        /// 64 lowercase hex characters of the SHA-256.
        #[sea_orm(primary_key, auto_increment = false)]
        pub digest: String,
        pub kind: String,
        pub number: Option<String>,
        /// Name of the API key's client that registered the document.
        pub registrant: String,
        pub size_bytes: i64,
        /// The inspection report as JSON.
        pub pdf: String,
        pub status: String,
        pub registered_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
        pub revocation_reason: Option<String>,
        /// The signed receipt as JSON.
        pub receipt: String,
        pub log_index: i64,
        pub issuer_id: Option<String>,
        pub attestation: Option<String>,
        pub attestation_verdict: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The append-only transparency log; `idx` counts from 0 without gaps.
pub mod log_entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "transparency_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub idx: i64,
        /// Hex RFC 6962 leaf hash of `entry`.
        pub leaf_hash: String,
        /// The canonical JSON bytes the leaf hash covers.
        pub entry: String,
        pub recorded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
