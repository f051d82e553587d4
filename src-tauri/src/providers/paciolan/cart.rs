//! The body of `POST /v1/cart/complete-order` (the page's "Request Object"):
//! the listing with its ticket tokens and prices, the buyer, the settlement.
//!
//! This is also the `--input` document of `box-office complete` for Paciolan,
//! so the field names are the page's. `asyncCallbackUrl` is deliberately
//! absent: a desktop till cannot be called back, so it polls instead.

use serde::{Deserialize, Serialize};

use super::amount::Amount;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cart {
    pub listing: Listing,
    pub buyer: Buyer,
    pub settlement: Settlement,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    pub external_listing_id: String,
    pub external_order_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_price: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_fees: Option<Amount>,
    pub tokens: Vec<TokenPrice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenPrice {
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub individual_price: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub individual_fees: Option<Amount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Buyer {
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_initial: Option<String>,
    pub last_name: String,
    pub phone_number: PhoneNumber,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    pub email_address: EmailAddress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumber {
    /// Digits only, as the page requires.
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    pub country_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub address1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address3: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address4: Option<String>,
    pub locality: String,
    pub region: String,
    pub postal_code: String,
    pub country_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailAddress {
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_in: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settlement {
    pub total_amount_paid: Amount,
    pub amount_to_seller: Amount,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's own example request, with its trailing commas removed.
    const PAGE_EXAMPLE: &str = r#"{
      "listing": {"externalListingId": "SDFE3434JJRTER", "externalOrderId": "1234567890",
        "totalPrice": 100, "totalFees": 4,
        "tokens": [{"token": "129L7GVL7PX3KS9ZC", "individualPrice": 50, "individualFees": 2},
                   {"token": "129L7GVL7PX3KS8YB", "individualPrice": 50, "individualFees": 2}]},
      "buyer": {"firstName": "Tony", "lastName": "Stark", "emailAddress": {"email": "tony@stark.com"},
        "phoneNumber": {"number": "7149999999", "countryCode": "US"},
        "address": {"address1": "123 Main Street", "locality": "Irvine", "region": "CA",
                    "postalCode": "92627", "countryCode": "US"}},
      "settlement": {"totalAmountPaid": 52, "amountToSeller": 45}
    }"#;

    #[test]
    fn reads_the_page_example_and_writes_it_back() {
        let cart: Cart = serde_json::from_str(PAGE_EXAMPLE).unwrap();
        assert_eq!(cart.listing.tokens.len(), 2);
        assert_eq!(cart.settlement.total_amount_paid.as_str(), "52");
        let again: Cart = serde_json::from_str(&serde_json::to_string(&cart).unwrap()).unwrap();
        assert_eq!(again, cart);
        assert!(
            !serde_json::to_string(&cart)
                .unwrap()
                .contains("asyncCallbackUrl")
        );
    }
}
