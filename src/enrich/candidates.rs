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

use super::Gazetteer;
use crate::analysis::{Analyzer, Mode};

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
pub fn find_candidates(text: &str, gazetteer: &Gazetteer) -> Vec<String> {
    let analyzer = exact_analyzer();
    let mut out: Vec<String> = Vec::new();
    let mut consider = |raw: &str| {
        let toks = analyzer.analyze_to_vec(raw);
        if toks.is_empty() || toks.len() > MAX_WORDS {
            return;
        }
        let terms: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
        if terms
            .iter()
            .all(|t| t.chars().all(|c| c.is_numeric()) || is_stop(t))
        {
            return;
        }
        if !gazetteer.find(&terms).is_empty() {
            return; // known (or containing a known name)
        }
        let name = terms.join(" ");
        if name.chars().count() >= 3 && !out.contains(&name) {
            out.push(name);
        }
    };
    let mut spans = quoted_spans(text);
    spans.extend(latin_runs(text));
    // spans are slices of `text`: order them by where they start
    spans.sort_by_key(|s| s.as_ptr() as usize);
    for span in spans {
        consider(span);
    }
    out
}

/// A Latin filler word, or a word the stemmed analysis drops (Arabic stop
/// words such as في, على, هذه).
fn is_stop(term: &str) -> bool {
    static STEMMED: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    if term.is_ascii() {
        return LATIN_STOP.contains(&term);
    }
    STEMMED
        .get_or_init(|| Analyzer::builtin(Mode::Stemmed))
        .analyze_to_vec(term)
        .is_empty()
}

fn exact_analyzer() -> &'static Analyzer {
    static A: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    A.get_or_init(|| Analyzer::builtin(Mode::Exact))
}

/// Short phrases between quotation marks: `« »`, `“ ”`, `" "`.
fn quoted_spans(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((open_at, open)) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '«' | '“' | '"'))
    {
        let close = match open {
            '«' => '»',
            '“' => '”',
            _ => '"',
        };
        let inner_start = open_at + open.len_utf8();
        let Some(len) = rest[inner_start..].find(close) else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        if inner.chars().count() <= MAX_QUOTE_CHARS
            && inner.split_whitespace().count() <= MAX_WORDS
            && !inner.contains(['.', '،', ',', '!', '؟', '?', ':'])
        {
            out.push(inner.trim());
        }
        rest = &rest[inner_start + len + close.len_utf8()..];
    }
    out
}

/// Runs of Latin words (letters, digits, `&`, `-`, `.`, `'` inside) whose
/// first word has a capital letter; at most [`MAX_WORDS`] words.
fn latin_runs(text: &str) -> Vec<&str> {
    let is_word_char = |c: char| c.is_ascii_alphanumeric();
    let is_joiner = |c: char| matches!(c, '&' | '-' | '.' | '\'' | '+');
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let before_ok = i == 0 || !text[..i].chars().next_back().is_some_and(is_word_char);
        if !(c.is_ascii_alphabetic() && before_ok) {
            i += c.len_utf8();
            continue;
        }
        // collect up to MAX_WORDS words separated by single spaces
        let start = i;
        let mut end = i;
        let mut words = 0;
        let mut first_has_capital = false;
        let mut j = i;
        loop {
            let word_start = j;
            while j < text.len() {
                let b = bytes[j];
                let ch = b as char;
                let next_is_word = bytes
                    .get(j + 1)
                    .is_some_and(|&n| (n as char).is_ascii_alphanumeric());
                if b.is_ascii()
                    && (is_word_char(ch) || (is_joiner(ch) && j > word_start && next_is_word))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if j == word_start {
                break;
            }
            if words == 0 {
                first_has_capital = text[word_start..j].bytes().any(|b| b.is_ascii_uppercase());
            }
            words += 1;
            end = j;
            // continue with the next word when one space follows a Latin letter
            let next_latin = bytes.get(j) == Some(&b' ')
                && bytes.get(j + 1).is_some_and(|b| b.is_ascii_alphanumeric());
            if words >= MAX_WORDS || !next_latin {
                break;
            }
            j += 1;
        }
        if first_has_capital && end > start {
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
