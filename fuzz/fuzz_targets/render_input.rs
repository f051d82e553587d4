//! `tickets::import::read_order` on any text (order documents, Afisha and Paciolan answers), then `tickets::render_order` of every order it accepts, on every stock and as a reprint: errors are fine, a panic is not.
#![no_main]

use box_office::tickets::import::{ImportOptions, read_order};
use box_office::tickets::{RenderOptions, Reprint, Stock, render_order};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = read_order(text, &ImportOptions::default()) else {
        return;
    };
    let order = imported.order;
    for (i, stock) in Stock::ALL.into_iter().enumerate() {
        let options = RenderOptions {
            stamp: None,
            stock,
            reprint: (i % 2 == 1).then_some(Reprint {
                number: 3,
                at: chrono::DateTime::UNIX_EPOCH,
            }),
            tickets: None,
        };
        if let Ok(r) = render_order(&order, &options) {
            assert!(r.pages > 0);
            assert!(r.pdf.starts_with(b"%PDF"));
        }
    }
});
