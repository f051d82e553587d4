//! Page layout: a form's blocks (text, the barcode, a reprint banner) flowed
//! into a stock's regions, giving pages of positioned marks.
//!
//! A ticket is one page: when its text does not fit, the whole text is set
//! smaller, step by step, and only at the smallest size is the overflow cut
//! with an ellipsis. An order form is a flow: it continues into the space
//! below the panel and onto further pages. Coordinates are points from the
//! page's top-left corner; barcodes are placed on the 203 dpi dot grid.

mod code;
mod model;

pub(crate) use model::{Block, Mark, Page, Role};

use super::error::BarcodeProblem;
use super::fonts::{Weight, fonts};
use super::stock::{DOT, Region, Template};
use super::text::{FitRule, ellipsize, fit};

const LEADING: f32 = 1.18;
/// Scales tried, largest first, when a ticket's text does not fit.
const SCALES: [f32; 5] = [1.0, 0.9, 0.8, 0.72, 0.65];

/// Lays out a one-page ticket.
pub(crate) fn ticket(blocks: &[Block], t: &Template) -> Result<Page, BarcodeProblem> {
    widening(t, |t| ticket_in(blocks, t))
}

/// Lays out a form: on one page if it fits at some scale, else flowing over
/// as many pages as it needs, continuation pages starting with `continued`.
pub(crate) fn form(
    blocks: &[Block],
    t: &Template,
    continued: &str,
) -> Result<Vec<Page>, BarcodeProblem> {
    widening(t, |t| form_in(blocks, t, continued))
}

/// Runs `f`, and again with the code across the full width when the code
/// did not fit its column.
fn widening<T>(
    t: &Template,
    f: impl Fn(&Template) -> Result<T, BarcodeProblem>,
) -> Result<T, BarcodeProblem> {
    match f(t) {
        Err(BarcodeProblem::TooWide { .. }) if t.wide.is_some() => match t.widened() {
            Some(w) => f(&w),
            None => f(t),
        },
        other => other,
    }
}

fn ticket_in(blocks: &[Block], t: &Template) -> Result<Page, BarcodeProblem> {
    let (last, larger) = SCALES.split_last().unwrap_or((&1.0, &[]));
    for &scale in larger {
        let mut flow = Flow::new(t, scale, None, false, false);
        flow.run(blocks)?;
        if !flow.overflow {
            return Ok(flow.into_page());
        }
    }
    // At the smallest scale whatever still does not fit is cut.
    let mut flow = Flow::new(t, *last, None, true, false);
    flow.run(blocks)?;
    Ok(flow.into_page())
}

fn form_in(blocks: &[Block], t: &Template, continued: &str) -> Result<Vec<Page>, BarcodeProblem> {
    // A form that fits one ticket is printed on one, a little smaller if
    // need be; a long one flows on at full size.
    for &scale in &SCALES[..SCALES.len() - 1] {
        let mut flow = Flow::new(t, scale, None, false, true);
        flow.run(blocks)?;
        if !flow.overflow {
            return Ok(flow.finish());
        }
    }
    let mut flow = Flow::new(t, 1.0, Some(continued.to_owned()), false, true);
    flow.run(blocks)?;
    Ok(flow.finish())
}

struct Flow<'t> {
    t: &'t Template,
    scale: f32,
    /// Header of continuation pages; `None` for a one-page ticket.
    continued: Option<String>,
    /// Cut the overflow instead of reporting it.
    truncate: bool,
    overflow: bool,
    pages: Vec<Page>,
    marks: Vec<Mark>,
    regions: Vec<Region>,
    y: f32,
    lowest: f32,
}

impl<'t> Flow<'t> {
    fn new(
        t: &'t Template,
        scale: f32,
        continued: Option<String>,
        truncate: bool,
        below: bool,
    ) -> Self {
        let mut regions = vec![t.text];
        if below {
            // Only a form flows on below the panel; a ticket stays inside it.
            regions.extend(t.below);
        }
        let mut marks = Vec::new();
        if let Some(f) = t.frame {
            marks.push(Mark::Stroke {
                x: f.x,
                y: f.y,
                w: f.w,
                h: f.h,
            });
        }
        Flow {
            t,
            scale,
            continued,
            truncate,
            overflow: false,
            pages: Vec::new(),
            marks,
            y: t.text.y,
            lowest: t.text.y,
            regions,
        }
    }

    fn size(&self, role: Role) -> f32 {
        let s = &self.t.type_scale;
        let base = match role {
            Role::Title => s.title,
            Role::Big => s.big,
            Role::Body => s.body,
            Role::Small => s.small,
        };
        (base * self.scale).max(s.min)
    }

    fn region(&self) -> Option<Region> {
        self.regions.first().copied()
    }

    fn run(&mut self, blocks: &[Block]) -> Result<(), BarcodeProblem> {
        for block in blocks {
            let own_region =
                matches!(block, Block::Code(_)) && self.t.code.is_some() && self.pages.is_empty();
            if self.overflow && !own_region {
                // A full ticket drops the rest of its text, never its code.
                continue;
            }
            match block {
                Block::Text {
                    text,
                    role,
                    weight,
                    max_lines,
                } => self.text(text, *role, *weight, *max_lines),
                Block::Banner(text) => self.banner(text),
                Block::Code(b) => match self.t.code {
                    Some(r) if self.pages.is_empty() => self.code_in(b, r)?,
                    _ => self.code_inline(b)?,
                },
                Block::Gap(g) => self.y += g * self.scale,
                Block::Rule => {
                    if let Some(r) = self.take(2.0) {
                        self.marks.push(Mark::Fill {
                            x: r.x,
                            y: self.y - 1.4,
                            w: r.w,
                            h: 0.6,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Reserves `h` points at the cursor, moving to the next region or page
    /// when they do not fit; `None` when a one-page ticket is full.
    fn take(&mut self, h: f32) -> Option<Region> {
        loop {
            let r = match self.region() {
                Some(r) => r,
                None if self.continued.is_some() => {
                    self.new_page();
                    continue;
                }
                None => {
                    self.overflow = true;
                    return None;
                }
            };
            if self.y + h <= r.bottom() + 0.01 || (self.y <= r.y + 0.01 && h > r.h) {
                self.y += h;
                self.lowest = self.lowest.max(self.y);
                return Some(r);
            }
            self.regions.remove(0);
            if let Some(next) = self.region() {
                self.y = next.y;
            }
        }
    }

    /// Moves a short block whole to the next region or page when it would
    /// otherwise be split (a seat's two lines stay together).
    fn keep_together(&mut self, h: f32) {
        let Some(r) = self.region() else { return };
        let fits = self.y + h <= r.bottom() + 0.01;
        let at_top = self.y <= r.y + 0.01;
        if fits || at_top || (self.regions.len() < 2 && self.continued.is_none()) {
            return;
        }
        self.regions.remove(0);
        match self.region() {
            Some(next) => self.y = next.y,
            None => self.new_page(),
        }
    }

    fn new_page(&mut self) {
        self.close_page();
        self.regions = vec![self.t.cont];
        self.y = self.t.cont.y;
        self.lowest = self.y;
        if let Some(header) = self.continued.clone() {
            self.text(&header, Role::Small, Weight::Bold, 2);
            self.y += 2.0;
        }
    }

    /// The page being laid out, taking its marks.
    fn page(&mut self) -> Page {
        let height = match self.t.height {
            Some(h) => h,
            // A roll page ends below its content, on a whole dot.
            None => ((self.lowest + self.t.bottom_margin) / DOT).ceil() * DOT,
        };
        Page {
            width: self.t.width,
            height,
            marks: std::mem::take(&mut self.marks),
        }
    }

    fn close_page(&mut self) {
        let page = self.page();
        self.pages.push(page);
    }

    /// The only page of a one-page ticket.
    fn into_page(mut self) -> Page {
        self.page()
    }

    fn finish(mut self) -> Vec<Page> {
        self.close_page();
        self.pages
    }

    fn text(&mut self, text: &str, role: Role, weight: Weight, max_lines: usize) {
        let Some(width) = self.region().map(|r| r.w) else {
            if self.continued.is_none() {
                self.overflow = true;
            }
            return;
        };
        let face = fonts().face(weight);
        let measure = |s: &str| face.width(s, 1.0);
        let rule = FitRule {
            size: self.size(role),
            min_size: self.t.type_scale.min,
            max_lines,
        };
        let fitted = fit(text, rule, width, &measure);
        let line_h = fitted.size * LEADING;
        if fitted.lines.len() <= 3 {
            self.keep_together(line_h * fitted.lines.len() as f32);
        }
        for line in fitted.lines {
            let Some(r) = self.take(line_h) else {
                self.cut_last_line();
                return;
            };
            self.marks.push(Mark::Text {
                x: r.x,
                baseline: self.y - line_h
                    + fitted.size * (face.ascent + (LEADING - face.ascent - face.descent) / 2.0),
                size: fitted.size,
                weight,
                white: false,
                text: line,
            });
        }
        self.y += fitted.size * 0.25;
    }

    /// A full one-page ticket: the last line placed gets an ellipsis, so a
    /// reader sees that something was left out.
    fn cut_last_line(&mut self) {
        if !self.truncate {
            return;
        }
        let width = self.t.text.w;
        let last = self
            .marks
            .iter_mut()
            .rev()
            .find(|m| matches!(m, Mark::Text { white: false, .. }));
        if let Some(Mark::Text {
            text, weight, size, ..
        }) = last
        {
            let face = fonts().face(*weight);
            let measure = |s: &str| face.width(s, 1.0);
            *text = ellipsize(text, width / *size, &measure);
        }
    }

    fn banner(&mut self, text: &str) {
        let size = self.size(Role::Big);
        let h = size * 1.6;
        let Some(r) = self.take(h) else { return };
        let top = self.y - h;
        self.marks.push(Mark::Fill {
            x: r.x,
            y: top,
            w: r.w,
            h,
        });
        let face = fonts().face(Weight::Bold);
        let measure = |s: &str| face.width(s, 1.0);
        let rule = FitRule {
            size,
            min_size: self.t.type_scale.min,
            max_lines: 1,
        };
        let fitted = fit(text, rule, r.w - 4.0, &measure);
        for line in fitted.lines {
            let w = face.width(&line, fitted.size);
            self.marks.push(Mark::Text {
                x: r.x + (r.w - w) / 2.0,
                baseline: top + (h + fitted.size * (face.ascent - face.descent)) / 2.0,
                size: fitted.size,
                weight: Weight::Bold,
                white: true,
                text: line,
            });
        }
        self.y += size * 0.4;
    }
}

fn snap(pt: f32) -> f32 {
    (pt / DOT).round() * DOT
}

#[cfg(test)]
mod tests;
