//! The two-dimensional symbologies: QR (through `qrcode`) and PDF417
//! (through `rxing`'s encoder), returned as module grids.
//!
//! Both hold any text. Plain ASCII is encoded as is; anything else is sent
//! as UTF-8 behind an ECI 26 designator, because both symbologies default to
//! ISO-8859-1 and a reader would otherwise show `Ð ÑÐ´` for `Ряд`.

use qrcode::bits::Bits;
use qrcode::{EcLevel, Version};
use rxing::common::CharacterSet;
use rxing::pdf417::encoder::PDF417;

use crate::tickets::error::BarcodeProblem;

/// A grid of modules, row-major, `true` = dark.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    pub cols: usize,
    pub rows: usize,
    pub dark: Vec<bool>,
}

/// Bytes a QR code holds at error correction level M (version 40, byte mode).
const QR_MAX_BYTES: usize = 2331;
/// Bytes we let a PDF417 carry: its codeword limit (928) with byte
/// compaction and level-5 error correction leaves about this much.
const PDF417_MAX_BYTES: usize = 800;
/// ECI designator of UTF-8.
const ECI_UTF8: u32 = 26;

pub(super) fn check_qr(value: &str) -> Result<(), BarcodeProblem> {
    check_2d(value, QR_MAX_BYTES)
}

pub(super) fn check_pdf417(value: &str) -> Result<(), BarcodeProblem> {
    check_2d(value, PDF417_MAX_BYTES)
}

fn check_2d(value: &str, limit: usize) -> Result<(), BarcodeProblem> {
    if value.is_empty() {
        return Err(BarcodeProblem::Empty);
    }
    if value.len() > limit {
        return Err(BarcodeProblem::TooLong {
            found: value.len(),
            limit,
            unit: "bytes",
        });
    }
    Ok(())
}

/// A QR code at error correction level M (15 % of the symbol may be
/// damaged), the usual choice for tickets shown on paper and phones.
pub(super) fn qr(value: &str) -> Result<Grid, BarcodeProblem> {
    check_qr(value)?;
    let too_long = || BarcodeProblem::TooLong {
        found: value.len(),
        limit: QR_MAX_BYTES,
        unit: "bytes",
    };
    let bits = if value.is_ascii() {
        // qrcode picks numeric, alphanumeric and byte segments optimally.
        qrcode::bits::encode_auto(value.as_bytes(), EcLevel::M).map_err(|_| too_long())?
    } else {
        utf8_bits(value).ok_or_else(too_long)?
    };
    let (dark, cols) = super::qr_mask::encode(bits, EcLevel::M).map_err(|_| too_long())?;
    Ok(Grid {
        cols,
        rows: cols,
        dark,
    })
}

/// ECI 26 + the UTF-8 bytes, in the smallest QR version that holds them.
fn utf8_bits(value: &str) -> Option<Bits> {
    (1..=40).find_map(|v| {
        let mut bits = Bits::new(Version::Normal(v));
        bits.push_eci_designator(ECI_UTF8).ok()?;
        bits.push_byte_data(value.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        Some(bits)
    })
}

/// Why a PDF417 could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pdf417Refusal {
    /// It does not fit in `max_cols` data columns (try a wider area).
    TooWide,
    Problem(BarcodeProblem),
}

/// A PDF417 symbol with at most `max_cols` data columns, one grid row per
/// symbol row (the caller draws each row three modules tall).
pub(super) fn pdf417(value: &str, max_cols: u32) -> Result<Grid, Pdf417Refusal> {
    check_pdf417(value).map_err(Pdf417Refusal::Problem)?;
    let mut encoder = PDF417::new();
    if value.chars().any(|c| u32::from(c) > 0x7f) {
        encoder.setEncoding(Some(CharacterSet::UTF8));
    }
    encoder.setDimensions(max_cols.clamp(1, 30), 1, 90, 3);
    encoder
        .generateBarcodeLogic(value, ec_level(value.len()))
        .map_err(|_| Pdf417Refusal::TooWide)?;
    let Some(matrix) = encoder.getBarcodeMatrix() else {
        return Err(Pdf417Refusal::TooWide);
    };
    // rxing returns the rows bottom-up (its writer flips them back when it
    // draws); reversed here so row 0 is the top row, or the symbol would be
    // printed mirrored.
    let mut rows = matrix.getMatrix();
    rows.reverse();
    let cols = rows.first().map_or(0, Vec::len);
    let dark = rows
        .iter()
        .flat_map(|r| r.iter().map(|&m| m == 1))
        .collect();
    Ok(Grid {
        cols,
        rows: rows.len(),
        dark,
    })
}

/// Error correction recommended for the amount of data (ISO/IEC 15438
/// annex E, by codeword count; bytes are a safe over-estimate of codewords).
fn ec_level(bytes: usize) -> u32 {
    match bytes {
        0..=40 => 2,
        41..=160 => 3,
        161..=320 => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_of_ascii_and_of_cyrillic() {
        let a = qr("AF1004T1").unwrap();
        assert_eq!(a.cols, 21);
        assert_eq!(a.dark.len(), 21 * 21);
        let c = qr("AF-1005-1|Ряд 4|Место 6").unwrap();
        assert!(c.cols >= 25 && c.cols == c.rows);
        assert_eq!(qr(""), Err(BarcodeProblem::Empty));
        assert!(matches!(
            qr(&"x".repeat(3000)),
            Err(BarcodeProblem::TooLong { .. })
        ));
    }

    #[test]
    fn pdf417_rows_have_start_and_stop_patterns() {
        let g = pdf417("AF-1007-1/Партер/Ряд 1/Место 1/Бриллиантовая рука", 6).unwrap();
        assert!(g.rows >= 3);
        // start pattern 81111113, stop pattern 711311121
        let row0: Vec<bool> = g.dark[..g.cols].to_vec();
        assert_eq!(
            &row0[..9],
            &[true, true, true, true, true, true, true, true, false]
        );
        assert_eq!(&row0[g.cols - 18..g.cols - 11], &[true; 7]);
        assert!(row0[g.cols - 1]);
    }

    #[test]
    fn pdf417_too_narrow_or_too_long() {
        assert_eq!(pdf417(&"Щ".repeat(300), 1), Err(Pdf417Refusal::TooWide));
        assert!(matches!(
            pdf417(&"x".repeat(900), 30),
            Err(Pdf417Refusal::Problem(BarcodeProblem::TooLong { .. }))
        ));
    }
}
