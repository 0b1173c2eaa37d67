//! Finds the built-in language packs (`src/packs/<lang>.toml`) so that adding a built-in language
//! is adding a file: `src/pack/mod.rs` includes the generated list.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("src/packs");
    println!("cargo:rerun-if-changed=src/packs");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".toml") && n != "rules.toml")
                .map(|n| n.trim_end_matches(".toml").to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from(
        "/// The built-in packs, embedded at compile time: `(name, text)`, sorted by name.\npub(crate) const BUILTIN_PACKS: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        let _ = writeln!(
            out,
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/packs/{n}.toml\"))),"
        );
    }
    out.push_str("];\n");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let path = Path::new(&out_dir).join("builtin_packs.rs");
    if let Err(e) = std::fs::write(&path, out) {
        panic!("cannot write {}: {e}", path.display());
    }
}
