//! Vista `parse_completion` (and `problem_message`) on any bytes: Ok or Err, never a panic. What it accepts obeys the page and says what the body says: a non-blank `orderId` equal to the body's, `orderType` and `status` the body's words from the page's enums, `transactionNumber` the body's integer (an int32) or absent/null — also for Completed, which the page allows without one.
#![no_main]

use box_office::providers::vista::wire::{CompletionStatus, parse_completion, problem_message};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let _ = problem_message(data, 500);
    let Ok(c) = parse_completion(data) else {
        return;
    };
    assert!(!c.order_id.trim().is_empty());
    // The same body read as plain JSON (which may refuse what the typed
    // reader skips, such as an unknown field holding 1e400).
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    assert_eq!(body.get("orderId").and_then(Value::as_str), Some(c.order_id.as_str()));
    assert_eq!(
        body.get("orderType").and_then(Value::as_str),
        Some(c.order_type.as_str())
    );
    let status = match c.status {
        CompletionStatus::Pending => "Pending",
        CompletionStatus::Completed => "Completed",
        CompletionStatus::Failed => "Failed",
    };
    assert_eq!(body.get("status").and_then(Value::as_str), Some(status));
    let number = body.get("transactionNumber").filter(|v| !v.is_null());
    assert_eq!(number.and_then(Value::as_i64), c.transaction_number.map(i64::from));
    assert_eq!(number.is_some(), c.transaction_number.is_some());
    if let Some(at) = c.updated_order_expires_at {
        assert!(body.get("updatedOrderExpiresAt").is_some_and(Value::is_string), "{at}");
    }
});
