//! The size report of the browser bundle by crate and by function, read from
//! the WebAssembly file's code section and its "name" section (the function
//! names the linker wrote). The release build keeps a copy of the bundle from
//! before `wasm-opt` strips the names, so the figures are of that copy: the
//! shares, not the bytes, carry over to the shipped file.

/// Code bytes of one function.
pub struct FunctionSize {
    pub name: String,
    pub bytes: u64,
}

/// Every function body with its name (or `func[N]` when unnamed).
pub fn function_sizes(wasm: &[u8]) -> Result<Vec<FunctionSize>, String> {
    let mut r = Reader { bytes: wasm, at: 0 };
    if r.take(4)? != b"\0asm" {
        return Err("not a WebAssembly file".into());
    }
    r.take(4)?;
    let mut imported_functions = 0u64;
    let mut bodies: Vec<u64> = vec![];
    let mut names: std::collections::HashMap<u64, String> = Default::default();
    while r.at < r.bytes.len() {
        let id = r.byte()?;
        let len = r.leb()? as usize;
        let mut s = Reader {
            bytes: r.take(len)?,
            at: 0,
        };
        match id {
            2 => imported_functions = count_imported_functions(&mut s)?,
            10 => {
                for _ in 0..s.leb()? {
                    let size = s.leb()?;
                    s.take(size as usize)?;
                    bodies.push(size);
                }
            }
            0 if s.name()? == "name" => read_function_names(&mut s, &mut names)?,
            _ => {}
        }
    }
    Ok(bodies
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            let index = imported_functions + i as u64;
            FunctionSize {
                name: names
                    .remove(&index)
                    .unwrap_or_else(|| format!("func[{index}]")),
                bytes,
            }
        })
        .collect())
}

/// The crate a (demangled or legacy-mangled) Rust symbol belongs to; an
/// impl (`<T as Trait>::f`) counts for the crate of its type.
pub fn crate_of(symbol: &str) -> String {
    if let Some(rest) = symbol.strip_prefix("_ZN") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<usize>() {
            if let Some(name) = rest.get(digits.len()..digits.len() + n) {
                // `<T as Trait>::f` mangles to `_$LT$T$u20$as$u20$Trait$GT$`:
                // the crate of T (its path segments are joined by `..`).
                // A generic or tuple type (`T`, `(A,B)`) has no crate: the trait's.
                return match name.strip_prefix("_$LT$") {
                    Some(impl_) => {
                        let (ty, tr) = impl_.split_once("$u20$as$u20$").unwrap_or((impl_, ""));
                        let ty = ty.trim_start_matches("$RF$").trim_start_matches("mut$u20$");
                        let path = if ty.contains("..") { ty } else { tr };
                        path.split("..").next().unwrap_or(path).to_string()
                    }
                    None => name.to_string(),
                };
            }
        }
    }
    // v0 mangling (the precompiled standard library): the first crate root
    // `Cs<disambiguator>_<len><name>` (or `C<len><name>`).
    if let Some(rest) = symbol.strip_prefix("_R") {
        if let Some(name) = v0_first_crate(rest) {
            return name;
        }
    }
    if let Some((ty, rest)) = symbol.strip_prefix('<').and_then(|s| s.split_once(" as ")) {
        let c = crate_of(ty);
        return if c == UNKNOWN { crate_of(rest) } else { c };
    }
    let path = symbol
        .trim_start_matches(['&', '*'])
        .trim_start_matches("mut ");
    let path = path.strip_prefix("dyn ").unwrap_or(path);
    match path.split_once("::") {
        Some((first, _)) if is_ident(first) => first.to_string(),
        _ => UNKNOWN.to_string(),
    }
}

fn v0_first_crate(mangled: &str) -> Option<String> {
    let at = mangled.find('C')?;
    let mut rest = &mangled[at + 1..];
    if let Some(after_s) = rest.strip_prefix('s') {
        rest = &after_s[after_s.find('_')? + 1..];
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let n: usize = digits.parse().ok()?;
    let name = rest.get(digits.len()..digits.len() + n)?;
    is_ident(name).then(|| name.to_string())
}

const UNKNOWN: &str = "(not Rust, or unnamed)";

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn count_imported_functions(s: &mut Reader) -> Result<u64, String> {
    let mut functions = 0;
    for _ in 0..s.leb()? {
        s.name()?;
        s.name()?;
        match s.byte()? {
            0 => {
                s.leb()?;
                functions += 1;
            }
            1 => {
                s.byte()?;
                s.limits()?;
            }
            2 => s.limits()?,
            3 => {
                s.byte()?;
                s.byte()?;
            }
            4 => {
                s.byte()?;
                s.leb()?;
            }
            other => return Err(format!("unknown import kind {other}")),
        }
    }
    Ok(functions)
}

fn read_function_names(
    s: &mut Reader,
    into: &mut std::collections::HashMap<u64, String>,
) -> Result<(), String> {
    while s.at < s.bytes.len() {
        let id = s.byte()?;
        let len = s.leb()? as usize;
        let mut sub = Reader {
            bytes: s.take(len)?,
            at: 0,
        };
        if id == 1 {
            for _ in 0..sub.leb()? {
                let index = sub.leb()?;
                into.insert(index, sub.name()?);
            }
        }
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or("the file ends inside a section")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn leb(&mut self) -> Result<u64, String> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let b = self.byte()?;
            if shift < 64 {
                value |= u64::from(b & 0x7f) << shift;
            }
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }
    fn name(&mut self) -> Result<String, String> {
        let len = self.leb()? as usize;
        Ok(String::from_utf8_lossy(self.take(len)?).into_owned())
    }
    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![id, body.len() as u8];
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn names_follow_the_imported_functions() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // one imported function ("m"."f", type 0) and one imported memory
        wasm.extend(section(2, b"\x02\x01m\x01f\x00\x00\x01m\x01g\x02\x00\x01"));
        // two bodies of 3 and 5 bytes
        wasm.extend(section(10, b"\x02\x03\x00\x00\x0b\x05\x00\x00\x00\x00\x0b"));
        let mut names = b"\x04name".to_vec();
        let sub = b"\x02\x01\x0ccore::fmt::a\x02\x0bapp::pages2";
        names.extend([1, sub.len() as u8]);
        names.extend_from_slice(sub);
        wasm.extend(section(0, &names));
        let sizes = function_sizes(&wasm).unwrap();
        assert_eq!(sizes.len(), 2);
        assert_eq!(
            (sizes[0].name.as_str(), sizes[0].bytes),
            ("core::fmt::a", 3)
        );
        assert_eq!((sizes[1].name.as_str(), sizes[1].bytes), ("app::pages2", 5));
    }

    #[test]
    fn a_symbol_counts_for_its_crate() {
        assert_eq!(crate_of("core::fmt::write::h0123"), "core");
        assert_eq!(
            crate_of("<alloc::string::String as core::fmt::Write>::write_str"),
            "alloc"
        );
        assert_eq!(crate_of("_ZN6tachys4html7element17h01E"), "tachys");
        assert_eq!(
            crate_of(
                "_ZN60_$LT$serde_json..error..Error$u20$as$u20$core..fmt..Display$GT$3fmt17h01E"
            ),
            "serde_json"
        );
        assert_eq!(
            crate_of("_ZN53_$LT$T$u20$as$u20$tachys..view..any_view..IntoAny$GT$8into_any17h01E"),
            "tachys"
        );
        assert_eq!(
            crate_of(
                "_RNvNtNtNtNtCsgXGp5Oqx2Ny_4core3num7flt2dec8strategy6dragon15format_shortest"
            ),
            "core"
        );
        assert_eq!(crate_of("<&T as core::fmt::Debug>::fmt"), "core");
        assert_eq!(crate_of("memcpy"), "(not Rust, or unnamed)");
    }

    #[test]
    fn a_truncated_file_is_an_error_not_a_panic() {
        assert!(function_sizes(b"\0asm\x01\0\0\0\x0a\x09\x01").is_err());
        assert!(function_sizes(b"not wasm").is_err());
    }
}
