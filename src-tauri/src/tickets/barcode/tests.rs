use super::*;

fn bc(value: &str, symbology: Symbology) -> Barcode {
    Barcode {
        value: value.to_owned(),
        symbology,
    }
}

fn sizes(stock: Stock) -> CodeSizes {
    stock.template().code_sizes
}

#[test]
fn runs_merge_adjacent_modules() {
    let row = [true, true, false, true, false, false, true, true, true];
    let runs = runs_of(&row, 3);
    assert_eq!(runs.len(), 3);
    assert_eq!(
        runs[2],
        Run {
            x: 6,
            y: 3,
            len: 3,
            rows: 1
        }
    );
}

#[test]
fn rows_that_repeat_a_run_extend_it() {
    let rows = [
        vec![true, true, false, true],
        vec![true, true, false, false],
        vec![true, true, true, false],
    ];
    let merged = merge_rows(rows.iter().enumerate().map(|(y, r)| runs_of(r, y)));
    let spans: Vec<(u16, u16, u16, u16)> =
        merged.iter().map(|r| (r.x, r.y, r.len, r.rows)).collect();
    assert_eq!(spans, vec![(0, 0, 2, 2), (3, 0, 1, 1), (0, 2, 3, 1)]);
    // Every dark module is covered exactly once.
    let area: u32 = merged
        .iter()
        .map(|r| u32::from(r.len) * u32::from(r.rows))
        .sum();
    assert_eq!(area, 8);
}

#[test]
fn ean13_keeps_its_quiet_zones_and_whole_dot_modules() {
    let s = size(
        &bc("4006381333931", Symbology::Ean13),
        mm(72.0),
        mm(50.0),
        &sizes(Stock::Thermal80),
        Stock::Thermal80,
    )
    .unwrap();
    assert!(
        (s.module_w / DOT - 3.0).abs() < 1e-4,
        "{}",
        s.module_w / DOT
    );
    assert!((s.quiet_left - 11.0 * s.module_w).abs() < 1e-4);
    assert!((s.quiet_right - 7.0 * s.module_w).abs() < 1e-4);
    assert!((s.symbol_w - 95.0 * s.module_w).abs() < 1e-3);
    // 30 bars: 3 guard patterns of 2, 2, 2 bars and 12 digits of 2 bars
    assert_eq!(s.runs.len(), 30);
}

#[test]
fn a_code_too_wide_for_the_stock_is_refused_not_squeezed() {
    let long = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij";
    let err = size(
        &bc(long, Symbology::Code128),
        mm(48.0),
        mm(40.0),
        &sizes(Stock::Boca),
        Stock::Boca,
    )
    .unwrap_err();
    assert_eq!(err, BarcodeProblem::TooWide { stock: Stock::Boca });
    // The same value fits an A4 panel.
    assert!(
        size(
            &bc(long, Symbology::Code128),
            mm(180.0),
            mm(40.0),
            &sizes(Stock::A4),
            Stock::A4
        )
        .is_ok()
    );
}

#[test]
fn code128_prefers_the_larger_module_and_falls_back_to_the_minimum() {
    let v = bc("1003-0042-1", Symbology::Code128);
    let wide = size(
        &v,
        mm(72.0),
        mm(40.0),
        &sizes(Stock::Thermal80),
        Stock::Thermal80,
    )
    .unwrap();
    assert!((wide.module_w / DOT - 3.0).abs() < 1e-4);
    let narrow = size(&v, mm(46.0), mm(40.0), &sizes(Stock::Boca), Stock::Boca).unwrap();
    assert!((narrow.module_w / DOT - 2.0).abs() < 1e-4);
    assert!(narrow.width() <= mm(46.0));
    assert!(narrow.symbol_h >= mm(6.35));
}

#[test]
fn qr_and_pdf417_fit_their_area() {
    for stock in Stock::ALL {
        let t = stock.template();
        let (w, h) = t.code.map_or((t.text.w, mm(80.0)), |r| (r.w, r.h));
        let q = size(
            &bc("VISTA|VS-2001-1|F7", Symbology::QrCode),
            w,
            h,
            &t.code_sizes,
            stock,
        )
        .unwrap();
        assert!(q.width() <= w && q.height() <= h, "{stock}");
        assert!(q.module_w >= 3.0 * DOT - 1e-4);
        let p = size(
            &bc(
                "AF-1007-1/Партер/Ряд 1/Место 1/Бриллиантовая рука",
                Symbology::Pdf417,
            ),
            w,
            h,
            &t.code_sizes,
            stock,
        )
        .unwrap();
        assert!(p.width() <= w && p.height() <= h, "{stock}");
        assert!((p.module_h / p.module_w - 3.0).abs() < 1e-4);
    }
}

#[test]
fn checks_do_not_depend_on_the_stock() {
    assert!(check(&bc("4601234500125", Symbology::Ean13)).is_err());
    assert!(check(&bc("001234567801", Symbology::Interleaved2of5)).is_ok());
    assert!(check(&bc("00123456780", Symbology::Interleaved2of5)).is_err());
    assert!(check(&bc("Ёлка", Symbology::QrCode)).is_ok());
    assert!(check(&bc("Ёлка", Symbology::Code128)).is_err());
    assert!(check(&bc("", Symbology::Pdf417)).is_err());
}
