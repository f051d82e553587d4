//! `box-office sandbox`: the training server on its own, for tests, trainers
//! and anyone who wants to see the platforms' protocols answer.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Args;

use crate::sandbox::{self, Faults, SandboxConfig};

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port to listen on (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = 8750)]
    port: u16,
    /// Address to bind. Loopback by default: the sandbox is not a public server.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Require this Connect-Region-Code on Vista requests.
    #[arg(long)]
    region: Option<String>,
    /// Polls a completion stays PENDING before it ends.
    #[arg(long, default_value_t = 2)]
    pending_polls: u32,
    /// Seed for random faults, to replay a run.
    #[arg(long, default_value_t = 0x5eed)]
    seed: u64,
    /// Add N plain Vista orders (VS-B00001…) and N Paciolan carts (PC-B00001…).
    #[arg(long, default_value_t = 0)]
    bulk: u32,
    /// Probability of closing the connection before carrying a request out.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    drop_before_apply: f64,
    /// Probability of carrying a request out, then closing the connection unanswered.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    drop_after_apply: f64,
    /// Probability of answering 500.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    server_error: f64,
    /// Probability of carrying a request out, then answering 502/503/504 with
    /// an HTML page, as a gateway in front of the platform would.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    gateway_error_after_apply: f64,
    /// Probability of carrying a request out, then answering 2xx with a body
    /// cut off mid-way.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    garbled_after_apply: f64,
    /// Probability of answering 429.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    rate_limit: f64,
    /// Retry-After seconds sent with a 429.
    #[arg(long, default_value_t = 1)]
    retry_after: u32,
    /// Probability of a slow answer.
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    slow: f64,
    /// How slow a slow answer is, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    slow_ms: u64,
}

impl SandboxArgs {
    fn config(&self) -> SandboxConfig {
        SandboxConfig {
            region: self.region.clone(),
            pending_polls: self.pending_polls,
            seed: self.seed,
            bulk: self.bulk,
            faults: Faults {
                drop_before_apply: self.drop_before_apply,
                drop_after_apply: self.drop_after_apply,
                server_error: self.server_error,
                gateway_error_after_apply: self.gateway_error_after_apply,
                garbled_after_apply: self.garbled_after_apply,
                rate_limit: self.rate_limit,
                retry_after_seconds: self.retry_after,
                slow: self.slow,
                slow_millis: self.slow_ms,
            },
            ..SandboxConfig::default()
        }
    }
}

pub fn run(args: SandboxArgs) -> ExitCode {
    let rt = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async {
        let addr = SocketAddr::new(args.host, args.port);
        let running = match sandbox::start(args.config(), addr).await {
            Ok(r) => r,
            Err(e) => {
                eprintln!("cannot listen on {addr}: {e}");
                return ExitCode::FAILURE;
            }
        };
        // The first line of output is the base URL, so scripts can read it.
        println!("{}", running.base_url());
        eprintln!(
            "Box Office training sandbox: {} orders; Vista, Paciolan and Afisha at {}. Ctrl-C stops it.",
            running.catalogue().orders.len(),
            running.base_url()
        );
        wait_for_stop().await;
        running.shutdown().await;
        ExitCode::SUCCESS
    })
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
