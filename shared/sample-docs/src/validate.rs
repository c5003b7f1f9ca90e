//! Checks run before rendering: required fields, code formats and arithmetic of totals.
//!
//! A document that passes prints without surprises: every HS code has 6 to 10 digits, every
//! country code is ISO alpha-2 shaped, and the invoice's figures add up to the cent.

use crate::RenderError;
use crate::decimal::Decimal;
use crate::model::{CertificateOfOrigin, CommercialInvoice, Party, Quantity};

/// Checks a certificate of origin.
pub(crate) fn certificate(doc: &CertificateOfOrigin) -> Result<(), RenderError> {
    required("number", &doc.number)?;
    required("place_of_issue", &doc.place_of_issue)?;
    required("issuing_body", &doc.issuing_body)?;
    required("invoice_ref", &doc.invoice_ref)?;
    party("exporter", &doc.exporter)?;
    party("consignee", &doc.consignee)?;
    required("transport.port_of_loading", &doc.transport.port_of_loading)?;
    required(
        "transport.port_of_discharge",
        &doc.transport.port_of_discharge,
    )?;

    if doc.items.is_empty() {
        return Err(RenderError::NoItems {
            field: "items".to_owned(),
        });
    }
    for (index, item) in doc.items.iter().enumerate() {
        let path = format!("items[{index}]");
        required(&format!("{path}.description"), &item.description)?;
        hs_code(&format!("{path}.hs_code"), &item.hs_code)?;
        quantity(&format!("{path}.quantity"), &item.quantity)?;
        Decimal::parse(&format!("{path}.gross_weight_kg"), &item.gross_weight_kg)?;
        country(&format!("{path}.origin_country"), &item.origin_country)?;
    }
    Ok(())
}

/// Checks a commercial invoice, including that every line total and the invoice totals agree
/// with their parts after rounding to cents.
pub(crate) fn invoice(doc: &CommercialInvoice) -> Result<(), RenderError> {
    required("number", &doc.number)?;
    required("incoterm", &doc.incoterm)?;
    required("payment_terms", &doc.payment_terms)?;
    party("seller", &doc.seller)?;
    party("buyer", &doc.buyer)?;
    currency("currency", &doc.currency)?;
    country("origin_country", &doc.origin_country)?;

    if doc.items.is_empty() {
        return Err(RenderError::NoItems {
            field: "items".to_owned(),
        });
    }
    let mut goods_value = Decimal::parse("totals.goods_value", "0")?;
    for (index, line) in doc.items.iter().enumerate() {
        let path = format!("items[{index}]");
        required(&format!("{path}.description"), &line.description)?;
        hs_code(&format!("{path}.hs_code"), &line.hs_code)?;
        let amount = quantity(&format!("{path}.quantity"), &line.quantity)?;
        let price = Decimal::parse(&format!("{path}.unit_price"), &line.unit_price)?;
        let total = Decimal::parse(&format!("{path}.total"), &line.total)?;
        matches_sum(
            &format!("{path}.total"),
            total,
            amount.mul_round_cents(price),
        )?;
        goods_value = goods_value.add(total);
    }

    let totals = &doc.totals;
    let stated_goods = Decimal::parse("totals.goods_value", &totals.goods_value)?;
    matches_sum("totals.goods_value", stated_goods, goods_value)?;
    let freight = Decimal::parse("totals.freight", &totals.freight)?;
    let insurance = Decimal::parse("totals.insurance", &totals.insurance)?;
    let total = Decimal::parse("totals.total", &totals.total)?;
    matches_sum(
        "totals.total",
        total,
        stated_goods.add(freight).add(insurance),
    )
}

fn required(field: &str, value: &str) -> Result<(), RenderError> {
    if value.trim().is_empty() {
        return Err(RenderError::MissingField {
            field: field.to_owned(),
        });
    }
    Ok(())
}

fn party(path: &str, party: &Party) -> Result<(), RenderError> {
    required(&format!("{path}.name"), &party.name)?;
    if let Some(native) = &party.name_native {
        required(&format!("{path}.name_native"), native)?;
    }
    required(&format!("{path}.address"), &party.address)?;
    required(&format!("{path}.registration"), &party.registration)?;
    country(&format!("{path}.country"), &party.country)
}

fn quantity(path: &str, quantity: &Quantity) -> Result<Decimal, RenderError> {
    required(&format!("{path}.unit"), &quantity.unit)?;
    Decimal::parse(&format!("{path}.amount"), &quantity.amount)
}

/// Accepts 6 to 10 ASCII digits, with dots allowed between digits (`5208.52`, `6302.60.10`).
fn hs_code(field: &str, value: &str) -> Result<(), RenderError> {
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    let only_digits_and_dots = value.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let dots_between_digits = !value.starts_with('.') && !value.ends_with('.');
    let no_double_dots = !value.contains("..");
    if !(6..=10).contains(&digits)
        || !only_digits_and_dots
        || !dots_between_digits
        || !no_double_dots
    {
        return Err(RenderError::InvalidHsCode {
            field: field.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(())
}

fn country(field: &str, value: &str) -> Result<(), RenderError> {
    if value.len() != 2 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(RenderError::InvalidCountry {
            field: field.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(())
}

fn currency(field: &str, value: &str) -> Result<(), RenderError> {
    if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(RenderError::InvalidCurrency {
            field: field.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(())
}

fn matches_sum(field: &str, stated: Decimal, computed: Decimal) -> Result<(), RenderError> {
    if !stated.same_value(computed) {
        return Err(RenderError::TotalMismatch {
            field: field.to_owned(),
            stated: stated.grouped(),
            computed: computed.grouped(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hs_code_accepts_dotted_and_plain_forms() {
        for good in ["5208.52", "520852", "6302.60.10", "1006309000", "1006.3010"] {
            assert!(hs_code("hs", good).is_ok(), "{good:?} was rejected");
        }
    }

    #[test]
    fn hs_code_rejects_wrong_lengths_and_characters() {
        for bad in [
            "5208",
            "5208.5",
            "12345678901",
            "5208-52",
            ".520852",
            "520852.",
            "52..0852",
            "",
        ] {
            assert!(hs_code("hs", bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn country_requires_two_capitals() {
        assert!(country("c", "PK").is_ok());
        for bad in ["pk", "PAK", "P", "P1", ""] {
            assert!(country("c", bad).is_err(), "{bad:?} was accepted");
        }
    }
}
