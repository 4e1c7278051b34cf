//! # fahras — search for Arabic technology-news archives
//!
//! fahras (فهرس, "index") reads archive dumps, analyzes Arabic text the way
//! Arabic writers actually spell it, writes a [tantivy] index and ranks stories
//! for a query, with snippets.
//!
//! The crate is cut by concern:
//!
//! - [`analysis`]: segmentation, normalization, stop words and light stemming —
//!   pure and fast, no I/O; also a tantivy tokenizer.
//! - [`ingest`]: reading dumps (JSON Lines, gzip, stdin), dates and ids.
//! - [`index`]: the schema and the parallel writer pipeline.
//! - [`search`]: query language, ranking and snippets.
//! - [`eval`]: retrieval metrics (nDCG@10, MAP, P@10, Recall@100, MRR).
//!
//! ```no_run
//! use fahras::index::{IndexConfig, Indexer};
//! use fahras::search::{SearchEngine, SearchRequest};
//! use std::path::Path;
//!
//! let dir = Path::new("/tmp/news-index");
//! let mut indexer = Indexer::open(dir, IndexConfig::default())?;
//! indexer.add_jsonl("articles.jsonl", &mut fahras::index::writer::Quiet)?;
//! indexer.finish()?;
//!
//! let engine = SearchEngine::open(dir)?;
//! for hit in engine.search(&SearchRequest::new("بالمكتبات الرقمية"))?.hits {
//!     println!("{} {}", hit.rank, hit.title);
//! }
//! # Ok::<(), fahras::Error>(())
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod enrich;
pub mod error;
pub mod eval;
pub mod index;
pub mod ingest;
pub mod search;

pub use error::{Error, Result};
