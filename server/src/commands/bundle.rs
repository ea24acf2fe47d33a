//! `prepare-assets`: the build step that names the bundle by content,
//! compresses it, and prints its sizes (docs/RULES.md §8.1).
use super::Error;
use std::path::Path;

fn kb(n: u64) -> String {
    format!("{:.1} KB", n as f64 / 1000.0)
}

fn row(name: &str, raw: u64, gzip: u64, brotli: u64) {
    println!(
        "{name:<44} {:>11} {:>11} {:>11}",
        kb(raw),
        kb(gzip),
        kb(brotli)
    );
}

/// Hashed names and precompressed copies of the bundle, with a size table:
/// every file, what the first page loads (the bindings, their split-module
/// loader and the main wasm: everything but the lazily loaded modules and
/// the stylesheet), and the whole bundle.
pub fn prepare_assets(site: &Path) -> Result<(), Error> {
    println!(
        "{:<44} {:>11} {:>11} {:>11}",
        "file", "raw", "gzip", "brotli"
    );
    let prepared = crate::assets::prepare(site)?;
    let (mut first, mut all) = ([0u64; 3], [0u64; 3]);
    for p in &prepared {
        row(&p.name, p.raw, p.gzip, p.brotli);
        let sizes = [p.raw, p.gzip, p.brotli];
        let lazy = crate::split_assets::is_lazy_module(&p.name);
        for i in 0..3 {
            all[i] += sizes[i];
            if !lazy && !p.name.ends_with(".css") {
                first[i] += sizes[i];
            }
        }
    }
    row(
        "first page: JS + WASM (no lazy modules)",
        first[0],
        first[1],
        first[2],
    );
    row("total", all[0], all[1], all[2]);
    Ok(())
}

/// Code bytes per crate and the largest functions of the bundle as built,
/// read from `names`: one wasm, or a directory of them (the main module
/// `caseboard.wasm` and the lazily loaded ones), before wasm-opt strips
/// their function names.
pub fn size_report(names: &Path) -> Result<(), Error> {
    let files = if names.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(names)?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
            .collect();
        files.sort();
        files
    } else {
        vec![names.to_path_buf()]
    };
    let (main, lazy): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|p| p.file_name().is_some_and(|n| n == "caseboard.wasm"));
    report_of("the main module (loaded by every page)", &main)?;
    if !lazy.is_empty() {
        report_of(&format!("the {} lazily loaded modules", lazy.len()), &lazy)?;
    }
    Ok(())
}

fn report_of(what: &str, files: &[std::path::PathBuf]) -> Result<(), Error> {
    let mut functions = vec![];
    for file in files {
        let bytes = crate::assets::read(file)?;
        functions.extend(crate::wasm_sizes::function_sizes(&bytes)?);
    }
    let total: u64 = functions.iter().map(|f| f.bytes).sum::<u64>().max(1);
    let mut by_crate: std::collections::HashMap<String, u64> = Default::default();
    for f in &functions {
        *by_crate
            .entry(crate::wasm_sizes::crate_of(&f.name))
            .or_default() += f.bytes;
    }
    let mut crates: Vec<_> = by_crate.into_iter().collect();
    crates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let share = |n: u64| format!("{:.1} %", n as f64 * 100.0 / total as f64);
    println!(
        "\nCode by crate in {what} ({} functions, {:.1} KB of code before wasm-opt):",
        functions.len(),
        total as f64 / 1000.0
    );
    for (name, n) in crates.iter().take(20) {
        println!(
            "  {name:<34} {:>9.1} KB {:>7}",
            *n as f64 / 1000.0,
            share(*n)
        );
    }
    functions.sort_by_key(|f| std::cmp::Reverse(f.bytes));
    println!("Largest functions:");
    for f in functions.iter().take(12) {
        let name: String = f.name.chars().take(90).collect();
        println!("  {:>9.1} KB  {name}", f.bytes as f64 / 1000.0);
    }
    Ok(())
}
