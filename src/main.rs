//! The `copydesk` binary: everything lives in the library; this maps to an exit code.

/// Analysis allocates many small, short-lived buffers across threads (documents are
/// read on one thread, processed on others and freed on a third); mimalloc serves that
/// pattern markedly faster than the system allocator. Built without transparent huge
/// pages (the `no_thp` feature): they cut page faults, but right after other programs
/// have churned through memory the kernel was slow to hand them out, and a run over
/// the BBC dev file then took twice as long (60 ms instead of 30). Version 2 of
/// mimalloc (the `v2` feature) ran that file 1 to 3 ms faster than version 3.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    copydesk::cli::main()
}
