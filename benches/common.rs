//! Shared bench input: real Arabic news text from ../shared/data when present,
//! else the bundled sample archive.

use std::path::Path;

/// The JSON Lines file the benches read: the shared tech news when present,
/// else the bundled sample archive.
#[allow(dead_code)]
pub fn news_jsonl_path() -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data/tech-news.jsonl");
    if shared.exists() {
        shared
    } else {
        root.join("tests/data/sample-archive.jsonl")
    }
}

/// Returns (label, article bodies).
#[allow(dead_code)]
pub fn arabic_news_bodies() -> (&'static str, Vec<String>) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tech-news.jsonl");
    let (label, text) = match std::fs::read_to_string(&shared) {
        Ok(t) => ("tech-news.jsonl (275 real articles)", t),
        Err(_) => {
            eprintln!("bench: ../shared/data is absent; using the bundled sample archive");
            (
                "sample-archive.jsonl (50 articles)",
                include_str!("../tests/data/sample-archive.jsonl").to_string(),
            )
        }
    };
    let bodies = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            format!(
                "{}\n{}",
                v["title"].as_str().unwrap_or(""),
                v["body"].as_str().unwrap_or("")
            )
        })
        .collect();
    (label, bodies)
}
