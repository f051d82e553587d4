//! Exchanges with the platforms are logged (at debug level, bodies too) with
//! secrets and personal data masked: no token, key, name, e-mail, phone,
//! code word, barcode, token or ticket link (a pass link opens the ticket
//! for whoever holds it) reaches the log.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use box_office::domain::Platform;
use box_office::providers::afisha::AfishaClient;
use box_office::providers::http;
use box_office::sandbox::{SandboxConfig, training};
use common::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_carry_no_secrets_or_personal_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let w = world(SandboxConfig::default()).await;
    let c = completer(&w);
    for (platform, id) in [
        (Platform::Vista, "VS-2001"),
        (Platform::Paciolan, "PC-3001"),
        (Platform::Paciolan, "PC-3004"),
        (Platform::Paciolan, "PC-3008"),
    ] {
        c.complete(
            &profile(&w, platform),
            &credentials(platform),
            &order(&w, platform, id),
            None,
            &actor(),
        )
        .await
        .unwrap();
    }
    let afisha = AfishaClient::new(
        http::client(http::Timeouts::default()),
        profile(&w, Platform::Afisha),
        credentials(Platform::Afisha),
    );
    let known = order(&w, Platform::Afisha, "AF-1001");
    afisha.fetch(&known).await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("exchange") && log.contains("answer body"),
        "bodies are logged:\n{log}"
    );
    let barcode = known.tickets[0].barcode.as_ref().unwrap().value.clone();
    let sold = order(&w, Platform::Paciolan, "PC-3001");
    let mut links: Vec<String> = Vec::new();
    for t in &sold.tickets {
        links.push(t.id.clone());
        links.extend(t.passes.mobile_url.clone());
        links.extend(t.passes.apple_pass_url.clone());
        links.extend(t.passes.google_pass_url.clone());
    }
    assert!(
        links.len() > 2,
        "the sale gave tokens and pass links: {links:?}"
    );
    for link in &links {
        assert!(!log.contains(link.as_str()), "“{link}” reached the log");
    }
    for secret in [
        training::VISTA_TOKEN,
        training::PACIOLAN_TOKEN,
        training::PACIOLAN_API_KEY,
        training::AFISHA_TOKEN,
        "María José",
        "Peña Álvarez",
        "buyer@example.com",
        "3235550147",
        "Анна",
        "Щербакова",
        "ЁЛКА",
        &barcode,
    ] {
        assert!(!log.contains(secret), "“{secret}” reached the log");
    }
}
