//! The reputation service: companies, deal and dispute events, trust scores.

pub mod model;
