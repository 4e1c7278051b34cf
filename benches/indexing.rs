//! Indexing throughput of the whole pipeline (read, parse, analyze, write,
//! commit) on real Arabic news, one index per iteration, with enrichment
//! (entities, topics, candidate names, fingerprints: the default) and
//! without (`--no-entities`), so the share of indexing time enrichment costs
//! is measured: `1 − no-enrichment / enriched`.
//!
//! The input is the 275 tech articles plus the first 10,000 general news
//! articles of ../shared/data (written once to a temporary file), else the
//! bundled sample archive.
//!
//! Run: `cargo bench --bench indexing`. The full-corpus comparison with
//! Lucene is `benches/compare-peers.sh` (it needs ../shared).

mod common;

/// The allocator the `fahras` binary uses (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{BufRead, Write};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fahras::index::writer::Quiet;
use fahras::index::{IndexConfig, Indexer};

/// Articles of news-general.jsonl.gz added to the tech articles.
const GENERAL_ARTICLES: usize = 10_000;

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let (label, path) = match corpus(tmp.path()) {
        Some(p) => ("10,275 real articles", p),
        None => ("sample archive", common::news_jsonl_path()),
    };
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut g = c.benchmark_group(format!("indexing/{label}"));
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    for (threads, enrich) in [(2, true), (2, false), (1, true), (1, false)] {
        let name = if enrich { "enriched" } else { "no-enrichment" };
        g.bench_function(format!("fahras-index/{threads}-threads/{name}"), |b| {
            b.iter(|| {
                let dir = tempfile::tempdir().unwrap();
                let mut ix = Indexer::open(
                    dir.path(),
                    IndexConfig {
                        threads,
                        memory_mb: 256,
                        extract_entities: enrich,
                        ..Default::default()
                    },
                )
                .unwrap();
                ix.add_jsonl(path.to_str().unwrap(), &mut Quiet).unwrap();
                ix.finish().unwrap().indexed
            })
        });
    }
    g.finish();
}

/// The tech articles and the first general ones, as one JSON Lines file.
fn corpus(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let tech = std::fs::read_to_string(shared.join("tech-news.jsonl")).ok()?;
    let general =
        fahras::ingest::open_input(shared.join("news-general.jsonl.gz").to_str()?).ok()?;
    let path = dir.join("bench.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).ok()?);
    out.write_all(tech.as_bytes()).ok()?;
    for line in general.lines().take(GENERAL_ARTICLES) {
        writeln!(out, "{}", line.ok()?).ok()?;
    }
    out.flush().ok()?;
    Some(path)
}

criterion_group!(benches, bench);
criterion_main!(benches);
