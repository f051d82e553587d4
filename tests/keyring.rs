//! Credentials in the real OS keyring (a Secret Service started by the test
//! script): stored where `secret-tool` finds them, never in the database or
//! any output, removed with their profile, and a clear refusal when there is
//! no keyring at all.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_box-office");
const TOKEN: &str = "tok-7f3a9c1e-secret-bearer";

fn cli(data: &std::path::Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.env("BOX_OFFICE_DATA_DIR", data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn secret_tool(account: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            "org.boxoffice.desktop",
            "username",
            account,
        ])
        .output()
        .expect("secret-tool is installed (libsecret-tools)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn everything_on_disk(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        all.extend(std::fs::read(e.unwrap().path()).unwrap_or_default());
    }
    all
}

#[test]
fn secrets_live_in_the_os_keyring_and_nowhere_else() {
    let data = tempfile::tempdir().unwrap();
    let name = format!("kr{}", std::process::id());
    let out = cli(
        data.path(),
        &[
            "profiles",
            "add",
            &name,
            "--platform",
            "paciolan",
            "--url",
            "https://link.example.com",
            "--application-id",
            "com.example.app",
            "--channel-code",
            "chan",
        ],
        &format!("{TOKEN}\napi-key-42c1-secret\n"),
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    assert_eq!(
        secret_tool(&format!("{name}/bearer-token")).as_deref(),
        Some(TOKEN)
    );
    assert_eq!(
        secret_tool(&format!("{name}/api-key")).as_deref(),
        Some("api-key-42c1-secret")
    );

    let disk = everything_on_disk(data.path());
    for secret in [TOKEN, "api-key-42c1-secret"] {
        assert!(
            !disk.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} was written to the data directory"
        );
    }
    let list = cli(data.path(), &["profiles", "list", "--json"], "", &[]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains(&name) && !text.contains(TOKEN) && !text.contains("api-key-42c1"));

    // Removing a connection is a manager's act.
    let out = cli(
        data.path(),
        &["operators", "add", "Key Keeper", "--role", "manager"],
        "731946\n",
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(data.path(), &["profiles", "remove", &name], "", &[]);
    assert!(!out.status.success(), "no manager, no removal");
    assert!(secret_tool(&format!("{name}/bearer-token")).is_some());
    let out = cli(
        data.path(),
        &["profiles", "remove", &name, "--manager", "Key Keeper"],
        "731946\n",
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        secret_tool(&format!("{name}/bearer-token")),
        None,
        "removed with the profile"
    );
    assert_eq!(secret_tool(&format!("{name}/api-key")), None);
}

#[test]
fn plain_http_to_another_host_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let out = cli(
        data.path(),
        &[
            "profiles",
            "add",
            "insecure",
            "--platform",
            "vista",
            "--url",
            "http://vista.example.com",
        ],
        "token\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plain http:// is refused"));
}

#[test]
fn no_keyring_is_a_clear_error_and_no_plaintext_fallback() {
    let data = tempfile::tempdir().unwrap();
    let out = cli(
        data.path(),
        &[
            "profiles",
            "add",
            "nokeyring",
            "--platform",
            "vista",
            "--url",
            "https://v.example.com",
        ],
        &format!("{TOKEN}\n"),
        &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no OS keyring is available"), "{err}");
    assert!(
        err.contains("Secret Service"),
        "the message says what to do: {err}"
    );
    let list = cli(data.path(), &["profiles", "list"], "", &[]);
    assert!(
        !String::from_utf8_lossy(&list.stdout).contains("nokeyring"),
        "no half-added profile"
    );
    let disk = everything_on_disk(data.path());
    assert!(!disk.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()));
}
