//! Text entries of the document information dictionary (`/Producer`,
//! `/Creator`), decoded for display.

use lopdf::{Document, Object};

/// Maximum length of a reported text entry, in characters.
const MAX_TEXT_CHARS: usize = 256;

/// Reads a text entry such as `b"Producer"` from the trailer's `/Info`
/// dictionary. Returns `None` when the dictionary or entry is missing, is
/// not a string, or holds only white-space.
pub(crate) fn info_text(document: &Document, key: &[u8]) -> Option<String> {
    let info = document.trailer.get(b"Info").ok()?;
    let (_, info) = document.dereference(info).ok()?;
    let value = info.as_dict().ok()?.get(key).ok()?;
    let (_, value) = document.dereference(value).ok()?;
    let Object::String(bytes, _) = value else {
        return None;
    };
    clean_text(&decode_text(bytes))
}

/// Decodes a PDF text string: UTF-16BE or UTF-8 when it starts with that
/// encoding's byte order mark, else PDFDocEncoding. Invalid sequences become
/// U+FFFD instead of failing.
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    let object = Object::string_literal(bytes.to_vec());
    if let Ok(text) = lopdf::decode_text_string(&object) {
        return text;
    }

    // lopdf 0.47 rejects invalid UTF-16 and UTF-8 (PDFDocEncoding cannot fail),
    // so only strings with a byte order mark reach this lossy fallback.
    match bytes.strip_prefix(b"\xFE\xFF") {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => {
            let utf8 = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            String::from_utf8_lossy(utf8).into_owned()
        }
    }
}

/// Removes control characters, trims white-space and cuts to 256
/// characters. Returns `None` when nothing is left.
fn clean_text(text: &str) -> Option<String> {
    let visible: String = text.chars().filter(|c| !c.is_control()).collect();
    let trimmed: String = visible.trim().chars().take(MAX_TEXT_CHARS).collect();
    let trimmed = trimmed.trim_end();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16be_with_bom_decodes() {
        let bytes = b"\xFE\xFF\x00W\x00o\x00r\x00d\x00 \x00\xAE";
        assert_eq!(decode_text(bytes), "Word \u{ae}");
    }

    #[test]
    fn invalid_utf16_decodes_lossily() {
        // A lone high surrogate is not valid UTF-16.
        let bytes = b"\xFE\xFF\xD8\x00\x00A";
        assert_eq!(decode_text(bytes), "\u{fffd}A");
    }

    #[test]
    fn pdfdocencoding_maps_bullet_and_euro() {
        // 0x80 is a bullet and 0xA0 the euro sign in PDFDocEncoding.
        assert_eq!(decode_text(b"a\x80b\xA0"), "a\u{2022}b\u{20ac}");
    }

    #[test]
    fn utf8_with_bom_decodes() {
        assert_eq!(decode_text("\u{feff}Größe".as_bytes()), "Größe");
    }

    #[test]
    fn text_is_trimmed_and_capped() {
        assert_eq!(clean_text("  \u{0}Writer\r\n "), Some("Writer".to_owned()));
        assert_eq!(clean_text(" \t "), None);

        let long = "x".repeat(300);
        assert_eq!(clean_text(&long).map(|t| t.chars().count()), Some(256));
    }
}
