//! Word segmentation: Unicode's word boundaries (UAX #29) with a fast path.
//!
//! Most of an Arabic news text is Arabic letters, diacritics, ASCII letters and
//! digits between spaces and punctuation. For such stretches the UAX #29
//! answer is simple — a maximal run of those characters is one word (letters
//! and digits never break between each other, marks and tatweel attach) — and
//! is computed directly. Any stretch holding something else (another script,
//! an emoji, a `.` or `,` or `'` between two word characters as in `3.5` or
//! `U.S.`) is handed to `unicode-segmentation`, so the result is always the
//! UAX #29 segmentation (checked against it by the tests below), except that
//! a combining mark typed after a space joins the next word rather than the
//! space.

use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Part of a word for certain (letters, digits, marks, tatweel).
    Word,
    /// Always a boundary (space, most punctuation).
    Break,
    /// A boundary unless between word characters (`.` `,` `'` `:` `;` `_` …).
    Soft,
    /// Anything else: let UAX #29 decide.
    Other,
}

#[inline]
fn class(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => Class::Word,
        '.' | ',' | '\'' | ':' | ';' => Class::Soft,
        '_' => Class::Other, // ExtendNumLet: joins on both sides
        '\u{0000}'..='\u{007F}' => Class::Break, // rest of ASCII: space, controls, punctuation
        '\u{00A0}' => Class::Break,
        // Arabic punctuation that UAX #29 may join between digits (MidNum) or letters
        '\u{060C}' | '\u{060D}' | '\u{066B}' | '\u{066C}' => Class::Soft,
        // other Arabic punctuation and symbols: always boundaries
        '\u{0600}'..='\u{060B}'
        | '\u{060E}'..='\u{060F}'
        | '\u{061B}'..='\u{061F}'
        | '\u{066A}'
        | '\u{066D}'
        | '\u{06D4}'
        | '\u{06DD}'
        | '\u{06DE}'
        | '\u{06E9}' => Class::Other,
        // Arabic letters, marks, tatweel, digits
        '\u{0610}'..='\u{061A}'
        | '\u{0620}'..='\u{0669}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06FC}' => Class::Word,
        '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Class::Break,
        '«' | '»' | '“' | '”' | '–' | '—' | '…' => Class::Break,
        _ => Class::Other,
    }
}

/// Calls `f(start, word)` for each UAX #29 word of `text` that contains a
/// letter or digit, in order; `start` is the word's byte offset.
///
/// ```
/// use fahras::analysis::segment::for_each_word;
/// let mut words = Vec::new();
/// for_each_word("بدأت «فيسبوك» عام 2019، بـ3.5 مليار.", |_, w| words.push(w.to_string()));
/// assert_eq!(words, ["بدأت", "فيسبوك", "عام", "2019", "بـ3.5", "مليار"]);
/// ```
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, &str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // skip boundaries
        let c = next_char(text, i);
        let cl = class(c);
        if cl == Class::Break || cl == Class::Soft {
            i += c.len_utf8();
            continue;
        }
        // a stretch: from i to the next Break (or Soft not between word chars)
        let start = i;
        let mut j = i;
        let mut simple = true;
        let mut prev = Class::Break;
        while j < bytes.len() {
            let c = next_char(text, j);
            let cl = class(c);
            match cl {
                Class::Break => break,
                Class::Soft => {
                    let after = j + c.len_utf8();
                    let next_is_word = after < bytes.len()
                        && matches!(class(next_char(text, after)), Class::Word | Class::Other);
                    if prev == Class::Word && next_is_word {
                        simple = false;
                    } else if simple {
                        break;
                    }
                }
                Class::Other => simple = false,
                Class::Word => {}
            }
            prev = cl;
            j += c.len_utf8();
        }
        let stretch = &text[start..j];
        if simple {
            f(start, stretch);
        } else {
            for (off, w) in stretch.unicode_word_indices() {
                f(start + off, w);
            }
        }
        i = j.max(start + 1);
        while !text.is_char_boundary(i) {
            i += 1;
        }
    }
}

#[inline]
fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(text: &str) -> Vec<(usize, String)> {
        let mut v = Vec::new();
        for_each_word(text, |s, w| v.push((s, w.to_string())));
        v
    }

    /// UAX #29 words, except that a combining mark typed after a space
    /// (`" \u{64B}word"`) is given to the next word instead of forming a
    /// "word" with the space: the one place the fast path differs on purpose.
    fn uax(text: &str) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        let mut pending: Option<(usize, String)> = None;
        for (s, w) in text.unicode_word_indices() {
            if !w.chars().any(|c| c.is_alphanumeric() && !is_mark(c)) {
                let marks: String = w.chars().filter(|c| is_mark(*c)).collect();
                let at = s + w.find(|c: char| is_mark(c)).unwrap_or(0);
                pending = Some((at, marks));
                continue;
            }
            match pending.take() {
                Some((at, marks)) if at + marks.len() == s => out.push((at, marks + w)),
                _ => out.push((s, w.to_string())),
            }
        }
        out
    }

    fn is_mark(c: char) -> bool {
        matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
    }

    #[test]
    fn matches_uax29_on_tricky_text() {
        for t in [
            "بدأت «فيسبوك» عام 2019، بـ3.5 مليار دولار.",
            "U.S. don't 3,000 foo_bar a:b x;y",
            "الـiPhone بـiPhone وبالـGalaxy S24 ٢٠١٩٫٥ ١٬٠٠٠",
            "تـقـنـيـة الذَّكَاء فيس\u{200C}بوك \u{200F}جوجل\u{200E}",
            "emoji 😀 and 中文 and עברית mixed بالعربي",
            "(قال) [نعم] {لا} - – — … ؟! ؛ ، . ..",
            "'quoted' \"double\" ,lead trail, .5 5. a.",
            "line\nbreak\ttab\u{00A0}nbsp\u{2009}thin",
            "ـــ ـ",
            "",
        ] {
            assert_eq!(ours(t), uax(t), "{t}");
        }
    }

    #[test]
    fn matches_uax29_on_the_sample_archive() {
        let text = include_str!("../../tests/data/sample-archive.jsonl");
        assert_eq!(ours(text), uax(text));
    }

    #[test]
    fn matches_uax29_on_real_news_when_present() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/tech-news.jsonl"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} is absent");
            return;
        };
        for line in text.lines() {
            let (a, b) = (ours(line), uax(line));
            if a != b {
                let k = a
                    .iter()
                    .zip(&b)
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.len().min(b.len()));
                panic!(
                    "first difference: ours {:?} uax {:?}",
                    &a[k..(k + 3).min(a.len())],
                    &b[k..(k + 3).min(b.len())]
                );
            }
        }
    }
}
