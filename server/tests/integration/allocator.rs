//! SQLite's own allocations go through mimalloc, as Rust's do
//! (docs/RULES.md §8.4). SQLite, a C library, calls the C `malloc`; with
//! mimalloc's `override` feature the server binary defines `malloc` itself,
//! so every call in the process lands in mimalloc. A build that lost the
//! feature leaves `malloc` to glibc (an undefined, imported symbol) and
//! fails here. `nm` comes with the linker Rust builds with.
use std::process::Command;

#[test]
fn the_server_binary_defines_malloc() {
    let out = Command::new("nm")
        .args(["-D", "--defined-only", env!("CARGO_BIN_EXE_caseboard")])
        .output()
        .expect("nm runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let symbols = String::from_utf8_lossy(&out.stdout);
    let defines = |name: &str| {
        symbols.lines().any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() == 3 && f[1] == "T" && f[2] == name
        })
    };
    assert!(defines("malloc") && defines("free"), "malloc is glibc's");
}
