//! The site's PostgreSQL for the site tests: `./dev test` starts a real
//! cluster from Debian's packages in a temporary folder and exports
//! `BOX_OFFICE_TEST_PG_PORT` and the passwords of the owner and application
//! roles. Each test gets a database of its own, migrated by the app as the
//! owner would; [`Proxy`] stands between a counter and the site to cut it
//! off in the ways networks do.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use box_office::counter::migrate_site;
use box_office::secrets::Sensitive;
use box_office::site::SiteLink;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_postgres::NoTls;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the site tests through ./dev test, which starts PostgreSQL")
    })
}

pub fn port() -> u16 {
    env("BOX_OFFICE_TEST_PG_PORT").parse().unwrap()
}

pub fn app_password() -> String {
    env("BOX_OFFICE_TEST_PG_APP_PASSWORD")
}

pub fn owner_password() -> String {
    env("BOX_OFFICE_TEST_PG_OWNER_PASSWORD")
}

/// One test's site: a database of its own on the test cluster.
pub struct SiteDb {
    pub database: String,
}

impl SiteDb {
    /// Creates the database (as the owner) and migrates it with the app.
    pub async fn new(tag: &str) -> SiteDb {
        let database = format!(
            "bo_{}_{}",
            tag,
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let admin = owner("box_office").await;
        admin
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .await
            .unwrap();
        let db = SiteDb { database };
        let (before, after) = migrate_site(db.owner_link(), Sensitive::new(owner_password()))
            .await
            .unwrap();
        assert_eq!((before, after), (0, box_office::site::schema::known()));
        db
    }

    /// How counter `counter` reaches the site (directly, or through a proxy's port).
    pub fn link(&self, counter: &str, port: u16) -> SiteLink {
        SiteLink {
            host: "127.0.0.1".into(),
            port,
            database: self.database.clone(),
            role: "box_office_app".into(),
            counter: counter.into(),
        }
    }

    pub fn owner_link(&self) -> SiteLink {
        SiteLink {
            role: "box_office_owner".into(),
            ..self.link("", port())
        }
    }

    /// A connection as the database's owner (to look, or to tamper).
    pub async fn owner(&self) -> tokio_postgres::Client {
        owner(&self.database).await
    }

    /// A connection as the application's role, as counters connect.
    pub async fn app(&self) -> tokio_postgres::Client {
        connect(&self.database, "box_office_app", &app_password()).await
    }
}

async fn owner(database: &str) -> tokio_postgres::Client {
    connect(database, "box_office_owner", &owner_password()).await
}

async fn connect(database: &str, role: &str, password: &str) -> tokio_postgres::Client {
    let (client, conn) = tokio_postgres::Config::new()
        .host("127.0.0.1")
        .port(port())
        .dbname(database)
        .user(role)
        .password(password)
        .connect(NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    client
}

/// How the proxy treats connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Passes everything both ways.
    Pass,
    /// Refuses new connections and cuts the open ones (the server is down,
    /// or a firewall rejects).
    Refuse,
    /// Accepts, and passes nothing either way (a cable pulled somewhere):
    /// the counter hears nothing until its own time runs out.
    BlackHole,
    /// Passes what the counter sends, and cuts the connection instead of
    /// passing the site's reply to the next request: the site acts on it,
    /// the counter never hears how.
    CutAfterRequest,
    /// Passes everything, each chunk late by this many milliseconds.
    Slow(u64),
}

/// A TCP proxy between a counter and the site, inside the test process.
pub struct Proxy {
    pub port: u16,
    mode: Arc<Mutex<Mode>>,
    /// Bumped by every change of mode: connections made before a cut end.
    generation: Arc<Mutex<u64>>,
}

impl Proxy {
    pub async fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(Mutex::new(Mode::Pass));
        let generation = Arc::new(Mutex::new(0u64));
        let (m, g) = (mode.clone(), generation.clone());
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    return;
                };
                let (m, g) = (m.clone(), g.clone());
                tokio::spawn(async move { serve(client, target, m, g).await });
            }
        });
        Proxy {
            port,
            mode,
            generation,
        }
    }

    pub fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
        *self.generation.lock().unwrap() += 1;
    }

    pub fn mode(&self) -> Mode {
        *self.mode.lock().unwrap()
    }
}

async fn serve(
    mut client: TcpStream,
    target: u16,
    mode: Arc<Mutex<Mode>>,
    generation: Arc<Mutex<u64>>,
) {
    let born = *generation.lock().unwrap();
    let now = *mode.lock().unwrap();
    match now {
        Mode::Refuse => return,
        Mode::BlackHole => {
            // Hold the connection open and silent until the mode changes.
            while *generation.lock().unwrap() == born {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            return;
        }
        _ => {}
    }
    let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await else {
        return;
    };
    let (mut cr, mut cw) = client.split();
    let (mut sr, mut sw) = {
        let s = server;
        s.into_split()
    };
    let alive = |born: u64| *generation.lock().unwrap() == born;
    let mut up = [0u8; 16 * 1024];
    let mut down = [0u8; 16 * 1024];
    // Whether the counter sent something since the site last answered.
    let mut asked = false;
    loop {
        let mode_now = *mode.lock().unwrap();
        let delay = match mode_now {
            Mode::Slow(ms) => Duration::from_millis(ms),
            _ => Duration::ZERO,
        };
        tokio::select! {
            n = cr.read(&mut up) => {
                let Ok(n) = n else { return };
                if n == 0 || !alive(born) && matches!(mode_now, Mode::Refuse | Mode::BlackHole) {
                    return;
                }
                if mode_now == Mode::BlackHole {
                    continue;
                }
                if !delay.is_zero() { tokio::time::sleep(delay).await; }
                if sw.write_all(&up[..n]).await.is_err() { return; }
                asked = true;
            }
            n = sr.read(&mut down) => {
                let Ok(n) = n else { return };
                if n == 0 { return; }
                match mode_now {
                    Mode::Refuse => return,
                    Mode::BlackHole => continue,
                    Mode::CutAfterRequest if asked => {
                        // The site answered; the counter never hears it.
                        let _ = sw.shutdown().await;
                        return;
                    }
                    _ => {}
                }
                if !delay.is_zero() { tokio::time::sleep(delay).await; }
                if cw.write_all(&down[..n]).await.is_err() { return; }
                asked = false;
            }
            _ = tokio::time::sleep(Duration::from_millis(50)) => {
                if !alive(born) && matches!(*mode.lock().unwrap(), Mode::Refuse) {
                    return;
                }
            }
        }
    }
}
