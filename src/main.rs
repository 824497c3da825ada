//! The `copydesk` binary: everything lives in the library; this maps to an exit code.

/// Analysis allocates many small, short-lived buffers across threads (documents are
/// read on one thread, processed on others and freed on a third); mimalloc serves that
/// pattern markedly faster than the system allocator. It may back its memory with
/// transparent huge pages where the system allows; see `cli::pages` for when that is
/// turned off.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    copydesk::cli::main()
}
