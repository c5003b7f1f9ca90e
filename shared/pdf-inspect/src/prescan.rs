//! Checks on the raw bytes that run before lopdf parses them: the header, the
//! size, and an estimate of the object count.

use crate::{InspectError, Limits};

/// How far into the file the `%PDF-` header may start. Some producers put a
/// few bytes of junk before it, and readers tolerate up to 1024.
const HEADER_WINDOW: usize = 1024;

const HEADER_MARKER: &[u8] = b"%PDF-";

/// Rejects input that is empty, too large, lacks a `%PDF-` header in its
/// first 1024 bytes or declares more objects than the limit. Returns the
/// header version, such as "1.7".
pub(crate) fn check_input(bytes: &[u8], limits: &Limits) -> Result<String, InspectError> {
    if bytes.is_empty() {
        return Err(InspectError::Empty);
    }
    if bytes.len() > limits.max_input_bytes {
        return Err(InspectError::TooLarge {
            max: limits.max_input_bytes as u64,
        });
    }

    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    let start = find(window, HEADER_MARKER).ok_or(InspectError::NotAPdf)?;
    let version = parse_version(&bytes[start + HEADER_MARKER.len()..]).ok_or_else(|| {
        InspectError::malformed("the %PDF- header has no version number such as 1.7")
    })?;

    check_object_estimates(bytes, limits.max_objects)?;
    Ok(version)
}

/// Reads a `major.minor` version at the start of `input`, as in a header
/// (`1.7`) or a catalog `/Version` name (`2.0`).
pub(crate) fn parse_version(input: &[u8]) -> Option<String> {
    let major = input.iter().take_while(|b| b.is_ascii_digit()).count();
    if major == 0 || major > 2 || input.get(major) != Some(&b'.') {
        return None;
    }
    let rest = &input[major + 1..];
    let minor = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if minor == 0 || minor > 2 {
        return None;
    }
    let text = &input[..major + 1 + minor];
    Some(String::from_utf8_lossy(text).into_owned())
}

/// Rejects a file whose object headers (`N G obj`) or `/Size` entries exceed
/// `max_objects`, before lopdf builds tables sized by them.
fn check_object_estimates(bytes: &[u8], max_objects: u32) -> Result<(), InspectError> {
    let headers = count_object_headers(bytes);
    if headers > u64::from(max_objects) {
        return Err(InspectError::too_complex(format!(
            "the file has about {headers} object headers, over the limit of {max_objects}"
        )));
    }

    if let Some(size) = max_declared_size(bytes)
        && size > u64::from(max_objects)
    {
        return Err(InspectError::too_complex(format!(
            "the cross-reference data declares /Size {size}, over the limit of {max_objects} objects"
        )));
    }
    Ok(())
}

/// Counts `obj` keywords that follow a number and end a token, which is an
/// estimate of the indirect objects outside object streams. Bytes inside
/// compressed streams can add a few false matches.
fn count_object_headers(bytes: &[u8]) -> u64 {
    let mut count = 0;
    for index in positions(bytes, b"obj") {
        let after = bytes.get(index + 3).copied();
        let ends_token = after.is_none_or(|byte| !is_regular(byte));
        let before = bytes[..index]
            .iter()
            .rev()
            .find(|byte| !byte.is_ascii_whitespace());
        if ends_token && before.is_some_and(u8::is_ascii_digit) {
            count += 1;
        }
    }
    count
}

/// The largest integer that follows a `/Size` key, saturating at `u64::MAX`.
/// Arrays (as in sampled functions) are skipped.
fn max_declared_size(bytes: &[u8]) -> Option<u64> {
    positions(bytes, b"/Size")
        .filter_map(|index| {
            let rest = &bytes[index + 5..];
            let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits > 0).then(|| parse_saturating(&rest[..digits]))
        })
        .max()
}

/// Counts `startxref` keywords: each revision of a file ends with one.
pub(crate) fn count_startxref(bytes: &[u8]) -> usize {
    positions(bytes, b"startxref").count()
}

fn parse_saturating(digits: &[u8]) -> u64 {
    digits.iter().fold(0u64, |value, digit| {
        value
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    })
}

/// Whether `byte` is a PDF regular character, i.e. neither white-space nor
/// a delimiter (ISO 32000-2, 7.2.3).
fn is_regular(byte: u8) -> bool {
    !byte.is_ascii_whitespace() && byte != 0 && !b"()<>[]{}/%".contains(&byte)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    positions(haystack, needle).next()
}

fn positions<'a>(haystack: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(move |(_, window)| *window == needle)
        .map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8]) -> Result<String, InspectError> {
        check_input(bytes, &Limits::default())
    }

    #[test]
    fn empty_input_is_rejected() {
        assert_eq!(check(b""), Err(InspectError::Empty));
    }

    #[test]
    fn header_after_1024_bytes_is_not_a_pdf() {
        let mut bytes = vec![b' '; 1024];
        bytes.extend_from_slice(b"%PDF-1.7\n");
        assert_eq!(check(&bytes), Err(InspectError::NotAPdf));
    }

    #[test]
    fn header_after_junk_is_accepted() {
        let mut bytes = vec![b'x'; 1000];
        bytes.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(check(&bytes), Ok("1.4".to_owned()));
    }

    #[test]
    fn header_without_version_is_malformed() {
        assert!(matches!(
            check(b"%PDF-x\n"),
            Err(InspectError::Malformed { .. })
        ));
    }

    #[test]
    fn oversized_input_is_rejected() {
        let limits = Limits {
            max_input_bytes: 8,
            ..Limits::default()
        };
        assert_eq!(
            check_input(b"%PDF-1.7\n%%EOF", &limits),
            Err(InspectError::TooLarge { max: 8 })
        );
    }

    #[test]
    fn huge_declared_size_is_too_complex() {
        let bytes = b"%PDF-1.7\n1 0 obj<</Type/XRef/Size 933333333/W[1 2 1]>>endobj";
        assert!(matches!(check(bytes), Err(InspectError::TooComplex { .. })));
    }

    #[test]
    fn object_headers_are_counted_once_each() {
        let bytes = b"1 0 obj\n<<>>\nendobj\n2 0 obj<</A 1>>endobj 12 3\nobj[]endobj objx 4 0 objy";
        assert_eq!(count_object_headers(bytes), 3);
    }

    #[test]
    fn object_count_over_limit_is_too_complex() {
        let limits = Limits {
            max_objects: 2,
            ..Limits::default()
        };
        let bytes = b"%PDF-1.7\n1 0 obj 1 endobj 2 0 obj 2 endobj 3 0 obj 3 endobj";
        assert!(matches!(
            check_input(bytes, &limits),
            Err(InspectError::TooComplex { .. })
        ));
    }

    #[test]
    fn size_arrays_are_ignored() {
        assert_eq!(max_declared_size(b"/Size [2 2] /Size 7"), Some(7));
        assert_eq!(max_declared_size(b"/Size [99999999999]"), None);
    }

    #[test]
    fn versions_parse_from_headers_and_names() {
        assert_eq!(parse_version(b"1.7\n%\xe2"), Some("1.7".to_owned()));
        assert_eq!(parse_version(b"2.0"), Some("2.0".to_owned()));
        assert_eq!(parse_version(b"1."), None);
        assert_eq!(parse_version(b".7"), None);
        assert_eq!(parse_version(b"123.4"), None);
    }
}
