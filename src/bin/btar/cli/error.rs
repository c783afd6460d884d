//! The one error type of the commands: what went wrong and the exit code
//! the process ends with (0 all well, 1 the plan is invalid or misses its
//! objectives, 2 the input or the command line cannot be read).

use std::process::ExitCode;

/// An error of a command, with the exit code it ends the process with.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    /// Printed as `error: …` on stderr; empty when the command has already
    /// reported the problems itself.
    pub message: String,
}

impl CliError {
    /// The input cannot be read (exit 2).
    pub fn unreadable(message: impl std::fmt::Display) -> CliError {
        CliError {
            code: 2,
            message: message.to_string(),
        }
    }
    /// The plan is invalid or misses its objectives (exit 1).
    pub fn failed(message: impl std::fmt::Display) -> CliError {
        CliError {
            code: 1,
            message: message.to_string(),
        }
    }
    /// Exit 1 after the command printed what is wrong.
    pub fn reported() -> CliError {
        CliError {
            code: 1,
            message: String::new(),
        }
    }
}

/// Ends a command: its output on success, the error's message and code
/// otherwise.
pub fn finish(r: Result<(), CliError>) -> ExitCode {
    // Output that did not reach its destination is an error of its own,
    // whatever the command found (exit 2: nothing usable was written).
    if let Err(why) = crate::out::flushed() {
        eprintln!("error: {why}");
        return ExitCode::from(2);
    }
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.message.is_empty() {
                eprintln!("error: {}", e.message);
            }
            ExitCode::from(e.code)
        }
    }
}
