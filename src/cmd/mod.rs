//! The commands behind the CLI, one file each. `main.rs` only parses
//! arguments and prints; everything a command does is here, testable.

pub mod console;
pub mod init;
pub mod new;
