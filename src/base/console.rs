//! Printing for the commands, without panics.
//!
//! `println!` panics when standard output is a closed pipe (`gazette build |
//! true`, `deploy --dry-run | head -1`) or a full device (`>/dev/full`), and
//! `eprintln!` likewise for standard error. A command's product is the files
//! it writes, never its messages, so a message that cannot be printed is
//! dropped: the command finishes its work and exits with its own code.
//! [`outln!`](crate::outln) and [`errln!`](crate::errln) are the
//! panic-free `println!` and `eprintln!`.

use std::fmt;
use std::io::Write;

/// Writes one line to standard output; a closed or full stdout is ignored.
pub fn out(args: fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"));
}

/// Writes one line to standard error; a closed or full stderr is ignored.
pub fn err(args: fmt::Arguments<'_>) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_fmt(args)
        .and_then(|()| stderr.write_all(b"\n"));
}

/// `println!` that never panics: see [`out`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => { $crate::base::console::out(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics: see [`err`].
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::base::console::err(format_args!($($arg)*)) };
}
