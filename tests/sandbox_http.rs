//! The training sandbox as a separate process (`box-office sandbox`), spoken
//! to over real HTTP on loopback exactly as the platform pages specify.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

/// A `box-office sandbox` process, killed when dropped.
struct Sandbox {
    child: Child,
    url: String,
}

impl Sandbox {
    fn start(args: &[&str]) -> Sandbox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_box-office"))
            .args(["sandbox", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("box-office sandbox starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Sandbox { child, url }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap()
}

const UUID: &str = "5f0c7c2e-1d3a-4b8e-9f6a-2c4d6e8f0a1b";

/// Headers as `pairs`, each replacing (not adding to) one of the same name.
fn headers(pairs: &[(&'static str, &str)]) -> reqwest::header::HeaderMap {
    let mut map = reqwest::header::HeaderMap::new();
    for (k, v) in pairs {
        map.insert(*k, v.parse().unwrap());
    }
    map
}

/// Every header the page requires, with `overrides` replacing some.
fn paciolan_with(
    req: reqwest::RequestBuilder,
    overrides: &[(&'static str, &str)],
) -> reqwest::RequestBuilder {
    let mut map = headers(&[
        ("user-agent", "BoxOffice/0.1.0"),
        ("authorization", "Bearer training-paciolan-token"),
        ("accept", "application/json"),
        ("content-type", "application/json"),
        ("pac-application-id", "org.boxoffice.training"),
        ("pac-api-key", "training-paciolan-api-key"),
        ("pac-channel-code", "box-office-training"),
        ("request-id", UUID),
    ]);
    map.extend(headers(overrides));
    req.headers(map)
}

fn paciolan(req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    paciolan_with(req, &[])
}

/// The complete-order request for a seeded cart, from the sandbox catalogue.
async fn cart(sb: &Sandbox, order: &str) -> Value {
    let cat: Value = client()
        .get(format!("{}/_sandbox/catalogue", sb.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    cat["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["order"]["id"] == order)
        .map(|o| o["cart"].clone())
        .unwrap()
}

async fn json_of(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn paciolan_without_pac_headers_is_401_authorization_failure() {
    let sb = Sandbox::start(&[]);
    let body = cart(&sb, "PC-3001").await;
    let r = client()
        .post(format!("{}/v1/cart/complete-order", sb.url))
        .header("User-Agent", "BoxOffice/0.1.0")
        .header("Authorization", "Bearer training-paciolan-token")
        .header("Content-Type", "application/json")
        .header("Request-ID", UUID)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["Request-ID"], UUID, "the Request-ID is echoed");
    let (status, v) = json_of(r).await;
    assert_eq!(status, 401);
    assert_eq!(v["status"], "ERROR");
    assert_eq!(v["error"]["type"], "AUTHORIZATION_FAILURE");
    assert_eq!(v["error"]["appErrorCode"], "MS-401");
    assert!(v["processId"].is_string());
    let msg = v["error"]["developerMessage"].as_str().unwrap();
    assert!(
        msg.contains("PAC-Application-ID") && msg.contains("PAC-Channel-Code"),
        "{msg}"
    );
}

#[tokio::test]
async fn paciolan_pending_turns_complete_after_the_configured_polls() {
    let sb = Sandbox::start(&["--pending-polls", "3"]);
    let body = cart(&sb, "PC-3003").await;
    let r = paciolan(client().post(format!("{}/v1/cart/complete-order", sb.url)))
        .json(&body)
        .send()
        .await
        .unwrap();
    let (status, v) = json_of(r).await;
    assert_eq!(status, 201);
    assert_eq!(v["status"], "PENDING");
    let pid = v["processId"].as_str().unwrap().to_owned();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let r = paciolan(client().get(format!("{}/v1/cart/complete-order/{pid}", sb.url)))
            .send()
            .await
            .unwrap();
        let (_, v) = json_of(r).await;
        seen.push(v["status"].as_str().unwrap().to_owned());
        if v["status"] == "COMPLETE" {
            let seats = &v["offers"][0]["event"]["seats"][0];
            assert!(seats["token"].is_string() && seats["accessId"].is_string());
            assert!(v["paid"].is_number());
        }
    }
    assert_eq!(seen, ["PENDING", "PENDING", "COMPLETE"]);
}

#[tokio::test]
async fn paciolan_follows_the_error_table() {
    let sb = Sandbox::start(&[]);
    let post = |body: Value| {
        paciolan(client().post(format!("{}/v1/cart/complete-order", sb.url))).json(&body)
    };

    // 207: two tickets sold, two failed in two ORDER_INCOMPLETE groups.
    let (s, v) = json_of(post(cart(&sb, "PC-3002").await).send().await.unwrap()).await;
    assert_eq!(s, 207);
    assert_eq!(v["status"], "ERROR");
    assert_eq!(v["offers"].as_array().unwrap().len(), 2);
    assert_eq!(v["errors"].as_array().unwrap().len(), 2);
    assert_eq!(v["errors"][0]["type"], "ORDER_INCOMPLETE");

    // 402 and 422 carry a developerMessage.
    let (s, v) = json_of(post(cart(&sb, "PC-3004").await).send().await.unwrap()).await;
    assert_eq!(
        (s, v["error"]["type"].as_str()),
        (402, Some("PAYMENT_REQUIRED"))
    );
    let (s, v) = json_of(post(cart(&sb, "PC-3005").await).send().await.unwrap()).await;
    assert_eq!(s, 422);
    assert!(v["error"]["developerMessage"].is_string());

    // 500 UNHANDLED_EXCEPTION twice, then the sale.
    let body = cart(&sb, "PC-3006").await;
    for _ in 0..2 {
        let (s, v) = json_of(post(body.clone()).send().await.unwrap()).await;
        assert_eq!(
            (s, v["error"]["type"].as_str()),
            (500, Some("UNHANDLED_EXCEPTION"))
        );
    }
    let (s, v) = json_of(post(body).send().await.unwrap()).await;
    assert_eq!((s, v["status"].as_str()), (201, Some("COMPLETE")));

    // 429 with Retry-After.
    let r = post(cart(&sb, "PC-3007").await).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["Retry-After"], "2");

    // The answer is lost: the connection closes after the request was read.
    let e = post(cart(&sb, "PC-3008").await).send().await.unwrap_err();
    assert!(!e.is_timeout(), "{e}");
    let ledger: Value = client()
        .get(format!("{}/_sandbox/ledger", sb.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        ledger["applied"]["paciolan:PC-3008"], 1,
        "the sale happened"
    );

    // Posting a sold cart again is refused, and counted as a duplicate.
    let (s, _) = json_of(post(cart(&sb, "PC-3001").await).send().await.unwrap()).await;
    assert_eq!(s, 201);
    let (s, _) = json_of(post(cart(&sb, "PC-3001").await).send().await.unwrap()).await;
    assert_eq!(s, 422);
}

#[tokio::test]
async fn paciolan_checks_headers_media_types_and_bodies() {
    let sb = Sandbox::start(&[]);
    let url = format!("{}/v1/cart/complete-order", sb.url);
    let body = cart(&sb, "PC-3001").await;
    let c = client();

    let r = paciolan_with(c.post(&url), &[("request-id", "not-a-uuid")])
        .json(&body)
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_eq!(
        (s, v["error"]["type"].as_str()),
        (400, Some("INVALID_PARAMETER_VALUE"))
    );

    let r = paciolan_with(c.post(&url), &[("user-agent", "curl")])
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);

    let r = paciolan_with(c.post(&url), &[("accept", "text/html")])
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 406);

    let r = paciolan_with(c.post(&url), &[("content-type", "text/plain")])
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);

    let r = paciolan(c.post(&url))
        .body("{\"listing\": ")
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_eq!(
        (s, v["error"]["type"].as_str()),
        (400, Some("JSON_PARSE_ERROR"))
    );

    let mut bad = body.clone();
    bad["settlement"]["totalAmountPaid"] = json!("105");
    let (s, v) = json_of(paciolan(c.post(&url)).json(&bad).send().await.unwrap()).await;
    assert_eq!(s, 400);
    assert!(
        v["error"]["developerMessage"]
            .as_str()
            .unwrap()
            .contains("settlement.totalAmountPaid")
    );

    let r = paciolan(c.put(&url)).json(&body).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405);

    let r = paciolan_with(c.post(&url), &[("pac-api-key", "wrong")])
        .json(&body)
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_eq!(
        (s, v["error"]["type"].as_str()),
        (403, Some("UNAUTHORIZED_REQUEST"))
    );

    // gzip when asked, and the body decodes to the same answer.
    let r = paciolan_with(c.post(&url), &[("accept-encoding", "gzip")])
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["Content-Encoding"], "gzip");
    let bytes = r.bytes().await.unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["status"], "COMPLETE");
    assert_eq!(
        v["cartId"], "7890987",
        "extra fields the page's example shows"
    );
}

#[tokio::test]
async fn vista_completion_polls_to_completed_and_refuses_a_second_post() {
    let sb = Sandbox::start(&["--pending-polls", "2", "--region", "US-WEST"]);
    let url = format!("{}/ocapi/v1/orders/VS-2001/completion", sb.url);
    let c = client();
    let auth = |r: reqwest::RequestBuilder| {
        r.headers(headers(&[
            ("authorization", "Bearer training-vista-token"),
            ("connect-region-code", "US-WEST"),
        ]))
    };

    let r = c
        .post(&url)
        .header("Authorization", "Bearer training-vista-token")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        400,
        "the region header is required here"
    );
    let r = c
        .post(&url)
        .headers(headers(&[
            ("authorization", "Bearer nope"),
            ("connect-region-code", "US-WEST"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);

    let (s, v) = json_of(auth(c.post(&url)).send().await.unwrap()).await;
    assert_eq!(s, 200);
    assert_eq!(v["status"], "Pending");
    assert_eq!(v["orderId"], "VS-2001");
    assert_eq!(v["orderType"], "Standard");
    assert!(v["transactionNumber"].is_null());
    assert!(v["updatedOrderExpiresAt"].is_string());

    let (_, v) = json_of(auth(c.get(&url)).send().await.unwrap()).await;
    assert_eq!(v["status"], "Pending");
    let (_, v) = json_of(auth(c.get(&url)).send().await.unwrap()).await;
    assert_eq!(v["status"], "Completed");
    assert!(v["transactionNumber"].as_i64().is_some());

    let (s, v) = json_of(auth(c.post(&url)).send().await.unwrap()).await;
    assert_eq!(s, 409, "{v}");

    let url = format!("{}/ocapi/v1/orders/VS-2004/completion", sb.url);
    let (s, v) = json_of(auth(c.post(&url)).send().await.unwrap()).await;
    assert_eq!((s, v["title"].as_str()), (400, Some("Order expired")));
    let url = format!("{}/ocapi/v1/orders/NOPE/completion", sb.url);
    assert_eq!(
        auth(c.get(&url)).send().await.unwrap().status().as_u16(),
        404
    );
}

#[tokio::test]
async fn afisha_order_info_by_code_word_number_and_id() {
    let sb = Sandbox::start(&[]);
    let url = format!("{}/order-info", sb.url);
    let c = client();
    let ask = |body: Value| {
        c.post(&url)
            .header("Authorization", "Bearer training-afisha-token")
            .json(&body)
    };

    let (s, v) = json_of(ask(json!({"codeWord": "ёлка"})).send().await.unwrap()).await;
    assert_eq!(s, 200);
    assert_eq!(v["id"], "AF-1001");
    assert_eq!(v["status"], "APPROVED");
    assert_eq!(v["attachmentType"], "TICKETS");
    assert_eq!(v["sessionTime"]["timezone"], "Europe/Moscow");
    assert_eq!(
        v["sum"]["total"],
        json!({"value": "99000", "currencyCode": "RUB"})
    );
    assert_eq!(v["tickets"][0]["barcodeType"], "EAN_13");

    let (_, v) = json_of(
        ask(json!({"orderNumber": "1002-7710"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (v["attachmentType"].as_str(), v["barcode"].is_string()),
        (Some("ORDER"), true)
    );
    let (_, v) = json_of(ask(json!({"id": "AF-1008"})).send().await.unwrap()).await;
    assert_eq!(v["status"], "BOOKED");
    assert!(
        v["tickets"][0].get("barcode").is_none(),
        "no barcode before approval"
    );
    let (_, v) = json_of(ask(json!({"id": "AF-2001"})).send().await.unwrap()).await;
    assert_eq!(v["sessionTime"]["type"], "ALL_DAY");

    assert_eq!(
        ask(json!({"id": "AF-0000"}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    assert_eq!(ask(json!({})).send().await.unwrap().status().as_u16(), 400);
    let r = c
        .post(&url)
        .header("Authorization", "Bearer training-afisha-token")
        .header("Content-Type", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let r = c
        .post(&url)
        .json(&json!({"id": "AF-1001"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}
