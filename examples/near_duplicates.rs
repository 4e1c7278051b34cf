//! Near-duplicate survey of a JSON Lines archive: how many article pairs lie
//! at each SimHash distance, with sample pairs at chosen distances. This is
//! the measurement behind `fingerprint::MAX_DISTANCE` (README, "Story
//! grouping").
//!
//! cargo run --release --example near_duplicates -- ARCHIVE.jsonl[.gz] [SHOW_FROM]

use std::collections::{HashMap, HashSet};

use fahras::analysis::{Analyzer, Mode};
use fahras::enrich::fingerprint::{band_terms, distance, simhash};
use fahras::ingest::jsonl::JsonLinesReader;
use fahras::ingest::open_input;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: near_duplicates ARCHIVE.jsonl[.gz] [SHOW_FROM]")?;
    let show: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(6);
    let analyzer = Analyzer::builtin(Mode::Stemmed);
    let mut docs: Vec<(u64, String, String)> = Vec::new();
    // the raw word 3-shingles of each body, to check pairs against the text
    let mut shingles: Vec<HashSet<u64>> = Vec::new();
    let mut lines = JsonLinesReader::new(open_input(&path)?);
    while let Some(line) = lines.next_line()? {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&line.bytes) else {
            continue;
        };
        let body = v["body"].as_str().unwrap_or("");
        let terms = analyzer.analyze_to_vec(body);
        if let Some(fp) = simhash(terms.iter().map(|t| t.term.as_str())) {
            let id = v["id"].as_str().unwrap_or("?").to_string();
            let title = v["title"].as_str().unwrap_or("").chars().take(70).collect();
            docs.push((fp, id, title));
            shingles.push(raw_shingles(body));
        }
    }
    // every pair sharing a band (all pairs within the grouping distance)
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for b in band_terms(d.0) {
            buckets.entry(b).or_default().push(i);
        }
    }
    let mut pairs = HashSet::new();
    for v in buckets.values() {
        for (k, &x) in v.iter().enumerate() {
            for &y in &v[k + 1..] {
                pairs.insert((x, y));
            }
        }
    }
    let mut by_distance: Vec<Vec<(usize, usize)>> = vec![Vec::new(); 65];
    for &(x, y) in &pairs {
        by_distance[distance(docs[x].0, docs[y].0) as usize].push((x, y));
    }
    for p in &mut by_distance {
        p.sort_unstable();
    }
    println!("{} articles with a fingerprint", docs.len());
    println!("(pairs at distance > 6 are only those sharing a band)");
    println!("distance   pairs   sharing ≥30% of word 3-shingles");
    for (d, p) in by_distance.iter().enumerate().take(13) {
        let shared = p
            .iter()
            .filter(|&&(x, y)| containment(&shingles[x], &shingles[y]) >= 0.3)
            .count();
        let pct = 100.0 * shared as f64 / p.len().max(1) as f64;
        println!("{d:>8} {:>7}   {pct:.1}%", p.len());
    }
    if std::env::var_os("PAIRS").is_some() {
        // machine-readable: distance, id, id (for a text-overlap check)
        for (d, p) in by_distance.iter().enumerate().take(13) {
            for &(x, y) in p {
                eprintln!("{d}\t{}\t{}", docs[x].1, docs[y].1);
            }
        }
    }
    for (d, p) in by_distance.iter().enumerate().skip(show).take(3) {
        for &(x, y) in p.iter().take(8) {
            println!("--- distance {d}");
            println!("  {} | {}", docs[x].1, docs[x].2);
            println!("  {} | {}", docs[y].1, docs[y].2);
        }
    }
    Ok(())
}

/// Hashes of the word 3-shingles of a raw text (words as written, no
/// analysis): an independent check of what the fingerprints pair.
fn raw_shingles(text: &str) -> HashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(3)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Share of the smaller set's shingles found in the other.
fn containment(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|x| big.contains(x)).count() as f64 / small.len() as f64
}
