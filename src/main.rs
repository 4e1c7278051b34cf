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
    restore_sigpipe();
    cli::main()
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
