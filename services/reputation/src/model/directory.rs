//! The companies registered on the platform, with the verification facts the model uses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ModelConfig;

/// The facts the model uses about one company.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyInfo {
    /// Whether the platform has verified the company's identity.
    pub verified: bool,
    /// Credibility of a verified company as a buyer, for example derived from its own
    /// standing. Values are clamped to `[verifiedCredibility, 1]` and ignored for an
    /// unverified company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<f64>,
}

impl CompanyInfo {
    /// Returns an unverified company.
    pub fn unverified() -> Self {
        Self::default()
    }

    /// Returns a verified company with the default credibility.
    pub fn verified() -> Self {
        Self {
            verified: true,
            credibility: None,
        }
    }

    /// Returns how much a completed deal with this company as buyer counts.
    pub fn credibility(&self, config: &ModelConfig) -> f64 {
        if !self.verified {
            return config.unverified_credibility;
        }
        match self.credibility {
            Some(value) if value.is_finite() => value.clamp(config.verified_credibility, 1.0),
            _ => config.verified_credibility,
        }
    }
}

/// All known companies, by company id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
pub struct Directory {
    companies: BTreeMap<String, CompanyInfo>,
}

impl Directory {
    /// Returns an empty directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a company.
    pub fn insert(&mut self, company_id: impl Into<String>, info: CompanyInfo) {
        self.companies.insert(company_id.into(), info);
    }

    /// Returns the company's facts, or `None` for an unknown company.
    pub fn get(&self, company_id: &str) -> Option<&CompanyInfo> {
        self.companies.get(company_id)
    }

    /// Returns whether the company is known.
    pub fn contains(&self, company_id: &str) -> bool {
        self.companies.contains_key(company_id)
    }

    /// Returns how much a completed deal with `company_id` as buyer counts; an unknown
    /// company counts as unverified.
    pub fn credibility(&self, company_id: &str, config: &ModelConfig) -> f64 {
        self.get(company_id)
            .map_or(config.unverified_credibility, |info| {
                info.credibility(config)
            })
    }
}

impl<K: Into<String>> FromIterator<(K, CompanyInfo)> for Directory {
    fn from_iter<I: IntoIterator<Item = (K, CompanyInfo)>>(iter: I) -> Self {
        Self {
            companies: iter
                .into_iter()
                .map(|(company_id, info)| (company_id.into(), info))
                .collect(),
        }
    }
}
