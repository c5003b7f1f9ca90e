//! The scoring model's parameters and their defaults.
//!
//! Every number the model uses lives in [`ModelConfig`]. A stored or cached score names the
//! `model_version` that produced it, so two scores with the same version must come from
//! the same parameters: any change to any parameter must come with a new `model_version`.
//! A test pins the defaults to the default version, so a change of a default without a
//! new version fails it.

use serde::{Deserialize, Serialize};

/// The version string of the default parameters.
pub const DEFAULT_MODEL_VERSION: &str = "beta-wilson-v1";

/// Parameters of the trust score.
///
/// Changing any field changes scores, so it must also change `model_version`: views are
/// cached under keys that include the version, and trend points are only comparable
/// within one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelConfig {
    /// Name of this parameter set, shown in every view.
    pub model_version: String,
    /// USD per unit of evidence weight: a deal of this value weighs 1 before caps.
    pub usd_per_weight_unit: f64,
    /// Maximum weight of one completed deal (positive evidence).
    pub positive_weight_cap: f64,
    /// Maximum base weight of one dispute or cancellation, before its severity factor.
    pub negative_weight_cap: f64,
    /// Multipliers of a resolved dispute's base weight, by outcome.
    pub dispute_severity: DisputeSeverity,
    /// Multiplier of a cancelled deal's base weight, charged to the party that cancelled.
    pub cancellation_severity: f64,
    /// Half-life of positive evidence, in days.
    pub positive_half_life_days: f64,
    /// Half-life of negative evidence, in days.
    pub negative_half_life_days: f64,
    /// Credibility of a buyer that the platform has not verified.
    pub unverified_credibility: f64,
    /// Credibility of a verified buyer; a per-company value may raise it up to 1.
    pub verified_credibility: f64,
    /// Saturation scale of the per-counterparty total: `kappa * ln(1 + v / kappa)`.
    pub kappa: f64,
    /// Normal quantile of the Wilson interval (1.96 for 95 %).
    pub z: f64,
    /// Minimum completed deals (as seller) before a score without negative evidence shows.
    pub min_completed_deals: u64,
    /// Minimum distinct buyers before a score without negative evidence shows.
    pub min_distinct_counterparties: u64,
    /// Minimum positive evidence `R` before a score without negative evidence shows.
    pub min_positive_evidence: f64,
    /// Lower bounds of the bands, on the displayed 0-100 score.
    pub bands: BandThresholds,
    /// Number of events listed in `topContributions`.
    pub top_contributions: usize,
}

/// Severity factors of resolved disputes, by outcome for the company disputed against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DisputeSeverity {
    /// The company was found not at fault.
    pub won: f64,
    /// The parties settled.
    pub settled: f64,
    /// The company was found at fault.
    pub lost: f64,
    /// The company was found to have committed fraud.
    pub fraud_confirmed: f64,
}

/// Lower bounds (inclusive) of the score bands; below `fair` the band is `caution`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BandThresholds {
    /// Lower bound of `excellent`.
    pub excellent: f64,
    /// Lower bound of `good`.
    pub good: f64,
    /// Lower bound of `fair`.
    pub fair: f64,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            model_version: DEFAULT_MODEL_VERSION.to_owned(),
            usd_per_weight_unit: 1000.0,
            positive_weight_cap: 25.0,
            negative_weight_cap: 250.0,
            dispute_severity: DisputeSeverity {
                won: 0.0,
                settled: 0.5,
                lost: 2.0,
                fraud_confirmed: 4.0,
            },
            cancellation_severity: 0.25,
            positive_half_life_days: 365.0,
            negative_half_life_days: 730.0,
            unverified_credibility: 0.05,
            verified_credibility: 0.5,
            kappa: 10.0,
            z: 1.96,
            min_completed_deals: 3,
            min_distinct_counterparties: 2,
            min_positive_evidence: 1.0,
            bands: BandThresholds {
                excellent: 90.0,
                good: 80.0,
                fair: 60.0,
            },
            top_contributions: 5,
        }
    }
}

/// A parameter outside the range the model works with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid model parameter {field} = {value}: {expected}")]
pub struct ConfigError {
    /// The parameter, as named in the JSON form.
    pub field: &'static str,
    /// The rejected value.
    pub value: String,
    /// The accepted range.
    pub expected: &'static str,
}

impl ModelConfig {
    /// Checks every parameter's range; the scoring functions call this first.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.model_version.trim().is_empty() {
            return Err(ConfigError {
                field: "modelVersion",
                value: format!("{:?}", self.model_version),
                expected: "a non-empty name",
            });
        }

        let positive = [
            ("usdPerWeightUnit", self.usd_per_weight_unit),
            ("positiveWeightCap", self.positive_weight_cap),
            ("negativeWeightCap", self.negative_weight_cap),
            ("positiveHalfLifeDays", self.positive_half_life_days),
            ("negativeHalfLifeDays", self.negative_half_life_days),
            ("kappa", self.kappa),
            ("z", self.z),
        ];
        for (field, value) in positive {
            check(field, value, value > 0.0, "a finite number above 0")?;
        }

        let severities = [
            ("disputeSeverity.won", self.dispute_severity.won),
            ("disputeSeverity.settled", self.dispute_severity.settled),
            ("disputeSeverity.lost", self.dispute_severity.lost),
            (
                "disputeSeverity.fraudConfirmed",
                self.dispute_severity.fraud_confirmed,
            ),
            ("cancellationSeverity", self.cancellation_severity),
            ("minPositiveEvidence", self.min_positive_evidence),
        ];
        for (field, value) in severities {
            check(field, value, value >= 0.0, "a finite number of at least 0")?;
        }

        self.validate_credibility_and_bands()
    }

    fn validate_credibility_and_bands(&self) -> Result<(), ConfigError> {
        let unverified = self.unverified_credibility;
        let verified = self.verified_credibility;
        check(
            "unverifiedCredibility",
            unverified,
            unverified > 0.0 && unverified <= verified,
            "a number above 0 and at most verifiedCredibility",
        )?;
        check(
            "verifiedCredibility",
            verified,
            verified <= 1.0,
            "a number of at most 1",
        )?;

        let bands = &self.bands;
        check("bands.fair", bands.fair, bands.fair >= 0.0, "at least 0")?;
        check(
            "bands.good",
            bands.good,
            bands.good >= bands.fair,
            "at least bands.fair",
        )?;
        check(
            "bands.excellent",
            bands.excellent,
            bands.excellent >= bands.good && bands.excellent <= 100.0,
            "at least bands.good and at most 100",
        )
    }
}

/// Rejects `value` unless it is finite and `ok` holds.
fn check(
    field: &'static str,
    value: f64,
    ok: bool,
    expected: &'static str,
) -> Result<(), ConfigError> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(ConfigError {
            field,
            value: value.to_string(),
            expected,
        })
    }
}
