//! The roles an API key can hold.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The role of an API key, which decides the endpoints it may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Operators: every endpoint.
    Admin,
    /// The trade platform's backend: registers documents, records deals, reads scores.
    Platform,
    /// A chamber, authority or exporter, bound to one issuer record.
    Issuer,
    /// A customs officer: looks documents up.
    Customs,
    /// A buyer: reads trust scores.
    Buyer,
}

/// Why a role name was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid role {0:?}: use one of admin, platform, issuer, customs, buyer")]
pub struct RoleError(String);

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 5] = [
        Self::Admin,
        Self::Platform,
        Self::Issuer,
        Self::Customs,
        Self::Buyer,
    ];

    /// The wire name, as used on the command line and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Platform => "platform",
            Self::Issuer => "issuer",
            Self::Customs => "customs",
            Self::Buyer => "buyer",
        }
    }
}

impl FromStr for Role {
    type Err = RoleError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == value.trim())
            .ok_or_else(|| RoleError(value.chars().take(32).collect()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
