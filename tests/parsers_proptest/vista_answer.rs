//! Vista: the completion answer.

use super::*;

#[derive(Debug, Clone)]
pub(crate) struct VistaModel {
    order_id: Option<String>,
    order_type: Option<String>,
    status: Option<String>,
    transaction_number: Option<i64>,
    expires: Option<(String, Option<DateTime<Utc>>)>,
    nulls: bool,
    extra: bool,
}

pub(crate) const VISTA_TYPES: &[&str] = &["Standard", "GiftShop", "Subscription"];
pub(crate) const VISTA_STATUSES: &[&str] = &["Pending", "Completed", "Failed"];

impl VistaModel {
    fn json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "orderId", text(&self.order_id), false);
        put(&mut m, "orderType", text(&self.order_type), false);
        put(&mut m, "status", text(&self.status), false);
        put(
            &mut m,
            "transactionNumber",
            self.transaction_number.map(Value::from),
            self.nulls,
        );
        put(
            &mut m,
            "updatedOrderExpiresAt",
            self.expires.clone().map(|(t, _)| Value::String(t)),
            self.nulls,
        );
        if self.extra {
            m.insert("links".into(), json!([{"rel": "self", "href": "/x"}]));
        }
        Value::Object(m)
    }

    /// What the page allows.
    fn valid(&self) -> bool {
        self.order_id.as_ref().is_some_and(|s| !s.trim().is_empty())
            && self
                .order_type
                .as_ref()
                .is_some_and(|w| VISTA_TYPES.contains(&w.as_str()))
            && self
                .status
                .as_ref()
                .is_some_and(|w| VISTA_STATUSES.contains(&w.as_str()))
            && self
                .transaction_number
                .is_none_or(|n| i32::try_from(n).is_ok())
            && self.expires.as_ref().is_none_or(|(_, at)| at.is_some())
    }
}

pub(crate) fn vista_model() -> impl Strategy<Value = VistaModel> {
    (
        prop::option::weighted(0.95, ident()),
        prop::option::weighted(0.95, word(VISTA_TYPES, &["Cinema", "standard", ""])),
        prop::option::weighted(
            0.95,
            word(VISTA_STATUSES, &["Done", "COMPLETED", "pending"]),
        ),
        prop::option::of(prop_oneof![
            4 => any::<i32>().prop_map(i64::from),
            1 => any::<i64>(),
            1 => Just(i64::from(i32::MAX) + 1),
        ]),
        prop::option::of(date_time()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(order_id, order_type, status, transaction_number, expires, nulls, extra)| {
                VistaModel {
                    order_id,
                    order_type,
                    status,
                    transaction_number,
                    expires,
                    nulls,
                    extra,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn vista_completion_answers_are_read_as_the_page_says(
        model in vista_model(),
        edits in edits(),
    ) {
        let body = apply_edits(&model.json(), &edits);
        let parsed = parse_completion(&body);
        let _ = problem_message(&body, 500);
        if edits.is_empty() {
            prop_assert_eq!(parsed.is_ok(), model.valid(), "{:?}", parsed);
        }
        let Ok(c) = parsed else { return Ok(()) };
        prop_assert!(!c.order_id.trim().is_empty());
        let status = match c.status {
            CompletionStatus::Pending => "Pending",
            CompletionStatus::Completed => "Completed",
            CompletionStatus::Failed => "Failed",
        };
        if edits.is_empty() {
            prop_assert_eq!(Some(&c.order_id), model.order_id.as_ref());
            prop_assert_eq!(Some(c.order_type.as_str()), model.order_type.as_deref());
            prop_assert_eq!(Some(status), model.status.as_deref());
            prop_assert_eq!(c.transaction_number.map(i64::from), model.transaction_number);
            prop_assert_eq!(c.updated_order_expires_at, model.expires.clone().and_then(|(_, at)| at));
        }
        // Whatever the edits, the answer read says what its text says.
        if let Ok(Value::Object(v)) = serde_json::from_slice::<Value>(&body) {
            prop_assert_eq!(v.get("orderId").and_then(Value::as_str), Some(c.order_id.as_str()));
            prop_assert_eq!(v.get("orderType").and_then(Value::as_str), Some(c.order_type.as_str()));
            prop_assert_eq!(v.get("status").and_then(Value::as_str), Some(status));
            let n = v.get("transactionNumber").filter(|n| !n.is_null());
            prop_assert_eq!(n.and_then(Value::as_i64), c.transaction_number.map(i64::from));
            prop_assert_eq!(n.is_some(), c.transaction_number.is_some());
        }
    }

    #[test]
    fn vista_problems_read_title_and_detail(
        title in opt_text(),
        detail in opt_text(),
        status in 100u16..600,
    ) {
        let mut m = Map::new();
        put(&mut m, "title", text(&title), false);
        put(&mut m, "detail", text(&detail), false);
        let message = problem_message(Value::Object(m).to_string().as_bytes(), status);
        let expected = match (title, detail) {
            (Some(t), Some(d)) => format!("{t}: {d}"),
            (Some(t), None) => t,
            (None, Some(d)) => d,
            (None, None) => format!("HTTP {status}"),
        };
        prop_assert_eq!(message, expected);
    }
}
