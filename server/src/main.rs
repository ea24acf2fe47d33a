//! The Caseboard server binary: serve, migrate, create-user, seed-demo.
use server::{cli, commands};
use std::process::ExitCode;

/// The server allocates and frees many small buffers per request (rows,
/// views, the page's text); glibc's allocator spent about a quarter of a
/// page's CPU on them under load. mimalloc's `override` feature also puts it
/// under SQLite's own allocations (docs/RULES.md §8.4).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init();
    match commands::run(command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
