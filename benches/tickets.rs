//! Ticket rendering speed and size: orders of 1, 10, 1,000 and 10,000
//! tickets on the 80 mm roll, each ticket with its own barcode, the five
//! symbologies in turn (EAN-13, QR with Cyrillic, Code 128, ITF, PDF417 with
//! Cyrillic), so every encoder and the font subsetting are in the figures;
//! and 1,000 tickets that are all QR codes, the order the whole-process
//! comparison in docs/benchmarks.md renders.
//!
//!     cargo bench --no-default-features --bench tickets
//!
//! Criterion reports time per order and tickets per second (throughput);
//! the PDF size per order and per ticket is printed before each group.
//! Results and targets are in docs/benchmarks.md.

use std::hint::black_box;

use box_office::domain::{Barcode, Order, Symbology};
use box_office::sandbox::catalogue::Catalogue;
use box_office::tickets::{RenderOptions, Stock, render_order};
use chrono::{TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn ean13(first12: &str) -> String {
    let sum: u32 = first12
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{first12}{}", (10 - sum % 10) % 10)
}

/// A sold Afisha order (Moscow, roubles, Cyrillic names) with `n` seated
/// tickets, each with a unique barcode.
fn order_of(n: usize) -> Order {
    let now = Utc
        .with_ymd_and_hms(2025, 11, 24, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let mut o = Catalogue::seeded(now)
        .orders
        .into_iter()
        .map(|s| s.order)
        .find(|o| o.id == "AF-1001")
        .expect("the seeded order AF-1001");
    let template = o.tickets[0].clone();
    o.tickets = (0..n)
        .map(|i| {
            let mut t = template.clone();
            let (row, place) = (i / 30 + 1, i % 30 + 1);
            t.id = format!("AF-B-{i}");
            t.seat.row = Some(row.to_string());
            t.seat.place = Some(place.to_string());
            let (value, symbology) = match i % 5 {
                0 => (ean13(&format!("46012{i:07}")), Symbology::Ean13),
                1 => (
                    format!("AF-B-{i}|Ряд {row}|Место {place}"),
                    Symbology::QrCode,
                ),
                2 => (format!("AFB{i:08}"), Symbology::Code128),
                3 => (format!("00{i:010}"), Symbology::Interleaved2of5),
                _ => (
                    format!("AF-B-{i}/Партер/Ряд {row}/Место {place}"),
                    Symbology::Pdf417,
                ),
            };
            t.barcode = Some(Barcode { value, symbology });
            t
        })
        .collect();
    o
}

fn tickets(c: &mut Criterion) {
    let options = RenderOptions {
        stamp: None,
        stock: Stock::Thermal80,
        reprint: None,
        tickets: None,
    };
    let mut group = c.benchmark_group("render/thermal-80");
    for n in [1usize, 10, 1000, 10_000] {
        let order = order_of(n);
        let once = render_order(&order, &options).expect("the bench order renders");
        assert!(once.refused.is_empty(), "{:?}", once.refused);
        assert_eq!(once.pages, n);
        println!(
            "tickets/{n}: {} bytes, {} bytes per ticket",
            once.pdf.len(),
            once.pdf.len() / n
        );
        group.throughput(Throughput::Elements(n as u64));
        if n >= 1000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &order, |b, o| {
            b.iter(|| render_order(black_box(o), black_box(&options)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("render/thermal-80-qr");
    let mut order = order_of(1000);
    for (i, t) in order.tickets.iter_mut().enumerate() {
        t.barcode = Some(Barcode {
            value: format!("AF-B-{i}|Ряд {}|Место {}", i / 30 + 1, i % 30 + 1),
            symbology: Symbology::QrCode,
        });
    }
    let once = render_order(&order, &options).expect("the QR order renders");
    println!(
        "tickets/qr-1000: {} bytes, {} bytes per ticket",
        once.pdf.len(),
        once.pdf.len() / 1000
    );
    group.throughput(Throughput::Elements(1000));
    group.sample_size(10);
    group.bench_with_input(BenchmarkId::from_parameter(1000), &order, |b, o| {
        b.iter(|| render_order(black_box(o), black_box(&options)))
    });
    group.finish();
}

criterion_group!(benches, tickets);
criterion_main!(benches);
