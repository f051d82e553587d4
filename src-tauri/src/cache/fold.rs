//! How text is made comparable for lookup, the same way when it is stored
//! and when it is searched for: letter case does not count, nor the accents
//! of Latin letters ("jose" finds "José", "odegard" finds "Ødegård"), nor ё
//! against е ("ёлкин" and "елкин" find each other); й stays й, which
//! Russian spells as its own letter. Keys (order numbers, barcodes, code words) also lose the spaces
//! and dashes people and printers put into long numbers.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `c` without its accents, lower case, pushed onto `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        'ё' | 'Ё' => out.push('е'),
        'й' | 'Й' => out.push('й'),
        // Latin letters with a stroke or ligatures have no decomposition,
        // and a counter keyboard has no key for them: "odegard" finds
        // Ødegård, "lukasz" Łukasz, "gross" Groß.
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            for base in std::iter::once(c).nfd().filter(|m| !is_combining_mark(*m)) {
                out.extend(base.to_lowercase());
            }
        }
    }
}

/// Text for the name, e-mail and event index: lower case, no accents.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// The form every lookup key is stored and searched in: folded as [`fold`]
/// (then upper case, as keys are shown), without spaces or dashes.
pub fn normalise_key(raw: &str) -> String {
    let mut folded = String::with_capacity(raw.len());
    for c in raw.chars().filter(|c| !is_separator(*c)) {
        fold_char(c, &mut folded);
    }
    folded.chars().flat_map(char::to_uppercase).collect()
}

/// The digits of a phone number, reversed, so that "ends with these
/// digits" is a prefix search: `+7 (916) 123-45-67`, `8 916 1234567` and
/// `1234567` all share the reversed tail `7654321…`.
pub fn phone_key(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).rev().collect();
    (digits.len() >= 5).then_some(digits)
}

/// The last ten digits of a phone number: a national number without its
/// country code or trunk prefix (+7 / 8 in Russia, +1 in North America).
pub fn phone_tail(reversed: &str) -> &str {
    &reversed[..reversed.len().min(10)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_yo_do_not_count_but_short_i_does() {
        assert_eq!(fold("Иван"), "иван");
        assert_eq!(fold("Ёлкин"), fold("елкин"));
        assert_eq!(fold("José Núñez"), "jose nunez");
        assert_eq!(fold("Brontë-Łukasiewicz"), "bronte-lukasiewicz");
        assert_eq!(fold("Søren Ødegård"), "soren odegard");
        assert_eq!(fold("Йошкар"), "йошкар");
        assert_ne!(fold("й"), fold("и"));
        assert_eq!(fold("ŞÇĞ Groß"), "scg gross");
    }

    #[test]
    fn keys_lose_separators_and_case() {
        assert_eq!(normalise_key(" ab-12 34 "), "AB1234");
        assert_eq!(normalise_key("ёлка"), "ЕЛКА");
        assert_eq!(normalise_key("1001\u{2011}5521"), "10015521");
    }

    #[test]
    fn phones_match_by_their_last_digits_whatever_the_formatting() {
        let a = phone_key("+7 (916) 123-45-67").unwrap();
        let b = phone_key("8 916 1234567").unwrap();
        assert_eq!(phone_tail(&a), phone_tail(&b));
        assert!(a.starts_with(&phone_key("123-45-67").unwrap()));
        assert_eq!(phone_key("12-34"), None);
    }
}
