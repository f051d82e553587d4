//! The sandbox's URL map: the three platforms' routes exactly where their
//! pages put them, plus the `/_sandbox/` control surface.

mod afisha;
mod common;
mod paciolan;
mod paciolan_body;
mod vista;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use super::control;
use super::state::State;

pub use afisha::{response_body as afisha_response_body, response_for as afisha_response_for};

pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route(
            "/ocapi/v1/orders/{order_id}/completion",
            post(vista::post_completion).get(vista::get_completion),
        )
        .route(
            "/v1/cart/complete-order",
            post(paciolan::post_complete_order).fallback(paciolan::method_not_allowed),
        )
        .route(
            "/v1/cart/complete-order/{process_id}",
            get(paciolan::get_process),
        )
        .route("/order-info", post(afisha::order_info))
        .route("/_sandbox/health", get(control::health))
        .route("/_sandbox/catalogue", get(control::catalogue))
        .route(
            "/_sandbox/settings",
            get(control::get_settings).put(control::put_settings),
        )
        .route("/_sandbox/ledger", get(control::ledger))
        .route(
            "/_sandbox/behaviour",
            axum::routing::put(control::put_behaviour),
        )
        .with_state(state)
}
