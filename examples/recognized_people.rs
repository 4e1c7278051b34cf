//! The people the person rules recognize in an archive (README, "Entities"):
//! the most frequent names, and a random sample of mentions in context, to
//! judge the rules' precision by reading. With `typed` last, the same for the
//! unknown names a cue word types (`org/~…`, `product/~…`; src/enrich/names.rs).
//!
//! cargo run --release --example recognized_people -- ARCHIVE.jsonl[.gz] [TOP] [SAMPLE] [typed]

use std::collections::HashMap;

use fahras::analysis::{Analyzer, Mode, TokenBuf};
use fahras::enrich::persons::RECOGNIZED_PREFIX;
use fahras::enrich::Gazetteer;
use fahras::ingest::{jsonl::JsonLinesReader, open_input};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: recognized_people ARCHIVE [TOP] [SAMPLE]")?;
    let top: usize = args.get(1).map_or(Ok(40), |s| s.parse())?;
    let sample: usize = args.get(2).map_or(Ok(40), |s| s.parse())?;
    let typed = args.get(3).is_some_and(|a| a == "typed");
    // the part of the id after the prefix, for the kind of names asked for
    let recognized = |id: &str| -> Option<String> {
        if typed {
            (fahras::enrich::names::is_recognized_id(id) && !id.starts_with(RECOGNIZED_PREFIX))
                .then(|| id.to_string())
        } else {
            id.strip_prefix(RECOGNIZED_PREFIX).map(str::to_string)
        }
    };
    let gazetteer = Gazetteer::builtin()?;
    let exact = Analyzer::builtin(Mode::Exact);
    let (mut tb, mut bb) = (TokenBuf::new(), TokenBuf::new());
    let mut stories: HashMap<String, (String, u32)> = HashMap::new();
    let mut mentions: Vec<(String, String)> = Vec::new();
    let (mut docs, mut with_people) = (0u64, 0u64);
    let mut lines = JsonLinesReader::new(open_input(path)?);
    while let Some(line) = lines.next_line()? {
        let v: serde_json::Value = serde_json::from_slice(&line.bytes)?;
        let title = v["title"].as_str().unwrap_or_default();
        let body = v["body"].as_str().unwrap_or_default();
        exact.analyze(title, &mut tb);
        exact.analyze(body, &mut bb);
        docs += 1;
        let mut any = false;
        for m in gazetteer.extract_analyzed(title, &tb, body, &bb) {
            if let Some(key) = recognized(&m.id) {
                any = true;
                let e = stories.entry(key.clone()).or_insert((m.name.clone(), 0));
                e.1 += 1;
                let at = body.find(&m.name).or_else(|| title.find(&m.name));
                let text = if body.contains(&m.name) { body } else { title };
                let context = at.map_or(String::new(), |i| {
                    let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
                    let to = text[i..]
                        .char_indices()
                        .nth(60)
                        .map_or(text.len(), |(j, _)| i + j);
                    text[from..to].replace('\n', " ")
                });
                let label = if typed { key } else { m.name };
                mentions.push((label, context));
            }
        }
        with_people += u64::from(any);
    }
    println!(
        "{docs} stories, {with_people} with a recognized {}, {} distinct names, {} (story, name) pairs",
        if typed { "typed name" } else { "person" },
        stories.len(),
        mentions.len()
    );
    let mut by_count: Vec<_> = stories.into_iter().collect();
    by_count.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then_with(|| a.0.cmp(&b.0)));
    println!("\nmost frequent (stories):");
    for (key, (name, n)) in by_count.iter().take(top) {
        let label = if typed { key } else { name };
        println!("{n:6}  {label}");
    }
    // a fixed-seed sample (xorshift): the same run gives the same sample
    println!("\nsample of {sample} (story, name) pairs:");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..sample.min(mentions.len()) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (name, ctx) = &mentions[(x % mentions.len() as u64) as usize];
        println!("[{name}]\t{ctx}");
    }
    Ok(())
}
