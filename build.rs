//! Puts the git revision into `gazette --version` when built from a
//! checkout, so that a bug report says exactly which code it ran. Builds
//! from a tarball or without git fall back to the plain package version.

use std::path::Path;
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let revision = if Path::new(".git").exists() {
        git(&["rev-parse", "--short", "HEAD"])
    } else {
        None
    };
    match revision {
        Some(rev) => println!("cargo:rustc-env=GAZETTE_VERSION={version} ({rev})"),
        None => println!("cargo:rustc-env=GAZETTE_VERSION={version}"),
    }
    // A commit moves the branch HEAD names, not HEAD itself, and in a git
    // worktree `.git` is a file pointing elsewhere: ask git where both live.
    // Cargo reruns a script every build for a path that does not exist.
    if Path::new(".git/HEAD").is_file() {
        println!("cargo:rerun-if-changed=.git/HEAD");
    }
    if let Some(head) = git(&["rev-parse", "--git-path", "HEAD"]) {
        println!("cargo:rerun-if-changed={head}");
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(file) = git(&["rev-parse", "--git-path", &branch])
    {
        println!("cargo:rerun-if-changed={file}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// What git prints for `args`, none when git is missing or fails.
fn git(args: &[&str]) -> Option<String> {
    if !Path::new(".git").exists() {
        return None;
    }
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}
