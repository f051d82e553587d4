//! The linear symbologies — EAN-13, Code 128, Interleaved 2 of 5 — checked
//! strictly and encoded with `barcoders`.
//!
//! The checks come first and are ours, because `barcoders` is lenient where a
//! ticket must not be: it recomputes a missing EAN-13 check digit and pads an
//! odd ITF value with a check digit, both of which print a number other than
//! the ticket's. Its Code 128 wants the character sets spelled out, so we
//! choose them (set C for runs of digits, set B otherwise).

use barcoders::sym::code128::Code128;
use barcoders::sym::ean13::EAN13;
use barcoders::sym::tf::TF;

use crate::tickets::error::BarcodeProblem;

/// Longest Code 128 / ITF value accepted; far beyond any ticket code, and
/// beyond what fits a ticket at a scannable size anyway.
const MAX_LINEAR_CHARS: usize = 80;

fn digits_only(value: &str) -> Result<(), BarcodeProblem> {
    match value.chars().find(|c| !c.is_ascii_digit()) {
        Some(ch) => Err(BarcodeProblem::NotDigit { ch }),
        None => Ok(()),
    }
}

/// The EAN-13 check digit of the first twelve digits.
fn ean_check_digit(first12: &[u8]) -> u8 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

pub(super) fn check_ean13(value: &str) -> Result<(), BarcodeProblem> {
    if value.is_empty() {
        return Err(BarcodeProblem::Empty);
    }
    digits_only(value)?;
    if value.len() != 13 {
        return Err(BarcodeProblem::WrongLength { found: value.len() });
    }
    let bytes = value.as_bytes();
    let expected = ean_check_digit(&bytes[..12]);
    if bytes[12] - b'0' != expected {
        return Err(BarcodeProblem::WrongCheckDigit {
            expected: char::from(b'0' + expected),
            found: char::from(bytes[12]),
        });
    }
    Ok(())
}

pub(super) fn check_itf(value: &str) -> Result<(), BarcodeProblem> {
    if value.is_empty() {
        return Err(BarcodeProblem::Empty);
    }
    digits_only(value)?;
    if value.len() % 2 == 1 {
        return Err(BarcodeProblem::OddDigits { found: value.len() });
    }
    if value.len() > MAX_LINEAR_CHARS {
        return Err(too_long(value.len()));
    }
    Ok(())
}

pub(super) fn check_code128(value: &str) -> Result<(), BarcodeProblem> {
    if value.is_empty() {
        return Err(BarcodeProblem::Empty);
    }
    if let Some(ch) = value.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(BarcodeProblem::Unencodable { ch });
    }
    if value.len() > MAX_LINEAR_CHARS {
        return Err(too_long(value.len()));
    }
    Ok(())
}

fn too_long(found: usize) -> BarcodeProblem {
    BarcodeProblem::TooLong {
        found,
        limit: MAX_LINEAR_CHARS,
        unit: "characters",
    }
}

fn bars(encoded: Vec<u8>) -> Vec<bool> {
    encoded.into_iter().map(|b| b == 1).collect()
}

/// A failure of `barcoders` after our checks passed would be a bug in the
/// checks; it still reaches the cashier as a refused ticket, not a crash.
fn crate_refused(e: barcoders::error::Error) -> BarcodeProblem {
    match e {
        barcoders::error::Error::Checksum => BarcodeProblem::WrongCheckDigit {
            expected: '?',
            found: '?',
        },
        _ => BarcodeProblem::Unencodable { ch: '?' },
    }
}

/// EAN-13 modules (95), without quiet zones.
pub(super) fn ean13(value: &str) -> Result<Vec<bool>, BarcodeProblem> {
    check_ean13(value)?;
    // barcoders checks a 13th digit when given; ours already did, with a
    // message that says which digit is wrong.
    Ok(bars(EAN13::new(value).map_err(crate_refused)?.encode()))
}

/// Interleaved 2 of 5 modules (wide = 3 narrow), without quiet zones.
pub(super) fn itf(value: &str) -> Result<Vec<bool>, BarcodeProblem> {
    check_itf(value)?;
    let mut modules = bars(TF::interleaved(value).map_err(crate_refused)?.encode());
    // barcoders ends ITF with a 2-module bar (1 1 0 1) while its data bars are
    // 3 modules wide; the stop pattern is wide bar, narrow space, narrow bar,
    // and a wide bar must be as wide as the others (ISO/IEC 16390), so the
    // stop is rewritten with a 3-module bar.
    if modules.ends_with(&[true, true, false, true]) {
        modules.truncate(modules.len() - 4);
        modules.extend([true, true, true, false, true]);
    }
    Ok(modules)
}

/// Code 128 modules, without quiet zones.
pub(super) fn code128(value: &str) -> Result<Vec<bool>, BarcodeProblem> {
    check_code128(value)?;
    Ok(bars(
        Code128::new(with_sets(value))
            .map_err(crate_refused)?
            .encode(),
    ))
}

const SET_B: char = 'Ɓ';
const SET_C: char = 'Ć';

/// Spells `value` (printable ASCII) in barcoders' notation: runs of digits
/// long enough to save space go in set C (two digits a symbol), the rest in
/// set B. A run is worth switching for at 4 digits at either end and 6 in the
/// middle (each switch costs a symbol); an odd run leaves its first digit in B.
fn with_sets(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len() + 4);
    let mut current: Option<char> = None;
    let mut push = |set: char, text: &[char], out: &mut String| {
        if current != Some(set) {
            out.push(set);
            current = Some(set);
        }
        out.extend(text);
    };
    let mut i = 0;
    while i < chars.len() {
        let run_end = (i..chars.len())
            .find(|&j| !chars[j].is_ascii_digit())
            .unwrap_or(chars.len());
        let run = run_end - i;
        let at_edge = i == 0 || run_end == chars.len();
        let whole = i == 0 && run_end == chars.len();
        let worth_c = run >= 2 && (whole && run % 2 == 0 || run >= if at_edge { 4 } else { 6 });
        if worth_c {
            let split = i + run % 2;
            if split > i {
                push(SET_B, &chars[i..split], &mut out);
            }
            push(SET_C, &chars[split..run_end], &mut out);
            i = run_end;
        } else {
            let next = if run > 0 {
                run_end
            } else {
                (i..chars.len())
                    .find(|&j| chars[j].is_ascii_digit())
                    .unwrap_or(chars.len())
            };
            push(SET_B, &chars[i..next], &mut out);
            i = next;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ean13_accepts_a_valid_code_and_refuses_the_wrong_check_digit() {
        assert_eq!(ean13("4006381333931").map(|m| m.len()), Ok(95));
        assert_eq!(
            ean13("4601234500125"),
            Err(BarcodeProblem::WrongCheckDigit {
                expected: '8',
                found: '5'
            })
        );
    }

    #[test]
    fn ean13_refuses_letters_and_wrong_lengths() {
        assert_eq!(
            check_ean13("46012345A0125"),
            Err(BarcodeProblem::NotDigit { ch: 'A' })
        );
        // Twelve digits would get a computed check digit from barcoders and
        // scan as a number the platform never issued.
        assert_eq!(
            check_ean13("460123450012"),
            Err(BarcodeProblem::WrongLength { found: 12 })
        );
        assert_eq!(
            check_ean13("46012345001255"),
            Err(BarcodeProblem::WrongLength { found: 14 })
        );
        assert_eq!(check_ean13(""), Err(BarcodeProblem::Empty));
        assert_eq!(
            check_ean13("4601 23450012"),
            Err(BarcodeProblem::NotDigit { ch: ' ' })
        );
    }

    #[test]
    fn itf_refuses_odd_digit_counts_instead_of_padding() {
        assert_eq!(
            check_itf("12345"),
            Err(BarcodeProblem::OddDigits { found: 5 })
        );
        assert_eq!(check_itf("12a4"), Err(BarcodeProblem::NotDigit { ch: 'a' }));
        assert!(matches!(
            check_itf(&"12".repeat(41)),
            Err(BarcodeProblem::TooLong { .. })
        ));
        let m = itf("001234567801").unwrap();
        // start (4) + 6 pairs × 18 + stop (5, with a 3-module bar)
        assert_eq!(m.len(), 4 + 6 * 18 + 5);
        assert!(m.ends_with(&[true, true, true, false, true]));
        assert!(m.starts_with(&[true, false, true, false]));
    }

    #[test]
    fn code128_takes_printable_ascii_only() {
        assert_eq!(
            check_code128("Ряд 5"),
            Err(BarcodeProblem::Unencodable { ch: 'Р' })
        );
        assert_eq!(
            check_code128("a\tb"),
            Err(BarcodeProblem::Unencodable { ch: '\t' })
        );
        assert!(matches!(
            check_code128(&"x".repeat(81)),
            Err(BarcodeProblem::TooLong { .. })
        ));
        let all: String = (' '..='~').collect();
        for chunk in all.as_bytes().chunks(40) {
            let chunk = std::str::from_utf8(chunk).unwrap_or_default();
            assert!(code128(chunk).is_ok(), "{chunk}");
        }
    }

    #[test]
    fn code128_packs_digit_runs_into_set_c() {
        assert_eq!(with_sets("1003-0042"), "Ć1003Ɓ-Ć0042");
        assert_eq!(with_sets("1003-0042-1"), "Ć1003Ɓ-0042-1");
        assert_eq!(with_sets("VS20012F8"), "ƁVS20012F8");
        assert_eq!(with_sets("AB1234567890"), "ƁABĆ1234567890");
        assert_eq!(with_sets("AB12345"), "ƁAB1Ć2345");
        assert_eq!(with_sets("12"), "Ć12");
        assert_eq!(with_sets("123"), "Ɓ123");
        assert_eq!(with_sets("x"), "Ɓx");
        // A symbol is 11 modules; set C halves the digits' cost.
        let b_only = code128("A1234567890123456789").unwrap().len();
        assert_eq!(b_only, 11 * (1 + 1 + 1 + 10 + 1) + 13);
    }
}
