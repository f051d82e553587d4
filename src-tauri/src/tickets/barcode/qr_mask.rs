//! Choosing a QR code's mask, as the `qrcode` crate chooses it, in a tenth
//! of the time.
//!
//! `qrcode` scores each of the eight masks with ISO/IEC 18004's four
//! penalty rules by asking its canvas for every module one call at a time
//! (and boxes a closure per position for the finder rule); on a 1,000-ticket
//! order that was a third of the whole render. The same rules here run over
//! a flat array of colours. The symbol is still built by `qrcode` (bits,
//! error correction, placement, masking, format information): only the
//! scoring is ours, and it reproduces `qrcode`'s own scores exactly,
//! including where they depart from the standard (no 5 % rounding in the
//! balance rule; the finder rule's 360 points for the three real finder
//! patterns taken off per direction), so every code prints exactly as before.
//! A test holds the two to the same choice on many values.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, QrResult};

const ALL: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The symbol's modules (row-major, `true` = dark) and its width, for
/// `bits` of a normal (not micro) QR version.
pub(super) fn encode(bits: Bits, ec: EcLevel) -> QrResult<(Vec<bool>, usize)> {
    let version = bits.version();
    let data = bits.into_bytes();
    let (codewords, ec_words) = qrcode::ec::construct_codewords(&data, version, ec)?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec_words);
    let width = usize::try_from(version.width()).unwrap_or(0);
    let mut best: Option<(u16, Vec<bool>)> = None;
    for pattern in ALL {
        let mut c = canvas.clone();
        c.apply_mask(pattern);
        let dark: Vec<bool> = c
            .into_colors()
            .into_iter()
            .map(|m| m == Color::Dark)
            .collect();
        let score = penalty(&dark, width);
        // The first mask with the lowest score, as `Iterator::min_by_key`.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    let dark = best.map(|(_, d)| d).unwrap_or_default();
    Ok((dark, width))
}

/// Rules 1 to 3 of one masked symbol, each as `qrcode` counts it.
struct Scores {
    adjacent: u16,
    blocks: u16,
    finder_h: u16,
    finder_v: u16,
}

/// The four rules' total, in `qrcode`'s arithmetic (16-bit, wrapping).
fn penalty(dark: &[bool], w: usize) -> u16 {
    let s = if (7..=64).contains(&w) {
        scores_bits(dark, w)
    } else {
        scores_lines(dark, w)
    };
    // Rule 4: the share of dark modules away from half.
    let darks = dark.iter().filter(|d| **d).count();
    let balance = (darks * 200 / dark.len().max(1)).abs_diff(100) as u16;
    s.adjacent
        .wrapping_add(s.blocks)
        .wrapping_add(s.finder_h.wrapping_sub(360))
        .wrapping_add(s.finder_v.wrapping_sub(360))
        .wrapping_add(balance)
}

/// The rules on rows held as bits (versions 1 to 11, up to 61 modules
/// wide: every ticket's code), a row at a time instead of a module.
fn scores_bits(dark: &[bool], w: usize) -> Scores {
    let mut rows = [0u64; 64];
    let mut cols = [0u64; 64];
    for (y, row) in dark.chunks_exact(w).enumerate() {
        for (x, _) in row.iter().enumerate().filter(|(_, d)| **d) {
            rows[y] |= 1 << x;
            cols[x] |= 1 << y;
        }
    }
    let (rows, cols) = (&rows[..w], &cols[..w]);
    let all = if w == 64 { u64::MAX } else { (1u64 << w) - 1 };
    // Bit k set: module k equals module k + 1.
    let pairs = all >> 1;
    let same = |r: u64| !(r ^ (r >> 1)) & pairs;
    let mut adjacent: u16 = 0;
    let mut finder_h: u16 = 0;
    let mut finder_v: u16 = 0;
    for (&r, &c) in rows.iter().zip(cols) {
        adjacent = adjacent
            .wrapping_add(run_bits(same(r)))
            .wrapping_add(run_bits(same(c)));
        finder_h = finder_h.wrapping_add(finder_bits(r, w));
        finder_v = finder_v.wrapping_add(finder_bits(c, w));
    }
    let mut blocks: u16 = 0;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let n = (same(a) & same(b) & !(a ^ b)).count_ones();
        blocks = blocks.wrapping_add(3 * n as u16);
    }
    Scores {
        adjacent,
        blocks,
        finder_h,
        finder_v,
    }
}

/// Rule 1 from the equal-neighbour bits of a line: a run of m set bits is a
/// run of m + 1 modules, which costs m − 1 from five modules on.
fn run_bits(mut e: u64) -> u16 {
    let mut score: u16 = 0;
    while e != 0 {
        e >>= e.trailing_zeros();
        let m = (!e).trailing_zeros();
        if m >= 4 {
            score = score.wrapping_add(m as u16 - 1);
        }
        e = e.checked_shr(m).unwrap_or(0);
    }
    score
}

/// Rule 3 on a line of `w` modules held as bits.
fn finder_bits(r: u64, w: usize) -> u16 {
    let starts = r & !(r >> 1) & (r >> 2) & (r >> 3) & (r >> 4) & !(r >> 5) & (r >> 6);
    let mut starts = starts & ((1u64 << (w - 6)) - 1);
    let mut score: u16 = 0;
    while starts != 0 {
        let j = starts.trailing_zeros() as usize;
        starts &= starts - 1;
        let before = r & (((1u64 << j) - 1) & !((1u64 << j.saturating_sub(4)) - 1));
        let after = r.checked_shr(j as u32 + 7).unwrap_or(0) & 0xF;
        if before == 0 || after == 0 {
            score = score.wrapping_add(40);
        }
    }
    score
}

/// The rules line by line, for the larger versions. Columns are scored as
/// rows of the transposed symbol, so every rule reads contiguous memory.
fn scores_lines(dark: &[bool], w: usize) -> Scores {
    let mut transposed = vec![false; dark.len()];
    for (y, row) in dark.chunks_exact(w).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            transposed[x * w + y] = d;
        }
    }
    let mut adjacent: u16 = 0;
    let mut finder_h: u16 = 0;
    let mut finder_v: u16 = 0;
    for (row, col) in dark.chunks_exact(w).zip(transposed.chunks_exact(w)) {
        adjacent = adjacent.wrapping_add(runs(row)).wrapping_add(runs(col));
        finder_h = finder_h.wrapping_add(finders(row));
        finder_v = finder_v.wrapping_add(finders(col));
    }
    let mut blocks: u16 = 0;
    for pair in dark.chunks_exact(w).collect::<Vec<_>>().windows(2) {
        let (a, b) = (pair[0], pair[1]);
        for x in 0..w - 1 {
            let c = a[x];
            if a[x + 1] == c && b[x] == c && b[x + 1] == c {
                blocks = blocks.wrapping_add(3);
            }
        }
    }
    Scores {
        adjacent,
        blocks,
        finder_h,
        finder_v,
    }
}

/// Rule 1 along one line: a run of n ≥ 5 same-coloured modules costs n − 2.
fn runs(line: &[bool]) -> u16 {
    let mut score: u16 = 0;
    let mut len: u16 = 1;
    for k in 1..=line.len() {
        if k < line.len() && line[k] == line[k - 1] {
            len += 1;
        } else {
            if len >= 5 {
                score = score.wrapping_add(len - 2);
            }
            len = 1;
        }
    }
    score
}

/// Rule 3 along one line: dark-light-dark-dark-dark-light-dark with four
/// light (or absent) modules on at least one side costs 40.
fn finders(line: &[bool]) -> u16 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score: u16 = 0;
    for (j, window) in line.windows(7).enumerate() {
        if window != PATTERN {
            continue;
        }
        let before = &line[j.saturating_sub(4)..j];
        let after = &line[(j + 7).min(line.len())..(j + 11).min(line.len())];
        if !before.contains(&true) || !after.contains(&true) {
            score = score.wrapping_add(40);
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::QrCode;

    /// The crate's own choice, for comparison.
    fn reference(value: &str) -> Vec<bool> {
        QrCode::with_error_correction_level(value.as_bytes(), EcLevel::M)
            .unwrap()
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect()
    }

    #[test]
    fn chooses_the_mask_qrcode_chooses() {
        let mut values: Vec<String> = (0..400)
            .map(|i| format!("AF-B-{i}|Row {}|Seat {}", i / 30 + 1, i % 30 + 1))
            .collect();
        values.extend((0..200).map(|i| format!("{:013}", i * 7_919_777_u64)));
        values.extend((0..100).map(|i| format!("https://tickets.example/t/{i:08x}?k={}", i * 31)));
        values.push("x".repeat(600));
        for v in values {
            let bits = qrcode::bits::encode_auto(v.as_bytes(), EcLevel::M).unwrap();
            let (dark, _) = encode(bits, EcLevel::M).unwrap();
            assert_eq!(dark, reference(&v), "{v}");
        }
        // Text beyond ASCII goes as UTF-8 behind an ECI designator.
        let utf8 = |v: &str| {
            let mut bits = Bits::new(qrcode::Version::Normal(3));
            bits.push_eci_designator(26).unwrap();
            bits.push_byte_data(v.as_bytes()).unwrap();
            bits.push_terminator(EcLevel::M).unwrap();
            bits
        };
        for i in 0..300 {
            let v = format!("AF-{i}|Ряд {}|Место {}", i / 30 + 1, i % 30 + 1);
            let (dark, _) = encode(utf8(&v), EcLevel::M).unwrap();
            let theirs: Vec<bool> = QrCode::with_bits(utf8(&v), EcLevel::M)
                .unwrap()
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            assert_eq!(dark, theirs, "{v}");
        }
    }
}
