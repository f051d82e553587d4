//! The ticket PDFs checked with tools that share no code with the renderer:
//! poppler rasterizes them (`pdftoppm`) at a thermal head's 203 dpi and at
//! 300 dpi, zxing-cpp decodes every barcode (`tests/tools/decode_barcodes.py`),
//! `pdftotext` reads the text back and `pdffonts` inspects the embedded font.
//!
//! The seeded orders are rendered on every stock; Vista and Paciolan orders
//! are first completed the way the counter would (the Paciolan 207 order with
//! its failed tickets). Missing tools fail the tests with the command that
//! installs them: `./dev setup` (or `./dev test`) creates the Python side.
//!
//! `BOX_OFFICE_REGEN_TICKETS=1 cargo test --no-default-features --test
//! tickets_pdf reference_renders` regenerates the PNGs in `docs/tickets/`.

#[path = "tools/pdf_tools.rs"]
mod pdf_tools;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use pdf_tools::{POPPLER, decode, flat, pdftotext, rasterize, root, run, tmp, word_boxes};

use box_office::domain::{Barcode, Money, Order, OrderStatus, Platform, Symbology, TicketState};
use box_office::tickets::{RenderOptions, Rendered, Reprint, Stock, render_order};
use chrono::{DateTime, TimeZone, Utc};

/// A fixed clock, so runs (and the reference renders) are reproducible.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 24, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Every seeded order as it is once sold: in-progress Vista and Paciolan
/// orders completed, the 207 order partly sold with its failed tickets.
fn sold_orders() -> Vec<Order> {
    box_office::sandbox::catalogue::Catalogue::seeded(now())
        .orders
        .into_iter()
        .map(|s| {
            let mut o = s.order;
            if o.status == OrderStatus::InProgress {
                o.status = OrderStatus::Completed;
            }
            if let box_office::sandbox::catalogue::Behaviour::Partial { failed } = &s.behaviour {
                o.status = OrderStatus::Partial;
                for t in &mut o.tickets {
                    if failed.iter().flatten().any(|f| f == &t.id) {
                        t.state = TicketState::Failed;
                    }
                }
            }
            o
        })
        .collect()
}

fn order(id: &str) -> Order {
    sold_orders()
        .into_iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no seeded order {id}"))
}

fn zxing_name(s: Symbology) -> &'static str {
    match s {
        Symbology::Ean13 => "EAN13",
        Symbology::QrCode => "QRCode",
        Symbology::Code128 => "Code128",
        Symbology::Interleaved2of5 => "ITF",
        Symbology::Pdf417 => "PDF417",
    }
}

/// The symbols each page must carry, in page order.
fn expected_pages(o: &Order, r: &Rendered) -> Vec<Vec<(String, String)>> {
    let pair = |b: &Barcode| vec![(zxing_name(b.symbology).to_owned(), b.value.clone())];
    let form =
        o.platform == Platform::Afisha && o.attachment == box_office::domain::AttachmentType::Order;
    if form {
        let code = o.order_barcode.clone().unwrap_or_else(|| Barcode {
            value: o.display_number().to_owned(),
            symbology: Symbology::Code128,
        });
        let mut pages = vec![pair(&code)];
        pages.resize(r.pages, Vec::new());
        return pages;
    }
    o.printable_tickets()
        .filter(|t| !r.refused.iter().any(|x| x.ticket_id == t.id))
        .map(|t| match &t.barcode {
            Some(b) => pair(b),
            None => pair(&Barcode {
                value: t.id.clone(),
                symbology: Symbology::QrCode,
            }),
        })
        .collect()
}

fn opts(stock: Stock) -> RenderOptions {
    RenderOptions {
        stamp: None,
        stock,
        reprint: None,
        tickets: None,
    }
}

/// Renders every printable seeded order on `stock` and checks that each page
/// decodes, at 203 and 300 dpi, to exactly the ticket's barcode.
fn barcodes_decode_exactly(stock: Stock) {
    let dir = tmp();
    let mut expected: BTreeMap<PathBuf, Vec<Vec<(String, String)>>> = BTreeMap::new();
    let mut kinds = std::collections::BTreeSet::new();
    for o in sold_orders() {
        let Ok(r) = render_order(&o, &opts(stock)) else {
            continue;
        };
        let pdf = dir.path().join(format!("{}.pdf", o.id));
        std::fs::write(&pdf, &r.pdf).unwrap_or_else(|e| panic!("{e}"));
        let pages = expected_pages(&o, &r);
        assert_eq!(pages.len(), r.pages, "{stock} {}: pages", o.id);
        kinds.extend(pages.iter().flatten().map(|(f, _)| f.clone()));
        expected.insert(pdf, pages);
    }
    assert_eq!(
        kinds.len(),
        5,
        "{stock}: every symbology is covered: {kinds:?}"
    );
    for dpi in [203, 300] {
        let mut images = Vec::new();
        let mut want = BTreeMap::new();
        for (pdf, pages) in &expected {
            let pngs = rasterize(pdf, dpi, dir.path());
            assert_eq!(
                pngs.len(),
                pages.len(),
                "{stock} {}: rasterized pages",
                pdf.display()
            );
            for (png, codes) in pngs.into_iter().zip(pages) {
                want.insert(png.to_string_lossy().into_owned(), codes.clone());
                images.push(png);
            }
        }
        let got = decode(&images);
        for (png, codes) in want {
            let found: Vec<(String, String)> = got
                .get(&png)
                .into_iter()
                .flatten()
                .map(|m| {
                    (
                        m.get("format").cloned().unwrap_or_default(),
                        m.get("text").cloned().unwrap_or_default(),
                    )
                })
                .collect();
            assert_eq!(found, codes, "{stock} at {dpi} dpi: {png}");
        }
    }
}

#[test]
fn barcodes_decode_exactly_on_thermal_80() {
    barcodes_decode_exactly(Stock::Thermal80);
}

#[test]
fn barcodes_decode_exactly_on_boca() {
    barcodes_decode_exactly(Stock::Boca);
}

#[test]
fn barcodes_decode_exactly_on_a4() {
    barcodes_decode_exactly(Stock::A4);
}

#[test]
fn barcodes_decode_exactly_on_letter() {
    barcodes_decode_exactly(Stock::Letter);
}

fn money(m: Option<Money>, locale: &str) -> String {
    m.map(|m| flat(&m.format(locale))).unwrap_or_default()
}

#[test]
fn text_extracts_exactly() {
    let cases: &[(&str, &[&str])] = &[
        (
            "AF-1007",
            &[
                "Бриллиантовая рука",
                "Фёдор Кузнецов-Водкин",
                "Кинотеатр «Октябрь»",
                "Ряд 1 · Место 2",
                "Без НДС",
                "₽",
            ],
        ),
        (
            "AF-1002",
            &[
                "Ирония судьбы, или С лёгким паром!",
                "Пётр Ёлкин-Щукин",
                "БЛАНК ЗАКАЗА",
                "Заказ 1002-7710",
            ],
        ),
        (
            "AF-2001",
            &[
                "Музей кино: выставка «Казахфильм»",
                "Айгерим Жұмабаева",
                "Дворец «Достық»",
                "весь день",
                "₸",
                "НДС 12%",
            ],
        ),
        ("AF-1006", &["Входной", "Танцпол", "НДС 10%"]),
        (
            "VS-2003",
            &[
                "Y tu mamá también",
                "Zoë Brontë-Łukasiewicz",
                "Row A · Seat 3",
                "$",
            ],
        ),
        (
            "VS-2005",
            &[
                "Das Leben der Anderen",
                "Jürgen Groß",
                "Saal Größenwahn",
                "€",
            ],
        ),
        (
            "PC-3010",
            &[
                "Dvořák Under the Stars",
                "Søren Ødegård",
                "Teatro Ángeles Concert Hall",
                "General admission",
            ],
        ),
        (
            "PC-3001",
            &[
                "Ballet Folklórico: Noche de Mariachi",
                "María José Peña Álvarez",
                "Section 1:1 · Row 2 · Seat 101",
            ],
        ),
    ];
    for stock in Stock::ALL {
        for (id, wanted) in cases {
            let o = order(id);
            let r = render_order(&o, &opts(stock)).unwrap_or_else(|e| panic!("{id}: {e}"));
            let text = flat(&pdftotext(&r.pdf, &["-raw"]));
            let locale = o.locale().to_owned();
            let mut wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
            for t in o.printable_tickets() {
                if let Some(c) = &t.cost {
                    wanted.push(money(c.total, &locale));
                }
            }
            for w in wanted {
                assert!(
                    text.contains(&w),
                    "{stock} {id}: “{w}” not found in:\n{text}"
                );
            }
        }
    }
}

#[test]
fn the_font_is_embedded_as_a_subset() {
    let r =
        render_order(&order("AF-2001"), &opts(Stock::Thermal80)).unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp();
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, &r.pdf).unwrap_or_else(|e| panic!("{e}"));
    let out = run(Command::new("pdffonts").arg(&path), POPPLER);
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(fonts.len(), 1, "one font:\n{listing}");
    let cols: Vec<&str> = fonts[0].split_whitespace().collect();
    let (name, emb, sub, uni) = (
        cols[0],
        cols[cols.len() - 5],
        cols[cols.len() - 4],
        cols[cols.len() - 3],
    );
    let (tag, base) = name.split_once('+').unwrap_or(("", name));
    assert_eq!(base, "DejaVuSans", "{listing}");
    assert!(
        tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
        "subset tag: {listing}"
    );
    assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "{listing}");
    assert!(
        r.pdf.len() < 20 * 1024,
        "a one-ticket PDF with its font subset is {} bytes",
        r.pdf.len()
    );
}

#[test]
fn reprints_carry_a_visible_mark_and_date() {
    let at = Utc
        .with_ymd_and_hms(2025, 11, 24, 16, 5, 0)
        .single()
        .unwrap_or_default();
    for stock in Stock::ALL {
        let o = order("AF-1001");
        let r = render_order(
            &o,
            &RenderOptions {
                stamp: None,
                stock,
                reprint: Some(Reprint { number: 2, at }),
                tickets: None,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let text = flat(&pdftotext(&r.pdf, &["-raw"]));
        // Moscow is UTC+3: 16:05 UTC is 19:05 at the venue.
        assert_eq!(
            text.matches("ДУБЛИКАТ · REPRINT 2 · 24.11.2025 19:05")
                .count(),
            2,
            "{stock}: {text}"
        );
        let o = order("VS-2001");
        let r = render_order(
            &o,
            &RenderOptions {
                stamp: None,
                stock,
                reprint: Some(Reprint { number: 1, at }),
                tickets: None,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let text = flat(&pdftotext(&r.pdf, &["-raw"]));
        assert_eq!(
            text.matches("REPRINT 1 · Nov 24, 2025 8:05 AM").count(),
            2,
            "{stock}: {text}"
        );
    }
}

#[test]
fn a_very_long_cyrillic_title_never_runs_off_the_ticket() {
    let title = "Очень-очень длинное название: «Преступление и наказание, или Невероятные \
                 приключения Родиона Романовича Раскольникова в Санкт-Петербурге и его \
                 окрестностях», спектакль в двух действиях с антрактом и эпилогом"
        .repeat(2);
    for stock in Stock::ALL {
        let mut o = order("AF-1007");
        if let Some(e) = o.event.as_mut() {
            e.name = title.clone();
        }
        let r = render_order(&o, &opts(stock)).unwrap_or_else(|e| panic!("{stock}: {e}"));
        let margin = 5.0; // points: nothing closer than ~1.8 mm to an edge
        for (w, h, words) in word_boxes(&r.pdf) {
            assert!(!words.is_empty());
            for (word, [x0, y0, x1, y1]) in words {
                assert!(
                    x0 >= margin && y0 >= 0.0 && x1 <= w - margin && y1 <= h,
                    "{stock}: “{word}” at {x0}..{x1} × {y0}..{y1} leaves the {w}×{h} page"
                );
            }
        }
        let text = flat(&pdftotext(&r.pdf, &["-raw"]));
        assert!(
            text.contains("Очень-очень длинное название"),
            "{stock}: {text}"
        );
        assert!(
            text.contains("Ряд 1 · Место 1"),
            "{stock}: the seat must still print: {text}"
        );
        // And the barcode still reads.
        let dir = tmp();
        let pdf = dir.path().join("long.pdf");
        std::fs::write(&pdf, &r.pdf).unwrap_or_else(|e| panic!("{e}"));
        let pngs = rasterize(&pdf, 203, dir.path());
        let got = decode(&pngs[..1]);
        let texts: Vec<String> = got
            .values()
            .flatten()
            .filter_map(|m| m.get("text").cloned())
            .collect();
        let want = o.tickets[0]
            .barcode
            .as_ref()
            .map(|b| b.value.clone())
            .unwrap_or_default();
        assert_eq!(texts, vec![want], "{stock}");
    }
}

/// The PNGs in `docs/tickets/`: one per stock and attachment type.
fn reference_orders() -> [(&'static str, &'static str); 2] {
    [("tickets", "AF-1007"), ("order", "AF-1002")]
}

#[test]
fn reference_renders() {
    let docs = root().join("docs/tickets");
    let regen = std::env::var_os("BOX_OFFICE_REGEN_TICKETS").is_some_and(|v| v == "1");
    for stock in Stock::ALL {
        for (kind, id) in reference_orders() {
            let png = docs.join(format!("{stock}-{kind}.png"));
            if !regen {
                assert!(
                    png.exists(),
                    "{} is missing: BOX_OFFICE_REGEN_TICKETS=1 cargo test --no-default-features \
                     --test tickets_pdf reference_renders",
                    png.display()
                );
                continue;
            }
            std::fs::create_dir_all(&docs).unwrap_or_else(|e| panic!("{e}"));
            let r = render_order(&order(id), &opts(stock)).unwrap_or_else(|e| panic!("{e}"));
            let dir = tmp();
            let pdf = dir.path().join("ref.pdf");
            std::fs::write(&pdf, &r.pdf).unwrap_or_else(|e| panic!("{e}"));
            let stem = docs.join(format!("{stock}-{kind}"));
            run(
                Command::new("pdftoppm")
                    .args([
                        "-r",
                        "150",
                        "-mono",
                        "-png",
                        "-singlefile",
                        "-f",
                        "1",
                        "-l",
                        "1",
                    ])
                    .arg(&pdf)
                    .arg(&stem),
                POPPLER,
            );
        }
    }
}
