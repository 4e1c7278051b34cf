//! Analyzer throughput (one thread) on real Arabic news text, side by side
//! with tantivy's `default` chain and `default` + Snowball Arabic.
//!
//! Run: `cargo bench --bench analyzer` (criterion prints MiB/s per analyzer;
//! `cargo bench --bench analyzer -- cleaning` for stored-text cleaning alone).

mod common;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use fahras::analysis::{Analyzer, ArabicTokenizer, Mode, TokenBuf};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};

fn count_tokens(analyzer: &mut TextAnalyzer, texts: &[String]) -> usize {
    let mut n = 0;
    for t in texts {
        let mut s = analyzer.token_stream(t);
        while s.advance() {
            n += s.token().text.len();
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let (label, texts) = common::arabic_news_bodies();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut g = c.benchmark_group(format!("analyzer/{label}"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);

    for (name, mode) in [
        ("fahras-stemmed", Mode::Stemmed),
        ("fahras-exact", Mode::Exact),
    ] {
        let analyzer = Analyzer::builtin(mode);
        let mut buf = TokenBuf::new();
        g.bench_function(format!("{name}/analyze"), |b| {
            b.iter(|| {
                let mut n = 0;
                for t in &texts {
                    analyzer.analyze(black_box(t), &mut buf);
                    n += buf.len();
                }
                n
            })
        });
        let mut tok = TextAnalyzer::from(ArabicTokenizer::new(Analyzer::builtin(mode)));
        g.bench_function(format!("{name}/tantivy-token-stream"), |b| {
            b.iter(|| count_tokens(&mut tok, black_box(&texts)))
        });
    }

    let mut default = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build();
    g.bench_function("tantivy-default", |b| {
        b.iter(|| count_tokens(&mut default, black_box(&texts)))
    });
    let mut snowball = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build();
    g.bench_function("tantivy-default+snowball-arabic", |b| {
        b.iter(|| count_tokens(&mut snowball, black_box(&texts)))
    });
    g.finish();
}

/// Stored-text cleaning (`ingest::clean::clean_text`), which every title and
/// body goes through before analysis: on clean news text it only scans.
fn cleaning(c: &mut Criterion) {
    let (label, texts) = common::arabic_news_bodies();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut g = c.benchmark_group(format!("cleaning/{label}"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("clean_text", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| fahras::ingest::clean::clean_text(black_box(t)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench, cleaning);
criterion_main!(benches);
