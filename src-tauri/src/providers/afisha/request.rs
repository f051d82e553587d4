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

/// A request that asks for the order a cashier typed: the text may be the
/// partner's id, the order number or the code word, so it is sent as all
/// three and the partner matches what it knows.
pub fn lookup(key: &str) -> Value {
    json!({"id": key, "orderNumber": key, "codeWord": key})
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
                    json!({
                        "seatId": t.id,
                        "levelId": t.level.as_ref().and_then(|l| l.id.clone()),
                        "categoryId": t.category.as_ref().and_then(|c| c.id.clone()),
                        "admission": t.seat.admission,
                        "cost": cost(&t.cost),
                        "seat": if t.seat.admission { Value::Null } else {
                            json!({"id": t.id, "row": t.seat.row, "place": t.seat.place})
                        },
                    })
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
