//! `caseboard-split INPUT.wasm PKG_DIR MAIN_OUT.wasm`: the post-link step
//! that cuts the browser bundle at Leptos' split points (`#[lazy]`,
//! `#[lazy_route]`), as cargo-leptos does (docs/RULES.md §8.1).
//!
//! INPUT is the linker's wasm (built with `-Clink-args=--emit-relocs`), before
//! wasm-bindgen. Written: MAIN_OUT, the main module that wasm-bindgen then
//! binds as usual; into PKG_DIR the lazily loaded modules (`split_*.wasm`,
//! `chunk_*.wasm`), their loader `__wasm_split.js` and
//! `__wasm_split_manifest.json` (which modules each split point needs, read by
//! the server to preload them for the page it renders).
use std::path::Path;

/// The loader's name before the build names it by content; Leptos' server
/// side looks for this exact placeholder when there is no hash file.
pub const LOADER: &str = "__wasm_split.______________________.js";
pub const MANIFEST: &str = "__wasm_split_manifest.json";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, pkg, main_out] = args.as_slice() else {
        eprintln!("usage: caseboard-split INPUT.wasm PKG_DIR MAIN_OUT.wasm");
        std::process::exit(2);
    };
    if let Err(e) = split(Path::new(input), Path::new(pkg), Path::new(main_out)) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn split(input: &Path, pkg: &Path, main_out: &Path) -> Result<(), String> {
    let wasm = std::fs::read(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let link_name = format!("./{LOADER}");
    let out = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = pkg;
        opts.main_out_path = main_out;
        // The loader imports `initSync` from the bindings wasm-bindgen writes
        // beside it; prepare-assets renames both together.
        opts.main_module = "./caseboard.js";
        opts.link_name = &link_name;
        opts
    })
    .map_err(|e| format!("splitting {}: {e:?}", input.display()))?;
    let manifest = serde_json::to_string_pretty(&out.prefetch_map).map_err(|e| e.to_string())?;
    let path = pkg.join(MANIFEST);
    std::fs::write(&path, manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "split into the main module and {} lazily loaded modules",
        out.split_modules.len()
    );
    Ok(())
}
