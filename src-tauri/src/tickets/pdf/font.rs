//! The one font of a document, embedded once at its end: a Type 0 font over
//! a TrueType CID font holding only the glyphs the pages used.
//!
//! Pages are written before the subset exists, so glyphs are numbered as
//! they are first used (the subset's numbering, which subsetter's remapper
//! keeps), and the CID font maps those numbers to glyphs one to one. Text is
//! shown in one byte per character for the first 240 glyphs a document uses
//! (every ticket so far) and two bytes beyond, through an embedded CMap with
//! both code spaces: half the bytes of Identity-H in every page. The subset
//! keeps the font's copyright and licence records, as its licence requires
//! of every copy.

use std::collections::HashMap;
use std::io;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;

use crate::tickets::fonts::{Face, REGULAR_TTF, fonts};

/// Where the font's objects go.
#[derive(Clone, Copy)]
pub(super) struct Ids {
    pub type0: Ref,
    pub cid: Ref,
    pub descriptor: Ref,
    pub file: Ref,
    pub to_unicode: Ref,
    pub encoding: Ref,
}

/// Glyph numbers below this are one-byte codes; the rest are `F000` and up.
const ONE_BYTE: u16 = 0xF0;
/// How many glyphs the two code spaces hold together.
const CODES: u16 = ONE_BYTE + 0x1000;

/// The code spaces, for both the encoding and the Unicode map.
const CODESPACE: &str = "2 begincodespacerange\n<00> <EF>\n<F000> <FFFF>\nendcodespacerange\n";

/// Characters whose subset numbers are kept in a flat table (Latin, Greek,
/// Cyrillic); others in a map.
const FLAT: usize = 0x0530;

/// The glyphs a document has used so far, in the order it first used them.
pub(super) struct Glyphs {
    face: &'static Face,
    remapper: GlyphRemapper,
    /// The character each subset glyph stands for (index = subset number).
    chars: Vec<char>,
    flat: Vec<u16>,
    other: HashMap<char, u16>,
}

impl Glyphs {
    pub fn new() -> Glyphs {
        Glyphs {
            face: &fonts().regular,
            remapper: GlyphRemapper::new(),
            // Subset glyph 0 is .notdef.
            chars: vec!['\u{fffd}'],
            flat: vec![0; FLAT],
            other: HashMap::new(),
        }
    }

    /// Appends `text` in the document's codes.
    pub fn encode(&mut self, text: &str, out: &mut Vec<u8>) {
        for c in text.chars() {
            code(self.number(c), out);
        }
    }

    fn number(&mut self, c: char) -> u16 {
        let known = match self.flat.get(c as usize) {
            Some(&0) => None,
            Some(&n) => Some(n),
            None => self.other.get(&c).copied(),
        };
        if let Some(n) = known {
            return n;
        }
        // Text reaching a page has been through `fonts::printable`, so the
        // font has every character; one it lacked would show as .notdef.
        let Some(glyph) = self.face.glyph(c) else {
            return 0;
        };
        // Beyond both code spaces (thousands of distinct characters in one
        // order) a character shows as .notdef rather than as another one.
        if self.remapper.get(glyph.0).is_none() && self.remapper.num_gids() >= CODES {
            return 0;
        }
        let n = self.remapper.remap(glyph.0);
        if usize::from(n) == self.chars.len() {
            self.chars.push(c);
        }
        match self.flat.get_mut(c as usize) {
            Some(slot) => *slot = n,
            None => {
                self.other.insert(c, n);
            }
        }
        n
    }

    /// A subset tag: six capital letters that change with the glyph set, so
    /// two documents' different subsets never share a font name.
    fn tag(&self) -> String {
        let mut h: u32 = 0x811c_9dc5;
        for g in self.remapper.remapped_gids() {
            for b in g.to_be_bytes() {
                h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
            }
        }
        (0..6)
            .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
            .collect()
    }
}

/// Appends glyph number `n`'s code.
fn code(n: u16, out: &mut Vec<u8>) {
    if n < ONE_BYTE {
        out.push(n as u8);
    } else {
        out.extend_from_slice(&(0xF000 + (n - ONE_BYTE)).to_be_bytes());
    }
}

/// The encoding: codes to glyph numbers (CIDs), over both code spaces.
fn encoding_cmap() -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n\
         /CMapName /{ENCODING} def\n/CMapType 1 def\n{CODESPACE}\
         2 begincidrange\n<00> <EF> 0\n<F000> <FFFF> {ONE_BYTE}\nendcidrange\n\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
}

const ENCODING: &str = "BoxOffice-Tickets";

/// The Unicode map: codes to the characters they show, for search, copy
/// and text extraction.
fn unicode_cmap(chars: &[char]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(400 + chars.len() * 24);
    s.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n",
    );
    s.push_str(CODESPACE);
    let pairs: Vec<(u16, char)> = chars
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(n, c)| Some((u16::try_from(n).ok()?, *c)))
        .collect();
    // At most 100 mappings per block, as the CMap format allows.
    for block in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for (n, c) in block {
            let mut code_bytes = Vec::with_capacity(2);
            code(*n, &mut code_bytes);
            s.push('<');
            for b in code_bytes {
                let _ = write!(s, "{b:02X}");
            }
            s.push_str("> <");
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(s, "{u:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// The font's objects, each in its own chunk.
pub(super) fn objects(glyphs: &Glyphs, ids: Ids) -> io::Result<Vec<(Ref, Chunk)>> {
    let face = glyphs.face;
    let subset = subsetter::subset(REGULAR_TTF, 0, &glyphs.remapper)
        .map_err(|e| io::Error::other(format!("the ticket font could not be subset: {e}")))?;
    let mut packed = Vec::new();
    super::deflate(&subset, &mut packed)?;

    let name = format!("{}+DejaVuSans", glyphs.tag());
    let base = Name(name.as_bytes());
    let em = face.units_per_em;
    let scale = |v: f32| (v * 1000.0 / em).round();
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut out = Vec::with_capacity(5);

    let mut c = super::compact();
    c.type0_font(ids.type0)
        .base_font(base)
        .encoding_cmap(ids.encoding)
        .descendant_font(ids.cid)
        .to_unicode(ids.to_unicode);
    out.push((ids.type0, c));

    let mut encoding = Vec::new();
    super::deflate(encoding_cmap().as_bytes(), &mut encoding)?;
    let mut c = super::compact();
    let mut cmap = c.cmap(ids.encoding, &encoding);
    cmap.name(Name(ENCODING.as_bytes())).system_info(info);
    cmap.filter(Filter::FlateDecode);
    cmap.finish();
    out.push((ids.encoding, c));

    let widths: Vec<f32> = glyphs
        .remapper
        .remapped_gids()
        .map(|g| scale(f32::from(face.glyph_advance(ttf_parser::GlyphId(g)))))
        .collect();
    let mut c = super::compact();
    let mut cid = c.cid_font(ids.cid);
    cid.subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(info)
        .font_descriptor(ids.descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();
    out.push((ids.cid, c));

    let parsed = &face.parsed;
    let bbox = parsed.global_bounding_box();
    let mut c = super::compact();
    c.font_descriptor(ids.descriptor)
        .name(base)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(f32::from(bbox.x_min)),
            scale(f32::from(bbox.y_min)),
            scale(f32::from(bbox.x_max)),
            scale(f32::from(bbox.y_max)),
        ))
        .italic_angle(0.0)
        .ascent(scale(f32::from(parsed.ascender())))
        .descent(scale(f32::from(parsed.descender())))
        .cap_height(scale(f32::from(
            parsed.capital_height().unwrap_or(parsed.ascender()),
        )))
        .stem_v(80.0)
        .font_file2(ids.file);
    out.push((ids.descriptor, c));

    let mut c = super::compact();
    c.stream(ids.file, &packed)
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(subset.len()).unwrap_or(i32::MAX),
        );
    out.push((ids.file, c));

    let mut unicode = Vec::new();
    super::deflate(unicode_cmap(&glyphs.chars).as_bytes(), &mut unicode)?;
    let mut c = super::compact();
    c.stream(ids.to_unicode, &unicode)
        .filter(Filter::FlateDecode);
    out.push((ids.to_unicode, c));
    Ok(out)
}
