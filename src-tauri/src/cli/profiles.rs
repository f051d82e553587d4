//! `box-office profiles add|list|remove|test`: connection profiles. Secrets
//! are read from standard input (or a hidden prompt), never from arguments,
//! which other users can see in the process list.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::common::{fail, open_counter, print_json, runtime};
use super::who::manager_act;
use crate::domain::{Currency, Platform};
use crate::profiles::credentials_from_lines;
use crate::providers::{Credentials, Profile};
use crate::secrets::Sensitive;

#[derive(Debug, Subcommand)]
pub enum ProfilesCommand {
    /// Add a profile; its bearer token (and Paciolan API key, on the next
    /// line) are read from standard input or asked for.
    Add(AddArgs),
    /// List profiles (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a profile and its secrets from the OS keyring, on a manager's
    /// PIN; its cached orders go but those that still matter (a completion
    /// not over, tickets paid and not printed).
    Remove {
        name: String,
        /// The manager who authorises (their PIN is read from standard input).
        #[arg(long, value_name = "NAME")]
        manager: String,
    },
    /// Reach the platform with the profile's credentials.
    Test { name: String },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Short name: letters, digits, dashes.
    name: String,
    #[arg(long)]
    platform: Platform,
    /// The platform's base URL (https://, or http:// to this computer only).
    #[arg(long)]
    url: String,
    #[arg(long)]
    display_name: Option<String>,
    /// Vista: Connect-Region-Code.
    #[arg(long)]
    region: Option<String>,
    /// Paciolan: PAC-Application-ID.
    #[arg(long)]
    application_id: Option<String>,
    /// Paciolan: PAC-Channel-Code.
    #[arg(long)]
    channel_code: Option<String>,
    /// Afisha: partner id.
    #[arg(long)]
    partner_id: Option<String>,
    /// Currency of amounts the platform sends without one (Paciolan).
    #[arg(long, default_value = "USD")]
    currency: Currency,
    /// The venue's time zone (tz database, e.g. Europe/Moscow), used when the
    /// platform's answer leaves it out.
    #[arg(long, value_name = "ZONE")]
    time_zone: Option<String>,
}

fn read_secrets(platform: Platform) -> Result<Credentials, ExitCode> {
    if std::io::stdin().is_terminal() {
        let ask = |what: &str| {
            rpassword::prompt_password(format!("{what}: "))
                .map(Sensitive::new)
                .map_err(|e| fail(format!("cannot read the {what}: {e}")))
        };
        let bearer_token = ask("Bearer token")?;
        let api_key = match platform {
            Platform::Paciolan => Some(ask("PAC-API-Key")?),
            _ => None,
        };
        return Ok(Credentials {
            bearer_token,
            api_key,
        });
    }
    let mut buf = String::new();
    std::io::stdin()
        .read_to_string(&mut buf)
        .map_err(|e| fail(format!("cannot read secrets from standard input: {e}")))?;
    // Wrapped at once so the text is wiped when this returns.
    let text = Sensitive::new(buf);
    Ok(credentials_from_lines(text.expose(), platform))
}

pub fn run(cmd: ProfilesCommand, data_dir: Option<PathBuf>) -> ExitCode {
    let counter = match open_counter(data_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match cmd {
        ProfilesCommand::Add(a) => {
            let profile = Profile {
                display_name: a.display_name.unwrap_or_else(|| a.name.clone()),
                name: a.name,
                platform: a.platform,
                base_url: a.url,
                region_code: a.region,
                application_id: a.application_id,
                channel_code: a.channel_code,
                partner_id: a.partner_id,
                currency: a.currency,
                time_zone: a.time_zone,
            };
            if let Err(e) = profile.validate() {
                return fail(e);
            }
            let credentials = match read_secrets(profile.platform) {
                Ok(c) => c,
                Err(code) => return code,
            };
            match counter.add_profile(&profile, &credentials) {
                Ok(()) => {
                    println!(
                        "added {} profile “{}”; its secrets are in the OS keyring",
                        profile.platform.display_name(),
                        profile.name
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        ProfilesCommand::List { json } => match counter.connections() {
            Ok(list) if json => print_json(&list.into_iter().map(|(p, _)| p).collect::<Vec<_>>()),
            Ok(list) => {
                for (p, _) in list {
                    println!(
                        "{}\t{}\t{}\t{}",
                        p.name, p.platform, p.base_url, p.display_name
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        ProfilesCommand::Remove { name, manager } => {
            let who = or_exit!(manager_act(None, &manager));
            let (asker, manager) = or_exit!(who.both());
            match counter.remove_connection(&asker, &manager, &name) {
                Ok(r) => {
                    println!("removed profile “{name}” and its secrets; {}", r.summary());
                    for k in &r.kept {
                        println!(
                            "  kept {} order {}: {}",
                            k.platform,
                            k.number,
                            k.why.words()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        ProfilesCommand::Test { name } => {
            let rt = match runtime() {
                Ok(rt) => rt,
                Err(code) => return code,
            };
            match rt.block_on(counter.test_profile(&name)) {
                Ok(msg) => {
                    println!("{msg}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}
