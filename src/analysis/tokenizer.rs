//! The tantivy [`Tokenizer`] over the fahras [`Analyzer`].
//!
//! Register it with [`register_tokenizers`]; fields then name it in their
//! indexing options: [`TOKENIZER_STEMMED`] (`"arabic"`) for recall and
//! [`TOKENIZER_EXACT`] (`"arabic_exact"`) for exact wording and phrases.
//!
//! ```
//! use fahras::analysis::tokenizer::{register_tokenizers, TOKENIZER_STEMMED};
//! use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, IndexRecordOption};
//! use tantivy::Index;
//!
//! let mut sb = Schema::builder();
//! let body = sb.add_text_field("body", TextOptions::default().set_indexing_options(
//!     TextFieldIndexing::default()
//!         .set_tokenizer(TOKENIZER_STEMMED)
//!         .set_index_option(IndexRecordOption::WithFreqsAndPositions)));
//! let index = Index::create_in_ram(sb.build());
//! register_tokenizers(&index);
//! let mut analyzer = index.tokenizers().get(TOKENIZER_STEMMED).unwrap();
//! let mut stream = analyzer.token_stream("والمكتبات");
//! assert_eq!(stream.next().unwrap().text, "مكتب");
//! ```

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use std::sync::Arc;

use super::{Analyzer, Handoff, Mode, TokenBuf};

/// Name of the stemmed Arabic tokenizer.
pub const TOKENIZER_STEMMED: &str = "arabic";
/// Name of the normalized, unstemmed Arabic tokenizer.
pub const TOKENIZER_EXACT: &str = "arabic_exact";

/// A tantivy tokenizer running the fahras [`Analyzer`]. Its buffers are reused
/// from one text to the next.
#[derive(Clone)]
pub struct ArabicTokenizer {
    analyzer: Analyzer,
    buf: TokenBuf,
    token: Token,
}

impl ArabicTokenizer {
    /// A tokenizer over `analyzer`.
    pub fn new(analyzer: Analyzer) -> ArabicTokenizer {
        ArabicTokenizer {
            analyzer,
            buf: TokenBuf::new(),
            token: Token::default(),
        }
    }
}

/// The token stream of an [`ArabicTokenizer`].
pub struct ArabicTokenStream<'a> {
    buf: &'a TokenBuf,
    next: usize,
    token: &'a mut Token,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream<'a> {
        self.analyzer.analyze(text, &mut self.buf);
        self.token.reset();
        ArabicTokenStream {
            buf: &self.buf,
            next: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.buf.get(self.next) {
            Some(t) => {
                self.next += 1;
                self.token.text.clear();
                self.token.text.push_str(t.term);
                self.token.offset_from = t.offset_from;
                self.token.offset_to = t.offset_to;
                self.token.position = t.position;
                self.token.position_length = 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Registers both fahras tokenizers (built-in word lists) on `index`.
pub fn register_tokenizers(index: &tantivy::Index) {
    register_tokenizers_with(index, None);
}

/// Registers both fahras tokenizers on `index`, the stemmed one taking the
/// analyses enrichment left in `handoff` (see [`Handoff`]).
pub fn register_tokenizers_with(index: &tantivy::Index, handoff: Option<Arc<Handoff>>) {
    let m = index.tokenizers();
    let mut stemmed = Analyzer::builtin(Mode::Stemmed).sharing_exact();
    if let Some(h) = handoff {
        stemmed = stemmed.with_handoff(h);
    }
    m.register(TOKENIZER_STEMMED, ArabicTokenizer::new(stemmed));
    m.register(
        TOKENIZER_EXACT,
        ArabicTokenizer::new(Analyzer::builtin(Mode::Exact).sharing_exact()),
    );
}
