use super::*;
use crate::domain::{Barcode, Symbology};
use crate::tickets::stock::Stock;

fn text(s: &str, role: Role, max_lines: usize) -> Block {
    Block::Text {
        text: s.to_owned(),
        role,
        weight: Weight::Regular,
        max_lines,
    }
}

fn qr() -> Block {
    Block::Code(Barcode {
        value: "AF1004T1".into(),
        symbology: Symbology::QrCode,
    })
}

fn within(page: &Page, r: Region) {
    for m in &page.marks {
        if let Mark::Text {
            x,
            baseline,
            size,
            weight,
            text,
            ..
        } = m
        {
            let w = fonts().face(*weight).width(text, *size);
            assert!(
                *x >= r.x - 0.01 && x + w <= r.x + r.w + 0.01,
                "{text:?} runs off: {x} + {w}"
            );
            assert!(
                *baseline <= page.height && *baseline - size >= 0.0,
                "{text:?}"
            );
        }
    }
}

#[test]
fn a_very_long_cyrillic_title_stays_on_every_stock() {
    let title = "Очень длинное название спектакля для проверки переноса: «Преступление и наказание, или Невероятные приключения Родиона Раскольникова в Санкт-Петербурге»".repeat(3);
    for stock in Stock::ALL {
        let t = stock.template();
        let blocks = vec![
            text(&title, Role::Title, 3),
            text("Ряд 5 · Место 11", Role::Big, 1),
            qr(),
        ];
        let page = ticket(&blocks, &t).unwrap();
        within(
            &page,
            Region {
                x: 0.0,
                y: 0.0,
                w: t.width,
                h: page.height,
            },
        );
        within(
            &page,
            if stock == Stock::Thermal80 {
                t.text
            } else {
                t.cont
            },
        );
        let texts: Vec<&str> = page
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.iter().any(|l| l.ends_with('…')), "{stock}: {texts:?}");
        assert!(
            texts.contains(&"Ряд 5 · Место 11"),
            "{stock}: the seat must survive"
        );
        assert!(
            page.marks.iter().any(|m| matches!(m, Mark::Code { .. })),
            "{stock}"
        );
    }
}

#[test]
fn too_much_text_on_a_fixed_ticket_shrinks_then_cuts() {
    let t = Stock::Boca.template();
    let blocks: Vec<Block> = (0..30)
        .map(|i| text(&format!("Строка номер {i}"), Role::Body, 1))
        .collect();
    let page = ticket(&blocks, &t).unwrap();
    let sizes: Vec<f32> = page
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text { size, .. } => Some(*size),
            _ => None,
        })
        .collect();
    assert!(sizes.iter().all(|s| *s < t.type_scale.body), "{sizes:?}");
    let last_y = page
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text { baseline, .. } => Some(*baseline),
            _ => None,
        })
        .fold(0.0, f32::max);
    assert!(last_y <= t.text.bottom());
}

#[test]
fn a_roll_page_is_as_long_as_its_content() {
    let t = Stock::Thermal80.template();
    let short = ticket(&[text("Амели", Role::Title, 2), qr()], &t).unwrap();
    let long = ticket(
        &[
            text("Амели", Role::Title, 2),
            text(&"слово ".repeat(200), Role::Body, 40),
            qr(),
        ],
        &t,
    )
    .unwrap();
    assert!(short.height < long.height && long.height <= t.max_height);
    assert!((short.height / DOT - (short.height / DOT).round()).abs() < 1e-3);
}

#[test]
fn a_long_form_continues_on_more_pages_with_a_header() {
    for stock in Stock::ALL {
        let t = stock.template();
        let mut blocks = vec![text("Бланк", Role::Title, 1), qr()];
        blocks.extend((0..200).map(|i| text(&format!("Ряд {i} · Место {i}"), Role::Body, 2)));
        let pages = form(&blocks, &t, "Заказ 1 — продолжение").unwrap();
        assert!(pages.len() > 1, "{stock}");
        let codes = pages
            .iter()
            .flat_map(|p| &p.marks)
            .filter(|m| matches!(m, Mark::Code { .. }))
            .count();
        assert_eq!(codes, 1, "{stock}");
        let all: Vec<&str> = pages
            .iter()
            .flat_map(|p| &p.marks)
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for i in 0..200 {
            assert!(
                all.contains(&format!("Ряд {i} · Место {i}").as_str()),
                "{stock}: seat {i} lost"
            );
        }
        match &pages[1]
            .marks
            .iter()
            .find(|m| matches!(m, Mark::Text { .. }))
        {
            Some(Mark::Text { text, .. }) => assert_eq!(text, "Заказ 1 — продолжение"),
            other => panic!("{stock}: {other:?}"),
        }
        for p in &pages {
            within(
                p,
                Region {
                    x: 0.0,
                    y: 0.0,
                    w: p.width,
                    h: p.height,
                },
            );
        }
    }
}

#[test]
fn the_reprint_banner_is_white_on_black() {
    let t = Stock::A4.template();
    let page = ticket(
        &[Block::Banner("REPRINT 2 · 26.11.2025 19:30".into()), qr()],
        &t,
    )
    .unwrap();
    assert!(page.marks.iter().any(|m| matches!(m, Mark::Fill { .. })));
    assert!(page.marks.iter().any(
        |m| matches!(m, Mark::Text { white: true, text, .. } if text.starts_with("REPRINT 2"))
    ));
}
