//! A page's content stream: rules and banners as rectangles, linear barcodes
//! as one filled path of bars, matrix codes (QR, PDF417) as an image mask of
//! their modules, and all the text in one text object.
//!
//! A linear code is drawn in its own coordinate system, one unit per module,
//! so its path holds small integers (`12 0 3 1 re`): short to write, quick to
//! compress, and one fill for the whole symbol leaves no hairline seams
//! between adjacent bars when a viewer anti-aliases. A matrix code is a
//! one-bit image of exactly its modules, scaled so that a module is a whole
//! number of printer dots: a few hundred bytes where the rectangles of a QR
//! code took several kilobytes, and just as sharp (an image mask is drawn
//! without smoothing, and every module edge falls on the dot grid).

use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Str};

use super::FONT_NAME;
use super::font::Glyphs;
use crate::tickets::barcode::Sized;
use crate::tickets::fonts::{BOLD_STROKE, Weight};
use crate::tickets::layout::{Mark, Page};

/// Appends `page`'s content stream to `out`.
pub(super) fn write(page: &Page, glyphs: &mut Glyphs, out: &mut Vec<u8>) {
    let h = page.height;
    let mut c = Content::with_capacity(1024);
    for m in &page.marks {
        match m {
            Mark::Fill { x, y, w, h: rh } => {
                rect(&mut c, *x, h - y - rh, *w, *rh).fill_nonzero();
            }
            Mark::Stroke { x, y, w, h: rh } => {
                c.set_line_width(0.5);
                rect(&mut c, *x, h - y - rh, *w, *rh).stroke();
            }
            Mark::Code { x, y, code } if code.linear => {
                c.save_state();
                // Module space: x right, y down from the symbol's top-left.
                c.transform([code.module_w, 0.0, 0.0, -code.module_h, *x, h - y]);
                for r in &code.runs {
                    c.rect(
                        f32::from(r.x),
                        f32::from(r.y),
                        f32::from(r.len),
                        f32::from(r.rows),
                    );
                }
                c.fill_nonzero().restore_state();
            }
            Mark::Code { x, y, code } => {
                // The image is raw bytes in the stream: what was written so
                // far goes out first.
                out.extend_from_slice(
                    &std::mem::replace(&mut c, Content::with_capacity(1024)).finish(),
                );
                out.push(b'\n');
                image_mask(code, *x, h - y, out);
            }
            Mark::Text { .. } => {}
        }
    }
    text(page, glyphs, &mut c);
    out.extend_from_slice(&c.finish());
}

/// A matrix code as an inline image mask whose top-left corner is at `x`,
/// `top` (PDF coordinates). Dark modules are the 1 bits (`/D [1 0]`); the
/// data is in hexadecimal (`/F /AHx`), so no byte of it can be mistaken for
/// the image's end by a reader that scans for `EI`.
fn image_mask(code: &Sized, x: f32, top: f32, out: &mut Vec<u8>) {
    let cols = (code.symbol_w / code.module_w).round().max(1.0) as usize;
    let rows = (code.symbol_h / code.module_h).round().max(1.0) as usize;
    let stride = cols.div_ceil(8);
    let mut bits = vec![0u8; stride * rows];
    for r in &code.runs {
        for row in usize::from(r.y)..usize::from(r.y) + usize::from(r.rows) {
            for col in usize::from(r.x)..usize::from(r.x) + usize::from(r.len) {
                if let Some(byte) = bits.get_mut(row * stride + col / 8) {
                    *byte |= 0x80 >> (col % 8);
                }
            }
        }
    }
    let w = cols as f32 * code.module_w;
    let h = rows as f32 * code.module_h;
    let mut c = Content::new();
    c.save_state();
    // The unit square, image row 0 at its top, onto the symbol's area.
    c.transform([w, 0.0, 0.0, h, x, top - h]);
    out.extend_from_slice(&c.finish());
    out.extend_from_slice(
        format!("\nBI /W {cols} /H {rows} /IM true /D [1 0] /F /AHx ID\n").as_bytes(),
    );
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bits.iter().enumerate() {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
        if (i + 1) % stride == 0 {
            out.push(b'\n');
        }
    }
    out.extend_from_slice(b">\nEI\nQ\n");
}

/// All the page's text in one text object, switching size, weight (fill or
/// fill and stroke) and colour only when they change.
fn text(page: &Page, glyphs: &mut Glyphs, c: &mut Content) {
    let mut size_now: Option<u32> = None;
    let mut bold_now: Option<u32> = None;
    let mut white = false;
    let mut started = false;
    let mut encoded = Vec::with_capacity(128);
    for m in &page.marks {
        let Mark::Text {
            x,
            baseline,
            size,
            weight,
            white: w,
            text,
        } = m
        else {
            continue;
        };
        if !started {
            c.begin_text();
            started = true;
        }
        if size_now != Some(size.to_bits()) {
            c.set_font(FONT_NAME, *size);
            size_now = Some(size.to_bits());
        }
        let stroke = match weight {
            Weight::Bold => BOLD_STROKE * size,
            Weight::Regular => 0.0,
        };
        if bold_now != Some(stroke.to_bits()) {
            if stroke > 0.0 {
                c.set_line_width(stroke);
                c.set_text_rendering_mode(TextRenderingMode::FillStroke);
            } else {
                c.set_text_rendering_mode(TextRenderingMode::Fill);
            }
            bold_now = Some(stroke.to_bits());
        }
        if *w != white {
            let grey = if *w { 1.0 } else { 0.0 };
            c.set_fill_gray(grey).set_stroke_gray(grey);
            white = *w;
        }
        c.set_text_matrix([
            1.0,
            0.0,
            0.0,
            1.0,
            hundredth(*x),
            hundredth(page.height - baseline),
        ]);
        encoded.clear();
        glyphs.encode(text, &mut encoded);
        c.show(Str(&encoded));
    }
    if started {
        if white {
            c.set_fill_gray(0.0).set_stroke_gray(0.0);
        }
        c.end_text();
    }
}

/// A rule or banner, to 0.01 pt like text.
fn rect(c: &mut Content, x: f32, y: f32, w: f32, h: f32) -> &mut Content {
    c.rect(hundredth(x), hundredth(y), hundredth(w), hundredth(h))
}

/// Text positions to 0.01 pt (a thirty-fifth of a 203 dpi dot): shorter
/// numbers in every page's content, nothing visible lost.
fn hundredth(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}
