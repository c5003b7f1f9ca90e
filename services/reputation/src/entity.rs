//! SeaORM entities of the reputation tables (schema in the `migrations` crate).

/// The `companies` table.
pub(crate) mod companies {
    use sea_orm::entity::prelude::*;

    /// One company as registered by the platform.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "companies")]
    pub(crate) struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub(crate) id: String,
        pub(crate) name: String,
        /// ISO 3166-1 alpha-2 code, upper case.
        pub(crate) country: String,
        pub(crate) registration_number: String,
        pub(crate) verified: bool,
        pub(crate) created_at: DateTimeUtc,
        pub(crate) updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `company_versions` table: one counter per company.
pub(crate) mod company_versions {
    use sea_orm::entity::prelude::*;

    /// The version of a company's event history; cached views carry it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "company_versions")]
    pub(crate) struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub(crate) company_id: String,
        /// Starts at 0 and only grows.
        pub(crate) version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `events` table: accepted and pending events as JSON.
pub(crate) mod events {
    use sea_orm::entity::prelude::*;

    /// One stored event.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "events")]
    pub(crate) struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub(crate) id: String,
        /// The event type as written in JSON, such as `deal.completed`.
        pub(crate) kind: String,
        /// The one fact the event settles; unique (see `ingest::store`).
        #[sea_orm(unique)]
        pub(crate) fact_key: String,
        pub(crate) deal_id: Option<String>,
        pub(crate) dispute_id: Option<String>,
        pub(crate) occurred_at: DateTimeUtc,
        pub(crate) received_at: DateTimeUtc,
        /// The event's JSON, exactly as the model serializes it.
        pub(crate) payload: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `event_companies` table: which companies each event concerns.
pub(crate) mod event_companies {
    use sea_orm::entity::prelude::*;

    /// One (company, event) pair.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "event_companies")]
    pub(crate) struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub(crate) company_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub(crate) event_id: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `dispute_locks` table: rows that writers of one dispute's events lock.
pub(crate) mod dispute_locks {
    use sea_orm::entity::prelude::*;

    /// The lock row of one dispute id.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "dispute_locks")]
    pub(crate) struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub(crate) dispute_id: String,
        /// How many transactions have locked the row; only the lock matters.
        pub(crate) touches: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
