//! Word lists the analyzer consults: Arabic stop words and stem exclusions.
//!
//! Both lists live in `schema/` as plain text (one entry per line, `#` starts a
//! comment) and are compiled into the binary, so the analyzer needs no file at
//! run time. Entries are normalized with the same rules as documents
//! ([`normalize`](super::normalize::normalize)) when loaded, so every spelling
//! of an entry (`على` / `علي`, `إلى` / `الى`) is caught.

use rustc_hash::FxHashSet;

use super::normalize::normalize;

/// The curated Arabic stop-word list shipped in `schema/stopwords-ar.txt`.
pub const BUILTIN_STOPWORDS: &str = include_str!("../../schema/stopwords-ar.txt");
/// The stem-exclusion list shipped in `schema/stem-exclusions.txt`.
pub const BUILTIN_STEM_EXCLUSIONS: &str = include_str!("../../schema/stem-exclusions.txt");

/// A set of normalized words, looked up by character slice without allocating.
#[derive(Debug, Default, Clone)]
pub struct WordSet {
    words: FxHashSet<Box<[char]>>,
}

impl WordSet {
    /// Parses a word list: one entry per line, `#` starts a comment, blank
    /// lines ignored, each entry normalized. Multi-word lines are rejected
    /// with their line number.
    pub fn parse(text: &str) -> Result<WordSet, String> {
        let mut words = FxHashSet::default();
        for (i, line) in text.lines().enumerate() {
            let entry = line.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            if entry.split_whitespace().count() > 1 {
                return Err(format!(
                    "line {}: `{entry}` has several words; put one word per line",
                    i + 1
                ));
            }
            let norm: Box<[char]> = normalize(entry).chars().collect();
            words.insert(norm);
        }
        Ok(WordSet { words })
    }

    /// True when the normalized word `w` is in the set.
    #[inline]
    pub fn contains(&self, w: &[char]) -> bool {
        self.words.contains(w)
    }

    /// Number of distinct entries.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the set has no entry.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The analyzer's word lists.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Words dropped from the stemmed field (matched after normalization).
    pub stopwords: WordSet,
    /// Words the stemmer leaves whole (loanwords, brand and place names, native
    /// words whose first or last letters look like clitics), written without
    /// the article ال.
    pub stem_exclusions: WordSet,
}

impl Lexicon {
    /// The lists shipped in `schema/`.
    pub fn builtin() -> Lexicon {
        Lexicon::from_texts(BUILTIN_STOPWORDS, BUILTIN_STEM_EXCLUSIONS)
            .expect("the word lists in schema/ are valid (checked by tests)")
    }

    /// Builds a lexicon from the texts of a stop-word list and a stem-exclusion
    /// list in the `schema/` format.
    pub fn from_texts(stopwords: &str, exclusions: &str) -> Result<Lexicon, String> {
        Ok(Lexicon {
            stopwords: WordSet::parse(stopwords).map_err(|e| format!("stop words: {e}"))?,
            stem_exclusions: WordSet::parse(exclusions)
                .map_err(|e| format!("stem exclusions: {e}"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        normalize(s).chars().collect()
    }

    #[test]
    fn builtin_lists_parse_and_are_not_empty() {
        let lex = Lexicon::builtin();
        assert!(lex.stopwords.len() > 100);
        assert!(lex.stem_exclusions.len() > 100);
    }

    #[test]
    fn stop_words_match_every_spelling() {
        let lex = Lexicon::builtin();
        for w in ["على", "علي", "إلى", "الى", "هذه", "هذة", "التي"] {
            assert!(
                lex.stopwords.contains(&chars(w)),
                "{w} should be a stop word"
            );
        }
    }

    #[test]
    fn parse_rejects_multi_word_lines_with_line_number() {
        let err = WordSet::parse("# c\nفي\nفيس بوك\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }
}
