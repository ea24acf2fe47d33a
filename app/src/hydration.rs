//! The scripts that load the WebAssembly and hydrate the page, started once
//! the browser has painted the server's page (docs/RULES.md §8.2).
//!
//! This replaces Leptos' `<HydrationScripts>`, which preloads the JS
//! bindings and the main module from the `<head>`, so that they download
//! while the page's HTML and stylesheet still do. Here nothing of the bundle
//! is requested before the first paint; then the bindings, the split loader,
//! the main module and the modules of the page's group (which the server
//! names in the `<body>`'s `data-wasm-modules`, see `lazy_pages`) are
//! requested all at once, so none waits for another to ask for it.
use leptos::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The `<body>` attribute in which a page names the lazily loaded modules
/// it needs, space-separated (written by `lazy_pages`).
const MODULES_ATTRIBUTE: &str = "data-wasm-modules";

/// The bundle's files under the names `caseboard prepare-assets` gave them
/// (read from the hash file), or the build's plain names without one.
struct Bundle {
    js: String,
    wasm: String,
    loader: String,
    manifest: String,
}

impl Bundle {
    fn read(options: &LeptosOptions) -> Self {
        let name = &options.output_name;
        let mut bundle = Bundle {
            js: format!("{name}.js"),
            wasm: format!("{name}.wasm"),
            loader: "__wasm_split.______________________.js".to_string(),
            manifest: "__wasm_split_manifest.json".to_string(),
        };
        if !options.hash_files {
            return bundle;
        }
        // Where Leptos looks for it: relative to the server binary, unless absolute.
        let path = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(PathBuf::from))
            .unwrap_or_default()
            .join(options.hash_file.as_ref());
        let Ok(hashes) = std::fs::read_to_string(&path) else {
            leptos::logging::error!("File hashing is active but no hash file was found");
            return bundle;
        };
        for (key, hash) in hashes.lines().filter_map(|line| line.split_once(':')) {
            let hash = hash.trim();
            match key.trim() {
                "js" => bundle.js = format!("{name}.{hash}.js"),
                "wasm" => bundle.wasm = format!("{name}.{hash}.wasm"),
                "split" => bundle.loader = format!("__wasm_split.{hash}.js"),
                "manifest" => bundle.manifest = format!("__wasm_split_manifest.{hash}.json"),
                _ => {}
            }
        }
        bundle
    }

    /// The split bundle's manifest (which modules each split point needs);
    /// none when the build was not split.
    fn split_modules(&self, options: &LeptosOptions, pkg: &str) -> Option<SplitModules> {
        let path = PathBuf::from(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join(&self.manifest);
        let file = std::fs::read_to_string(path).ok()?;
        let by_split = serde_json::from_str(&file).ok()?;
        Some(SplitModules {
            pkg: pkg.to_string(),
            by_split: Arc::new(by_split),
        })
    }
}

/// On the server, the modules each split point needs (the split build's
/// manifest), for a page to name its group's (`lazy_pages`). Our own
/// context rather than Leptos' `WasmSplitManifest`: given that one,
/// leptos_axum writes `<link rel=preload>`s for them into the `<head>`,
/// which would start them before the first paint.
#[derive(Clone, Debug)]
pub struct SplitModules {
    /// Where the modules are served (`/pkg`).
    pub pkg: String,
    /// Split point (`<group>_<hash>`) → the modules it needs, without `.wasm`.
    pub by_split: Arc<HashMap<String, Vec<String>>>,
}

/// Loads and hydrates the WebAssembly after the first paint; goes in the
/// shell's `<head>` in place of Leptos' `<HydrationScripts>`.
#[component]
pub fn HydrateAfterPaint(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir);
    let bundle = Bundle::read(&options);
    let split = bundle.split_modules(&options, &pkg);
    let loader = split
        .is_some()
        .then(|| format!("{pkg}/{}", bundle.loader))
        .unwrap_or_default();
    if let Some(split) = split {
        provide_context(split);
    }
    let args = serde_json::to_string(&[
        format!("{pkg}/{}", bundle.js),
        format!("{pkg}/{}", bundle.wasm),
        loader,
        MODULES_ATTRIBUTE.to_string(),
    ])
    .unwrap_or_default();
    // Its text must not contain "<body": leptos_meta adds the page's
    // `<body>` attributes after the first "<body" of the page.
    let script = include_str!("hydrate_after_paint.js");
    view! {
        <script type="module" nonce=leptos::nonce::use_nonce()>
            {format!("({script})(...{args});")}
        </script>
    }
}
