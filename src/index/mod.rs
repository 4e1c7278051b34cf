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

/// What [`delete`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeleteReport {
    /// Documents deleted.
    pub deleted: u64,
    /// Ids given that the index does not hold.
    pub missing: Vec<String>,
    /// Documents left in the index.
    pub documents_in_index: u64,
}

/// Deletes the stories with these ids from the index in `dir` and commits.
/// Like indexing, it takes the index's writer lock ([`Error::Locked`] while
/// another process writes).
pub fn delete(dir: &Path, ids: &[String]) -> Result<DeleteReport> {
    let (index, fields) = open(dir)?;
    let searcher = index.reader()?.searcher();
    let mut present = Vec::new();
    let mut missing = Vec::new();
    let mut deleted = 0;
    for id in ids {
        let term = tantivy::Term::from_field_text(fields.id, id);
        // a count of live documents (term statistics include deleted ones)
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let n = searcher.search(&query, &tantivy::collector::Count)? as u64;
        if n == 0 {
            missing.push(id.clone());
        } else {
            deleted += n;
            present.push(id.clone());
        }
    }
    let config = IndexConfig {
        extract_entities: false,
        memory_mb: 64,
        threads: 1,
        ..IndexConfig::default()
    };
    let mut indexer = Indexer::open(dir, config)?;
    indexer.delete_ids(&present);
    let summary = indexer.finish()?;
    Ok(DeleteReport {
        deleted,
        missing,
        documents_in_index: summary.documents_in_index,
    })
}
