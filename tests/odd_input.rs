//! No input makes analysis or enrichment panic: thousands of generated texts
//! mixing clitic letters, hamza forms, diacritics, tatweel, Latin, digits,
//! quotation marks, bidi controls and emoji, through every step a document
//! goes through. (A clitic-only word such as `ولل` once panicked the entity
//! matcher; this is the test that would have caught it.)

use fahras::analysis::{Analyzer, Mode, TokenBuf};
use fahras::enrich::candidates::find_candidates;
use fahras::enrich::fingerprint::simhash;
use fahras::enrich::topics::Taxonomy;
use fahras::enrich::Gazetteer;

/// Pieces texts are made of: single letters that are clitics, whole clitic
/// runs, names the gazetteer knows, and everything odd.
const PIECES: &[&str] = &[
    "و",
    "ف",
    "ب",
    "ك",
    "ل",
    "ال",
    "لل",
    "ولل",
    "فلل",
    "بال",
    "وال",
    "ا",
    "أ",
    "إ",
    "آ",
    "ء",
    "ؤ",
    "ئ",
    "ة",
    "ى",
    "ـ",
    "ً",
    "ّ",
    "ْ",
    "جوجل",
    "فيس",
    "بوك",
    "إتش",
    "تي",
    "سي",
    "إل",
    "جي",
    "سامسونغ",
    "غلاكسي",
    "نوت",
    "Google",
    "iPhone",
    "A",
    "b",
    "X-",
    "-",
    ".",
    "'",
    "&",
    "+",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "،",
    "؟",
    "!",
    ":",
    " ",
    "  ",
    "\n",
    "\t",
    "1",
    "٧",
    "١٧",
    "\u{200F}",
    "\u{200D}",
    "\u{FEFF}",
    "🙂",
    "é",
    "ß",
    "\u{0301}",
    "ﻻ",
    "ﷲ",
    "ڤ",
    "گ",
    "چ",
];

/// A deterministic stream of texts (xorshift; no dependency, no flakiness).
fn texts(n: usize) -> Vec<String> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let len = (next() % 24) as usize;
            (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
fn analysis_and_enrichment_survive_any_text() {
    let gazetteer = Gazetteer::builtin().unwrap();
    let taxonomy = Taxonomy::builtin().unwrap();
    let stemmed = Analyzer::builtin(Mode::Stemmed);
    let (mut st, mut ex, mut buf) = (TokenBuf::new(), TokenBuf::new(), TokenBuf::new());
    let all = texts(5000);
    for (i, text) in all.iter().enumerate() {
        let title = &all[(i * 7 + 3) % all.len()];
        stemmed.analyze_both(text, &mut st, &mut ex);
        let mentions = gazetteer.extract(title, text, &mut buf);
        let ids: Vec<&str> = mentions.iter().map(|m| m.id.as_str()).collect();
        let terms: Vec<&str> = st.terms().collect();
        let _ = taxonomy.score(&[], &terms, &ids);
        let _ = simhash(st.terms());
        let _ = find_candidates(text, &gazetteer);
        for m in &mentions {
            assert!((0.0..=1.0).contains(&m.salience), "{text:?}: {m:?}");
        }
    }
}
