//! Property tests of the readers the fuzz targets in `fuzz/` exercise, in
//! the ordinary test suite so a regression fails CI: Vista's completion
//! answer, Paciolan's complete-order answer and cart, Afisha's /order-info
//! answer, the order document (and `render`'s reader of all inputs), and
//! money.
//!
//! Each input is built from the page's shape with random values and
//! omissions, then, in about half the cases, mutated: a member removed or
//! replaced by a value of another type, or the text cut, a byte inserted or
//! deleted. Unmutated inputs must be read exactly as the page says (accepted
//! or refused as predicted from the model); every input must be read without
//! a panic, and what is accepted must agree with its text, and map to an
//! order whose tickets and status follow the page.

mod afisha_answer;
mod cart;
mod document;
mod json;
mod money;
mod paciolan_answer;
mod shapes;
mod vista_answer;

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use box_office::counter::order_from_cart;
use box_office::domain::{
    Currency, Money, Order, OrderDocument, OrderStatus, Platform, Symbology, TicketState,
};
use box_office::providers::afisha::{map as afisha_map, wire as afisha};
use box_office::providers::paciolan::{Amount, Cart, map as paciolan_map, response as paciolan};
use box_office::providers::vista::wire::{CompletionStatus, parse_completion, problem_message};
use box_office::sandbox::Catalogue;
use box_office::tickets::import::{ImportOptions, Source, read_order};

pub(crate) const CASES: u32 = 256;

pub(crate) static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::seeded(Utc::now()));

pub(crate) fn seeded(platform: Platform) -> Vec<Order> {
    CATALOGUE
        .orders
        .iter()
        .map(|o| o.order.clone())
        .filter(|o| o.platform == platform)
        .collect()
}

pub(crate) static AFISHA_ORDERS: LazyLock<Vec<Order>> = LazyLock::new(|| seeded(Platform::Afisha));
pub(crate) static PACIOLAN_ORDERS: LazyLock<Vec<Order>> =
    LazyLock::new(|| seeded(Platform::Paciolan));

pub(crate) fn currency(code: &str) -> Currency {
    code.parse().expect("an ISO 4217 code")
}

use json::*;
use shapes::*;
