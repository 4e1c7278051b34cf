//! Entity extraction measured against the hand annotations in
//! `tests/annotations/` (README, "Entities: precision and recall").
//!
//! cargo run --release --example entity_eval -- [GOLD.tsv] [tech-news.jsonl] [-v]
//!
//! GOLD defaults to tests/annotations/tech-news-entities.tsv and the articles
//! to ../shared/data/tech-news.jsonl; `-v` lists false positives and misses.

use std::collections::BTreeSet;
use std::path::PathBuf;

use fahras::analysis::TokenBuf;
use fahras::enrich::Gazetteer;
use fahras::eval::entities::{predict, read_gold, score};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let mut paths = args.iter().filter(|a| *a != "-v");
    let gold_path = paths
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("tests/annotations/tech-news-entities.tsv"));
    let articles = paths
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/tech-news.jsonl"));
    let gold = read_gold(&gold_path)?;
    let text = std::fs::read_to_string(&articles)?;
    let gazetteer = Gazetteer::builtin()?;
    let predicted = predict(&gazetteer, &text, &gold)?;
    // where each predicted pair was matched (for -v)
    let mut surface: std::collections::BTreeMap<(String, String), String> = Default::default();
    if verbose {
        let wanted: BTreeSet<&str> = gold.articles.iter().map(String::as_str).collect();
        let exact = fahras::analysis::Analyzer::builtin(fahras::analysis::Mode::Exact);
        let mut buf = TokenBuf::new();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let id = v["id"].as_str().unwrap_or_default();
            if !wanted.contains(id) {
                continue;
            }
            let title = v["title"].as_str().unwrap_or_default();
            let body = v["body"].as_str().unwrap_or_default();
            for m in gazetteer.extract(title, body, &mut buf) {
                if m.id.starts_with(fahras::enrich::persons::RECOGNIZED_PREFIX) {
                    surface.insert((id.to_string(), m.id.clone()), m.name.clone());
                }
            }
            for text in [title, body] {
                let toks = exact.analyze_to_vec(text);
                let terms: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
                for m in gazetteer.find(&terms) {
                    let (from, to) = (toks[m.start].offset_from, toks[m.end - 1].offset_to);
                    let key = (id.to_string(), gazetteer.entity(m.entity).id.clone());
                    surface
                        .entry(key)
                        .or_insert_with(|| text[from..to].to_string());
                }
            }
        }
    }
    let s = score(&gold, &predicted, |id| {
        gazetteer.resolve(id).is_some_and(|e| e.id == id)
    });
    println!(
        "{}: {} articles, {} gold pairs",
        gold_path.display(),
        gold.articles.len(),
        gold.pairs.len()
    );
    println!("{s}");
    if verbose {
        for (a, e) in &s.false_positives {
            let seen = surface
                .get(&(a.clone(), e.clone()))
                .map_or("", String::as_str);
            println!("false positive\t{a}\t{e}\t{seen}");
        }
        for (a, e) in &s.missed_known {
            println!("missed (known)\t{a}\t{e}");
        }
        for (a, e) in &s.missed_new {
            println!("missed (new)\t{a}\t{e}");
        }
    }
    Ok(())
}
