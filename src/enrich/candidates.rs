//! Candidate names: names a story gives that the gazetteer does not know.
//!
//! Two signals mark a name in Arabic news without any model:
//!
//! - **Latin script** inside Arabic text is almost always a name: a brand
//!   (`Kickstarter`), a product (`Galaxy Note`), an outlet (`TechCrunch`).
//!   A run of up to [`MAX_WORDS`] Latin words, the first starting with a
//!   capital or holding one (`iPhone`), is a candidate.
//! - **Quotation marks** around a short phrase: `«أبشر»`, `“درب الخير”`,
//!   `"نون"` — Arabic papers quote the names of apps, campaigns, ships and
//!   companies. Up to [`MAX_WORDS`] words between `« »`, `“ ”` or `" "`.
//!
//! A candidate that the gazetteer already matches, or that is only stop
//! words or digits, is dropped. The rest are indexed (field `candidate`) so
//! `fahras entities --candidates` can list the most frequent ones — the
//! names worth adding to a gazetteer file.
//!
//! ```
//! use fahras::enrich::{candidates::find_candidates, Gazetteer};
//! let g = Gazetteer::builtin().unwrap();
//! let c = find_candidates("أطلقت شركة Acme Robotics تطبيق «نسمة» عبر فيسبوك و«Facebook»", &g);
//! assert_eq!(c, ["acme robotics", "نسمه"]); // Facebook is known: not a candidate
//! ```

use super::names::{name_mentions, NameMention};
use super::Gazetteer;
use crate::analysis::{Analyzer, Mode, TokenBuf};

/// Longest candidate, in words.
pub const MAX_WORDS: usize = 4;

/// Longest quoted candidate, in characters (longer quotes are speech).
const MAX_QUOTE_CHARS: usize = 40;

/// Latin words that start sentences or titles but name nothing.
const LATIN_STOP: &[&str] = &[
    "the", "and", "for", "with", "from", "this", "that", "new", "our", "you", "your", "how",
    "what", "why", "who", "all", "not", "via", "read", "more", "breaking", "update", "video",
    "photo", "photos", "news", "ceo", "cto", "coo", "cfo", "inc", "ltd", "llc", "next", "previous",
    "home", "share", "tweet", "print", "email", // technologies and units, not names
    "sms", "mms", "gps", "lte", "usb", "nfc", "pdf", "led", "lcd", "oled", "ram", "cpu", "gpu",
    "wifi", "wi-fi", "ssd", "hdmi", "dna", "covid-19", "mah", "ghz", "mhz", "mbps", "gbps", "dpi",
];

/// The candidate names of a text, normalized (exact analysis: folded
/// letters, Latin lowercased; words joined by one space), in order of first
/// appearance, without duplicates.
///
/// The indexer gets the same list from [`Gazetteer::extract_story`], which
/// reuses the story's analysis and alias matches.
pub fn find_candidates(text: &str, gazetteer: &Gazetteer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    EXACT.with(|cell| {
        let exact = &mut *cell.borrow_mut();
        exact_analyzer().analyze(text, exact);
        let terms: Vec<&str> = exact.terms().collect();
        let mut taken = vec![false; terms.len()];
        for m in gazetteer.find(&terms) {
            taken[m.start..m.end].iter_mut().for_each(|x| *x = true);
        }
        let mentions = name_mentions(text, exact, &taken);
        candidates_of(&mentions, exact, &mut out);
    });
    out
}

/// Adds to `out` the candidate names among the name mentions of a text
/// (found in its exact analysis `toks`): each one's normalized name, unless
/// it is only digits and stop words or `out` has it already.
pub fn candidates_of(mentions: &[NameMention], toks: &TokenBuf, out: &mut Vec<String>) {
    if mentions.is_empty() {
        return;
    }
    STEMMED.with(|cell| {
        let stemmed = &mut *cell.borrow_mut();
        for m in mentions {
            let only_fillers = (m.tokens.0..m.tokens.1).all(|j| {
                let t = toks.get(j).map_or("", |t| t.term);
                t.chars().all(char::is_numeric) || is_stop(t, stemmed)
            });
            if only_fillers {
                continue;
            }
            let name = m.key(toks);
            if !out.contains(&name) {
                out.push(name);
            }
        }
    });
}

/// The spans of `text` that look like names — quoted short phrases and
/// capitalized Latin runs — in order of where they start. Each is a slice of
/// `text` (its byte offset is `span.as_ptr() - text.as_ptr()`).
pub(crate) fn name_spans(text: &str) -> Vec<&str> {
    let mut spans = quoted_spans(text);
    spans.extend(latin_runs(text));
    // spans are slices of `text`: order them by where they start
    spans.sort_by_key(|s| s.as_ptr() as usize);
    spans
}

thread_local! {
    /// The exact analysis of the text [`find_candidates`] reads, reused.
    static EXACT: std::cell::RefCell<TokenBuf> = std::cell::RefCell::default();
    /// Scratch for the stop-word test of [`is_stop`], reused.
    static STEMMED: std::cell::RefCell<TokenBuf> = std::cell::RefCell::default();
}

/// A Latin filler word, or a word the stemmed analysis drops (Arabic stop
/// words such as في, على, هذه).
pub(crate) fn is_stop(term: &str, buf: &mut TokenBuf) -> bool {
    static STEMMED: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    if term.is_ascii() {
        return LATIN_STOP.contains(&term);
    }
    STEMMED
        .get_or_init(|| Analyzer::builtin(Mode::Stemmed))
        .analyze(term, buf);
    buf.is_empty()
}

fn exact_analyzer() -> &'static Analyzer {
    static A: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    A.get_or_init(|| Analyzer::builtin(Mode::Exact))
}

/// Short phrases between quotation marks: `« »`, `“ ”`, `" "`.
///
/// Scans bytes: the opening marks are `"` (22), `«` (C2 AB) and `“`
/// (E2 80 9C) in UTF-8, so no character needs decoding on the way.
fn quoted_spans(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (open_len, close) = match b[i] {
            b'"' => (1, '"'),
            0xC2 if b.get(i + 1) == Some(&0xAB) => (2, '»'),
            0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x9C) => (3, '”'),
            _ => {
                i += 1;
                continue;
            }
        };
        let inner_start = i + open_len;
        let Some(len) = text[inner_start..].find(close) else {
            break;
        };
        let inner = &text[inner_start..inner_start + len];
        if inner.chars().count() <= MAX_QUOTE_CHARS
            && inner.split_whitespace().count() <= MAX_WORDS
            && !inner.contains(['.', '،', ',', '!', '؟', '?', ':'])
        {
            out.push(inner.trim());
        }
        i = inner_start + len + close.len_utf8();
    }
    out
}

/// Runs of Latin words (letters, digits, `&`, `-`, `.`, `'`, `+` inside)
/// whose first word has a capital letter; at most [`MAX_WORDS`] words.
/// Scans bytes: Latin letters are ASCII, and no UTF-8 byte of another
/// script is ASCII.
fn latin_runs(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let joiner = |c: u8| matches!(c, b'&' | b'-' | b'.' | b'\'' | b'+');
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let (start, mut j, mut end) = (i, i, i);
        let mut words = 0;
        let mut first_has_capital = false;
        loop {
            let word_start = j;
            while j < b.len()
                && (b[j].is_ascii_alphanumeric()
                    || (joiner(b[j])
                        && j > word_start
                        && b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric)))
            {
                j += 1;
            }
            if j == word_start {
                break;
            }
            if words == 0 {
                first_has_capital = b[word_start..j].iter().any(u8::is_ascii_uppercase);
            }
            words += 1;
            end = j;
            // the next word follows after one space
            let next_latin =
                b.get(j) == Some(&b' ') && b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric);
            if words >= MAX_WORDS || !next_latin {
                break;
            }
            j += 1;
        }
        if first_has_capital {
            out.push(&text[start..end]);
        }
        i = end.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Gazetteer {
        let text = "platform/facebook\tplatform\tفيسبوك\tFacebook\tفيس بوك\n\
                    product/galaxy\tproduct\tجالاكسي\tGalaxy\tغالاكسي\n";
        Gazetteer::from_entities(super::super::gazetteer::parse_entities("t", text).unwrap())
    }

    #[test]
    fn latin_brand_glued_to_arabic_clitic_is_a_candidate() {
        // بـKickstarter: the clitic is Arabic, the name Latin
        assert_eq!(
            find_candidates(
                "جمعت الشركة التمويل عبر موقع بـKickstarter الشهير",
                &known()
            ),
            ["kickstarter"]
        );
    }

    #[test]
    fn multi_word_latin_name_is_one_candidate() {
        assert_eq!(
            find_candidates("أعلنت Boston Dynamics عن روبوت جديد", &known()),
            ["boston dynamics"]
        );
    }

    #[test]
    fn lowercase_latin_word_is_not_a_name() {
        assert!(find_candidates("نسخة beta من التطبيق", &known()).is_empty());
    }

    #[test]
    fn quoted_arabic_name_is_a_candidate_but_a_quoted_sentence_is_not() {
        let c = find_candidates(
            "أطلقت الوزارة تطبيق «توكلنا» وقال المتحدث: «سنعمل على تحسين الخدمة خلال الأشهر المقبلة للجميع».",
            &known(),
        );
        assert_eq!(c, ["توكلنا"]);
        assert_eq!(
            find_candidates("حملة “درب الخير” تصل", &known()),
            ["درب الخير"]
        );
    }

    #[test]
    fn known_names_digits_and_stop_words_are_not_candidates() {
        let g = known();
        assert!(find_candidates("«فيسبوك» و Facebook و Galaxy S7", &g).is_empty());
        assert!(find_candidates("«2015» و«في» و The", &g).is_empty());
    }

    #[test]
    fn repeated_candidate_is_listed_once() {
        assert_eq!(
            find_candidates("Tesla ثم Tesla ثم «Tesla»", &known()),
            ["tesla"]
        );
    }

    #[test]
    fn unclosed_quote_and_odd_input_do_not_panic() {
        let g = known();
        for t in [
            "«بلا إغلاق",
            "\"",
            "“”",
            "A",
            "é Été",
            "ـــ",
            "a-",
            "X-Men- ",
            "🙂 iPhone",
        ] {
            let _ = find_candidates(t, &g);
        }
    }
}
