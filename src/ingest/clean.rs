//! Unicode hygiene for stored text: what every reader's titles and bodies go
//! through before they are indexed and stored.
//!
//! Each step is a small named rule; [`clean_text`] fuses them into one pass
//! and returns the input untouched (borrowed) when no rule applies, which is
//! the common case. Cleaning happens before indexing, so the offsets of
//! snippets and highlights point into the cleaned, stored text.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Longest body kept, in bytes (8 MiB, about a book of Arabic text): a longer
/// body is cut at the last line or word break before the limit and the
/// record is flagged `truncated` in the run's summary.
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// Longest title kept, in bytes: a "title" longer than this is a body in the
/// wrong field, cut like one.
pub const MAX_TITLE_BYTES: usize = 4 << 10;

/// Bidirectional formatting characters that writers' tools leave in text:
/// LRM/RLM (U+200E/U+200F), the Arabic letter mark (U+061C), embeddings and
/// overrides (U+202A–U+202E) and isolates (U+2066–U+2069). They are
/// invisible, split words for a tokenizer (فيس\u{200F}بوك) and make copied
/// snippets render in the wrong order.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters with no meaning in news text: the zero-width space
/// (U+200B), word joiner (U+2060) and a byte-order mark inside the text
/// (U+FEFF). ZWNJ and ZWJ (U+200C/U+200D) are kept: Persian and Urdu names
/// use them between letters.
pub fn is_invisible_junk(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Control characters other than the line break and the tab (C0, DEL, C1):
/// left by broken exports (`\u{0}` padding, `\u{1A}` end-of-file marks,
/// Windows-1252 bytes read as C1) and never meant to be shown.
pub fn is_stray_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{FFFE}'
}

/// Cleans `text` for storage and indexing: line breaks become `\n` (`\r\n`,
/// lone `\r`, U+2028/U+2029), stray controls, bidi marks and invisible junk
/// are removed, and the text is put in Unicode NFC (so أ written as ا +
/// U+0654 hamza above is stored as the one letter أ, U+0623).
///
/// ```
/// use fahras::ingest::clean::clean_text;
/// assert_eq!(clean_text("فيس\u{200F}بوك\r\nنص\u{0}"), "فيسبوك\nنص");
/// assert_eq!(clean_text("\u{0627}\u{0654}"), "\u{0623}"); // ا + hamza above → أ
/// assert!(matches!(clean_text("نص نظيف"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn clean_text(text: &str) -> Cow<'_, str> {
    let (needs_strip, maybe_not_nfc) = scan(text.as_bytes());
    let stripped: Cow<'_, str> = if needs_strip {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() != Some(&'\n') {
                        out.push('\n');
                    }
                }
                '\u{2028}' | '\u{2029}' => out.push('\n'),
                c if drops(c) => {}
                c => out.push(c),
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    };
    if !maybe_not_nfc {
        return stripped;
    }
    match is_nfc_quick(stripped.chars()) {
        IsNormalized::Yes => stripped,
        _ => {
            let nfc: String = stripped.nfc().collect();
            if nfc == stripped {
                stripped
            } else {
                Cow::Owned(nfc)
            }
        }
    }
}

/// One pass over the UTF-8 bytes (the hot path: every title and body goes
/// through it): does the text hold a character a rule removes or changes,
/// and one that may not be in NFC? Arabic letters (U+0600–U+064A), Latin-1,
/// ASCII and general punctuation are NFC whatever surrounds them, so most
/// news text never reaches the slower character-level check.
///
/// Characters below U+0800 (ASCII, Latin, Arabic: nearly all the text) are
/// classified by one lookup in [`CLASS`]; the rest by a short match.
fn scan(b: &[u8]) -> (bool, bool) {
    let mut strip = false;
    let mut nfc_check = false;
    let mut prev_mark = false;
    let mut i = 0;
    let n = b.len();
    while i < n {
        let c = b[i];
        let (class, len) = if c < 0x80 {
            (CLASS[c as usize], 1)
        } else if c < 0xE0 {
            // two bytes: U+0080–U+07FF (the text is valid UTF-8)
            let cp = (usize::from(c & 0x1F) << 6) | usize::from(b[i + 1] & 0x3F);
            (CLASS[cp], 2)
        } else if c < 0xF0 {
            let (x, y) = (b[i + 1], b[i + 2]);
            let class = match (c, x, y) {
                // ZWSP, LRM/RLM, U+2028/9, embeddings
                (0xE2, 0x80, 0x8B | 0x8E | 0x8F | 0xA8..=0xAE) => STRIP,
                // word joiner, isolates
                (0xE2, 0x81, 0xA0 | 0xA6..=0xA9) => STRIP,
                // other general punctuation: “ ” … ‰
                (0xE2, 0x80..=0x81, _) => OK,
                // U+FEFF, U+FFFE
                (0xEF, 0xBB, 0xBF) | (0xEF, 0xBF, 0xBE) => STRIP,
                _ => NFC,
            };
            (class, 3)
        } else {
            (NFC, 4)
        };
        match class {
            OK => prev_mark = false,
            // a haraka (tanween in هاتفاً) is NFC on its own; two in a row
            // may need reordering (shadda + fatha)
            MARK => {
                nfc_check |= prev_mark;
                prev_mark = true;
            }
            STRIP => {
                strip = true;
                prev_mark = false;
            }
            _ => {
                nfc_check = true;
                prev_mark = false;
            }
        }
        if strip && nfc_check {
            break;
        }
        i += len;
    }
    (strip, nfc_check)
}

const OK: u8 = 0;
const STRIP: u8 = 1;
const NFC: u8 = 2;
const MARK: u8 = 3;

/// What [`scan`] makes of each character below U+0800.
static CLASS: [u8; 0x800] = {
    let mut t = [NFC; 0x800];
    let mut cp = 0;
    while cp < 0x800 {
        t[cp] = match cp {
            0x0A | 0x09 => OK,                  // line break, tab
            0x00..=0x1F | 0x7F..=0x9F => STRIP, // C0 (incl. \r), DEL, C1
            0x20..=0x7E | 0xA0..=0x2FF => OK,   // ASCII, Latin-1, Latin Extended
            0x61C => STRIP,                     // ARABIC LETTER MARK
            // combining hamza/madda compose with the letter before
            // (ا + U+0654 → أ)
            0x653..=0x655 => NFC,
            // harakat, dagger alef, honorific signs (U+0610–U+061A): marks
            // that may need reordering when two meet
            0x64B..=0x65F | 0x670 | 0x610..=0x61A => MARK,
            0x600..=0x6D5 => OK, // Arabic letters, digits, punctuation
            _ => NFC,
        };
        cp += 1;
    }
    t
};

fn drops(c: char) -> bool {
    is_stray_control(c) || is_bidi_control(c) || is_invisible_junk(c)
}

/// Cuts `text` to at most `max` bytes at the last line break (else space)
/// in the last quarter before the limit, else at a character boundary;
/// returns whether it cut.
///
/// ```
/// let mut s = String::from("سطر أول\nسطر ثان طويل");
/// assert!(fahras::ingest::clean::truncate_text(&mut s, 16));
/// assert_eq!(s, "سطر أول");
/// ```
pub fn truncate_text(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let floor = cut - cut / 4;
    let head = &text[..cut];
    if let Some(i) = head.rfind('\n').filter(|&i| i >= floor) {
        cut = i;
    } else if let Some(i) = head.rfind(' ').filter(|&i| i >= floor) {
        cut = i;
    }
    text.truncate(cut);
    let kept = text.trim_end().len();
    text.truncate(kept);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_scan_agrees_with_the_character_rules_below_u0800_and_on_specials() {
        let specials = [
            '\u{200B}', '\u{200E}', '\u{2028}', '\u{2066}', '\u{FEFF}', '\u{FFFE}', '“', '…', '€',
        ];
        let chars = (0u32..0x800).filter_map(char::from_u32).chain(specials);
        for c in chars {
            for text in [format!("ب{c}ب"), format!("ب{c}\u{064E}ب"), format!("a{c}")] {
                let (strip, nfc_check) = scan(text.as_bytes());
                let removes = text
                    .chars()
                    .any(|c| drops(c) || matches!(c, '\r' | '\u{2028}' | '\u{2029}'));
                assert_eq!(strip, removes, "U+{:04X} in {text:?}", c as u32);
                if !nfc_check {
                    assert!(
                        unicode_normalization::is_nfc(&text),
                        "U+{:04X} in {text:?}",
                        c as u32
                    );
                }
            }
        }
    }

    #[test]
    fn rlm_inside_a_brand_name_is_removed_so_the_word_is_whole() {
        // "فيس‏بوك" with RIGHT-TO-LEFT MARK (U+200F) between the two halves
        assert_eq!(clean_text("فيس\u{200F}بوك"), "فيسبوك");
        assert_eq!(clean_text("\u{202B}جوجل\u{202C}"), "جوجل");
        assert_eq!(clean_text("\u{2067}آبل\u{2069}"), "آبل");
        assert_eq!(clean_text("سامسونج\u{061C}"), "سامسونج");
    }

    #[test]
    fn controls_go_but_line_breaks_and_tabs_stay() {
        assert_eq!(clean_text("أ\u{0}ب\u{1A}ج\u{85}د\tه\nو"), "أبجد\tه\nو");
    }

    #[test]
    fn windows_and_old_mac_line_ends_become_newlines() {
        assert_eq!(clean_text("سطر\r\nسطر\rسطر"), "سطر\nسطر\nسطر");
        assert_eq!(clean_text("أ\u{2029}ب"), "أ\nب");
    }

    #[test]
    fn zero_width_space_and_inner_bom_go_but_zwnj_stays() {
        assert_eq!(clean_text("آي\u{200B}فون\u{FEFF}"), "آيفون");
        // Persian می‌خواهم keeps its ZWNJ
        assert_eq!(clean_text("می\u{200C}خواهم"), "می\u{200C}خواهم");
    }

    #[test]
    fn decomposed_hamza_and_madda_are_composed_to_nfc() {
        // ا + U+0654 → أ ; ا + U+0653 → آ (آبل) ; و + U+0654 → ؤ (مؤتمر)
        assert_eq!(clean_text("\u{0627}\u{0653}بل"), "آبل");
        assert_eq!(clean_text("م\u{0648}\u{0654}تمر"), "مؤتمر");
    }

    #[test]
    fn harakat_stay_and_two_in_a_row_are_put_in_canonical_order() {
        // هاتفاً: one tanween fath, already NFC, kept
        assert_eq!(clean_text("هاتفاً"), "هاتفاً");
        // shadda (ccc 33) before fatha (ccc 30): NFC puts fatha first
        assert_eq!(clean_text("م\u{0651}\u{064E}"), "م\u{064E}\u{0651}");
    }

    #[test]
    fn byte_scan_finds_what_the_character_rules_find() {
        // every character the rules touch, alone and amid Arabic text
        for c in [
            '\r', '\u{0}', '\u{1F}', '\u{7F}', '\u{85}', '\u{9F}', '\u{061C}', '\u{200B}',
            '\u{200E}', '\u{200F}', '\u{2028}', '\u{2029}', '\u{202A}', '\u{202E}', '\u{2060}',
            '\u{2066}', '\u{2069}', '\u{FEFF}', '\u{FFFE}',
        ] {
            let text = format!("نص{c}نص");
            assert!(scan(text.as_bytes()).0, "{:?}", c);
            assert_ne!(clean_text(&text), text);
        }
        // kept as they are: Arabic letters, punctuation, ZWNJ, Latin-1
        for text in ["جوجل، «فيسبوك» … ‰", "می\u{200C}خواهم", "café ١٢٣ ۱۲۳"]
        {
            assert!(!scan(text.as_bytes()).0, "{text}");
            assert_eq!(clean_text(text), text);
        }
    }

    #[test]
    fn clean_text_borrows_when_nothing_changes() {
        assert!(matches!(clean_text("جوجل تطلق هاتفاً"), Cow::Borrowed(_)));
    }

    #[test]
    fn truncation_cuts_at_a_char_boundary_and_prefers_breaks() {
        let mut s = "ب".repeat(10); // 20 bytes, no breaks
        assert!(truncate_text(&mut s, 7));
        assert_eq!(s, "ببب");
        let mut t = String::from("قصير");
        assert!(!truncate_text(&mut t, 100));
        let mut w = String::from("كلمة كلمة كلمة");
        assert!(truncate_text(&mut w, 20));
        assert_eq!(w, "كلمة كلمة");
    }
}
