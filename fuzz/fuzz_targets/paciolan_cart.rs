//! The Paciolan cart reader (`paciolan::Cart`, the complete-order request body and `box-office complete --input`) on any text: whatever serde_json accepts serialises (compact and pretty), re-parses equal and re-serialises to the same text; every amount converts to money in USD, JPY and KWD without a panic, to exactly the minor units its digits say (checked against a digit-string oracle) or an error when there are none, and survives `Amount::from_money`; `counter::order_from_cart` accepts it, with one ticket per token carrying that token's price, fee and their sum.
#![no_main]

use std::sync::LazyLock;

use box_office::counter::order_from_cart;
use box_office::domain::{Currency, Money, OrderStatus, Platform};
use box_office::providers::paciolan::{Amount, Cart};
use libfuzzer_sys::fuzz_target;

/// Exponents 2, 0 and 3.
static CURRENCIES: LazyLock<[Currency; 3]> = LazyLock::new(|| {
    ["USD", "JPY", "KWD"].map(|c| c.parse().expect("an ISO 4217 code"))
});

/// The exact value of `text` (`-?digits(.digits)?`) in minor units of a
/// currency with `exponent` decimals, worked out on the digits as text: the
/// oracle the money parser must agree with. `None` when it has more
/// decimals than the currency, or does not fit an i64.
fn reference_minor(text: &str, exponent: usize) -> Option<i64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let frac = frac.trim_end_matches('0');
    if frac.len() > exponent {
        return None;
    }
    let digits = format!("{int}{frac:0<exponent$}");
    let digits = digits.trim_start_matches('0');
    if digits.len() > 20 {
        return None;
    }
    let magnitude: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// The amount in `currency`: never a panic, exactly the value its digits
/// say (or refused when it has no exact value in an i64 of minor units),
/// and an accepted value written back reads the same.
fn money(a: &Amount, currency: Currency) -> Option<Money> {
    let m = a.to_money(currency);
    let expected = reference_minor(a.as_str(), currency.exponent() as usize);
    assert_eq!(m.as_ref().ok().map(|m| m.minor), expected, "{a:?} in {currency}");
    let m = m.ok()?;
    assert_eq!(m.currency, currency);
    assert_eq!(Amount::from_money(m).to_money(currency), Ok(m), "{a:?}");
    Some(m)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cart) = serde_json::from_str::<Cart>(text) else {
        return;
    };

    // Round trip: what was read is written and read back unchanged.
    let compact = serde_json::to_string(&cart).expect("an accepted cart serialises");
    let again: Cart = serde_json::from_str(&compact)
        .unwrap_or_else(|e| panic!("the written cart {compact} does not read back: {e}"));
    assert_eq!(again, cart, "{compact}");
    assert_eq!(serde_json::to_string(&again).unwrap(), compact);
    let pretty = serde_json::to_string_pretty(&cart).expect("an accepted cart serialises");
    assert_eq!(serde_json::from_str::<Cart>(&pretty).ok().as_ref(), Some(&cart));
    assert!(!compact.contains("asyncCallbackUrl"));

    let listing = &cart.listing;
    for &currency in CURRENCIES.iter() {
        for a in [&listing.total_price, &listing.total_fees]
            .into_iter()
            .flatten()
        {
            money(a, currency);
        }
        money(&cart.settlement.total_amount_paid, currency);
        money(&cart.settlement.amount_to_seller, currency);

        // The order `complete --input` makes of it.
        let o = order_from_cart(&listing.external_order_id, text, currency)
            .unwrap_or_else(|e| panic!("an accepted cart is refused as an order: {e}"));
        assert_eq!(o.platform, Platform::Paciolan);
        assert_eq!(o.status, OrderStatus::InProgress);
        assert_eq!(o.ids.order_number.as_ref(), Some(&listing.external_order_id));
        assert_eq!(o.ids.listing_id.as_ref(), Some(&listing.external_listing_id));
        assert!(o.raw.is_some(), "the cart's text is kept");
        assert_eq!(o.tickets.len(), listing.tokens.len());
        for (ticket, token) in o.tickets.iter().zip(&listing.tokens) {
            assert_eq!(ticket.id, token.token);
            let price = token.individual_price.as_ref().and_then(|a| money(a, currency));
            let fee = token.individual_fees.as_ref().and_then(|a| money(a, currency));
            let cost = ticket.cost.as_ref().expect("a cart ticket has a cost");
            assert_eq!((cost.price, cost.fee), (price, fee));
            let sum = price
                .zip(fee)
                .and_then(|(p, f)| p.minor.checked_add(f.minor))
                .map(|minor| Money::new(minor, currency));
            assert_eq!(cost.total, sum);
        }
        let customer = o.customer.as_ref().expect("a cart names its buyer");
        assert_eq!(customer.email.as_ref(), Some(&cart.buyer.email_address.email));
        assert_eq!(customer.phone.as_ref(), Some(&cart.buyer.phone_number.number));
    }
});
