//! The typeface printed on tickets: DejaVu Sans, built into the binary
//! (Bitstream Vera licence, which allows embedding; see
//! `assets/fonts/LICENSE-DejaVu.txt`) so a till prints the same whatever
//! fonts its OS has. The face is `DejaVuSans-Print.ttf`: the same outlines
//! and advances without hinting or shaping tables
//! (`assets/fonts/make_print_face.py` says what it removes and why). It covers Cyrillic (with Kazakh letters), Latin with
//! diacritics and the currency signs ₽ ₸ € $ £.
//!
//! Bold is the same outlines filled and stroked, not a second font: each
//! embedded face costs several KB even subset (its `name` table carries the
//! licence text, which must travel with every copy), a third of a
//! one-ticket PDF's 13 KB budget. A stroke of 3 % of the type size
//! reads as bold on a thermal head and in viewers alike.
//!
//! The font is read in place (ttf-parser copies nothing) once per process;
//! measuring text is a table lookup so wrapping a thousand tickets costs
//! little. The PDF embeds only the glyphs a document uses (`pdf::font`).

use std::sync::OnceLock;

use ttf_parser::GlyphId;

pub(crate) const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Print.ttf");

/// Width of the outline stroke that makes bold, as a fraction of the size.
pub(crate) const BOLD_STROKE: f32 = 0.03;

/// Characters whose advances are kept in a flat table: Latin, Greek,
/// Cyrillic and its supplement. Others are looked up in the font.
const TABLE_LEN: usize = 0x0530;

/// Weight of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// The parsed font with what layout needs from it.
pub(crate) struct Face {
    pub parsed: ttf_parser::Face<'static>,
    pub units_per_em: f32,
    /// Advance widths in font units; `u16::MAX` marks a character the font lacks.
    table: Vec<u16>,
    /// Ascender as a fraction of the type size.
    pub ascent: f32,
    /// Descender (positive) as a fraction of the type size.
    pub descent: f32,
}

/// The face in a weight, for measuring.
#[derive(Clone, Copy)]
pub(crate) struct Styled<'a> {
    face: &'a Face,
    weight: Weight,
    pub ascent: f32,
    pub descent: f32,
}

impl Styled<'_> {
    /// Width of `text` set at `size` points, the bold stroke included.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let stroke = match self.weight {
            Weight::Regular => 0.0,
            Weight::Bold => BOLD_STROKE * size,
        };
        self.face.width(text, size) + stroke
    }
}

pub(crate) struct Fonts {
    pub regular: Face,
}

impl Fonts {
    pub fn face(&self, weight: Weight) -> Styled<'_> {
        Styled {
            face: &self.regular,
            weight,
            ascent: self.regular.ascent,
            descent: self.regular.descent,
        }
    }
}

/// The process-wide font.
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        regular: Face::load(REGULAR_TTF),
    })
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        // The font is part of the build, not input: if it did not parse, no
        // ticket could ever print, and a test fails long before a till.
        let parsed =
            ttf_parser::Face::parse(bytes, 0).expect("the embedded DejaVu Sans font parses");
        let units_per_em = f32::from(parsed.units_per_em().max(1));
        let table = (0..TABLE_LEN as u32)
            .map(|cp| {
                char::from_u32(cp)
                    .and_then(|c| parsed.glyph_index(c))
                    .map_or(u16::MAX, |g| parsed.glyph_hor_advance(g).unwrap_or(0))
            })
            .collect();
        Face {
            ascent: f32::from(parsed.ascender()) / units_per_em,
            descent: -f32::from(parsed.descender()) / units_per_em,
            parsed,
            units_per_em,
            table,
        }
    }

    /// The font's glyph for `c`, if it has one.
    pub fn glyph(&self, c: char) -> Option<GlyphId> {
        self.parsed.glyph_index(c)
    }

    /// Advance of glyph `g` in font units.
    pub fn glyph_advance(&self, g: GlyphId) -> u16 {
        self.parsed.glyph_hor_advance(g).unwrap_or(0)
    }

    /// Advance of `c` in font units, `None` when the font has no glyph for it.
    fn advance(&self, c: char) -> Option<u16> {
        match self.table.get(c as usize) {
            Some(&u16::MAX) => None,
            Some(&a) => Some(a),
            None => self.glyph(c).map(|g| self.glyph_advance(g)),
        }
    }

    pub fn has_glyph(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    /// Width of `text` set at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.advance(c).unwrap_or(0)))
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// Replaces what cannot be printed: control characters become spaces and
/// characters the font lacks become `?`, so a stray emoji in a name prints
/// as a visible mark instead of an empty box or nothing.
pub(crate) fn printable(text: &str) -> String {
    let f = fonts();
    text.chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if f.regular.has_glyph(c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_the_scripts_and_signs_tickets_need() {
        let text = "ЁЛКА Щербакова ҚАРЛЫҒАШ Жұмабаева Zoë Brontë-Łukasiewicz Núñez Größenwahn Ødegård Dvořák ₽ ₸ € $ £ «» № \u{a0}\u{202f}";
        assert_eq!(printable(text), text);
        assert_eq!(printable("a\u{4E2D}b\tc"), "a?b c");
    }

    #[test]
    fn bold_is_wider_and_width_scales_with_size() {
        let f = fonts();
        let r = f.face(Weight::Regular).width("Бриллиантовая рука", 10.0);
        assert!(r > 50.0 && r < 150.0, "{r}");
        assert!(f.face(Weight::Bold).width("Бриллиантовая рука", 10.0) > r);
        let double = f.face(Weight::Regular).width("Бриллиантовая рука", 20.0);
        assert!((double - 2.0 * r).abs() < 0.01);
        assert!(f.regular.ascent > 0.8 && f.regular.descent > 0.1);
    }
}
