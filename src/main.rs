//! The `copydesk` binary: everything lives in the library; this maps to an exit code.

/// Analysis allocates many small, short-lived buffers across threads (documents are
/// read on one thread, processed on others and freed on a third); mimalloc serves that
/// pattern markedly faster than the system allocator. Built without transparent huge
/// pages (the `no_thp` feature): a short run would otherwise spend its first
/// milliseconds zeroing 2 MiB pages it barely uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    copydesk::cli::main()
}
