//! The crate's error type.

use std::path::PathBuf;

use crate::ingest::RecordError;

/// Everything that can go wrong in fahras, with enough context to act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The directory exists but does not hold a fahras index.
    #[error(
        "{path}: not a fahras index ({why}); create one with `fahras index --index {path} FILE`"
    )]
    NotAnIndex {
        /// The directory.
        path: PathBuf,
        /// What is missing or wrong.
        why: String,
    },
    /// No index exists at the path.
    #[error("{path}: no index here; create one with `fahras index --index {path} FILE`")]
    NoIndex {
        /// The directory.
        path: PathBuf,
    },
    /// Another process holds the index's writer lock.
    #[error("{path}: another process is writing to this index; wait for it to finish (searches keep working)")]
    Locked {
        /// The index directory.
        path: PathBuf,
    },
    /// A bad record in `--strict` mode.
    #[error("{0}; stopping because of --strict")]
    Strict(RecordError),
    /// Invalid user input (a flag value, a query file…).
    #[error("{0}")]
    Invalid(String),
    /// An error from the tantivy engine.
    #[error("index engine: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
