//! Content-hashed names for a bundle cut at Leptos' split points
//! (docs/RULES.md §8.1): the lazily loaded modules (`split_*.wasm`,
//! `chunk_*.wasm`), their loader `__wasm_split.<placeholder>.js` and the
//! manifest the server reads to preload a page's modules.
//!
//! The files name one another: the loader fetches the modules and imports
//! `initSync` from `caseboard.js`; `caseboard.js` imports the loader (so does
//! the main wasm, by the same module name); the manifest lists the modules.
//! So the modules are named first (each by its own content), then the loader
//! and `caseboard.js` together by one hash of both, which is cut to the
//! placeholder's length so the name inside the main wasm keeps its length.
use crate::assets::{content_hash, hex_digest, read};
use std::path::Path;

/// The loader's name as the split step writes it (and as Leptos expects it
/// when there is no hash file).
pub const LOADER: &str = "__wasm_split.______________________.js";
pub const MANIFEST: &str = "__wasm_split_manifest.json";
const PLACEHOLDER: &str = "______________________";

/// One file to write under its final name.
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The split bundle's files under their final names, and the lines Leptos
/// reads from the hash file to find the loader and the manifest.
pub struct Renamed {
    pub modules: Vec<Output>,
    pub loader: Output,
    pub manifest: Output,
    /// The hash naming `caseboard.js` (the loader imports it by that name).
    pub js_hash: String,
    pub hash_lines: String,
}

/// Whether the build in `pkg` was split (the split step wrote its loader).
pub fn is_split(pkg: &Path) -> bool {
    pkg.join(LOADER).is_file()
}

/// Names the split files by content and rewrites the references between
/// them; `js` and `wasm` (the main bindings and module) are rewritten in place.
pub fn rename(pkg: &Path, js: &mut Vec<u8>, wasm: &mut [u8]) -> Result<Renamed, String> {
    let mut loader = read_text(&pkg.join(LOADER))?;
    let mut manifest = read_text(&pkg.join(MANIFEST))?;
    let mut modules = vec![];
    for stem in module_stems(pkg)? {
        let bytes = read(&pkg.join(format!("{stem}.wasm")))?;
        let hashed = format!("{stem}.{}", content_hash(&bytes));
        loader = replace_all(
            &loader,
            &format!("\"./{stem}.wasm\""),
            &format!("\"./{hashed}.wasm\""),
        )?;
        manifest = replace_all(&manifest, &format!("\"{stem}\""), &format!("\"{hashed}\""))?;
        modules.push(Output {
            name: format!("{hashed}.wasm"),
            bytes,
        });
    }
    let pair = hex_digest(&[js, loader.as_bytes()], PLACEHOLDER.len());
    let js_hash = pair[..16].to_string();
    let loader_name = LOADER.replace(PLACEHOLDER, &pair);
    let loader = replace_all(
        &loader,
        "\"./caseboard.js\"",
        &format!("\"./caseboard.{js_hash}.js\""),
    )?;
    let js_text = String::from_utf8(std::mem::take(js)).map_err(|e| e.to_string())?;
    *js = replace_all(&js_text, LOADER, &loader_name)?.into_bytes();
    replace_in_binary(wasm, LOADER.as_bytes(), loader_name.as_bytes());
    let manifest_hash = content_hash(manifest.as_bytes());
    Ok(Renamed {
        modules,
        loader: Output {
            name: loader_name,
            bytes: loader.into_bytes(),
        },
        manifest: Output {
            name: format!("__wasm_split_manifest.{manifest_hash}.json"),
            bytes: manifest.into_bytes(),
        },
        js_hash,
        hash_lines: format!("split: {pair}\nmanifest: {manifest_hash}\n"),
    })
}

/// Whether `file` is one of the lazily loaded modules (`split_*`, `chunk_*`),
/// hashed or not.
pub fn is_lazy_module(file: &str) -> bool {
    file.starts_with("split_") || file.starts_with("chunk_")
}

/// `split_*` and `chunk_*` modules as the split step wrote them (not yet hashed).
fn module_stems(pkg: &Path) -> Result<Vec<String>, String> {
    let entries =
        std::fs::read_dir(pkg).map_err(|e| format!("cannot list {}: {e}", pkg.display()))?;
    let mut stems: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let stem = file.strip_suffix(".wasm")?;
            (is_lazy_module(stem) && !stem.contains('.')).then(|| stem.to_string())
        })
        .collect();
    stems.sort();
    Ok(stems)
}

/// Every `from` replaced; an error when there is none, since then the file
/// no longer matches the layout this step was written for.
fn replace_all(text: &str, from: &str, to: &str) -> Result<String, String> {
    if !text.contains(from) {
        return Err(format!("the split bundle does not mention {from}"));
    }
    Ok(text.replace(from, to))
}

/// Replaces `from` by `to` (of the same length) wherever it occurs.
fn replace_in_binary(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    debug_assert_eq!(from.len(), to.len());
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    String::from_utf8(read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_loader_and_bindings_name_each_other_by_hash() {
        let pkg = std::env::temp_dir().join(format!("caseboard_split_{}", std::process::id()));
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("split_a.wasm"), "module a").unwrap();
        std::fs::write(pkg.join("chunk_1.wasm"), "shared").unwrap();
        std::fs::write(
            pkg.join(LOADER),
            "import { initSync } from \"./caseboard.js\";\nfetch(new URL(\"./chunk_1.wasm\", import.meta.url));\nfetch(new URL(\"./split_a.wasm\", import.meta.url));",
        )
        .unwrap();
        std::fs::write(
            pkg.join(MANIFEST),
            "{ \"a_123\": [\"chunk_1\", \"split_a\"] }",
        )
        .unwrap();
        let mut js =
            format!("import * as s from './{LOADER}'; imports['./{LOADER}'] = s;").into_bytes();
        let mut wasm = format!("\0asm..{LOADER}..").into_bytes();
        let wasm_len = wasm.len();

        let r = rename(&pkg, &mut js, &mut wasm).unwrap();
        let names: Vec<_> = r.modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names.len(), 2);
        assert!(names[0].starts_with("chunk_1.") && names[1].starts_with("split_a."));
        let loader = String::from_utf8(r.loader.bytes.clone()).unwrap();
        for name in &names {
            assert!(loader.contains(&format!("\"./{name}\"")), "{loader}");
            let stem = name.strip_suffix(".wasm").unwrap();
            assert!(String::from_utf8_lossy(&r.manifest.bytes).contains(stem));
        }
        assert!(loader.contains(&format!("\"./caseboard.{}.js\"", r.js_hash)));
        let js = String::from_utf8(js).unwrap();
        assert!(
            !js.contains(PLACEHOLDER) && js.matches(&r.loader.name).count() == 2,
            "{js}"
        );
        assert_eq!(wasm.len(), wasm_len);
        assert!(String::from_utf8_lossy(&wasm).contains(&r.loader.name));
        assert!(r
            .hash_lines
            .contains(&r.loader.name["__wasm_split.".len()..][..22]));
        std::fs::remove_dir_all(&pkg).unwrap();
    }

    #[test]
    fn a_loader_that_names_no_module_is_an_error() {
        assert!(replace_all("text", "\"./split_a.wasm\"", "x").is_err());
    }
}
