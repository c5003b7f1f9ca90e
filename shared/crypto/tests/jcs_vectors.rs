//! RFC 8785 canonical JSON against the cyberphone test cases and the RFC's appendix B
//! number table.

#[path = "support/corpus.rs"]
mod corpus;

use crypto::{CanonicalError, canonical_bytes};

#[test]
fn cyberphone_inputs_canonicalize_exactly() {
    let Some(dir) = corpus::vectors_dir("jcs-cyberphone") else {
        return;
    };

    for input_path in corpus::files_with_suffix(&dir, ".input.json") {
        let input_name = input_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = input_name.trim_end_matches(".input.json");

        let input: serde_json::Value = serde_json::from_str(&corpus::read_text(&input_path))
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        let actual = canonical_bytes(&input).unwrap_or_else(|error| panic!("{name}: {error}"));

        let expected = std::fs::read(dir.join(format!("{name}.expected-output.json"))).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&actual),
            String::from_utf8_lossy(&expected),
            "{name}"
        );
        assert_eq!(actual, expected, "{name}: bytes");

        let hex_path = dir.join(format!("{name}.expected-outhex.txt"));
        if hex_path.exists() {
            let digits: String = corpus::read_text(&hex_path).split_whitespace().collect();
            assert_eq!(actual, corpus::hex(&digits), "{name}: outhex");
        }
    }
}

#[test]
fn appendix_b_numbers_serialize_exactly() {
    let Some(dir) = corpus::vectors_dir("jcs-numbers-rfc8785") else {
        return;
    };

    let mut finite = 0;
    let mut rejected = 0;
    for path in corpus::files_with_suffix(&dir, ".csv") {
        for line in corpus::read_text(&path).lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (bits, expected) = line
                .split_once(',')
                .unwrap_or_else(|| panic!("bad row {line:?}"));
            let number = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());

            if expected == "ERROR" {
                assert!(!number.is_finite(), "{bits} is finite but marked ERROR");
                let error = canonical_bytes(&number).unwrap_err();
                assert!(
                    matches!(error, CanonicalError::NonFiniteNumber),
                    "{bits}: {error}"
                );
                // serde_json writes a nested NaN as null, which must not slip through.
                let error = canonical_bytes(&vec![number]).unwrap_err();
                assert!(
                    matches!(error, CanonicalError::NonFiniteNumber),
                    "[{bits}]: {error}"
                );
                rejected += 1;
                continue;
            }

            let actual = canonical_bytes(&number).unwrap();
            assert_eq!(String::from_utf8(actual).unwrap(), expected, "{bits}");
            let nested = canonical_bytes(&serde_json::json!({ "n": number })).unwrap();
            assert_eq!(
                String::from_utf8(nested).unwrap(),
                format!(r#"{{"n":{expected}}}"#),
                "{bits} nested"
            );
            finite += 1;
        }
    }
    assert!(finite > 0, "no finite rows");
    assert!(rejected > 0, "no NaN/Infinity rows");
}

#[test]
fn infinities_rejected() {
    for number in [f64::INFINITY, f64::NEG_INFINITY] {
        let error = canonical_bytes(&number).unwrap_err();
        assert!(
            matches!(error, CanonicalError::NonFiniteNumber),
            "{number}: {error}"
        );
    }
}
