//! Indexing throughput of the whole pipeline (read, parse, analyze, write,
//! commit) on real Arabic news, one index per iteration.
//!
//! Run: `cargo bench --bench indexing`. The full-corpus comparison with
//! Lucene is `benches/compare-peers.sh` (it needs ../shared).

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fahras::index::writer::Quiet;
use fahras::index::{IndexConfig, Indexer};

fn bench(c: &mut Criterion) {
    let (label, _) = common::arabic_news_bodies();
    let path = common::news_jsonl_path();
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut g = c.benchmark_group(format!("indexing/{label}"));
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    for threads in [1, 2] {
        g.bench_function(format!("fahras-index/{threads}-threads"), |b| {
            b.iter(|| {
                let dir = tempfile::tempdir().unwrap();
                let mut ix = Indexer::open(
                    dir.path(),
                    IndexConfig {
                        threads,
                        memory_mb: 256,
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

criterion_group!(benches, bench);
criterion_main!(benches);
