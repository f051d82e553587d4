//! The tickets look as they did before the streaming PDF writer: every
//! page of an order with the five symbologies, on every stock, is compared
//! at the thermal printers' 203 dpi with the same page as the printpdf-based
//! renderer made it (`tests/stocks/before-*.pdf`, rendered from
//! `tests/stocks/order.json` with `box-office render` before the change).
//!
//! Anti-aliasing differs by a pixel along edges (rounding of coordinates,
//! an image mask instead of rectangles for QR and PDF417 modules), so a
//! pixel counts as changed only when nothing within one pixel of it in the
//! other image has its shade. A seat number or a code that changed leaves
//! hundreds of such pixels; the check that the comparison sees that is part
//! of the test.

#[allow(dead_code)] // the helpers serve tickets_pdf.rs too; this uses a few
#[path = "tools/pdf_tools.rs"]
mod pdf_tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use box_office::tickets::import::{ImportOptions, read_order};
use box_office::tickets::{RenderOptions, Stamp, Stock, render_order};
use pdf_tools::{POPPLER, root, run, tmp};

const DPI: u32 = 203;
/// Changed pixels a page may have and still look the same.
const SAME: usize = 40;
/// Shades closer than this are the same ink (anti-aliasing moves edges by
/// a shade, a changed mark turns white into black).
const TOL: u8 = 128;

struct Grey {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Grey {
    fn at(&self, x: usize, y: usize) -> Option<u8> {
        (x < self.w && y < self.h).then(|| self.px[y * self.w + x])
    }
}

/// Pages as greyscale images (pdftoppm's PGM).
fn pages(pdf: &Path, dir: &Path) -> Vec<Grey> {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = dir.join(&stem);
    run(
        Command::new("pdftoppm")
            .args(["-r", &DPI.to_string(), "-gray"])
            .arg(pdf)
            .arg(&prefix),
        POPPLER,
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "pgm")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}-")))
        })
        .collect();
    files.sort();
    files.iter().map(|f| read_pgm(f)).collect()
}

fn read_pgm(path: &Path) -> Grey {
    let bytes = std::fs::read(path).unwrap();
    // "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "{}", path.display());
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = bytes[at + 1..].to_vec();
    assert_eq!(px.len(), w * h, "{}", path.display());
    Grey { w, h, px }
}

/// Pixels of `a` with no pixel of the same shade (within `TOL` levels) at or
/// next to the same place in `b`, over the area both cover.
fn unmatched(a: &Grey, b: &Grey) -> usize {
    let (w, h) = (a.w.min(b.w), a.h.min(b.h));
    let mut n = 0;
    for y in 0..h {
        for x in 0..w {
            let v = a.px[y * a.w + x];
            if b.px[y * b.w + x].abs_diff(v) <= TOL {
                continue;
            }
            let near = (y.saturating_sub(1)..=y + 1).any(|yy| {
                (x.saturating_sub(1)..=x + 1)
                    .any(|xx| b.at(xx, yy).is_some_and(|u| u.abs_diff(v) <= TOL))
            });
            if !near {
                n += 1;
            }
        }
    }
    n
}

fn changed(a: &Grey, b: &Grey) -> usize {
    unmatched(a, b) + unmatched(b, a)
}

#[test]
fn every_stock_prints_as_before() {
    let dir = tmp();
    let text = std::fs::read_to_string(root().join("tests/stocks/order.json")).unwrap();
    let order = read_order(&text, &ImportOptions::default()).unwrap().order;
    for stock in Stock::ALL {
        let options = RenderOptions {
            stock,
            stamp: Some(Stamp::Copy),
            reprint: None,
            tickets: None,
        };
        let now = dir.path().join(format!("now-{stock}.pdf"));
        std::fs::write(&now, render_order(&order, &options).unwrap().pdf).unwrap();
        let before = pages(
            &root().join(format!("tests/stocks/before-{stock}.pdf")),
            dir.path(),
        );
        let after = pages(&now, dir.path());
        assert_eq!(before.len(), after.len(), "{stock}: page count");
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            // Page sizes agree to a pixel (the old writer's millimetre
            // round trip added a hundredth of a point).
            assert!(
                b.w.abs_diff(a.w) <= 1 && b.h.abs_diff(a.h) <= 1,
                "{stock} page {}",
                i + 1
            );
            let n = changed(b, a);
            assert!(n <= SAME, "{stock} page {}: {n} pixels changed", i + 1);
        }
        // The comparison sees a difference a cashier would: the next
        // ticket (another seat, another code) is far from this one.
        if let (Some(first), Some(second)) = (before.first(), after.get(1)) {
            let n = changed(first, second);
            assert!(
                n > 20 * SAME,
                "{stock}: two different tickets differ by only {n} pixels"
            );
        }
    }
}
