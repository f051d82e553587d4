//! Barcodes as vector shapes: a value is checked for its symbology, encoded
//! into modules by a maintained crate, and sized for the area it gets on a
//! stock — whole 203 dpi dots per module, each symbology's quiet zones and
//! minimum module size kept — then handed to the page as runs of dark
//! modules (one rectangle per run, not per module).

mod linear;
mod matrix;
mod qr_mask;

use crate::domain::{Barcode, Symbology};

use super::error::BarcodeProblem;
use super::stock::{CodeSizes, DOT, Stock, mm};

/// A rectangle of dark modules: a horizontal run, extended down over the
/// rows that repeat it exactly (finder patterns, PDF417 start and stop
/// columns). In module units from the symbol's top-left corner, quiet zone
/// excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub x: u16,
    pub y: u16,
    pub len: u16,
    pub rows: u16,
}

/// A symbol sized for a page, in points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sized {
    pub runs: Vec<Run>,
    /// Width of a module.
    pub module_w: f32,
    /// Height of a grid row: the bar height of a linear code, a module of a
    /// QR code, three modules of a PDF417 row.
    pub module_h: f32,
    pub symbol_w: f32,
    pub symbol_h: f32,
    pub quiet_left: f32,
    pub quiet_right: f32,
    pub quiet_v: f32,
    /// Linear codes get their value printed under the bars.
    pub linear: bool,
}

impl Sized {
    pub fn width(&self) -> f32 {
        self.quiet_left + self.symbol_w + self.quiet_right
    }

    pub fn height(&self) -> f32 {
        self.symbol_h + 2.0 * self.quiet_v
    }
}

/// Checks that a value can be printed in its symbology, whatever the stock.
pub(crate) fn check(b: &Barcode) -> Result<(), BarcodeProblem> {
    match b.symbology {
        Symbology::Ean13 => linear::check_ean13(&b.value),
        Symbology::Code128 => linear::check_code128(&b.value),
        Symbology::Interleaved2of5 => linear::check_itf(&b.value),
        Symbology::QrCode => matrix::check_qr(&b.value),
        Symbology::Pdf417 => matrix::check_pdf417(&b.value),
    }
}

/// Per-symbology rules: quiet zones in modules and the smallest module, in
/// dots (0.125 mm each), that scanners read reliably.
struct Rules {
    quiet_left: u32,
    quiet_right: u32,
    min_dots: u32,
}

fn linear_rules(s: Symbology) -> Rules {
    match s {
        // GS1: X ≥ 0.264 mm (80 %), quiet zones 11X left and 7X right.
        Symbology::Ean13 => Rules {
            quiet_left: 11,
            quiet_right: 7,
            min_dots: 3,
        },
        // ISO/IEC 15417 and 16390: quiet zones of 10X, X ≥ 0.19 mm.
        _ => Rules {
            quiet_left: 10,
            quiet_right: 10,
            min_dots: 2,
        },
    }
}

const QR_QUIET: u32 = 4;
const QR_MIN_DOTS: u32 = 3;
/// PDF417: quiet zone 2X all round, rows 3X tall (ISO/IEC 15438 minimums).
const PDF417_QUIET: u32 = 2;
const PDF417_ROW: u32 = 3;
const PDF417_MIN_DOTS: u32 = 2;

/// Sizes `b` to fit `w` × `h` points on `stock`.
pub(crate) fn size(
    b: &Barcode,
    w: f32,
    h: f32,
    sizes: &CodeSizes,
    stock: Stock,
) -> Result<Sized, BarcodeProblem> {
    let too_wide = BarcodeProblem::TooWide { stock };
    match b.symbology {
        Symbology::Ean13 | Symbology::Code128 | Symbology::Interleaved2of5 => {
            let modules = match b.symbology {
                Symbology::Ean13 => linear::ean13(&b.value)?,
                Symbology::Code128 => linear::code128(&b.value)?,
                _ => linear::itf(&b.value)?,
            };
            size_linear(&modules, linear_rules(b.symbology), w, h, sizes).ok_or(too_wide)
        }
        Symbology::QrCode => {
            let grid = matrix::qr(&b.value)?;
            size_qr(&grid, w, h, sizes).ok_or(too_wide)
        }
        Symbology::Pdf417 => size_pdf417(&b.value, w, h, sizes, too_wide),
    }
}

fn snap(pt: f32) -> f32 {
    (pt / DOT).floor() * DOT
}

fn size_linear(modules: &[bool], r: Rules, w: f32, h: f32, sizes: &CodeSizes) -> Option<Sized> {
    let total = modules.len() as u32 + r.quiet_left + r.quiet_right;
    let pref = sizes.linear_dots.max(r.min_dots);
    let dots = (r.min_dots..=pref)
        .rev()
        .find(|d| (total * d) as f32 * DOT <= w)?;
    let module_w = dots as f32 * DOT;
    let symbol_w = modules.len() as f32 * module_w;
    // ISO/IEC 15417: bars at least 15 % of the symbol's width, and 6.35 mm.
    let min_h = (0.15 * symbol_w).max(mm(6.35));
    let bar_h = snap(sizes.linear_height.max(min_h).min(h));
    if bar_h + DOT < min_h {
        return None;
    }
    let runs = runs_of(modules, 0);
    Some(Sized {
        runs,
        module_w,
        module_h: bar_h,
        symbol_w,
        symbol_h: bar_h,
        quiet_left: r.quiet_left as f32 * module_w,
        quiet_right: r.quiet_right as f32 * module_w,
        quiet_v: 0.0,
        linear: true,
    })
}

fn size_qr(g: &matrix::Grid, w: f32, h: f32, sizes: &CodeSizes) -> Option<Sized> {
    let total = (g.cols as u32 + 2 * QR_QUIET) as f32;
    let fit = (w.min(h) / (total * DOT)).floor() as u32;
    let pref = ((sizes.qr_side / (g.cols as f32 * DOT)).round() as u32).max(QR_MIN_DOTS);
    let dots = pref.min(fit);
    if dots < QR_MIN_DOTS {
        return None;
    }
    Some(grid_sized(
        g,
        dots as f32 * DOT,
        dots as f32 * DOT,
        QR_QUIET,
        QR_QUIET,
    ))
}

fn size_pdf417(
    value: &str,
    w: f32,
    h: f32,
    sizes: &CodeSizes,
    too_wide: BarcodeProblem,
) -> Result<Sized, BarcodeProblem> {
    let pref = sizes.pdf417_dots.max(PDF417_MIN_DOTS);
    for dots in (PDF417_MIN_DOTS..=pref).rev() {
        let module = dots as f32 * DOT;
        // A row is 17 modules per data column plus 69 for start, stop and
        // the row indicators.
        let width_modules = (w / module).floor() as i64 - 2 * i64::from(PDF417_QUIET);
        let max_cols = (width_modules - 69) / 17;
        if max_cols < 1 {
            continue;
        }
        let grid = match matrix::pdf417(value, max_cols.min(30) as u32) {
            Ok(g) => g,
            Err(matrix::Pdf417Refusal::Problem(p)) => return Err(p),
            Err(matrix::Pdf417Refusal::TooWide) => continue,
        };
        let sized = grid_sized(
            &grid,
            module,
            module * PDF417_ROW as f32,
            PDF417_QUIET,
            PDF417_QUIET,
        );
        if sized.height() <= h && sized.width() <= w {
            return Ok(sized);
        }
    }
    Err(too_wide)
}

fn grid_sized(g: &matrix::Grid, module_w: f32, module_h: f32, quiet_h: u32, quiet_v: u32) -> Sized {
    let runs = merge_rows((0..g.rows).map(|y| runs_of(&g.dark[y * g.cols..(y + 1) * g.cols], y)));
    Sized {
        runs,
        module_w,
        module_h,
        symbol_w: g.cols as f32 * module_w,
        symbol_h: g.rows as f32 * module_h,
        quiet_left: quiet_h as f32 * module_w,
        quiet_right: quiet_h as f32 * module_w,
        // The vertical quiet zone is counted in modules, not rows.
        quiet_v: quiet_v as f32 * module_w,
        linear: false,
    }
}

/// Extends each run down while the next row has the very same run, so a
/// symbol is fewer, taller rectangles (a quarter fewer for QR and PDF417).
fn merge_rows(rows: impl Iterator<Item = Vec<Run>>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    // Indices in `out` of the runs that reach the previous row, by x.
    let mut open: Vec<usize> = Vec::new();
    for row in rows {
        let mut next_open = Vec::with_capacity(row.len());
        let mut i = 0;
        for run in row {
            while i < open.len() && out[open[i]].x < run.x {
                i += 1;
            }
            match open.get(i) {
                Some(&k) if out[k].x == run.x && out[k].len == run.len => {
                    out[k].rows += 1;
                    next_open.push(k);
                }
                _ => {
                    next_open.push(out.len());
                    out.push(run);
                }
            }
        }
        open = next_open;
    }
    out
}

/// Merges a row of modules into runs of dark modules.
fn runs_of(row: &[bool], y: usize) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut x = 0;
    while x < row.len() {
        if row[x] {
            let start = x;
            while x < row.len() && row[x] {
                x += 1;
            }
            runs.push(Run {
                x: start as u16,
                y: y as u16,
                len: (x - start) as u16,
                rows: 1,
            });
        } else {
            x += 1;
        }
    }
    runs
}

#[cfg(test)]
mod tests;
