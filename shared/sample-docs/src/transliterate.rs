//! Latin transliteration of text that WinAnsiEncoding cannot show.
//!
//! Characters that WinAnsiEncoding has (Latin-1 letters such as ç, ö, ü, plus the typographic
//! characters of codes 0x80 to 0x9F) pass through unchanged. Azerbaijani letters outside it
//! become their usual ASCII spellings (ə → e, ş → sh, ğ → gh, ı → i), and Urdu words in Arabic
//! script are romanized letter by letter. The exact text stays in the PDF's metadata and in the
//! attached JSON, so this only affects what the page shows.

use crate::winansi::win_ansi_byte;

/// Rewrites `text` so that every character exists in WinAnsiEncoding.
///
/// A character with no rule here becomes `?`.
pub(crate) fn to_page_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;

    while i < chars.len() {
        let c = chars[i];
        if is_arabic_letter(c) {
            let end = chars[i..]
                .iter()
                .position(|&c| !is_arabic_letter(c))
                .map_or(chars.len(), |offset| i + offset);
            out.push_str(&romanize_urdu_word(&chars[i..end]));
            i = end;
            continue;
        }

        if win_ansi_byte(c).is_some() {
            out.push(c);
        } else {
            out.push_str(latin_for(c).unwrap_or("?"));
        }
        i += 1;
    }
    out
}

/// Latin spelling of a non-letter or non-Arabic character that WinAnsiEncoding lacks.
fn latin_for(c: char) -> Option<&'static str> {
    let latin = match c {
        // Azerbaijani letters missing from WinAnsiEncoding.
        'ə' => "e",
        'Ə' => "E",
        'ş' => "sh",
        'Ş' => "Sh",
        'ğ' => "gh",
        'Ğ' => "Gh",
        'ı' => "i",
        'İ' => "I",
        // Urdu and Arabic punctuation.
        '،' => ",",
        '۔' => ".",
        '؛' => ";",
        '؟' => "?",
        '\u{066A}' => "%",
        // Urdu (extended) and Arabic-Indic digits.
        '۰' | '٠' => "0",
        '۱' | '١' => "1",
        '۲' | '٢' => "2",
        '۳' | '٣' => "3",
        '۴' | '٤' => "4",
        '۵' | '٥' => "5",
        '۶' | '٦' => "6",
        '۷' | '٧' => "7",
        '۸' | '٨' => "8",
        '۹' | '٩' => "9",
        // Spaces and joiners that are invisible or plain spaces on a printed page.
        '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}' => "",
        '\u{2009}' | '\u{202F}' => " ",
        '№' => "No.",
        _ => return None,
    };
    Some(latin)
}

/// Returns whether `c` is a letter or vowel mark of the Arabic script as Urdu writes it.
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{065F}' | '\u{0670}'..='\u{06D3}')
}

/// Romanizes one Urdu word, capitalizing its first letter.
///
/// Urdu script writes long vowels but not short ones, so the result is close to how the word
/// is pronounced only where the word has long vowels: `نور` becomes `Nor` (Noor), while `ملز`
/// (Mills) becomes `Mlz`.
fn romanize_urdu_word(word: &[char]) -> String {
    let mut out = String::new();

    for (i, &c) in word.iter().enumerate() {
        let initial = i == 0;
        let last = i + 1 == word.len();
        let next = word.get(i + 1).copied();
        let latin = match c {
            // و and ی are consonants at the start of a word and long vowels elsewhere.
            'و' => {
                if initial {
                    "w"
                } else {
                    "o"
                }
            }
            'ی' | 'ي' | 'ى' => {
                if initial {
                    "y"
                } else {
                    "i"
                }
            }
            // A word-final he after a consonant is the vowel -a, as in مدینہ (Madina).
            'ہ' | 'ه' | 'ۃ' | 'ة' if last && !initial => "a",
            // Hamza on ye carries the vowel i, unless a ye or bari ye already writes it.
            'ئ' if matches!(next, Some('ی' | 'ے')) => "",
            _ => urdu_letter(c),
        };
        out.push_str(latin);
    }

    capitalize(&out)
}

/// Latin spelling of an Urdu letter or vowel mark whose reading does not depend on position.
fn urdu_letter(c: char) -> &'static str {
    match c {
        'ا' | 'آ' | 'أ' | 'إ' | '\u{0670}' | '\u{064E}' => "a",
        'ب' => "b",
        'پ' => "p",
        'ت' | 'ٹ' | 'ط' | 'ة' => "t",
        'ث' | 'س' | 'ص' => "s",
        'ج' => "j",
        'چ' => "ch",
        'ح' | 'ہ' | 'ه' | 'ۃ' | 'ھ' => "h",
        'خ' => "kh",
        'د' | 'ڈ' => "d",
        'ذ' | 'ز' | 'ض' | 'ظ' => "z",
        'ر' | 'ڑ' => "r",
        'ژ' => "zh",
        'ش' => "sh",
        'ع' | 'ء' => "'",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ک' | 'ك' => "k",
        'گ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' | 'ں' => "n",
        'ے' | 'ۓ' => "e",
        'ئ' | '\u{0650}' => "i",
        'ؤ' | '\u{064F}' => "u",
        // Other vowel marks (tanwin, shadda, sukun) and tatweel have no letter of their own.
        _ => "",
    }
}

/// Uppercases the first character of an ASCII-letter string.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azerbaijani_letters_outside_win_ansi_are_spelled_out() {
        assert_eq!(
            to_page_text("Xəzər Tekstil Ticarət MMC"),
            "Xezer Tekstil Ticaret MMC"
        );
        assert_eq!(to_page_text("Şamaxı, Ağdaş"), "Shamaxi, Aghdash");
        assert_eq!(to_page_text("İlqar küçəsi"), "Ilqar küçesi");
    }

    #[test]
    fn urdu_words_are_romanized() {
        assert_eq!(to_page_text("نور ٹیکسٹائل ملز"), "Nor Tikstail Mlz");
        assert_eq!(to_page_text("کراچی"), "Krachi");
        assert_eq!(to_page_text("مدینہ"), "Mdina");
    }

    #[test]
    fn latin1_text_is_unchanged() {
        let text = "Noor Textile Mills (Pvt) Ltd, Çölgə – Müqavilə";
        assert_eq!(
            to_page_text(text),
            "Noor Textile Mills (Pvt) Ltd, Çölge – Müqavile"
        );
    }

    #[test]
    fn unknown_characters_become_question_marks() {
        assert_eq!(to_page_text("Tbilisi თბილისი"), "Tbilisi ???????");
    }

    #[test]
    fn urdu_digits_and_punctuation_map() {
        assert_eq!(to_page_text("۲۰۲۵۔"), "2025.");
    }
}
