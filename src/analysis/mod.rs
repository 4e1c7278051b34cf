//! Arabic text analysis: segmentation, normalization, stop words and light
//! stemming, as a pure function of the text (no I/O).
//!
//! The pipeline for each piece of text:
//!
//! 1. **Segment** into words with Unicode's word-boundary rules (UAX #29, via
//!    `unicode-segmentation`); ZWNJ/ZWJ and bidi marks never split a word.
//! 2. **Normalize** each character in one fused pass
//!    ([`normalize::fold_char`]; the rules are listed in [`normalize`]).
//! 3. **Split at a script change**: where Arabic letters meet Latin letters or
//!    digits inside a word (`بiPhone` → `ب` | `iphone`). An Arabic fragment made
//!    only of proclitics glued to a Latin word (`بـ`, `الـ`, `وبالـ`) is dropped:
//!    `الـiPhone` gives the single token `iphone`.
//! 4. In [`Mode::Stemmed`]: drop **stop words** (`schema/stopwords-ar.txt`, also
//!    behind a conjunction: `وهذه`) and **stem** Arabic words ([`stem`]). Latin
//!    words and numbers are never stemmed.
//!
//! Offsets are byte offsets into the original text, so a highlighter marks the
//! surface word. Positions count every word, stop words included, so phrase
//! queries see the gaps.
//!
//! ```
//! use fahras::analysis::{Analyzer, Mode};
//! let analyzer = Analyzer::builtin(Mode::Stemmed);
//! let terms: Vec<String> = analyzer
//!     .analyze_to_vec("وبالمكتبات على الإنترنت بـiPhone")
//!     .into_iter()
//!     .map(|t| t.term)
//!     .collect();
//! assert_eq!(terms, ["مكتب", "انترنت", "iphone"]);
//! ```

pub mod lexicon;
pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenizer;

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

pub use lexicon::Lexicon;
use normalize::{fold_char, is_decomposed_hamza_on_seat, Script};
pub use tokenizer::{ArabicTokenizer, TOKENIZER_EXACT, TOKENIZER_STEMMED};

/// Terms longer than this many characters (base64 blobs, URLs run together)
/// are not indexed.
pub const MAX_TERM_CHARS: usize = 64;

/// What the analyzer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Normalized, stop words removed, Arabic words stemmed: for recall.
    Stemmed,
    /// Normalized only, every word kept: for exact wording and phrases.
    Exact,
}

/// One analyzed token with its byte offsets in the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnedToken {
    /// The indexed term.
    pub term: String,
    /// Byte offset of the token's first byte in the original text.
    pub offset_from: usize,
    /// Byte offset just past the token's last byte in the original text.
    pub offset_to: usize,
    /// Word position (stop words count, so gaps show where they were).
    pub position: usize,
}

/// A borrowed view of one token in a [`TokenBuf`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The indexed term.
    pub term: &'a str,
    /// Byte offset of the token's first byte in the original text.
    pub offset_from: usize,
    /// Byte offset just past the token's last byte in the original text.
    pub offset_to: usize,
    /// Word position.
    pub position: usize,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    term: (u32, u32),
    offset_from: usize,
    offset_to: usize,
    position: usize,
}

/// Reusable output and scratch buffers of the analyzer. Analyzing into the
/// same buffer again reuses its memory: after warm-up, analysis allocates
/// nothing.
#[derive(Debug, Clone, Default)]
pub struct TokenBuf {
    terms: String,
    spans: Vec<Span>,
    // scratch for the word being normalized
    chars: Vec<char>,
    scripts: Vec<Script>,
    src: Vec<usize>,
    hamza_alef: Vec<bool>,
}

impl TokenBuf {
    /// An empty buffer.
    pub fn new() -> TokenBuf {
        TokenBuf::default()
    }

    /// An empty buffer with room for as many tokens and term bytes as
    /// `other` holds (a fresh buffer for a text like the last one, without
    /// growing step by step).
    pub fn with_room_of(other: &TokenBuf) -> TokenBuf {
        TokenBuf {
            terms: String::with_capacity(other.terms.len()),
            spans: Vec::with_capacity(other.spans.len()),
            ..TokenBuf::default()
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when no token was produced.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The `i`-th token.
    pub fn get(&self, i: usize) -> Option<TokenRef<'_>> {
        self.spans.get(i).map(|s| TokenRef {
            term: &self.terms[s.term.0 as usize..s.term.1 as usize],
            offset_from: s.offset_from,
            offset_to: s.offset_to,
            position: s.position,
        })
    }

    /// Iterates over the tokens in text order.
    pub fn iter(&self) -> impl Iterator<Item = TokenRef<'_>> + '_ {
        (0..self.spans.len()).filter_map(move |i| self.get(i))
    }

    fn clear(&mut self) {
        self.terms.clear();
        self.spans.clear();
    }

    /// The terms, in order.
    pub fn terms(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(move |s| &self.terms[s.term.0 as usize..s.term.1 as usize])
    }
}

/// The fahras Arabic analyzer. Cheap to clone (the word lists are shared).
#[derive(Debug, Clone)]
pub struct Analyzer {
    lexicon: Arc<Lexicon>,
    mode: Mode,
    share_exact: bool,
    handoff: Option<Arc<Handoff>>,
}

/// Analyses made ahead of indexing, waiting for the indexing threads.
///
/// Enrichment analyzes each title and body on the parsing threads (entities
/// need the exact terms, topics and fingerprints the stemmed ones); the
/// tantivy tokenizer would then analyze the same texts again on the indexing
/// threads. Instead, enrichment [`put`](Handoff::put)s its two analyses here
/// and a tokenizer whose analyzer was given the handoff
/// ([`Analyzer::with_handoff`]) [`take`](Handoff::take)s them: each text is
/// analyzed once. Texts are keyed by a hash and their length; a text not
/// found (the handoff full, or a text put twice and taken once) is simply
/// analyzed again, so the handoff changes speed, never results.
#[derive(Debug)]
pub struct Handoff {
    // Sharded by text hash: the parsing threads put and the indexing threads
    // take at the same time, and one lock made them queue on a futex.
    shards: [std::sync::Mutex<HandoffMap>; HANDOFF_SHARDS],
    count: std::sync::atomic::AtomicUsize,
    // Putters wait here only while the handoff is full.
    room: std::sync::Mutex<()>,
    taken: std::sync::Condvar,
    // Buffers the tokenizer is done with, for enrichment to fill again:
    // without them every text costs two large allocations on one thread and
    // two frees on another (the allocator's slowest path).
    spare: crossbeam_channel::Sender<TokenBuf>,
    spare_out: crossbeam_channel::Receiver<TokenBuf>,
}

const HANDOFF_SHARDS: usize = 16;

/// Analyses by (text hash, text length).
type HandoffMap = rustc_hash::FxHashMap<(u64, usize), Vec<(TokenBuf, TokenBuf)>>;

impl Default for Handoff {
    fn default() -> Handoff {
        let (spare, spare_out) = crossbeam_channel::bounded(Handoff::SPARE);
        Handoff {
            shards: Default::default(),
            count: Default::default(),
            room: Default::default(),
            taken: Default::default(),
            spare,
            spare_out,
        }
    }
}

impl Handoff {
    /// Most analyses waiting at once (a read batch's titles and bodies).
    /// A full handoff makes [`Handoff::put`] wait for the tokenizer: the
    /// parsing threads then run as fast as indexing, not ahead of it, and
    /// memory stays bounded.
    pub const CAPACITY: usize = 2048;

    /// Longest a [`Handoff::put`] waits for room before dropping its
    /// analyses (the tokenizer then analyzes the text itself).
    pub const MAX_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

    /// Most spare buffers kept (see [`Handoff::recycle`]).
    const SPARE: usize = 256;

    fn key(text: &str) -> (u64, usize) {
        use std::hash::{BuildHasher, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(text.as_bytes());
        (h.finish(), text.len())
    }

    fn shard(&self, key: (u64, usize)) -> &std::sync::Mutex<HandoffMap> {
        &self.shards[(key.0 >> 59) as usize % HANDOFF_SHARDS]
    }

    /// Leaves the stemmed and exact analyses of `text` for the tokenizer.
    pub fn put(&self, text: &str, stemmed: TokenBuf, exact: TokenBuf) {
        use std::sync::atomic::Ordering;
        if text.is_empty() {
            return;
        }
        // reserve a place, waiting (bounded) while the handoff is full
        let reserve = || {
            self.count
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                    (n < Handoff::CAPACITY).then_some(n + 1)
                })
                .is_ok()
        };
        if !reserve() {
            let Ok(guard) = self.room.lock() else { return };
            let Ok((_guard, waited)) =
                self.taken
                    .wait_timeout_while(guard, Handoff::MAX_WAIT, |_| !reserve())
            else {
                return;
            };
            if waited.timed_out() {
                return; // still full: no place was reserved
            }
        }
        let key = Handoff::key(text);
        match self.shard(key).lock() {
            Ok(mut w) => w.entry(key).or_default().push((stemmed, exact)),
            Err(_) => {
                self.count.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }

    /// Takes the analyses of `text` left by [`Handoff::put`], if any.
    pub fn take(&self, text: &str) -> Option<(TokenBuf, TokenBuf)> {
        use std::sync::atomic::Ordering;
        let key = Handoff::key(text);
        let found = {
            let mut w = self.shard(key).lock().ok()?;
            let list = w.get_mut(&key)?;
            let found = list.pop();
            if list.is_empty() {
                w.remove(&key);
            }
            found?
        };
        // only a full handoff has putters waiting; waking nobody would
        // still cost a system call per text
        if self.count.fetch_sub(1, Ordering::AcqRel) == Handoff::CAPACITY {
            let _guard = self.room.lock();
            self.taken.notify_all();
        }
        Some(found)
    }

    /// Gives back a buffer the tokenizer is done with, to be handed out
    /// again by [`Handoff::spare_like`].
    pub fn recycle(&self, buf: TokenBuf) {
        let _ = self.spare.try_send(buf);
    }

    /// An empty buffer to analyze the next text into: a recycled one when
    /// there is one, else a new one with the room `like` holds.
    pub fn spare_like(&self, like: &TokenBuf) -> TokenBuf {
        match self.spare_out.try_recv() {
            Ok(mut b) => {
                b.clear();
                b
            }
            Err(_) => TokenBuf::with_room_of(like),
        }
    }

    /// Number of analyses waiting.
    pub fn len(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::Acquire)
    }

    /// True when no analysis is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

thread_local! {
    /// The last text a sharing stemmed analyzer saw on this thread, and its
    /// exact analysis (see [`Analyzer::sharing_exact`]).
    static SHARED_EXACT: std::cell::RefCell<(String, TokenBuf)> = std::cell::RefCell::default();
}

impl Analyzer {
    /// An analyzer over the given word lists.
    pub fn new(lexicon: Arc<Lexicon>, mode: Mode) -> Analyzer {
        Analyzer {
            lexicon,
            mode,
            share_exact: false,
            handoff: None,
        }
    }

    /// This analyzer, taking ready analyses from `handoff` before analyzing
    /// (see [`Handoff`]; only a stemmed analyzer that shares its exact
    /// analysis uses it).
    pub fn with_handoff(mut self, handoff: Arc<Handoff>) -> Analyzer {
        self.handoff = Some(handoff);
        self
    }

    /// An analyzer over the word lists shipped in `schema/`.
    pub fn builtin(mode: Mode) -> Analyzer {
        Analyzer::new(builtin_lexicon(), mode)
    }

    /// The mode this analyzer runs in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The word lists in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Analyzes `text` into `buf`, replacing its previous content.
    pub fn analyze(&self, text: &str, buf: &mut TokenBuf) {
        if !self.share_exact {
            self.analyze_into(text, buf, None);
            return;
        }
        SHARED_EXACT.with(|cell| {
            let mut shared = cell.borrow_mut();
            let (last_text, exact) = &mut *shared;
            match self.mode {
                Mode::Exact if last_text.as_str() == text => {
                    // the stemmed pass over this very text already made it
                    std::mem::swap(buf, exact);
                    last_text.clear();
                }
                Mode::Exact => self.analyze_into(text, buf, None),
                Mode::Stemmed => {
                    last_text.clear();
                    last_text.push_str(text);
                    match self.handoff.as_ref().and_then(|h| h.take(text)) {
                        Some((stemmed, ready_exact)) => {
                            let h = self.handoff.as_ref().expect("taken from it");
                            h.recycle(std::mem::replace(buf, stemmed));
                            h.recycle(std::mem::replace(exact, ready_exact));
                        }
                        None => {
                            exact.clear();
                            self.analyze_into(text, buf, Some(exact));
                        }
                    }
                }
            }
        });
    }

    /// Analyzes `text` in both modes in one pass: stemmed into `stemmed`,
    /// exact into `exact` (this analyzer must be in [`Mode::Stemmed`]).
    pub fn analyze_both(&self, text: &str, stemmed: &mut TokenBuf, exact: &mut TokenBuf) {
        debug_assert_eq!(self.mode, Mode::Stemmed);
        exact.clear();
        self.analyze_into(text, stemmed, Some(exact));
    }

    fn analyze_into(&self, text: &str, buf: &mut TokenBuf, mut exact: Option<&mut TokenBuf>) {
        buf.clear();
        let mut position = 0usize;
        segment::for_each_word(text, |start, word| {
            self.normalize_word(start, word, buf);
            let end = start + word.len();
            let n = buf.chars.len();
            let mut i = 0;
            while i < n {
                let arabic = buf.scripts[i] == Script::Arabic;
                let mut j = i + 1;
                while j < n && (buf.scripts[j] == Script::Arabic) == arabic {
                    j += 1;
                }
                let offset_to = if j < n { buf.src[j] } else { end };
                self.emit_run(
                    buf,
                    i..j,
                    j < n,
                    offset_to,
                    &mut position,
                    exact.as_deref_mut(),
                );
                i = j;
            }
        });
    }

    /// Returns this analyzer with exact-analysis sharing on: a stemmed
    /// analyzer then also keeps the exact analysis of the text it was given in
    /// a per-thread buffer, and an exact analyzer with sharing on takes it
    /// from there when it is given the same text next, instead of segmenting
    /// and normalizing it again. The index's tokenizers use this, since every
    /// title and body is analyzed twice in a row (stemmed, then exact) by the
    /// same indexing thread. Results are identical with or without sharing.
    pub fn sharing_exact(mut self) -> Analyzer {
        self.share_exact = true;
        self
    }

    /// Analyzes `text` and returns owned tokens (a convenience for tools and
    /// tests; the indexer uses [`Analyzer::analyze`] with a reused buffer).
    pub fn analyze_to_vec(&self, text: &str) -> Vec<OwnedToken> {
        let mut buf = TokenBuf::new();
        self.analyze(text, &mut buf);
        buf.iter()
            .map(|t| OwnedToken {
                term: t.term.to_string(),
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position,
            })
            .collect()
    }

    /// Normalizes one segmented word into the scratch buffers.
    #[inline]
    fn normalize_word(&self, start: usize, word: &str, buf: &mut TokenBuf) {
        buf.chars.clear();
        buf.scripts.clear();
        buf.src.clear();
        buf.hamza_alef.clear();
        for (off, c) in word.char_indices() {
            if let Some(&last) = buf.chars.last() {
                if is_decomposed_hamza_on_seat(last, c) {
                    *buf.chars.last_mut().unwrap() = 'ء';
                    continue;
                }
            }
            let hamza = matches!(c, 'أ' | 'إ' | 'آ');
            let chars = &mut buf.chars;
            let scripts = &mut buf.scripts;
            let src = &mut buf.src;
            let flags = &mut buf.hamza_alef;
            fold_char(c, &mut |f, s| {
                chars.push(f);
                scripts.push(s);
                src.push(start + off);
                flags.push(hamza);
            });
        }
    }

    /// Emits the token for the run `r` of normalized characters, if any.
    fn emit_run(
        &self,
        buf: &mut TokenBuf,
        r: Range<usize>,
        glued_to_next: bool,
        offset_to: usize,
        position: &mut usize,
        exact: Option<&mut TokenBuf>,
    ) {
        let run = &buf.chars[r.clone()];
        if run.len() > MAX_TERM_CHARS || buf.scripts[r.clone()].iter().all(|s| *s == Script::Other)
        {
            return;
        }
        let arabic = buf.scripts[r.start] == Script::Arabic;
        if arabic && glued_to_next && stem::is_only_proclitics(run) {
            return; // the ب of بـiPhone belongs to iPhone
        }
        let pos = *position;
        *position += 1;
        let offset_from = buf.src[r.start];
        let at = (offset_from, offset_to, pos);
        if let Some(exact) = exact {
            push_token(&mut exact.terms, &mut exact.spans, at, |t| t.extend(run));
        }
        let lex = &*self.lexicon;
        if arabic && self.mode == Mode::Stemmed {
            if run.len() < 2 || is_stopword(run, lex) {
                return;
            }
            let mut bits = 0u64;
            for (k, &h) in buf.hamza_alef[r.clone()].iter().enumerate().take(64) {
                if h {
                    bits |= 1 << k;
                }
            }
            push_token(&mut buf.terms, &mut buf.spans, at, |t| {
                stem::stem_into(run, lex, bits, t)
            });
        } else {
            push_token(&mut buf.terms, &mut buf.spans, at, |t| t.extend(run));
        }
    }
}

/// Appends a token whose term `write` appends to `terms`, at
/// `(offset_from, offset_to, position)`.
#[inline]
fn push_token(
    terms: &mut String,
    spans: &mut Vec<Span>,
    (offset_from, offset_to, position): (usize, usize, usize),
    write: impl FnOnce(&mut String),
) {
    let start = terms.len();
    write(terms);
    spans.push(Span {
        term: (start as u32, terms.len() as u32),
        offset_from,
        offset_to,
        position,
    });
}

/// True when the normalized word is a stop word, alone or behind the
/// conjunction و / ف (`وهذه`, `فإن`) unless the whole word is protected.
#[inline]
fn is_stopword(w: &[char], lex: &Lexicon) -> bool {
    lex.stopwords.contains(w)
        || (w.len() > 2
            && matches!(w[0], 'و' | 'ف')
            && lex.stopwords.contains(&w[1..])
            // فهم (understanding), فلم (film), واي (Wi-Fi) are words of their own
            && !stem::is_protected(w, lex))
}

/// The shared built-in lexicon (parsed once per process).
pub fn builtin_lexicon() -> Arc<Lexicon> {
    static LEX: std::sync::OnceLock<Arc<Lexicon>> = std::sync::OnceLock::new();
    LEX.get_or_init(|| Arc::new(Lexicon::builtin())).clone()
}

/// A term's character range inside the buffer, for callers that need it.
pub type TermRange = Range<usize>;

#[cfg(test)]
mod tests {
    #[test]
    fn handoff_gives_the_tokenizer_the_same_tokens_it_would_make() {
        let handoff = Arc::new(Handoff::default());
        let text = "وبالمكتبات الرقمية على الإنترنت بـiPhone";
        let plain = Analyzer::builtin(Mode::Stemmed).analyze_to_vec(text);
        let (mut st, mut ex) = (TokenBuf::new(), TokenBuf::new());
        Analyzer::builtin(Mode::Stemmed).analyze_both(text, &mut st, &mut ex);
        handoff.put(text, st, ex);
        assert_eq!(handoff.len(), 1);
        let tokenizer = Analyzer::builtin(Mode::Stemmed)
            .sharing_exact()
            .with_handoff(handoff.clone());
        let mut buf = TokenBuf::new();
        tokenizer.analyze(text, &mut buf);
        assert!(handoff.is_empty(), "taken");
        let got: Vec<&str> = buf.terms().collect();
        let want: Vec<&str> = plain.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(got, want);
        // the exact pass over the same text gets the exact analysis
        let mut exact = TokenBuf::new();
        Analyzer::builtin(Mode::Exact)
            .sharing_exact()
            .analyze(text, &mut exact);
        let exact_plain = Analyzer::builtin(Mode::Exact).analyze_to_vec(text);
        assert_eq!(exact.len(), exact_plain.len());
        // a text never put is analyzed as usual
        tokenizer.analyze("جوجل", &mut buf);
        assert_eq!(buf.terms().collect::<Vec<_>>(), ["جوجل"]);
    }

    #[test]
    fn full_handoff_drops_instead_of_blocking_forever() {
        let handoff = Handoff::default();
        for i in 0..Handoff::CAPACITY + 1 {
            handoff.put(&format!("نص {i}"), TokenBuf::new(), TokenBuf::new());
        }
        // the last put waited MAX_WAIT, then gave up
        assert_eq!(handoff.len(), Handoff::CAPACITY);
        assert!(handoff.take(&format!("نص {}", Handoff::CAPACITY)).is_none());
        assert!(handoff.take("نص 0").is_some());
    }

    use super::*;

    fn terms(mode: Mode, text: &str) -> Vec<String> {
        Analyzer::builtin(mode)
            .analyze_to_vec(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn splits_arabic_latin_boundary() {
        assert_eq!(terms(Mode::Exact, "بiPhone"), ["iphone"]);
        assert_eq!(terms(Mode::Exact, "الـiPhone"), ["iphone"]);
        assert_eq!(terms(Mode::Exact, "وبالـGalaxy"), ["galaxy"]);
        // a real Arabic word glued to a number is kept
        assert_eq!(terms(Mode::Exact, "تقنية5G"), ["تقنيه", "5g"]);
    }

    #[test]
    fn zwnj_and_bidi_marks_do_not_split_words() {
        assert_eq!(terms(Mode::Exact, "فيس\u{200C}بوك"), ["فيسبوك"]);
        assert_eq!(terms(Mode::Exact, "\u{200F}جوجل\u{200E}"), ["جوجل"]);
        assert_eq!(terms(Mode::Exact, "تـقـنـية"), ["تقنيه"]);
    }

    #[test]
    fn offsets_point_at_the_surface_word() {
        let text = "أعلنت الـiPhone";
        let toks = Analyzer::builtin(Mode::Exact).analyze_to_vec(text);
        assert_eq!(&text[toks[0].offset_from..toks[0].offset_to], "أعلنت");
        assert_eq!(&text[toks[1].offset_from..toks[1].offset_to], "iPhone");
    }

    #[test]
    fn stop_words_are_dropped_after_normalization_with_gaps() {
        let toks = Analyzer::builtin(Mode::Stemmed).analyze_to_vec("الشركة على الإنترنت");
        let t: Vec<_> = toks.iter().map(|t| (t.term.as_str(), t.position)).collect();
        assert_eq!(t, [("شركه", 0), ("انترنت", 2)]);
        assert_eq!(
            terms(Mode::Stemmed, "علي إلى الى وهذه"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn exact_mode_keeps_stop_words_and_does_not_stem() {
        assert_eq!(terms(Mode::Exact, "على المكتبات"), ["علي", "المكتبات"]);
    }

    #[test]
    fn latin_and_numbers_are_never_stemmed() {
        assert_eq!(
            terms(Mode::Stemmed, "Applications ٢٠١٩"),
            ["applications", "2019"]
        );
    }

    #[test]
    fn diacritics_do_not_change_the_term() {
        assert_eq!(
            terms(Mode::Stemmed, "المَكْتَبَة"),
            terms(Mode::Stemmed, "المكتبة")
        );
    }

    #[test]
    fn sharing_the_exact_pass_gives_the_same_tokens() {
        let text = "وبالمكتبات على الإنترنت الـiPhone و ب ٢٠١٩ الذَّكَاء";
        let stemmed = Analyzer::builtin(Mode::Stemmed);
        let exact = Analyzer::builtin(Mode::Exact);
        let (s2, e2) = (
            stemmed.clone().sharing_exact(),
            exact.clone().sharing_exact(),
        );
        let mut a = TokenBuf::new();
        let mut b = TokenBuf::new();
        s2.analyze(text, &mut a);
        e2.analyze(text, &mut b);
        let owned = |buf: &TokenBuf| {
            buf.iter()
                .map(|t| (t.term.to_string(), t.offset_from, t.offset_to, t.position))
                .collect::<Vec<_>>()
        };
        let plain = |an: &Analyzer| {
            an.analyze_to_vec(text)
                .into_iter()
                .map(|t| (t.term, t.offset_from, t.offset_to, t.position))
                .collect::<Vec<_>>()
        };
        assert_eq!(owned(&a), plain(&stemmed));
        assert_eq!(owned(&b), plain(&exact));
        // a different text is analyzed afresh
        e2.analyze("شبكة", &mut b);
        assert_eq!(owned(&b), plain_text(&exact, "شبكة"));
    }

    fn plain_text(an: &Analyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        an.analyze_to_vec(text)
            .into_iter()
            .map(|t| (t.term, t.offset_from, t.offset_to, t.position))
            .collect()
    }

    #[test]
    fn no_panic_on_odd_input() {
        let a = Analyzer::builtin(Mode::Stemmed);
        for s in [
            "",
            " ",
            "\u{0640}\u{0640}",
            "\u{FDFA}",
            "ـــiPhoneـــ",
            "\u{0654}",
            "a\u{0301}",
        ] {
            let _ = a.analyze_to_vec(s);
        }
        let long = "ب".repeat(500);
        assert!(a.analyze_to_vec(&long).is_empty());
    }
}
