//! The `/order-info` request: the order as the page's request body describes
//! it, filled with what the counter knows. For a bare lookup only the
//! identifiers are sent; for a cached order everything known is sent,
//! cancelled items included, so the partner sees the same order Afisha does.

use serde_json::{Map, Value, json};

use crate::domain::{Cost, Money, Order};

/// The page's `Money`: minor units as a string, and the currency code.
pub fn money(m: &Option<Money>) -> Value {
    match m {
        Some(m) => json!({"value": m.minor.to_string(), "currencyCode": m.currency.code()}),
        None => Value::Null,
    }
}

/// The page's `Cost`: price, fee and total.
pub fn cost(c: &Option<Cost>) -> Value {
    match c {
        Some(c) => {
            json!({"price": money(&c.price), "fee": money(&c.fee), "total": money(&c.total)})
        }
        None => Value::Null,
    }
}

/// Which identifier a typed text is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `id`: the partner's order identifier.
    Id,
    /// `orderNumber`: the number the customer was given.
    OrderNumber,
    /// `codeWord`: the word said at the counter.
    CodeWord,
}

impl Key {
    pub fn field(self) -> &'static str {
        match self {
            Key::Id => "id",
            Key::OrderNumber => "orderNumber",
            Key::CodeWord => "codeWord",
        }
    }
}

/// The requests that ask for the order a cashier typed, most likely first.
/// The text may be the partner's id, the order number or the code word, and
/// the page gives each its own field: each request carries the text in one
/// field only, so the partner is never asked to match a value against the
/// wrong kind of identifier. Digits are most likely an order number, letters
/// alone a code word, a mix an id.
pub fn lookups(typed: &str) -> Vec<(Key, Value)> {
    let t = typed.trim();
    let digits = t.chars().any(|c| c.is_ascii_digit());
    let letters = t.chars().any(char::is_alphabetic);
    let order = match (digits, letters) {
        (true, false) => [Key::OrderNumber, Key::Id, Key::CodeWord],
        (false, true) => [Key::CodeWord, Key::OrderNumber, Key::Id],
        _ => [Key::Id, Key::OrderNumber, Key::CodeWord],
    };
    order
        .into_iter()
        .map(|k| {
            let mut m = Map::new();
            m.insert(k.field().to_owned(), json!(t));
            (k, Value::Object(m))
        })
        .collect()
}

/// The request for a known order.
pub fn for_order(o: &Order) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            m.insert(k.to_owned(), v);
        }
    };
    put("id", json!(o.id));
    put("orderNumber", json!(o.ids.order_number));
    put("codeWord", json!(o.ids.code_word));
    if let Some(e) = &o.event {
        put("eventId", json!(e.id));
        if let Some(s) = &e.session {
            put("sessionId", json!(s.id));
            put(
                "sessionTime",
                json!({
                    "sessionStart": s.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "sessionEnd": s.end.map(|e| e.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    "type": if s.all_day { "ALL_DAY" } else { "ON_TIME" },
                    "timezone": s.time_zone,
                }),
            );
        }
    }
    if let Some(v) = &o.venue {
        put("venueId", json!(v.id));
        put("hallId", json!(v.hall_id));
    }
    put(
        "created",
        json!(
            o.created_at
                .map(|c| c.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        ),
    );
    put(
        "items",
        Value::Array(
            o.tickets
                .iter()
                .map(|t| {
                    // `seatId` and `seat.id` are the hall's seat, not the
                    // ticket: sent only when the counter knows the seat's id.
                    let mut item = json!({
                        "levelId": t.level.as_ref().and_then(|l| l.id.clone()),
                        "categoryId": t.category.as_ref().and_then(|c| c.id.clone()),
                        "admission": t.seat.admission,
                        "cost": cost(&t.cost),
                        "seat": if t.seat.admission { Value::Null } else {
                            let mut seat = json!({"row": t.seat.row, "place": t.seat.place});
                            if let Some(id) = &t.seat.id {
                                seat["id"] = json!(id);
                            }
                            seat
                        },
                    });
                    if let Some(id) = &t.seat.id {
                        item["seatId"] = json!(id);
                    }
                    item
                })
                .collect(),
        ),
    );
    if let Some(c) = &o.customer {
        put(
            "customer",
            json!({"firstName": c.first_name, "lastName": c.last_name, "email": c.email, "phone": c.phone}),
        );
    }
    put("sum", cost(&o.sum));
    put(
        "cancelItems",
        Value::Array(
            o.cancelled
                .iter()
                .map(|c| {
                    json!({
                        "ticketId": c.ticket_id,
                        "refundedCost": cost(&c.refunded),
                        "created": c.at.map(|a| a.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    })
                })
                .collect(),
        ),
    );
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Platform;

    #[test]
    fn a_typed_text_goes_in_one_field_at_a_time_likeliest_first() {
        let kinds = |t: &str| lookups(t).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(
            kinds("1001-5521"),
            [Key::OrderNumber, Key::Id, Key::CodeWord]
        );
        assert_eq!(kinds("ёлка"), [Key::CodeWord, Key::OrderNumber, Key::Id]);
        assert_eq!(kinds("AF-1001"), [Key::Id, Key::OrderNumber, Key::CodeWord]);
        for (_, body) in lookups(" ЁЛКА ") {
            let m = body.as_object().unwrap();
            assert_eq!(m.len(), 1, "{body}");
            assert_eq!(m.values().next().unwrap(), "ЁЛКА");
        }
    }

    #[test]
    fn seat_ids_are_the_seats_not_the_tickets() {
        let cat = crate::sandbox::Catalogue::seeded(chrono::Utc::now());
        let known = &cat.find(Platform::Afisha, "AF-1001").unwrap().order;
        let body = for_order(known);
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), known.tickets.len());
        for (item, t) in items.iter().zip(&known.tickets) {
            let seat = t.seat.id.as_deref().expect("seeded seats have ids");
            assert_eq!(item["seatId"], seat);
            assert_eq!(item["seat"]["id"], seat);
            assert_ne!(item["seatId"], t.id.as_str());
        }
    }
}
