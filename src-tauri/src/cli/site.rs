//! `box-office site …`: site mode from the command line. `migrate` is the
//! site owner's (it creates or upgrades the schema); `join`, `leave` and
//! `ack` are a manager's acts on this counter; `status`, `conflicts`,
//! `sync` and `test` are for anyone. Passwords and PINs are read from
//! standard input (one a line: the manager's PIN first, then the password)
//! or a hidden prompt, never from arguments.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Local;
use clap::{Args, Subcommand};

use super::common::{fail, open_alone, open_counter, print_json, runtime};
use super::who::{PinSource, Who, manager_act};
use crate::counter::{Asker, ManagerPin, migrate_site, test_site};
use crate::site::{SiteLink, SiteStatus};

#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Create or upgrade the site's schema, as its owner (the owner's password is read from standard input).
    Migrate(Address),
    /// Check that a site answers and has this build's schema, without joining it.
    Test(Address),
    /// Join this counter to a site: its print log and operators go there
    /// once; the password goes to the OS keyring.
    Join {
        #[command(flatten)]
        at: Address,
        /// This counter's name at the site (default: the workstation's name).
        #[arg(long, value_name = "NAME")]
        counter: Option<String>,
        /// The manager who authorises (needed once this counter has one; their PIN is read first).
        #[arg(long, value_name = "NAME")]
        manager: Option<String>,
    },
    /// The site's address, whether it answers, what waits to be sent, the conflicts.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// One round with the site: send what waits, read what changed.
    Sync,
    /// Originals printed twice while counters were cut off, not yet acknowledged.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Every completion of the cinema, from every counter (Request-ID, state, who), newest first.
    Completions {
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// A manager acknowledges a conflict (its number from `site conflicts`).
    Ack {
        seq: u64,
        #[arg(long, value_name = "NAME")]
        manager: String,
        /// A cashier asking, on the manager's authority (their PIN first).
        #[arg(long, value_name = "NAME")]
        operator: Option<String>,
    },
    /// Leave the site (refused while entries wait to be sent).
    Leave {
        #[arg(long, value_name = "NAME")]
        manager: String,
    },
}

/// Where the site's PostgreSQL is, and the role to connect as.
#[derive(Debug, Args)]
pub struct Address {
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    #[arg(long, default_value_t = 5432)]
    port: u16,
    #[arg(long, default_value = "box_office")]
    database: String,
    /// box_office_app for a counter, box_office_owner for `migrate`.
    #[arg(long, default_value = "box_office_app")]
    role: String,
}

impl Address {
    fn link(&self, counter: String) -> SiteLink {
        SiteLink {
            host: self.host.trim().to_owned(),
            port: self.port,
            database: self.database.trim().to_owned(),
            role: self.role.trim().to_owned(),
            counter,
        }
    }
}

pub fn run(cmd: SiteCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let rt = or_exit!(runtime());
    match cmd {
        SiteCommand::Migrate(at) => {
            let password = or_exit!(PinSource::new().secret("password of the site's owner"));
            match rt.block_on(migrate_site(at.link(String::new()), password)) {
                Ok((before, after)) if before == after => {
                    println!("the site's schema is up to date (version {after})");
                    ExitCode::SUCCESS
                }
                Ok((before, after)) => {
                    println!("the site's schema went from version {before} to {after}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SiteCommand::Test(at) => {
            let password = or_exit!(PinSource::new().secret("the site's password"));
            match rt.block_on(test_site(at.link(String::new()), password)) {
                Ok(t) => {
                    println!(
                        "{}: schema {}, {} counter(s) joined{}",
                        t.address,
                        t.schema,
                        t.counters.len(),
                        if t.counters.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", t.counters.join(", "))
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SiteCommand::Join {
            at,
            counter,
            manager,
        } => {
            let counter_box = or_exit!(open_alone(data_dir));
            let mut pins = PinSource::new();
            let who = match &manager {
                Some(m) => Some(or_exit!(Who::read(&mut pins, None, Some(m)))),
                None => None,
            };
            let password = or_exit!(pins.secret("the site's password"));
            let name = counter
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(crate::operators::workstation_name);
            let parts: Option<(Asker<'_>, ManagerPin<'_>)> = match &who {
                Some(w) => Some(or_exit!(w.both())),
                None => None,
            };
            let auth = parts.as_ref().map(|(a, m)| (a, m));
            match rt.block_on(counter_box.join_site(auth, at.link(name), password)) {
                Ok(s) => {
                    println!(
                        "joined the site at {} as counter “{}”",
                        s.address, s.counter
                    );
                    show(&s);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SiteCommand::Status { json } => {
            let counter = or_exit!(open_counter(data_dir));
            match counter.site_status() {
                Ok(Some(s)) if json => print_json(&s),
                Ok(Some(s)) => {
                    show(&s);
                    ExitCode::SUCCESS
                }
                Ok(None) => {
                    println!("this counter works alone (it has not joined a site)");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SiteCommand::Sync => {
            let counter = or_exit!(open_alone(data_dir));
            match rt.block_on(counter.site_sync()) {
                Ok(Some(s)) => {
                    println!(
                        "sent {} order(s) and {} completion(s); read {} log entries, {} operator change(s), {} order(s), {} completion(s)",
                        s.orders_sent,
                        s.completions_sent,
                        s.entries,
                        s.operators.len(),
                        s.orders,
                        s.completions
                    );
                    ExitCode::SUCCESS
                }
                Ok(None) => match counter.site_status() {
                    Ok(Some(s)) => fail(format!(
                        "the site cannot be reached: {}",
                        s.why.unwrap_or_else(|| "no answer".to_owned())
                    )),
                    Ok(None) => fail("this counter has not joined a site"),
                    Err(e) => fail(e),
                },
                Err(e) => fail(e),
            }
        }
        SiteCommand::Conflicts { json } => {
            let counter = or_exit!(open_counter(data_dir));
            match counter.site_status() {
                Ok(Some(s)) if json => print_json(&s.conflicts),
                Ok(Some(s)) => {
                    if s.conflicts.is_empty() {
                        println!("no conflicts");
                    }
                    for c in &s.conflicts {
                        println!(
                            "#{}\t{} {} {}\tsecond original at {} ({}, {}); first at {}",
                            c.seq,
                            c.platform,
                            c.order_number,
                            c.ticket_id.as_deref().unwrap_or("order form"),
                            c.counter,
                            shown(&c.at),
                            c.operator,
                            c.first_counter.as_deref().map_or_else(
                                || "unknown".to_owned(),
                                |f| format!(
                                    "{f} ({})",
                                    c.first_at.as_deref().map_or(String::new(), shown)
                                )
                            )
                        );
                    }
                    ExitCode::SUCCESS
                }
                Ok(None) => fail("this counter has not joined a site"),
                Err(e) => fail(e),
            }
        }
        SiteCommand::Completions { limit, json } => {
            let counter = or_exit!(open_counter(data_dir));
            if counter.site().is_none() {
                return fail("this counter has not joined a site");
            }
            match counter.cinema_completions(limit) {
                Ok(list) if json => print_json(&list),
                Ok(list) => {
                    for c in &list {
                        println!(
                            "{}\t{} {}\t{}\t{}\t{}\t{}",
                            shown(&c.updated_at),
                            c.platform,
                            c.order_id,
                            c.state,
                            c.counter,
                            c.operator.as_deref().unwrap_or(""),
                            c.request_id
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SiteCommand::Ack {
            seq,
            manager,
            operator,
        } => {
            let counter = or_exit!(open_counter(data_dir));
            let who = or_exit!(manager_act(operator.as_deref(), &manager));
            let (asker, manager) = or_exit!(who.both());
            match rt.block_on(counter.acknowledge_conflict(&asker, &manager, seq)) {
                Ok(()) => {
                    println!("conflict #{seq} acknowledged");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SiteCommand::Leave { manager } => {
            let counter = or_exit!(open_counter(data_dir));
            let who = or_exit!(manager_act(None, &manager));
            let (asker, manager) = or_exit!(who.both());
            match counter.leave_site(&asker, &manager) {
                Ok(()) => {
                    println!("left the site; this counter works alone again");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}

fn shown(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| at.to_owned())
}

fn show(s: &SiteStatus) {
    println!("site:      {}", s.address);
    println!("counter:   {}", s.counter);
    match (s.reachable, s.unreachable_since) {
        (Some(true), _) => println!("reachable: yes"),
        (Some(false), since) => println!(
            "reachable: no{}{}",
            since.map_or(String::new(), |t| format!(
                ", since {}",
                t.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S")
            )),
            s.why
                .as_deref()
                .map_or(String::new(), |w| format!(" ({w})"))
        ),
        (None, _) => println!("reachable: not asked yet"),
    }
    println!(
        "waiting:   {} entr{} to send",
        s.pending,
        if s.pending == 1 { "y" } else { "ies" }
    );
    println!("log:       checked up to site entry #{}", s.log_seq);
    println!("conflicts: {}", s.conflicts.len());
}
