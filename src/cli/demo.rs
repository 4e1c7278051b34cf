//! `fahras demo`: index the bundled sample archive and run example searches.

use std::path::PathBuf;
use std::process::ExitCode;

use fahras::index::writer::Quiet;
use fahras::index::{IndexConfig, Indexer};
use fahras::search::{SearchEngine, SearchRequest};

/// The sample archive shipped with fahras (50 short tech-news articles
/// written for this project).
const SAMPLE: &str = include_str!("../../tests/data/sample-archive.jsonl");

/// Example searches, each showing one thing the analyzer does.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "بالمكتبات",
        "clitics: بال + مكتبات finds مكتبة, للمكتبة, وبالمكتبة",
    ),
    ("الذَّكَاء الاصْطِنَاعِيّ", "diacritics in the query are ignored"),
    ("الانترنت", "hamza: الانترنت finds الإنترنت"),
    ("\"الدفع الإلكتروني\"", "a quoted phrase"),
    ("فودافون", "Persian letters: finds ڤودافون"),
    (
        "iphone",
        "Latin glued to Arabic: finds الـiPhone and بـiPhone",
    ),
];

pub fn run(dir: Option<PathBuf>) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let (dir, temporary) = match dir {
        Some(d) => (d, false),
        None => (
            std::env::temp_dir().join(format!("fahras-demo-{}", std::process::id())),
            true,
        ),
    };
    if temporary && dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let mut indexer = Indexer::open(&dir, IndexConfig::default())?;
    indexer.add_reader(
        "sample-archive.jsonl",
        Box::new(std::io::Cursor::new(SAMPLE.as_bytes())),
        Some(SAMPLE.len() as u64),
        &mut Quiet,
    )?;
    let summary = indexer.finish()?;
    println!(
        "Indexed the bundled sample archive: {} articles in {:.2} s, index at {}\n",
        summary.indexed,
        summary.seconds,
        dir.display()
    );
    let engine = SearchEngine::open(&dir)?;
    for (q, why) in EXAMPLES {
        println!(
            "$ fahras search --index {} -n 3 '{q}'    # {why}",
            dir.display()
        );
        let mut req = SearchRequest::new(*q);
        req.limit = 3;
        let res = engine.search(&req)?;
        super::print::hits_text(&res, false);
        println!();
    }
    if temporary {
        std::fs::remove_dir_all(&dir)?;
        println!("(The demo index was temporary; keep one with `fahras demo --index DIR`.)");
    }
    Ok(ExitCode::SUCCESS)
}
