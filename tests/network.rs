//! What the platform clients do with answers no platform page allows: a
//! redirect (never followed, named), an answer too large or endless (never
//! read whole), a small gzip body that would expand enormously. Each comes
//! from a real HTTP server on loopback that counts what reaches it.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use box_office::domain::{Order, OrderStatus, Platform};
use box_office::providers::afisha::AfishaClient;
use box_office::providers::vista::VistaClient;
use box_office::providers::{Credentials, Profile, ProviderError, http};
use box_office::secrets::Sensitive;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves every connection with `answer` (head and body), counting them.
async fn server(answer: Arc<dyn Fn() -> Vec<u8> + Send + Sync>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            counted.fetch_add(1, Ordering::SeqCst);
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let _ = s.read(&mut buf).await;
                let _ = s.write_all(&answer()).await;
                let _ = s.shutdown().await;
            });
        }
    });
    (url, hits)
}

fn profile(platform: Platform, url: &str) -> Profile {
    Profile {
        name: "net".into(),
        platform,
        display_name: "net".into(),
        base_url: url.to_owned(),
        region_code: None,
        application_id: None,
        channel_code: None,
        partner_id: None,
        currency: "USD".parse().unwrap(),
        time_zone: Some("Europe/Moscow".into()),
    }
}

fn credentials() -> Credentials {
    Credentials {
        bearer_token: Sensitive::new("token".into()),
        api_key: None,
    }
}

#[tokio::test]
async fn a_redirect_is_never_followed_and_names_where_it_pointed() {
    let (elsewhere, hits_elsewhere) = server(Arc::new(|| {
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec()
    }))
    .await;
    let target = format!("{elsewhere}/ocapi/v1/orders/VS-1/completion");
    let (url, _) = server(Arc::new(move || {
        format!(
            "HTTP/1.1 307 Temporary Redirect\r\nlocation: {target}\r\ncontent-length: 0\r\n\r\n"
        )
        .into_bytes()
    }))
    .await;
    let client = VistaClient::new(
        http::client(http::Timeouts::default()),
        profile(Platform::Vista, &url),
        credentials(),
    );
    let e = client.create("VS-1").await.unwrap_err();
    match &e {
        ProviderError::Redirected {
            status, location, ..
        } => {
            assert_eq!(*status, 307);
            assert!(location.as_deref().unwrap().starts_with(&elsewhere));
        }
        other => panic!("expected Redirected, got {other:?}"),
    }
    assert!(e.to_string().contains(&elsewhere), "{e}");
    assert_eq!(
        hits_elsewhere.load(Ordering::SeqCst),
        0,
        "the token went nowhere else"
    );
}

#[tokio::test]
async fn an_answer_larger_than_the_cap_is_refused_not_read() {
    // 20 MiB of JSON-looking text, and a gzip body of 1 MiB of zeros that
    // expands to 64 MiB.
    let big = Arc::new(|| {
        let body = vec![b' '; 20 << 20];
        let mut a = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        a.extend(body);
        a
    });
    let bomb = {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![b' '; 64 << 20]).unwrap();
        let packed = Arc::new(z.finish().unwrap());
        Arc::new(move || {
            let mut a = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
                packed.len()
            )
            .into_bytes();
            a.extend(packed.iter());
            a
        })
    };
    for answer in [big as Arc<dyn Fn() -> Vec<u8> + Send + Sync>, bomb] {
        let (url, _) = server(answer).await;
        let client = AfishaClient::new(
            http::client(http::Timeouts::default()),
            profile(Platform::Afisha, &url),
            credentials(),
        );
        let known = Order::new(Platform::Afisha, "AF-1", OrderStatus::Completed);
        let e = client.fetch(&known).await.unwrap_err();
        assert!(
            matches!(&e, ProviderError::Malformed { detail, .. } if detail.contains("larger than 16 MiB")),
            "{e:?}"
        );
    }
}
