//! Exact decimal arithmetic for amounts, quantities and weights given as strings.
//!
//! Values are non-negative and carry at most 4 decimal places, which covers unit prices such as
//! `"1.8500"` and weights such as `"2150.5"`. They are held as integers in units of 10^-4, so
//! sums and products are exact, and `i128` keeps products of two such values far from
//! overflow.

use crate::RenderError;

/// Decimal places a value may carry.
const MAX_SCALE: u32 = 4;

/// 10^MAX_SCALE: one whole unit in the integer representation.
const ONE: i128 = 10_i128.pow(MAX_SCALE);

/// Largest integer part accepted, so that a product of two values stays inside `i128`.
const MAX_INTEGER_DIGITS: usize = 15;

/// A non-negative decimal held in units of 10^-4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Decimal {
    units: i128,
    /// Decimal places written in the source text, kept for printing sums at the same precision.
    scale: u32,
}

impl Decimal {
    /// Parses `value` of the field at path `field`, such as `"1250.50"`.
    pub(crate) fn parse(field: &str, value: &str) -> Result<Self, RenderError> {
        let invalid = || RenderError::InvalidDecimal {
            field: field.to_owned(),
            value: value.to_owned(),
        };

        let (integer, fraction) = value.split_once('.').unwrap_or((value, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let well_formed = !integer.is_empty()
            && integer.len() <= MAX_INTEGER_DIGITS
            && digits_only(integer)
            && digits_only(fraction)
            && fraction.len() <= MAX_SCALE as usize
            && !(value.contains('.') && fraction.is_empty());
        if !well_formed {
            return Err(invalid());
        }

        let scale = fraction.len() as u32;
        let padded = format!("{integer}{fraction:0<width$}", width = MAX_SCALE as usize);
        let units = padded.parse::<i128>().map_err(|_| invalid())?;
        Ok(Self { units, scale })
    }

    /// Returns the sum, printed with the larger of the two scales.
    pub(crate) fn add(self, other: Self) -> Self {
        Self {
            units: self.units + other.units,
            scale: self.scale.max(other.scale),
        }
    }

    /// Returns the product rounded half up to 2 decimal places, as money is stated.
    pub(crate) fn mul_round_cents(self, other: Self) -> Self {
        let exact = self.units * other.units;
        let cents = (exact + ONE * ONE / 200) / (ONE * ONE / 100);
        Self {
            units: cents * (ONE / 100),
            scale: 2,
        }
    }

    /// Returns whether the two values are numerically equal, whatever their written scale.
    pub(crate) fn same_value(self, other: Self) -> bool {
        self.units == other.units
    }

    /// Formats the value with its scale and a comma between groups of three digits.
    pub(crate) fn grouped(self) -> String {
        let integer = (self.units / ONE).to_string();
        let mut out = group_thousands(&integer);
        if self.scale > 0 {
            let fraction = format!("{:04}", self.units % ONE);
            out.push('.');
            out.push_str(&fraction[..self.scale as usize]);
        }
        out
    }
}

/// Inserts a comma between groups of three digits of a run of ASCII digits.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(value: &str) -> Decimal {
        Decimal::parse("test", value).unwrap()
    }

    #[test]
    fn parse_rejects_malformed_values() {
        for bad in [
            "",
            ".5",
            "5.",
            "-1",
            "1,000",
            "1.23456",
            "1e3",
            " 1",
            "1234567890123456",
        ] {
            let result = Decimal::parse("items[0].total", bad);
            assert!(
                matches!(result, Err(RenderError::InvalidDecimal { .. })),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn grouped_keeps_written_scale() {
        assert_eq!(dec("23125.00").grouped(), "23,125.00");
        assert_eq!(dec("1234567.5").grouped(), "1,234,567.5");
        assert_eq!(dec("999").grouped(), "999");
        assert_eq!(dec("0.0750").grouped(), "0.0750");
    }

    #[test]
    fn product_rounds_half_up_to_cents() {
        assert_eq!(dec("3").mul_round_cents(dec("0.335")).grouped(), "1.01");
        assert_eq!(
            dec("12500").mul_round_cents(dec("1.85")).grouped(),
            "23,125.00"
        );
        assert_eq!(dec("7").mul_round_cents(dec("0.3333")).grouped(), "2.33");
    }

    #[test]
    fn sum_uses_larger_scale() {
        let sum = dec("2150.5").add(dec("980.25"));
        assert_eq!(sum.grouped(), "3,130.75");
        assert!(sum.same_value(dec("3130.7500")));
    }
}
