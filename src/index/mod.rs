//! The index: its schema ([`schema`]) and the parallel writer pipeline
//! ([`writer`]).
//!
//! [`open`] opens an existing fahras index and [`open_or_create`] makes one;
//! both register the Arabic tokenizers, which a fahras index needs to be
//! searched or written.

pub mod schema;
pub mod writer;

use std::path::Path;

use tantivy::directory::MmapDirectory;
use tantivy::Index;

use crate::analysis::tokenizer::register_tokenizers;
use crate::error::{Error, Result};
pub use schema::Fields;
pub use writer::{IndexConfig, IndexObserver, IndexSummary, Indexer};

/// Opens the fahras index in `dir`.
pub fn open(dir: &Path) -> Result<(Index, Fields)> {
    if !dir.join("meta.json").exists() {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::NotAnIndex {
                path: dir.into(),
                why: "it is a file, not a directory".into(),
            });
        }
        return Err(Error::NoIndex { path: dir.into() });
    }
    let mmap = MmapDirectory::open(dir).map_err(|e| Error::NotAnIndex {
        path: dir.into(),
        why: e.to_string(),
    })?;
    let index = Index::open(mmap)?;
    let fields = Fields::from_schema(&index.schema()).map_err(|why| Error::NotAnIndex {
        path: dir.into(),
        why,
    })?;
    register_tokenizers(&index);
    Ok((index, fields))
}

/// Opens the fahras index in `dir`, creating the directory and an empty index
/// when there is none.
pub fn open_or_create(dir: &Path) -> Result<(Index, Fields)> {
    if dir.join("meta.json").exists() {
        return open(dir);
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Error::NotAnIndex {
            path: dir.into(),
            why: "it is a file, not a directory".into(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mmap = MmapDirectory::open(dir).map_err(|e| Error::NotAnIndex {
        path: dir.into(),
        why: e.to_string(),
    })?;
    let index =
        Index::create(mmap, schema::build_schema(), Default::default()).map_err(|e| match e {
            tantivy::TantivyError::IoError(io) => {
                Error::io(dir, std::io::Error::new(io.kind(), io.to_string()))
            }
            other => Error::Tantivy(other),
        })?;
    register_tokenizers(&index);
    let fields = Fields::from_schema(&index.schema()).map_err(|why| Error::NotAnIndex {
        path: dir.into(),
        why,
    })?;
    Ok((index, fields))
}
