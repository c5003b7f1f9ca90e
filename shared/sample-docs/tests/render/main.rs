//! Integration tests of the rendered PDFs, read back with lopdf and with poppler's pdftotext.

mod certificate;
mod demo_files;
mod invoice;
mod support;
