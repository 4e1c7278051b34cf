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
fn scan(b: &[u8]) -> (bool, bool) {
    let mut strip = false;
    let mut nfc_check = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if (0x20..0x7F).contains(&c) {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        match c {
            b'\n' | b'\t' => {}
            0x00..=0x1F | 0x7F => strip = true,   // controls, \r
            0xC2 if next < 0xA0 => strip = true,  // C1 controls U+0080–U+009F
            0xD8 if next == 0x9C => strip = true, // U+061C ARABIC LETTER MARK
            0xC2..=0xCB | 0xD8 | 0xDA => {}       // U+00A0–U+02FF, U+0600–U+063F, U+0680–U+06BF
            // combining hamza/madda (U+0653–U+0655) compose with the letter
            // before (ا + U+0654 → أ)
            0xD9 if (0x93..=0x95).contains(&next) => nfc_check = true,
            // a haraka (tanween in هاتفاً) is NFC on its own; two in a row
            // may need reordering (shadda + fatha)
            0xD9 if is_arabic_mark(next) => {
                if b.get(i + 2) == Some(&0xD9) && b.get(i + 3).is_some_and(|&n| is_arabic_mark(n)) {
                    nfc_check = true;
                }
            }
            0xD9 => {}
            0xDB if next < 0x96 => {}
            0xE2 => {
                let third = b.get(i + 2).copied().unwrap_or(0);
                match (next, third) {
                    (0x80, 0x8B | 0x8E | 0x8F) | (0x80, 0xA8..=0xAE) => strip = true, // ZWSP, LRM/RLM, U+2028/9, embeddings
                    (0x81, 0xA0) | (0x81, 0xA6..=0xA9) => strip = true, // word joiner, isolates
                    (0x80..=0x81, _) => {} // other general punctuation: “ ” … ‰
                    _ => nfc_check = true,
                }
            }
            0xEF if next == 0xBB && b.get(i + 2) == Some(&0xBF) => strip = true, // U+FEFF
            0xEF if next == 0xBF && b.get(i + 2) == Some(&0xBE) => strip = true, // U+FFFE
            _ => nfc_check = true,
        }
        if strip && nfc_check {
            break;
        }
        // to the next character (the text is valid UTF-8)
        i += match c {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
    }
    (strip, nfc_check)
}

/// Second byte of a D9 xx combining mark: U+064B–U+065F, U+0670.
fn is_arabic_mark(second: u8) -> bool {
    (0x8B..=0x9F).contains(&second) || second == 0xB0
}

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
