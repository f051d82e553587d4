//! Vista `parse_completion` (and `problem_message`) on any bytes: Ok or Err, never a panic; what it accepts obeys the page (non-empty orderId, Completed carries a transactionNumber).
#![no_main]

use box_office::providers::vista::wire::{CompletionStatus, parse_completion, problem_message};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = parse_completion(data) {
        assert!(!c.order_id.trim().is_empty());
        assert!(c.status != CompletionStatus::Completed || c.transaction_number.is_some());
        let _ = c.order_type.as_str();
    }
    let _ = problem_message(data, 500);
});
