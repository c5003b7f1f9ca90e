//! Integration tests of the PDF inspection: the real child binary on the
//! corpus, the parent's process handling, and in-process inspection of
//! PDFs built with lopdf.

mod built_pdfs;
mod corpus_malformed;
mod corpus_valid;
mod inspector_process;
mod support;
