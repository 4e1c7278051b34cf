//! The `fahras` command line: parses arguments, calls the library, prints.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: indexing allocates on rayon's
/// threads and frees on tantivy's, where glibc's arenas contend (measured:
/// enrichment's share of indexing time fell from 35–38 % to 31 %;
/// `benches/enrichment-share.sh`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tune_allocator();
    restore_sigpipe();
    cli::main()
}

/// mimalloc hands freed memory back to the system after 10 ms by default;
/// indexing frees and reallocates large buffers all the time, and the kernel
/// then zeroes fresh pages for each (measured: a sixth of indexing time went
/// to page clearing). A one-second delay keeps the memory in use. mimalloc
/// reads its options when it first needs them, after this runs; a value the
/// user set is kept.
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: no other thread exists yet.
        std::env::set_var("MIMALLOC_PURGE_DELAY", "1000");
    }
}

/// Rust ignores SIGPIPE, so printing into a closed pipe
/// (`fahras search … | head -1`) would panic; like other Unix tools, fahras
/// ends quietly instead. Indexing commits before it prints its summary, so
/// nothing is lost.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread is started;
    // resetting a signal to its default action has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
