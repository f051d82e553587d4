//! Ticket stocks: the paper a ticket is printed on, and the page geometry,
//! type sizes and barcode sizes each one gets.
//!
//! Geometry is in PDF points measured from the top-left corner of the page.
//! Barcode modules are whole dots of a 203 dpi thermal head (the coarsest
//! printer a box office uses), so bars land on the head's dot grid instead of
//! being rounded differently bar by bar.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::TicketError;

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;
/// One dot of a 203 dpi print head, in points.
pub(crate) const DOT: f32 = 72.0 / 203.0;

pub(crate) fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// The stock a PDF is laid out for. A setting of the till, and the
/// `--stock` argument of `box-office render`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stock {
    /// 80 mm thermal receipt roll (72 mm printable); each page is as long as
    /// its content.
    #[default]
    #[serde(rename = "thermal-80")]
    Thermal80,
    /// 2 × 5.5 in ticket stock of Boca-style ticket printers, landscape.
    Boca,
    /// ISO A4 sheet, one ticket panel per page (print at home, office printers).
    A4,
    /// US Letter sheet, one ticket panel per page.
    Letter,
}

impl Stock {
    pub const ALL: [Stock; 4] = [Stock::Thermal80, Stock::Boca, Stock::A4, Stock::Letter];

    /// The name used on the command line and in settings.
    pub fn name(self) -> &'static str {
        match self {
            Stock::Thermal80 => "thermal-80",
            Stock::Boca => "boca",
            Stock::A4 => "a4",
            Stock::Letter => "letter",
        }
    }

    /// The page width in millimetres.
    pub fn width_mm(self) -> f32 {
        match self {
            Stock::Thermal80 => 80.0,
            Stock::Boca => 139.7,
            Stock::A4 => 210.0,
            Stock::Letter => 215.9,
        }
    }

    /// The page height in millimetres; `None` for a roll, whose pages are as
    /// long as their content.
    pub fn height_mm(self) -> Option<f32> {
        match self {
            Stock::Thermal80 => None,
            Stock::Boca => Some(50.8),
            Stock::A4 => Some(297.0),
            Stock::Letter => Some(279.4),
        }
    }

    pub(crate) fn template(self) -> Template {
        match self {
            Stock::Thermal80 => thermal(),
            Stock::Boca => boca(),
            Stock::A4 => sheet(self, 210.0, 297.0),
            Stock::Letter => sheet(self, 215.9, 279.4),
        }
    }
}

impl fmt::Display for Stock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Stock {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        match key.as_str() {
            "thermal-80" | "thermal80" | "thermal" | "80mm" => Ok(Stock::Thermal80),
            "boca" | "boca-2x5.5" => Ok(Stock::Boca),
            "a4" => Ok(Stock::A4),
            "letter" | "us-letter" => Ok(Stock::Letter),
            _ => Err(TicketError::UnknownStock(s.to_owned())),
        }
    }
}

/// A rectangle on the page, top-left origin, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Region {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Region {
    fn mm(x: f32, y: f32, w: f32, h: f32) -> Region {
        Region {
            x: mm(x),
            y: mm(y),
            w: mm(w),
            h: mm(h),
        }
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// Type sizes in points: the largest size each role starts at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TypeScale {
    pub title: f32,
    pub big: f32,
    pub body: f32,
    pub small: f32,
    /// Nothing is set smaller than this, whatever has to fit.
    pub min: f32,
}

/// Preferred barcode sizes on a stock; each symbology's minimums are in
/// `barcode`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CodeSizes {
    /// Preferred narrow-module width of linear codes, in dots.
    pub linear_dots: u32,
    /// Preferred bar height of linear codes, in points.
    pub linear_height: f32,
    /// Preferred side of a QR code without its quiet zone, in points.
    pub qr_side: f32,
    /// Module width of PDF417, in dots.
    pub pdf417_dots: u32,
    /// Size of the human-readable text under a code.
    pub text_size: f32,
}

/// Where things go on a page of one stock.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    pub stock: Stock,
    pub width: f32,
    /// `None`: the page is as long as its content, up to `max_height`.
    pub height: Option<f32>,
    pub max_height: f32,
    pub bottom_margin: f32,
    /// The ticket's text on the first page.
    pub text: Region,
    /// The barcode's own area; `None` puts the code in the text flow.
    pub code: Option<Region>,
    /// Where a multi-page form continues on its first page, below the panel.
    pub below: Option<Region>,
    /// The text area of continuation pages.
    pub cont: Region,
    /// A cut line around the ticket panel on sheets.
    pub frame: Option<Region>,
    /// Text and code regions for a linear code too wide for `code`: the code
    /// gets a strip across the ticket's full width.
    pub wide: Option<(Region, Region)>,
    pub type_scale: TypeScale,
    pub code_sizes: CodeSizes,
}

impl Template {
    /// This template with the code in its full-width strip, if it has one.
    pub fn widened(&self) -> Option<Template> {
        let (text, code) = self.wide?;
        Some(Template {
            text,
            code: Some(code),
            wide: None,
            ..self.clone()
        })
    }
}

fn thermal() -> Template {
    let max = 297.0;
    let text = Region::mm(4.0, 3.0, 72.0, max - 6.0);
    Template {
        stock: Stock::Thermal80,
        width: mm(80.0),
        height: None,
        max_height: mm(max),
        bottom_margin: mm(6.0),
        text,
        code: None,
        below: None,
        cont: text,
        frame: None,
        wide: None,
        type_scale: TypeScale {
            title: 13.0,
            big: 11.0,
            body: 8.5,
            small: 7.0,
            min: 6.0,
        },
        code_sizes: CodeSizes {
            linear_dots: 3,
            linear_height: mm(14.0),
            qr_side: mm(30.0),
            pdf417_dots: 2,
            text_size: 8.0,
        },
    }
}

fn boca() -> Template {
    let (w, h, margin, code_w, strip) = (139.7, 50.8, 3.0, 50.0, 22.0);
    let code_x = w - margin - code_w;
    Template {
        stock: Stock::Boca,
        width: mm(w),
        height: Some(mm(h)),
        max_height: mm(h),
        bottom_margin: mm(margin),
        text: Region::mm(margin, margin, code_x - 2.0 * margin, h - 2.0 * margin),
        code: Some(Region::mm(code_x, margin, code_w, h - 2.0 * margin)),
        below: None,
        cont: Region::mm(margin, margin, w - 2.0 * margin, h - 2.0 * margin),
        frame: None,
        wide: Some((
            Region::mm(
                margin,
                margin,
                w - 2.0 * margin,
                h - 2.0 * margin - strip - 2.0,
            ),
            Region::mm(margin, h - margin - strip, w - 2.0 * margin, strip),
        )),
        type_scale: TypeScale {
            title: 11.0,
            big: 9.5,
            body: 7.0,
            small: 6.0,
            min: 5.0,
        },
        code_sizes: CodeSizes {
            linear_dots: 3,
            linear_height: mm(18.0),
            qr_side: mm(34.0),
            pdf417_dots: 2,
            text_size: 6.5,
        },
    }
}

/// A4 and Letter: a framed ticket panel at the top of the sheet, text on the
/// left, code on the right; forms continue below the panel.
fn sheet(stock: Stock, w: f32, h: f32) -> Template {
    let (margin, pad, panel_h, code_w, gap, strip) = (15.0, 5.0, 90.0, 60.0, 5.0, 32.0);
    let panel_w = w - 2.0 * margin;
    let inner_w = panel_w - 2.0 * pad;
    let text_w = inner_w - code_w - gap;
    let inner_y = margin + pad;
    let inner_h = panel_h - 2.0 * pad;
    Template {
        stock,
        width: mm(w),
        height: Some(mm(h)),
        max_height: mm(h),
        bottom_margin: mm(margin),
        text: Region::mm(margin + pad, inner_y, text_w, inner_h),
        code: Some(Region::mm(
            margin + pad + text_w + gap,
            inner_y,
            code_w,
            inner_h,
        )),
        below: Some(Region::mm(
            margin,
            margin + panel_h + 6.0,
            panel_w,
            h - 2.0 * margin - panel_h - 6.0,
        )),
        cont: Region::mm(margin, margin, panel_w, h - 2.0 * margin),
        frame: Some(Region::mm(margin, margin, panel_w, panel_h)),
        wide: Some((
            Region::mm(margin + pad, inner_y, inner_w, inner_h - strip - 3.0),
            Region::mm(margin + pad, inner_y + inner_h - strip, inner_w, strip),
        )),
        type_scale: TypeScale {
            title: 18.0,
            big: 14.0,
            body: 10.5,
            small: 8.5,
            min: 7.0,
        },
        code_sizes: CodeSizes {
            linear_dots: 4,
            linear_height: mm(22.0),
            qr_side: mm(45.0),
            pdf417_dots: 3,
            text_size: 9.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for s in Stock::ALL {
            assert_eq!(s.name().parse::<Stock>(), Ok(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.name()));
            assert_eq!(serde_json::from_str::<Stock>(&json).unwrap(), s);
        }
        assert_eq!("A4".parse::<Stock>(), Ok(Stock::A4));
        assert_eq!("Thermal_80".parse::<Stock>(), Ok(Stock::Thermal80));
        let err = "a5".parse::<Stock>().unwrap_err();
        assert!(err.to_string().contains("thermal-80, boca, a4 or letter"));
    }

    #[test]
    fn regions_stay_on_the_page() {
        for s in Stock::ALL {
            let t = s.template();
            let page_h = t.height.unwrap_or(t.max_height);
            let mut regions = vec![t.text, t.cont];
            regions.extend(t.code);
            regions.extend(t.wide.map(|w| w.0));
            regions.extend(t.wide.map(|w| w.1));
            regions.extend(t.below);
            regions.extend(t.frame);
            for r in regions {
                assert!(r.x >= 0.0 && r.y >= 0.0, "{s}: {r:?}");
                assert!(r.x + r.w <= t.width + 0.01, "{s}: {r:?}");
                assert!(r.bottom() <= page_h + 0.01, "{s}: {r:?}");
            }
            if let Some(c) = t.code {
                assert!(t.text.x + t.text.w <= c.x, "{s}: text overlaps the code");
            }
        }
    }
}
