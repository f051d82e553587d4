//! Writing laid-out pages as a PDF, one page at a time: each page's content
//! stream and page object go to the output as soon as the page is laid out,
//! and only the page list and the glyphs used stay in memory, so an order of
//! ten thousand tickets needs no more memory than one of ten. The document
//! ends with what only the whole order knows: the page tree, the font (its
//! subset of the glyphs every page used) and the cross-reference table.
//!
//! Objects are serialised by pdf-writer; this module decides their order and
//! numbers, and counts bytes for the cross-reference table. The numbers of
//! the objects written last are fixed up front so pages can point at them.

mod content;
mod font;

use std::io::{self, Write};

use pdf_writer::writers::{Catalog, DocumentInfo};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, TextStr};

use super::layout::Page;

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const INFO: Ref = Ref::new(3);
const FONT: font::Ids = font::Ids {
    type0: Ref::new(4),
    cid: Ref::new(5),
    descriptor: Ref::new(6),
    file: Ref::new(7),
    to_unicode: Ref::new(8),
    encoding: Ref::new(9),
};
const FIRST_PAGE_OBJECT: i32 = 10;

/// The resource name pages use for the font.
const FONT_NAME: Name<'static> = Name(b"F");

/// A PDF being written to `out`.
pub(crate) struct Writer<W: Write> {
    out: W,
    /// Bytes written so far: where the next object starts.
    at: u64,
    /// Where each object starts, by number (index 0 is object 1).
    offsets: Vec<u64>,
    pages: Vec<Ref>,
    /// The first page's size, which the page tree gives every page that
    /// has the same (pages of one stock mostly do).
    size: Option<(f32, f32)>,
    glyphs: font::Glyphs,
    title: String,
    /// Reused between pages: the content stream and its deflated form.
    raw: Vec<u8>,
    packed: Vec<u8>,
}

impl<W: Write> Writer<W> {
    /// Starts a document titled `title`.
    pub fn new(out: W, title: &str) -> io::Result<Self> {
        let mut w = Writer {
            out,
            at: 0,
            offsets: vec![0; FIRST_PAGE_OBJECT as usize - 1],
            pages: Vec::new(),
            size: None,
            glyphs: font::Glyphs::new(),
            title: title.to_owned(),
            raw: Vec::with_capacity(8 * 1024),
            packed: Vec::with_capacity(4 * 1024),
        };
        // The second line's bytes above 127 tell transfer tools the file is binary.
        w.bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")?;
        Ok(w)
    }

    /// Writes one page.
    pub fn page(&mut self, page: &Page) -> io::Result<()> {
        self.raw.clear();
        content::write(page, &mut self.glyphs, &mut self.raw);
        deflate(&self.raw, &mut self.packed)?;
        let page_id = self.next_ref();
        let content_id = self.next_ref();
        let size = (page.width, page.height);
        let mut chunk = compact();
        let mut p = chunk.page(page_id);
        p.parent(PAGES).contents(content_id);
        if *self.size.get_or_insert(size) != size {
            p.media_box(media_box(size));
        }
        p.finish();
        self.object(page_id, &chunk)?;
        let mut chunk = compact();
        chunk
            .stream(content_id, &self.packed)
            .filter(Filter::FlateDecode);
        self.object(content_id, &chunk)?;
        self.pages.push(page_id);
        Ok(())
    }

    /// Writes what only the whole document knows, and hands the output back.
    pub fn finish(mut self) -> io::Result<W> {
        let mut chunk = compact();
        let mut pages = chunk.pages(PAGES);
        pages
            .kids(self.pages.iter().copied())
            .count(i32::try_from(self.pages.len()).unwrap_or(i32::MAX));
        if let Some(size) = self.size {
            pages.media_box(media_box(size));
        }
        // Every page shares the one font, so its resources are inherited.
        pages.resources().fonts().pair(FONT_NAME, FONT.type0);
        pages.finish();
        self.object(PAGES, &chunk)?;

        for (id, chunk) in font::objects(&self.glyphs, FONT)? {
            self.object(id, &chunk)?;
        }

        let mut chunk = compact();
        chunk.indirect(CATALOG).start::<Catalog>().pages(PAGES);
        self.object(CATALOG, &chunk)?;
        let mut chunk = compact();
        chunk
            .indirect(INFO)
            .start::<DocumentInfo>()
            .title(TextStr(&self.title))
            .producer(TextStr("Box Office"));
        self.object(INFO, &chunk)?;

        self.trailer()?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn next_ref(&mut self) -> Ref {
        self.offsets.push(0);
        Ref::new(i32::try_from(self.offsets.len()).unwrap_or(i32::MAX))
    }

    /// Writes a chunk holding the one object `id`, noting where it starts.
    fn object(&mut self, id: Ref, chunk: &Chunk) -> io::Result<()> {
        if let Some(slot) = usize::try_from(id.get() - 1)
            .ok()
            .and_then(|i| self.offsets.get_mut(i))
        {
            *slot = self.at;
        }
        self.bytes(chunk.as_bytes())
    }

    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.out.write_all(b)?;
        self.at += b.len() as u64;
        Ok(())
    }

    /// The cross-reference table as a compressed stream (PDF 1.5): two
    /// bytes an object instead of twenty.
    fn trailer(&mut self) -> io::Result<()> {
        let id = self.next_ref();
        let start = self.at;
        if let Some(last) = self.offsets.last_mut() {
            *last = start;
        }
        let width = if start > u64::from(u32::MAX) { 8 } else { 4 };
        let mut table = Vec::with_capacity((self.offsets.len() + 1) * (width + 1));
        // Object 0 heads the (empty) list of free objects.
        table.push(0);
        table.extend(std::iter::repeat_n(0xFF, width));
        for offset in &self.offsets {
            table.push(1);
            table.extend_from_slice(&offset.to_be_bytes()[8 - width..]);
        }
        let mut packed = Vec::new();
        deflate(&table, &mut packed)?;
        let size = i32::try_from(self.offsets.len() + 1).unwrap_or(i32::MAX);
        let mut chunk = compact();
        let mut stream = chunk.stream(id, &packed);
        stream
            .filter(Filter::FlateDecode)
            .pair(Name(b"Type"), Name(b"XRef"))
            .pair(Name(b"Size"), size)
            .pair(Name(b"Root"), CATALOG)
            .pair(Name(b"Info"), INFO);
        stream
            .insert(Name(b"W"))
            .array()
            .items([1, i32::try_from(width).unwrap_or(4), 0]);
        stream.finish();
        self.bytes(chunk.as_bytes())?;
        self.bytes(format!("startxref\n{start}\n%%EOF\n").as_bytes())
    }
}

/// A chunk written compactly: no indentation or line per dictionary entry.
pub(super) fn compact() -> Chunk {
    Chunk::with_settings(pdf_writer::Settings { pretty: false })
}

fn media_box((w, h): (f32, f32)) -> Rect {
    Rect::new(0.0, 0.0, w, h)
}

/// Deflate level for every stream. The default level (6) packs ticket pages
/// within 1 % of the slowest (9) in a third of its time.
const LEVEL: u32 = 6;

/// Deflates `raw` into `out` (zlib format, as FlateDecode reads it),
/// reusing `out`'s allocation.
pub(super) fn deflate(raw: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
    out.clear();
    let mut z =
        flate2::write::ZlibEncoder::new(std::mem::take(out), flate2::Compression::new(LEVEL));
    z.write_all(raw)?;
    *out = z.finish()?;
    Ok(())
}
