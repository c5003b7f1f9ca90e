//! Strict parsing of decimal amount strings and currency codes.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Largest accepted amount, in any currency. Far above any real deal, and low enough that
/// sums over billions of deals cannot overflow a `Decimal`.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// Most digits accepted after the decimal point.
pub const MAX_FRACTION_DIGITS: usize = 12;

/// The reason an amount string was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AmountProblem {
    /// Not of the form `123` or `123.45`.
    NotDecimal,
    /// Zero or below.
    NotPositive,
    /// Above [`MAX_AMOUNT`].
    TooLarge,
}

/// Parses a positive decimal such as `"12500.00"`.
///
/// Accepts ASCII digits with an optional `.` followed by 1 to [`MAX_FRACTION_DIGITS`]
/// digits, and a leading `-` only to report a negative amount as such. Rejects exponents,
/// a `+` sign, spaces, separators and anything a float parser would round.
pub(crate) fn parse_amount(text: &str) -> Result<Decimal, AmountProblem> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };

    let whole_ok = !whole.is_empty() && whole.len() <= 20 && is_ascii_digits(whole);
    let fraction_ok = fraction.is_none_or(|fraction| {
        !fraction.is_empty() && fraction.len() <= MAX_FRACTION_DIGITS && is_ascii_digits(fraction)
    });
    if !whole_ok || !fraction_ok {
        return Err(AmountProblem::NotDecimal);
    }

    let value = Decimal::from_str(text).map_err(|_| AmountProblem::NotDecimal)?;
    if negative || value <= Decimal::ZERO {
        return Err(AmountProblem::NotPositive);
    }
    if value > MAX_AMOUNT {
        return Err(AmountProblem::TooLarge);
    }
    Ok(value)
}

/// Returns whether `code` is an ISO 4217 alphabetic code in capitals, such as `USD`, from
/// the list of the `iso_currency` crate.
pub(crate) fn is_currency_code(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|byte| byte.is_ascii_uppercase())
        && iso_currency::Currency::from_code(code).is_some()
}

fn is_ascii_digits(text: &str) -> bool {
    text.bytes().all(|byte| byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_amount_is_ten_to_the_fifteen() {
        assert_eq!(MAX_AMOUNT, Decimal::from_str("1000000000000000").unwrap());
    }

    #[test]
    fn valid_amounts_parse_exactly() {
        let cases = [
            ("1", "1"),
            ("12500.00", "12500.00"),
            ("0.01", "0.01"),
            ("0.000000000001", "0.000000000001"),
            ("1000000000000000", "1000000000000000"),
        ];
        for (text, expected) in cases {
            let parsed = parse_amount(text).unwrap();
            assert_eq!(parsed.to_string(), expected, "{text}");
        }
    }

    #[test]
    fn malformed_amounts_are_not_decimal() {
        let cases = [
            "",
            " 1",
            "1 ",
            "+1",
            "1e3",
            "1E3",
            "1.",
            ".5",
            "1,000",
            "0x10",
            "NaN",
            "inf",
            "1.2.3",
            "--1",
            "١٢",
            "1.0000000000001",
            "123456789012345678901",
        ];
        for text in cases {
            assert_eq!(
                parse_amount(text),
                Err(AmountProblem::NotDecimal),
                "{text:?}"
            );
        }
    }

    #[test]
    fn zero_and_negative_are_not_positive() {
        for text in ["0", "0.00", "-1", "-0.01", "-0"] {
            assert_eq!(
                parse_amount(text),
                Err(AmountProblem::NotPositive),
                "{text:?}"
            );
        }
    }

    #[test]
    fn amount_above_maximum_is_too_large() {
        assert_eq!(
            parse_amount("1000000000000000.01"),
            Err(AmountProblem::TooLarge)
        );
    }

    #[test]
    fn currency_codes_are_iso_4217() {
        assert!(is_currency_code("USD"));
        assert!(is_currency_code("AZN"));
        assert!(is_currency_code("PKR"));
        assert!(!is_currency_code("ABC"));
        assert!(!is_currency_code("ZZZ"));
        assert!(!is_currency_code("usd"));
        assert!(!is_currency_code("US"));
        assert!(!is_currency_code("USDT"));
        assert!(!is_currency_code("U$D"));
    }
}
