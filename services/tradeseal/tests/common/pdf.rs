//! Small, valid, distinct PDFs built in the test, for cases that need many different files or
//! a file of a given size.

/// A one-page PDF 1.4 whose content stream carries `tag` and enough comment lines to make the
/// file at least `min_size` bytes long. Different tags give different bytes.
///
/// The content stream is never decoded by the inspector, so padding it keeps the file valid at
/// any size.
pub fn document(tag: &str, min_size: usize) -> Vec<u8> {
    let mut content = format!("% {tag}\nBT /F1 12 Tf 72 720 Td ({tag}) Tj ET\n");
    let line = format!("% {}\n", "x".repeat(78));
    // 400 bytes covers the header, the page objects, the xref table and the trailer.
    while content.len() + 400 < min_size {
        content.push_str(&line);
    }

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];

    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }

    let xref_at = out.len();
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        xref.push_str(&format!("{offset:010} 00000 n \n"));
    }
    xref.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    ));
    out.extend_from_slice(xref.as_bytes());
    out
}
