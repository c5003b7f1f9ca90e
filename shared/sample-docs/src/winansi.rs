//! WinAnsiEncoding and Helvetica glyph widths, for text in the standard 14 fonts.
//!
//! A page shows text in Helvetica and Helvetica-Bold with `/Encoding /WinAnsiEncoding`, so
//! each character must map to one byte of that encoding. The widths let the layout wrap and
//! right-align text without embedding a font.

/// The two fonts a page uses, as named in its resource dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Font {
    /// Helvetica, resource name `/F1`.
    Regular,
    /// Helvetica-Bold, resource name `/F2`.
    Bold,
}

impl Font {
    /// Name of the font in the page's `/Font` resource dictionary.
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    /// `/BaseFont` of the standard 14 font.
    pub(crate) fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "Helvetica",
            Font::Bold => "Helvetica-Bold",
        }
    }
}

/// Characters of WinAnsiEncoding codes 0x80 to 0x9F, which differ from Latin-1.
/// Codes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned.
const HIGH_CODES: [(char, u8); 27] = [
    ('\u{20AC}', 0x80),
    ('\u{201A}', 0x82),
    ('\u{0192}', 0x83),
    ('\u{201E}', 0x84),
    ('\u{2026}', 0x85),
    ('\u{2020}', 0x86),
    ('\u{2021}', 0x87),
    ('\u{02C6}', 0x88),
    ('\u{2030}', 0x89),
    ('\u{0160}', 0x8A),
    ('\u{2039}', 0x8B),
    ('\u{0152}', 0x8C),
    ('\u{017D}', 0x8E),
    ('\u{2018}', 0x91),
    ('\u{2019}', 0x92),
    ('\u{201C}', 0x93),
    ('\u{201D}', 0x94),
    ('\u{2022}', 0x95),
    ('\u{2013}', 0x96),
    ('\u{2014}', 0x97),
    ('\u{02DC}', 0x98),
    ('\u{2122}', 0x99),
    ('\u{0161}', 0x9A),
    ('\u{203A}', 0x9B),
    ('\u{0153}', 0x9C),
    ('\u{017E}', 0x9E),
    ('\u{0178}', 0x9F),
];

/// Advance widths of Helvetica for codes 0x20 to 0xFF, in 1/1000 em, from Adobe's AFM metrics
/// (as shipped in groff's `devps/HR`). Unassigned codes are 0.
const HELVETICA_WIDTHS: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    0, 556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, 350, 222,
    222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667, 278, 333, 556, 556,
    556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 578, 537,
    278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667,
    667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722,
    667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Advance widths of Helvetica-Bold for codes 0x20 to 0xFF, in 1/1000 em, from Adobe's AFM
/// metrics (as shipped in groff's `devps/HB`). Unassigned codes are 0.
const HELVETICA_BOLD_WIDTHS: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    0, 556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, 350, 278,
    278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667, 278, 333, 556, 556,
    556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556,
    278, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667,
    667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722,
    667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

/// Returns the WinAnsiEncoding byte of `c`, or `None` when the encoding lacks it.
pub(crate) fn win_ansi_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    match code {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(code).ok(),
        _ => HIGH_CODES
            .iter()
            .find(|(high, _)| *high == c)
            .map(|(_, byte)| *byte),
    }
}

/// Returns whether every character of `text` exists in WinAnsiEncoding.
pub(crate) fn is_win_ansi(text: &str) -> bool {
    text.chars().all(|c| win_ansi_byte(c).is_some())
}

/// Encodes `text` in WinAnsiEncoding, writing `?` for a character the encoding lacks.
///
/// Callers pass text through [`crate::transliterate::to_page_text`] first, so `?` only
/// appears for characters that have no transliteration either.
pub(crate) fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| win_ansi_byte(c).unwrap_or(b'?'))
        .collect()
}

/// Returns the width of `text` in points when set in `font` at `size` points.
pub(crate) fn text_width(text: &str, font: Font, size: f32) -> f32 {
    let table = match font {
        Font::Regular => &HELVETICA_WIDTHS,
        Font::Bold => &HELVETICA_BOLD_WIDTHS,
    };
    let units: u32 = encode(text)
        .iter()
        .map(|&byte| u32::from(table[usize::from(byte.max(0x20)) - 0x20]))
        .sum();
    units as f32 * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_high_codes_encode() {
        assert_eq!(encode("Çö ü"), vec![0xC7, 0xF6, 0x20, 0xFC]);
        assert_eq!(encode("\u{20AC}\u{2014}\u{0160}"), vec![0x80, 0x97, 0x8A]);
    }

    #[test]
    fn missing_characters_become_question_marks() {
        assert_eq!(encode("X\u{0259}z"), b"X?z".to_vec());
        assert!(!is_win_ansi("Bak\u{0131}"));
        assert!(is_win_ansi("K\u{00FC}\u{00E7}\u{00F6}"));
    }

    #[test]
    fn width_follows_helvetica_metrics() {
        // Every digit of Helvetica is 556/1000 em wide, so "1000" at 10 pt is 22.24 pt.
        assert!((text_width("1000", Font::Regular, 10.0) - 22.24).abs() < 1e-4);
        assert!(text_width("W", Font::Bold, 10.0) > text_width("i", Font::Bold, 10.0));
    }
}
