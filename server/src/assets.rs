//! The browser bundle (JS glue, WASM, CSS) under content-hashed names,
//! compressed once at build time and served with long-lived caching.
//!
//! `caseboard prepare-assets SITE` (run by the build scripts) copies each file
//! to `caseboard.<hash>.<ext>`, writes `.br` and `.gz` beside it and records
//! the hashes in `SITE/hash.txt`, the file Leptos reads to name the scripts
//! and the stylesheet in every page. A new build gets new names, so browsers
//! may keep a file for a year and never need to ask again; the server picks
//! the precompressed file the browser accepts instead of compressing per request.
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// The bundle's files: (Leptos' key in the hash file, extension).
const BUNDLE: [(&str, &str); 3] = [("js", "js"), ("wasm", "wasm"), ("css", "css")];
const NAME: &str = "caseboard";
pub const HASH_FILE: &str = "hash.txt";

/// One bundle file's sizes, for the build's size report.
pub struct Prepared {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Hashes, copies and compresses the bundle in `site/pkg`; writes `site/hash.txt`.
/// A split bundle's lazily loaded modules and loader are named and
/// compressed alike (`split_assets`).
pub fn prepare(site: &Path) -> Result<Vec<Prepared>, String> {
    let pkg = site.join("pkg");
    let [js, wasm, css] = BUNDLE.map(|(_, ext)| read(&pkg.join(format!("{NAME}.{ext}"))));
    let (mut js, mut wasm, css) = (js?, wasm?, css?);
    let mut hashes = String::new();
    let mut files = vec![];
    let mut js_hash = None;
    if crate::split_assets::is_split(&pkg) {
        let split = crate::split_assets::rename(&pkg, &mut js, &mut wasm)?;
        hashes.push_str(&split.hash_lines);
        js_hash = Some(split.js_hash);
        files.push((split.loader.name, split.loader.bytes, true));
        files.extend(split.modules.into_iter().map(|m| (m.name, m.bytes, true)));
        // Read by the server only: never fetched, so not compressed.
        files.push((split.manifest.name, split.manifest.bytes, false));
    }
    for ((key, ext), bytes) in BUNDLE.into_iter().zip([js, wasm, css]).rev() {
        let hash = match (key, &js_hash) {
            ("js", Some(h)) => h.clone(),
            _ => content_hash(&bytes),
        };
        hashes.insert_str(0, &format!("{key}: {hash}\n"));
        files.insert(0, (format!("{NAME}.{hash}.{ext}"), bytes, true));
    }
    let mut report = vec![];
    let mut keep = vec![];
    for (name, bytes, compress) in files {
        let target = pkg.join(&name);
        write(&target, &bytes)?;
        if compress {
            let gzip = gzip(&bytes)?;
            write(&with_suffix(&target, "gz"), &gzip)?;
            let brotli = brotli(&bytes)?;
            write(&with_suffix(&target, "br"), &brotli)?;
            report.push(Prepared {
                name: name.clone(),
                raw: bytes.len() as u64,
                gzip: gzip.len() as u64,
                brotli: brotli.len() as u64,
            });
        }
        keep.push(name);
    }
    remove_old_builds(&pkg, &keep)?;
    write(&site.join(HASH_FILE), hashes.as_bytes())?;
    Ok(report)
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    hex_digest(&[bytes], 16)
}

/// The first `n` hex digits of the SHA-256 of `parts`, one after another.
pub(crate) fn hex_digest(parts: &[&[u8]], n: usize) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part);
    }
    let mut hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex.truncate(n);
    hex
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(suffix);
    PathBuf::from(s)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = flate2::write::GzEncoder::new(vec![], flate2::Compression::best());
    enc.write_all(bytes)
        .and_then(|()| enc.finish())
        .map_err(|e| format!("gzip: {e}"))
}

/// Brotli's best quality for a release bundle; an unoptimised (debug) bundle
/// is ten times larger and would take minutes at that quality, so it gets a
/// fast one.
fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = vec![];
    let params = brotli::enc::BrotliEncoderParams {
        quality: if bytes.len() > 6_000_000 { 5 } else { 11 },
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

/// Hashed files of earlier builds (and their compressed copies) go, so the
/// directory holds one build.
fn remove_old_builds(pkg: &Path, keep: &[String]) -> Result<(), String> {
    let entries =
        std::fs::read_dir(pkg).map_err(|e| format!("cannot list {}: {e}", pkg.display()))?;
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let base = file
            .strip_suffix(".br")
            .or_else(|| file.strip_suffix(".gz"))
            .unwrap_or(&file);
        if is_hashed_name(base) && !keep.iter().any(|k| k == base) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// `<stem>.<16 or 22 hex>.<ext>`, stem `caseboard` or one of the split
/// bundle's (`__wasm_split*`, `split_*`, `chunk_*`): a name that changes
/// whenever the content does.
fn is_hashed_name(file: &str) -> bool {
    let mut parts = file.split('.');
    let known = |stem: &str| {
        stem == NAME
            || ["__wasm_split", "split_", "chunk_"]
                .iter()
                .any(|p| stem.starts_with(p))
    };
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(stem), Some(hash), Some(_), None)
            if known(stem)
                && (hash.len() == 16 || hash.len() == 22)
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
    )
}

/// The hash file Leptos should read, when the build wrote one.
pub fn hash_file(site_root: &str) -> Option<String> {
    let path = std::path::absolute(Path::new(site_root).join(HASH_FILE)).ok()?;
    path.is_file().then(|| path.to_string_lossy().into_owned())
}

/// `/pkg`: the bundle, precompressed files chosen by `Accept-Encoding`.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    let dir = ServeDir::new(Path::new(site_root).join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", dir)
        .layer(axum::middleware::from_fn(cache_for_name))
}

/// Content-hashed names never change content: cache them for a year. Any
/// other file under `/pkg` is revalidated on each use.
async fn cache_for_name(req: Request<axum::body::Body>, next: Next) -> Response {
    let immutable = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(is_hashed_name);
    let mut res = next.run(req).await;
    let value = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    if res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_names_are_immutable() {
        assert!(is_hashed_name("caseboard.0123456789abcdef.wasm"));
        assert!(!is_hashed_name("caseboard.wasm"));
        assert!(!is_hashed_name("caseboard.0123.wasm"));
        assert!(!is_hashed_name("other.0123456789abcdef.wasm"));
        assert!(!is_hashed_name("caseboard.0123456789abcdeg.js"));
        assert!(is_hashed_name("__wasm_split.0123456789abcdef012345.js"));
        assert!(is_hashed_name("split___home_view_1.0123456789abcdef.wasm"));
        assert!(is_hashed_name("chunk_3.0123456789abcdef.wasm"));
        assert!(!is_hashed_name("__wasm_split.______________________.js"));
    }

    #[test]
    fn prepare_names_by_content_and_compresses() {
        let site = std::env::temp_dir().join(format!("caseboard_assets_{}", std::process::id()));
        let pkg = site.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        for ext in ["js", "wasm", "css"] {
            std::fs::write(pkg.join(format!("caseboard.{ext}")), ext.repeat(1000)).unwrap();
        }
        std::fs::write(pkg.join("caseboard.ffffffffffffffff.js"), "old build").unwrap();
        let report = prepare(&site).unwrap();
        let hashes = std::fs::read_to_string(site.join(HASH_FILE)).unwrap();
        for p in &report {
            assert!(pkg.join(&p.name).is_file(), "{}", p.name);
            assert!(p.brotli < p.raw && p.gzip < p.raw, "{} compresses", p.name);
            let hash = p.name.split('.').nth(1).unwrap();
            assert!(hashes.contains(hash), "{hashes} names {hash}");
        }
        assert!(
            !pkg.join("caseboard.ffffffffffffffff.js").exists(),
            "old build removed"
        );
        std::fs::remove_dir_all(&site).unwrap();
    }

    async fn get(site: &Path, path: &str, accept: &str) -> Response {
        use tower::ServiceExt;
        let req = Request::get(path)
            .header(header::ACCEPT_ENCODING, accept)
            .body(axum::body::Body::empty())
            .unwrap();
        routes::<()>(&site.to_string_lossy())
            .oneshot(req)
            .await
            .unwrap()
    }

    fn value(res: &Response, name: header::HeaderName) -> &str {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[tokio::test]
    async fn hashed_files_are_served_precompressed_and_cached_for_a_year() {
        let site = std::env::temp_dir().join(format!("caseboard_serve_{}", std::process::id()));
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        for ext in ["js", "wasm", "css"] {
            std::fs::write(site.join(format!("pkg/caseboard.{ext}")), ext.repeat(1000)).unwrap();
        }
        let wasm = prepare(&site).unwrap().remove(1).name;
        let path = format!("/pkg/{wasm}");

        let br = get(&site, &path, "gzip, br").await;
        assert_eq!(br.status(), 200);
        assert_eq!(value(&br, header::CONTENT_ENCODING), "br");
        assert_eq!(value(&br, header::CONTENT_TYPE), "application/wasm");
        assert_eq!(
            value(&br, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );

        let gz = get(&site, &path, "gzip").await;
        assert_eq!(value(&gz, header::CONTENT_ENCODING), "gzip");
        let plain = get(&site, &path, "identity").await;
        assert_eq!(value(&plain, header::CONTENT_ENCODING), "");

        let unhashed = get(&site, "/pkg/caseboard.wasm", "br").await;
        assert_eq!(unhashed.status(), 200);
        assert_eq!(value(&unhashed, header::CACHE_CONTROL), "no-cache");
        std::fs::remove_dir_all(&site).unwrap();
    }
}
