//! The `copydesk` binary: everything lives in the library; this maps to an exit code.

fn main() -> std::process::ExitCode {
    copydesk::cli::main()
}
