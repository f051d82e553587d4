//! The counter when a platform goes away and comes back, over real HTTP to
//! a sandbox that is really stopped and started again on the same port, with
//! connections whose secrets are in the real OS keyring: lookups and prints
//! of cached orders go on, answers say where they came from, a completion
//! is refused without anything being queued or journalled, and the platform
//! is seen online again by the probe.

use std::net::SocketAddr;

use box_office::cache::Cache;
use box_office::completion::Policy;
use box_office::counter::{
    Asker, Counter, CounterError, KeptWhy, LookupFilter, ManagerPin, OperatorRef, PrintRequest,
    PrintTo, Reach,
};
use box_office::domain::{OrderStatus, Platform};
use box_office::operators::Pin;
use box_office::providers::Profile;
use box_office::sandbox::{self, SandboxConfig};
use box_office::settings::Language;
use box_office::tickets::Stock;
use box_office::training;

fn profile_for(base_url: &str, platform: Platform, tag: &str) -> Profile {
    Profile {
        name: format!("{}-{tag}", platform.as_str()),
        display_name: format!("{} test", platform.display_name()),
        base_url: base_url.to_owned(),
        ..training_profile(platform)
    }
}

fn training_profile(platform: Platform) -> Profile {
    Profile {
        name: String::new(),
        platform,
        display_name: String::new(),
        base_url: String::new(),
        region_code: None,
        application_id: (platform == Platform::Paciolan)
            .then(|| sandbox::training::PACIOLAN_APPLICATION_ID.to_owned()),
        channel_code: (platform == Platform::Paciolan)
            .then(|| sandbox::training::PACIOLAN_CHANNEL_CODE.to_owned()),
        partner_id: None,
        currency: "USD".parse().unwrap(),
        time_zone: None,
    }
}

fn policy() -> Policy {
    Policy {
        poll_first: std::time::Duration::from_millis(20),
        poll_max: std::time::Duration::from_millis(100),
        overall: std::time::Duration::from_secs(15),
        ..Policy::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_the_cache_serves_and_completion_waits_and_online_again_it_works() {
    let sb = sandbox::start(
        SandboxConfig::default(),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let addr = sb.addr();
    let url = sb.base_url();
    let tag = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open_in(dir.path()).unwrap();
    // The Vista and Paciolan carts come from elsewhere (a booking system's
    // export); here, the sandbox's repertoire, each under no profile, so the
    // only connection of its platform takes it.
    for s in &sb.catalogue().orders {
        if s.order.platform != Platform::Afisha {
            cache.put_order(&s.order, None).unwrap();
        }
    }
    let counter = Counter::with_cache(cache);
    let mut names = Vec::new();
    for platform in Platform::ALL {
        let p = profile_for(&url, platform, &tag);
        counter
            .add_profile(&p, &training::credentials(platform))
            .unwrap();
        names.push(p.name);
    }

    // Online: an Afisha order the cache does not hold is asked for, live.
    assert!(
        counter
            .lookup("ЁЛКА", &LookupFilter::all(), 10)
            .unwrap()
            .orders
            .is_empty()
    );
    let live = counter.ask_afisha_view("ёлка", Language::Ru).await.unwrap();
    assert!(live.source.live);
    assert_eq!(live.number, "1001-5521");
    assert_eq!(counter.links().get(Platform::Afisha), Reach::Online);

    // The platform goes away.
    sb.shutdown().await;
    let refreshed = counter
        .refresh_view(Platform::Afisha, "AF-1001", Language::En)
        .await;
    assert!(
        matches!(refreshed, Err(CounterError::Provider(_))),
        "{refreshed:?}"
    );
    assert_eq!(counter.links().get(Platform::Afisha), Reach::Offline);
    counter.probe_links().await.unwrap();
    assert!(
        counter
            .links()
            .all()
            .iter()
            .all(|l| l.reach == Reach::Offline),
        "{:?}",
        counter.links().all()
    );

    // The cache still finds it, says so, and prints it.
    let found = counter.lookup("ЁЛКА", &LookupFilter::all(), 10).unwrap();
    assert!(found.exact);
    let cached = counter
        .order_view(Platform::Afisha, "AF-1001", Language::En)
        .unwrap();
    assert!(!cached.source.live && cached.source.cached_at.is_some());
    let pin = Pin::new("246810".into()).unwrap();
    let manager = counter.add_first_manager("Olga Offline", &pin).unwrap();
    let olga = Asker::SignedIn(manager.id);
    let pdf = dir.path().join("offline.pdf");
    let printed = counter
        .print(
            &olga,
            None,
            Platform::Afisha,
            "AF-1001",
            &PrintRequest {
                tickets: None,
                to: PrintTo::Pdf(pdf.clone()),
                stock: Stock::Thermal80,
            },
        )
        .await
        .unwrap();
    assert_eq!(printed.copies.len(), 2);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // A completion is refused, and nothing waits to be sent.
    let refused = counter
        .complete(
            &olga,
            Platform::Vista,
            "VS-2001",
            &Default::default(),
            policy(),
        )
        .await;
    assert!(
        matches!(refused, Err(CounterError::Offline(Platform::Vista))),
        "{refused:?}"
    );
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("nothing was sent")
    );
    assert!(
        counter
            .completions(100)
            .unwrap()
            .iter()
            .all(|e| e.order_id != "VS-2001")
    );

    // It comes back on the same address; the probe sees it and completing works.
    let sb = sandbox::start(SandboxConfig::default(), addr)
        .await
        .unwrap();
    counter.probe_links().await.unwrap();
    assert!(
        counter
            .links()
            .all()
            .iter()
            .all(|l| l.reach == Reach::Online),
        "{:?}",
        counter.links().all()
    );
    let done = counter
        .complete(
            &olga,
            Platform::Vista,
            "VS-2003",
            &Default::default(),
            policy(),
        )
        .await
        .unwrap();
    assert_eq!(done.order.status, OrderStatus::Completed);
    assert_eq!(done.entry.operator.as_deref(), Some("Olga Offline"));
    sb.shutdown().await;
    let approval = ManagerPin {
        manager: OperatorRef::Id(manager.id),
        pin: &pin,
    };
    let mut kept = Vec::new();
    for n in names {
        kept.extend(
            counter
                .remove_connection(&olga, &approval, &n)
                .unwrap()
                .kept,
        );
    }
    assert!(
        matches!(
            counter.cached_order(Platform::Afisha, "AF-1001"),
            Err(CounterError::OrderNotFound { .. })
        ),
        "a removed connection takes its printed orders"
    );
    // The sold and unprinted Vista order stays, printable, and says why.
    assert!(
        kept.iter()
            .any(|k| k.id == "VS-2003" && k.why == KeptWhy::NotPrinted),
        "{kept:?}"
    );
    assert!(counter.cached_order(Platform::Vista, "VS-2003").is_ok());
}
