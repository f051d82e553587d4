//! Order documents, through `render`'s reader.

use super::*;
use crate::afisha_answer::ZONES;

pub(crate) fn order_document() -> impl Strategy<Value = (usize, Vec<Edit>, Option<(String, String)>)>
{
    (
        any::<usize>(),
        edits(),
        prop::option::of((
            prop_oneof![
                3 => prop::sample::select(ZONES).prop_map(str::to_owned),
                1 => prop::sample::select(vec!["Mars/Olympus_Mons", ""]).prop_map(str::to_owned),
            ],
            date_time().prop_map(|(t, _)| t),
        )),
    )
}

/// The order with its raw platform JSON read as a tree (the document's
/// text may be laid out anew, and numbers `50.00` come back `50.0`).
pub(crate) fn comparable(o: &Order) -> (Order, Option<Value>) {
    let mut o = o.clone();
    let raw = o
        .raw
        .take()
        .map(|r| serde_json::from_str(r.text()).unwrap());
    (o, raw)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn order_documents_read_back_the_order_they_hold(
        (pick, edits, session) in order_document(),
    ) {
        let orders = &CATALOGUE.orders;
        let mut order = orders[pick % orders.len()].order.clone();
        let written = OrderDocument::new(order.clone()).to_json();
        let mut model: Value = serde_json::from_str(&written).unwrap();
        // A session moved to another zone and time, which may be none.
        let mut readable = true;
        if let Some((zone, start)) = &session
            && let Some(s) = model.pointer_mut("/order/event/session").filter(|s| s.is_object())
        {
            s["timeZone"] = json!(zone);
            s["start"] = json!(start);
            let at = start.parse::<DateTime<Utc>>();
            readable = zone.parse::<chrono_tz::Tz>().is_ok() && at.is_ok();
            let s = order.event.as_mut().and_then(|e| e.session.as_mut()).unwrap();
            s.time_zone = zone.clone();
            if let Ok(at) = at {
                s.start = at;
            }
        }
        let body = apply_edits(&model, &edits);
        let text = String::from_utf8_lossy(&body);
        let imported = read_order(&text, &ImportOptions::default());
        if edits.is_empty() {
            if readable {
                let i = imported.as_ref().map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(i.source, Source::OrderDocument);
                prop_assert_eq!(comparable(&i.order), comparable(&order));
            } else {
                prop_assert!(imported.is_err());
            }
            if session.is_none() {
                let exact = read_order(&written, &ImportOptions::default())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(&exact.order, &order);
            }
        }
        let Ok(i) = imported else { return Ok(()) };
        if i.source != Source::OrderDocument {
            return Ok(());
        }
        let doc = OrderDocument::from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&doc.order, &i.order);
        // What was read is written and read back unchanged.
        let again = OrderDocument::new(i.order.clone()).to_json();
        let back = OrderDocument::from_json(&again)
            .map_err(|e| TestCaseError::fail(format!("{e}: {again}")))?;
        prop_assert_eq!(back.order, i.order);
    }
}
