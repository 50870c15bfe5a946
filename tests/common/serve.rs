//! What `serve` holds, against what `build` writes: the incremental
//! rebuild must give the full build's bytes (tests/serve_incremental.rs,
//! tests/editions.rs).

use std::collections::BTreeMap;
use std::path::Path;

use gazette::BuildOptions;
use gazette::serve::session::Session;

/// A full build of `options` into `out`: every file with its bytes.
pub fn full_build(options: &BuildOptions, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut o = options.clone();
    o.output = Some(out.to_path_buf());
    gazette::build(&o).expect("full build succeeds");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Panics, showing both, unless `session` serves exactly `full`'s files.
pub fn assert_same(session: &Session, full: &BTreeMap<String, Vec<u8>>, step: &str) {
    let files = session.files();
    let inc: BTreeMap<&String, &Vec<u8>> = files.iter().map(|(k, v)| (k, &**v)).collect();
    let inc_keys: Vec<&String> = inc.keys().cloned().collect();
    let full_keys: Vec<&String> = full.keys().collect();
    assert_eq!(inc_keys, full_keys, "after {step}: different file lists");
    for (path, bytes) in full {
        assert!(
            inc[path] == bytes,
            "after {step}: {path} differs from a full build\n--- incremental:\n{}\n--- full:\n{}",
            String::from_utf8_lossy(inc[path]),
            String::from_utf8_lossy(bytes)
        );
    }
}
