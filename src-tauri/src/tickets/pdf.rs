//! Writing laid-out pages as a PDF with printpdf: text in the embedded,
//! subset DejaVu fonts (with a ToUnicode map, so the text can be searched
//! and extracted), rectangles for rules and banners, and barcodes as one
//! filled path of rectangles each.
//!
//! A barcode is drawn in its own coordinate system, one unit per module, so
//! its path holds small integers (`12 0 3 1 re`): short to write, quick to
//! compress, and one fill for the whole symbol leaves no hairline seams
//! between adjacent runs when a viewer anti-aliases.

use printpdf::{
    Color, CurTransMat, DictItem, FontId, Greyscale, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Pt, Rect, TextItem, TextMatrix, TextRenderingMode, WindingOrder,
};

use super::fonts::{BOLD_STROKE, Weight, fonts};
use super::layout::{Mark, Page};
use super::stock::PT_PER_MM;

/// Serialises `pages` into a PDF document titled `title`.
pub(crate) fn write(title: &str, pages: &[Page]) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let font = doc.add_font(&fonts().regular.parsed);
    let pdf_pages = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                Mm(p.width / PT_PER_MM),
                Mm(p.height / PT_PER_MM),
                page_ops(p, &font),
            )
        })
        .collect();
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        // Barcodes are written as raw `re` operators (see the module notes),
        // which printpdf passes through only when not in secure mode; every
        // operator in our pages is our own.
        secure: false,
        image_optimization: None,
    };
    let mut lo = doc
        .with_pages(pdf_pages)
        .to_lopdf_document(&opts, &mut Vec::new());
    compress(&mut lo);
    let mut out = Vec::with_capacity(16 * 1024 + pages.len() * 2048);
    // Writing into memory cannot fail; lopdf's error type covers files.
    let _ = lo.save_to(&mut out);
    out
}

/// Deflates every stream. printpdf's own pass (through lopdf) uses the
/// slowest level, which was a third of the time of a 1,000-ticket order;
/// the default level gives nearly the same size in less than half the time.
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut z = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 3),
            flate2::Compression::new(LEVEL),
        );
        if z.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(packed) = z.finish()
            && packed.len() < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

const LEVEL: u32 = 6;

fn page_ops(page: &Page, font: &FontId) -> Vec<Op> {
    let h = page.height;
    let mut ops = Vec::with_capacity(page.marks.len() * 4 + 8);
    for m in &page.marks {
        match m {
            Mark::Fill { x, y, w, h: rh } => ops.push(Op::DrawRectangle {
                rectangle: rect(*x, h - y - rh, *w, *rh, PaintMode::Fill),
            }),
            Mark::Stroke { x, y, w, h: rh } => {
                ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
                ops.push(Op::DrawRectangle {
                    rectangle: rect(*x, h - y - rh, *w, *rh, PaintMode::Stroke),
                });
            }
            Mark::Code { x, y, code } => {
                ops.push(Op::SaveGraphicsState);
                // Module space: x right, y down from the symbol's top-left.
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([code.module_w, 0.0, 0.0, -code.module_h, *x, h - y]),
                });
                for r in &code.runs {
                    ops.push(raw(
                        "re",
                        vec![
                            DictItem::Int(i64::from(r.x)),
                            DictItem::Int(i64::from(r.y)),
                            DictItem::Int(i64::from(r.len)),
                            DictItem::Int(i64::from(r.rows)),
                        ],
                    ));
                }
                ops.push(raw("f", Vec::new()));
                ops.push(Op::RestoreGraphicsState);
            }
            Mark::Text { .. } => {}
        }
    }
    text_ops(page, font, &mut ops);
    ops
}

/// All the page's text in one text object, switching size, weight (fill or
/// fill and stroke) and colour only when they change.
fn text_ops(page: &Page, font: &FontId, ops: &mut Vec<Op>) {
    let mut size_now: Option<u32> = None;
    let mut bold_now: Option<u32> = None;
    let mut white = false;
    let mut started = false;
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
            ops.push(Op::StartTextSection);
            started = true;
        }
        if size_now != Some(size.to_bits()) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(*size),
            });
            size_now = Some(size.to_bits());
        }
        let stroke = match weight {
            Weight::Bold => BOLD_STROKE * size,
            Weight::Regular => 0.0,
        };
        if bold_now != Some(stroke.to_bits()) {
            if stroke > 0.0 {
                ops.push(Op::SetOutlineThickness { pt: Pt(stroke) });
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                });
            } else {
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::Fill,
                });
            }
            bold_now = Some(stroke.to_bits());
        }
        if *w != white {
            let grey = Color::Greyscale(Greyscale::new(if *w { 1.0 } else { 0.0 }, None));
            ops.push(Op::SetFillColor { col: grey.clone() });
            ops.push(Op::SetOutlineColor { col: grey });
            white = *w;
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(hundredth(*x)), Pt(hundredth(page.height - baseline))),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.clone())],
        });
    }
    if started {
        if white {
            let black = Color::Greyscale(Greyscale::new(0.0, None));
            ops.push(Op::SetFillColor { col: black.clone() });
            ops.push(Op::SetOutlineColor { col: black });
        }
        ops.push(Op::EndTextSection);
    }
}

/// Text positions to 0.01 pt (a thirty-fifth of a 203 dpi dot): shorter
/// numbers in every page's content, nothing visible lost.
fn hundredth(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn rect(x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode: Some(mode),
        winding_order: Some(WindingOrder::NonZero),
    }
}

fn raw(op: &str, args: Vec<DictItem>) -> Op {
    Op::Unknown {
        key: op.to_owned(),
        value: args,
    }
}
