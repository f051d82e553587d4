//! Paciolan: the cart (the complete-order request, `complete --input`).

use super::*;

#[derive(Debug, Clone)]
pub(crate) struct CartModel {
    listing: (String, String, Option<String>, Option<String>),
    tokens: Vec<(String, Option<String>, Option<String>)>,
    names: (String, Option<String>, String),
    phone: (String, Option<String>, Option<String>, String),
    address: Option<(String, [Option<String>; 3], [String; 4])>,
    email: (String, Option<bool>),
    settlement: (String, String),
    callback: Option<String>,
    nulls: bool,
}

pub(crate) fn cart_model() -> impl Strategy<Value = CartModel> {
    // Each part boxed: the whole tuple of strategies, unboxed, overflows the
    // test thread's stack in a debug build.
    let listing = (
        any_text(),
        any_text(),
        prop::option::of(decimal()),
        prop::option::of(decimal()),
    )
        .boxed();
    let tokens = prop::collection::vec(
        (
            any_text(),
            prop::option::of(decimal()),
            prop::option::of(decimal()),
        ),
        0..4,
    )
    .boxed();
    let names = (any_text(), opt_text(), any_text()).boxed();
    let phone = ("[0-9]{0,11}", opt_text(), opt_text(), any_text()).boxed();
    let address = prop::option::of((
        any_text(),
        prop::array::uniform3(opt_text()),
        prop::array::uniform4(any_text()),
    ))
    .boxed();
    let email = (any_text(), prop::option::of(any::<bool>())).boxed();
    let settlement = (decimal(), decimal()).boxed();
    let callback = prop::option::of(Just("https://example.invalid/cb".to_owned())).boxed();
    (
        listing,
        tokens,
        names,
        phone,
        address,
        email,
        settlement,
        callback,
        any::<bool>(),
    )
        .prop_map(
            |(listing, tokens, names, phone, address, email, settlement, callback, nulls)| {
                CartModel {
                    listing,
                    tokens,
                    names,
                    phone,
                    address,
                    email,
                    settlement,
                    callback,
                    nulls,
                }
            },
        )
        .boxed()
}

impl CartModel {
    fn json(&self) -> Value {
        let n = self.nulls;
        let amount = |a: &Option<String>| a.as_deref().map(number);
        let mut listing = Map::new();
        listing.insert("externalListingId".into(), json!(self.listing.0));
        listing.insert("externalOrderId".into(), json!(self.listing.1));
        put(&mut listing, "totalPrice", amount(&self.listing.2), n);
        put(&mut listing, "totalFees", amount(&self.listing.3), n);
        let tokens: Vec<Value> = self
            .tokens
            .iter()
            .map(|(token, price, fees)| {
                let mut t = Map::new();
                t.insert("token".into(), json!(token));
                put(&mut t, "individualPrice", amount(price), n);
                put(&mut t, "individualFees", amount(fees), n);
                Value::Object(t)
            })
            .collect();
        listing.insert("tokens".into(), Value::Array(tokens));
        let mut phone = Map::new();
        phone.insert("number".into(), json!(self.phone.0));
        put(&mut phone, "formattedNumber", text(&self.phone.1), n);
        put(&mut phone, "extension", text(&self.phone.2), n);
        phone.insert("countryCode".into(), json!(self.phone.3));
        let mut buyer = Map::new();
        buyer.insert("firstName".into(), json!(self.names.0));
        put(&mut buyer, "middleInitial", text(&self.names.1), n);
        buyer.insert("lastName".into(), json!(self.names.2));
        buyer.insert("phoneNumber".into(), Value::Object(phone));
        if let Some((line1, more, [locality, region, postal, country])) = &self.address {
            let mut a = Map::new();
            a.insert("address1".into(), json!(line1));
            for (k, v) in ["address2", "address3", "address4"].iter().zip(more) {
                put(&mut a, k, text(v), n);
            }
            a.insert("locality".into(), json!(locality));
            a.insert("region".into(), json!(region));
            a.insert("postalCode".into(), json!(postal));
            a.insert("countryCode".into(), json!(country));
            buyer.insert("address".into(), Value::Object(a));
        }
        let mut email = Map::new();
        email.insert("email".into(), json!(self.email.0));
        put(&mut email, "optIn", self.email.1.map(Value::Bool), n);
        buyer.insert("emailAddress".into(), Value::Object(email));
        let mut m = Map::new();
        m.insert("listing".into(), Value::Object(listing));
        m.insert("buyer".into(), Value::Object(buyer));
        m.insert(
            "settlement".into(),
            json!({
                "totalAmountPaid": number(&self.settlement.0),
                "amountToSeller": number(&self.settlement.1),
            }),
        );
        put(&mut m, "asyncCallbackUrl", text(&self.callback), false);
        Value::Object(m)
    }

    fn amounts(&self) -> Vec<&str> {
        let mut a: Vec<&str> = [&self.listing.2, &self.listing.3]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for (_, p, f) in &self.tokens {
            a.extend([p, f].into_iter().flatten().map(String::as_str));
        }
        a.extend([self.settlement.0.as_str(), self.settlement.1.as_str()]);
        a
    }
}

/// Every amount of an accepted cart in `currency` is exactly what its
/// digits say, and written back reads the same.
pub(crate) fn check_amount(a: &Amount, currency: Currency) -> Result<Option<Money>, TestCaseError> {
    let m = a.to_money(currency);
    let expected = reference_minor(a.as_str(), currency.exponent());
    prop_assert_eq!(
        m.as_ref().ok().map(|m| m.minor),
        expected,
        "{:?} in {}",
        a,
        currency
    );
    if let Ok(m) = m {
        prop_assert_eq!(Amount::from_money(m).to_money(currency), Ok(m));
    }
    Ok(m.ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn paciolan_carts_round_trip_and_price_their_tickets(
        model in cart_model(),
        edits in edits(),
    ) {
        let body = apply_edits(&model.json(), &edits);
        let text = String::from_utf8_lossy(&body);
        let parsed = serde_json::from_str::<Cart>(&text);
        if edits.is_empty() {
            let valid = model.amounts().iter().all(|a| amount_text_ok(a));
            prop_assert_eq!(parsed.is_ok(), valid, "{:?}", parsed);
        }
        let Ok(cart) = parsed else { return Ok(()) };
        if edits.is_empty() {
            // The exact text of every amount is kept.
            let mut kept: Vec<&str> = [&cart.listing.total_price, &cart.listing.total_fees]
                .into_iter()
                .flatten()
                .map(Amount::as_str)
                .collect();
            for t in &cart.listing.tokens {
                kept.extend([&t.individual_price, &t.individual_fees].into_iter().flatten().map(Amount::as_str));
            }
            kept.extend([cart.settlement.total_amount_paid.as_str(), cart.settlement.amount_to_seller.as_str()]);
            prop_assert_eq!(kept, model.amounts());
            prop_assert_eq!(&cart.listing.external_order_id, &model.listing.1);
            prop_assert_eq!(&cart.buyer.middle_initial, &model.names.1);
            prop_assert_eq!(cart.buyer.address.is_some(), model.address.is_some());
        }
        let compact = serde_json::to_string(&cart).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again: Cart = serde_json::from_str(&compact).map_err(|e| TestCaseError::fail(format!("{e}: {compact}")))?;
        prop_assert_eq!(&again, &cart);
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), compact.clone());
        let pretty = serde_json::to_string_pretty(&cart).unwrap();
        let reread = serde_json::from_str::<Cart>(&pretty).ok();
        prop_assert_eq!(reread.as_ref(), Some(&cart));
        prop_assert!(!compact.contains("asyncCallbackUrl"));

        for code in ["USD", "JPY", "KWD"] {
            let c = currency(code);
            for a in [&cart.listing.total_price, &cart.listing.total_fees].into_iter().flatten() {
                check_amount(a, c)?;
            }
            check_amount(&cart.settlement.total_amount_paid, c)?;
            check_amount(&cart.settlement.amount_to_seller, c)?;
            let o = order_from_cart(&cart.listing.external_order_id, &text, c)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(o.platform, Platform::Paciolan);
            prop_assert_eq!(o.status, OrderStatus::InProgress);
            prop_assert_eq!(o.ids.order_number.as_ref(), Some(&cart.listing.external_order_id));
            prop_assert_eq!(o.ids.listing_id.as_ref(), Some(&cart.listing.external_listing_id));
            prop_assert_eq!(o.tickets.len(), cart.listing.tokens.len());
            for (t, token) in o.tickets.iter().zip(&cart.listing.tokens) {
                prop_assert_eq!(&t.id, &token.token);
                let price = match &token.individual_price { Some(a) => check_amount(a, c)?, None => None };
                let fee = match &token.individual_fees { Some(a) => check_amount(a, c)?, None => None };
                let cost = t.cost.as_ref().expect("a cart ticket has a cost");
                prop_assert_eq!((cost.price, cost.fee), (price, fee));
                let sum = price
                    .zip(fee)
                    .and_then(|(p, f)| p.minor.checked_add(f.minor))
                    .map(|minor| Money::new(minor, c));
                prop_assert_eq!(cost.total, sum);
            }
        }
    }

    #[test]
    fn the_sandbox_carts_round_trip(pick in any::<usize>()) {
        let carts: Vec<&Cart> = CATALOGUE.orders.iter().filter_map(|o| o.cart.as_ref()).collect();
        let cart = carts[pick % carts.len()];
        let text = serde_json::to_string(cart).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Cart>(&text).unwrap(), cart);
        let o = order_from_cart(&cart.listing.external_order_id, &text, currency("USD"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(o.tickets.len(), cart.listing.tokens.len());
    }
}
