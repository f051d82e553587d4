//! Placing a barcode: centred in its own region (Boca, A4, Letter) or in
//! the text flow (the roll), on the dot grid, with its human-readable value
//! under it.

use crate::domain::Barcode;

use super::{Flow, LEADING, Mark, snap};
use crate::tickets::barcode::{self, Sized};
use crate::tickets::error::BarcodeProblem;
use crate::tickets::fonts::{Weight, fonts, printable};
use crate::tickets::stock::Region;
use crate::tickets::text::{FitRule, fit};

impl Flow<'_> {
    /// The code centred in its own region, with its value under it.
    pub(super) fn code_in(&mut self, b: &Barcode, r: Region) -> Result<(), BarcodeProblem> {
        let caption = self.caption(b, r.w);
        let caption_h = caption_height(&caption);
        let code = barcode::size(b, r.w, r.h - caption_h, &self.t.code_sizes, self.t.stock)?;
        let block_h = code.height() + caption_h;
        let top = snap(r.y + (r.h - block_h) / 2.0);
        let left = snap(r.x + (r.w - code.width()) / 2.0);
        self.place_code(code, left, top, r, caption);
        Ok(())
    }

    /// The code in the text flow (roll stock), centred across the column.
    pub(super) fn code_inline(&mut self, b: &Barcode) -> Result<(), BarcodeProblem> {
        let Some(r) = self.region() else {
            self.overflow = self.continued.is_none();
            return Ok(());
        };
        let caption = self.caption(b, r.w);
        let caption_h = caption_height(&caption);
        let avail_h = self.t.max_height.min(r.h) - caption_h;
        let code = barcode::size(b, r.w, avail_h, &self.t.code_sizes, self.t.stock)?;
        self.y = snap(self.y + 3.0);
        let block_h = code.height() + caption_h;
        let Some(r) = self.take(block_h) else {
            return Ok(());
        };
        let top = snap(self.y - block_h);
        let left = snap(r.x + (r.w - code.width()) / 2.0);
        self.place_code(code, left, top, r, caption);
        self.y += 3.0;
        Ok(())
    }

    fn place_code(&mut self, code: Sized, left: f32, top: f32, r: Region, caption: Caption) {
        let below = top + code.height();
        let (x, y) = (left + code.quiet_left, top + code.quiet_v);
        let code_w = code.width();
        self.marks.push(Mark::Code { x, y, code });
        let face = fonts().face(Weight::Regular);
        let mut baseline = below + caption.gap;
        for line in caption.lines {
            baseline += caption.size * LEADING;
            let w = face.width(&line, caption.size);
            let centre = left + code_w / 2.0;
            self.marks.push(Mark::Text {
                x: (centre - w / 2.0).clamp(r.x, r.x + (r.w - w).max(0.0)),
                baseline: baseline - caption.size * (LEADING - face.ascent),
                size: caption.size,
                weight: Weight::Regular,
                white: false,
                text: line,
            });
        }
    }

    /// The human-readable value: always under linear codes; under 2D codes
    /// when short enough to be typed in by hand.
    fn caption(&self, b: &Barcode, width: f32) -> Caption {
        let size = self.t.code_sizes.text_size;
        let linear = !b.symbology.is_two_dimensional();
        if !linear && b.value.chars().count() > 64 {
            return Caption {
                lines: Vec::new(),
                size,
                gap: 0.0,
            };
        }
        let face = fonts().face(Weight::Regular);
        let measure = |s: &str| face.width(s, 1.0);
        let rule = FitRule {
            size,
            min_size: self.t.type_scale.min,
            max_lines: if linear { 1 } else { 3 },
        };
        let f = fit(&printable(&b.value), rule, width, &measure);
        Caption {
            lines: f.lines,
            size: f.size,
            gap: if linear { 1.0 } else { 0.0 },
        }
    }
}

struct Caption {
    lines: Vec<String>,
    size: f32,
    gap: f32,
}

fn caption_height(c: &Caption) -> f32 {
    c.gap + c.lines.len() as f32 * c.size * LEADING
}
