//! Where "now" comes from: the system clock, or, for tests of scheduled
//! publishing, a file the test writes. With `GAZETTE_TEST_CLOCK=<file>` in
//! the environment, `build` and `serve` read the time from that file (an
//! RFC 3339 timestamp such as `2030-05-01T10:00:00Z`), and `serve` reads it
//! again every [`FILE_POLL`], so that a test moves time forward by writing
//! the file instead of sleeping. Not a user setting: it exists so that
//! tests can drive the schedule.

use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;

/// The environment variable naming the test clock's file.
pub const TEST_CLOCK_VAR: &str = "GAZETTE_TEST_CLOCK";

/// How often `serve` reads the test clock's file.
pub const FILE_POLL: Duration = Duration::from_millis(50);

/// The longest `serve` waits for a scheduled change before looking at the
/// system clock again (it may have been set, or the machine suspended).
pub const SYSTEM_POLL: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clock {
    System,
    /// A file holding the time (tests only).
    File(PathBuf),
}

impl Clock {
    /// The test clock when `GAZETTE_TEST_CLOCK` is set, else the system's.
    pub fn from_env() -> Clock {
        match std::env::var_os(TEST_CLOCK_VAR) {
            Some(path) if !path.is_empty() => Clock::File(path.into()),
            _ => Clock::System,
        }
    }

    /// The time now, or why the test clock's file cannot be read.
    pub fn now(&self) -> Result<Timestamp, String> {
        match self {
            Clock::System => Ok(Timestamp::now()),
            Clock::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    format!("{TEST_CLOCK_VAR}: cannot read {}: {e}", path.display())
                })?;
                text.trim().parse().map_err(|e| {
                    format!(
                        "{TEST_CLOCK_VAR}: {} holds {:?}, not a time like 2030-05-01T10:00:00Z: {e}",
                        path.display(),
                        text.trim()
                    )
                })
            }
        }
    }

    /// The time a build is given (`BuildOptions::now`): none for the
    /// system clock, which the build reads itself.
    pub fn fixed(&self) -> Result<Option<Timestamp>, String> {
        match self {
            Clock::System => Ok(None),
            Clock::File(_) => self.now().map(Some),
        }
    }

    /// How long `serve` may wait before reading the clock again.
    pub fn poll(&self) -> Duration {
        match self {
            Clock::System => SYSTEM_POLL,
            Clock::File(_) => FILE_POLL,
        }
    }
}
