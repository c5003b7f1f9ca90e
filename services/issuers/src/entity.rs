//! sea-orm entities of the registry's tables, public so other crates and tests can read them.

/// Registered issuers.
pub mod issuer {
    use sea_orm::entity::prelude::*;

    /// One issuer.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "issuers")]
    pub struct Model {
        /// Opaque id, `iss_` and 32 hex digits of a UUIDv7.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        /// Registered name.
        pub name: String,
        /// ISO 3166-1 alpha-2 code, upper case.
        pub country: String,
        /// `chamber`, `authority` or `exporter`.
        pub kind: String,
        /// The issuer's number in its country's register.
        pub registration_number: String,
        /// When the issuer was registered here.
        pub created_at: DateTimeUtc,
    }

    /// No relations are declared; keys refer to issuers by id.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Every key an issuer holds or held. Rows are never deleted.
pub mod issuer_key {
    use sea_orm::entity::prelude::*;

    /// One key. Times are whole seconds.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "issuer_keys")]
    pub struct Model {
        /// RFC 7638 thumbprint of the key.
        #[sea_orm(primary_key, auto_increment = false)]
        pub kid: String,
        /// The issuer holding the key.
        pub issuer_id: String,
        /// The Ed25519 public key, base64url (the JWK `x`).
        pub x: String,
        /// Start of validity.
        pub valid_from: DateTimeUtc,
        /// End of validity (exclusive), if any.
        pub valid_until: Option<DateTimeUtc>,
        /// Time from which signatures are `key_revoked`.
        pub revoked_at: Option<DateTimeUtc>,
        /// Revocation reason wire name.
        pub revocation_reason: Option<String>,
        /// When the registry recorded the revocation.
        pub revocation_recorded_at: Option<DateTimeUtc>,
        /// When the key was added.
        pub added_at: DateTimeUtc,
    }

    /// No relations are declared.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
