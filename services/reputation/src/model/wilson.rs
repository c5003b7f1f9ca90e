//! The Wilson score interval for a binomial proportion.

/// Bounds of a Wilson interval, as proportions in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WilsonInterval {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// Returns the Wilson score interval for proportion `p` over `n` trials at quantile `z`:
///
/// `(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`
///
/// `n` may be fractional, as it is for weighted evidence; it must be above zero.
pub fn wilson_interval(p: f64, n: f64, z: f64) -> WilsonInterval {
    let z2 = z * z;
    let center = p + z2 / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z2 / n;

    WilsonInterval {
        lower: ((center - spread) / scale).clamp(0.0, 1.0),
        upper: ((center + spread) / scale).clamp(0.0, 1.0),
    }
}

/// Returns the interval of the Beta evidence `(R, S)` with a uniform prior:
/// `p = (R + 1) / (R + S + 2)` over `n = R + S + 2` trials.
pub fn evidence_interval(positive: f64, negative: f64, z: f64) -> WilsonInterval {
    let n = positive + negative + 2.0;
    wilson_interval((positive + 1.0) / n, n, z)
}
