//! Building blocks shared by both forms: captioned boxes, party blocks and the goods table.

use crate::RenderError;
use crate::canvas::{Canvas, TextStyle, wrap};
use crate::model::Party;
use crate::transliterate::to_page_text;
use crate::winansi::{Font, is_win_ansi};

/// Font size of box captions such as "1. Exporter".
const CAPTION_SIZE: f32 = 6.5;

/// Space from a box's top edge to the first baseline of its content, below the caption.
const CONTENT_OFFSET: f32 = 19.0;

/// Inner padding between a box's edges and its text.
const PADDING: f32 = 5.0;

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.22;

/// A run of text that wraps inside a box.
pub(crate) struct Paragraph {
    pub(crate) font: Font,
    pub(crate) size: f32,
    pub(crate) text: String,
}

impl Paragraph {
    pub(crate) fn new(font: Font, size: f32, text: impl Into<String>) -> Self {
        Self {
            font,
            size,
            text: text.into(),
        }
    }
}

/// Rectangle given by its top left corner and size, in points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub(crate) x: f32,
    pub(crate) top: f32,
    pub(crate) width: f32,
    pub(crate) height: f32,
}

impl Frame {
    pub(crate) const fn new(x: f32, top: f32, width: f32, height: f32) -> Self {
        Self {
            x,
            top,
            width,
            height,
        }
    }
}

/// Draws a box with `caption` in small type at its top left corner.
pub(crate) fn captioned_box(canvas: &mut Canvas, frame: Frame, caption: &str) {
    canvas.stroke_rect(frame.x, frame.top, frame.width, frame.height);
    canvas.text(
        frame.x + PADDING,
        frame.top - 9.0,
        TextStyle::regular(CAPTION_SIZE),
        caption,
    );
}

/// Draws a captioned box and wraps `paragraphs` inside it.
///
/// Fails with [`RenderError::TextOverflow`] naming `field` when the text needs more height
/// than the box has.
pub(crate) fn text_box(
    canvas: &mut Canvas,
    frame: Frame,
    caption: &str,
    field: &str,
    paragraphs: &[Paragraph],
) -> Result<(), RenderError> {
    captioned_box(canvas, frame, caption);

    let inner_width = frame.width - 2.0 * PADDING;
    let mut lines = Vec::new();
    for paragraph in paragraphs {
        for line in wrap(&paragraph.text, paragraph.font, paragraph.size, inner_width) {
            lines.push((paragraph.font, paragraph.size, line));
        }
    }

    let bottom = frame.top - frame.height + PADDING;
    let mut baseline = frame.top - CONTENT_OFFSET;
    for (index, (font, size, line)) in lines.iter().enumerate() {
        if baseline < bottom {
            return Err(RenderError::TextOverflow {
                field: field.to_owned(),
                lines: lines.len(),
                max_lines: index,
            });
        }
        canvas.text(
            frame.x + PADDING,
            baseline,
            TextStyle::new(*font, *size),
            line,
        );
        baseline -= size * LEADING;
    }
    Ok(())
}

/// Checks that `text` fits on one line of `max_width` points in `style`.
///
/// Fails with [`RenderError::TextOverflow`] naming `field` when it does not.
pub(crate) fn single_line(
    field: &str,
    text: &str,
    style: TextStyle,
    max_width: f32,
) -> Result<(), RenderError> {
    let lines = wrap(text, style.font, style.size, max_width).len();
    if lines > 1 {
        return Err(RenderError::TextOverflow {
            field: field.to_owned(),
            lines,
            max_lines: 1,
        });
    }
    Ok(())
}

/// Paragraphs describing a party: Latin name, native name, address, country and registration.
///
/// A native name that WinAnsiEncoding cannot show is printed transliterated and marked so.
pub(crate) fn party_paragraphs(party: &Party) -> Vec<Paragraph> {
    let mut paragraphs = vec![Paragraph::new(Font::Bold, 9.5, party.name.as_str())];

    if let Some(native) = &party.name_native {
        let native_text = if is_win_ansi(native) {
            native.clone()
        } else {
            format!("{} (transliterated)", to_page_text(native))
        };
        paragraphs.push(Paragraph::new(Font::Regular, 8.5, native_text));
    }

    paragraphs.push(Paragraph::new(Font::Regular, 8.5, party.address.as_str()));
    paragraphs.push(Paragraph::new(
        Font::Regular,
        8.5,
        country_label(&party.country),
    ));
    paragraphs.push(Paragraph::new(
        Font::Regular,
        8.5,
        party.registration.as_str(),
    ));
    paragraphs
}

/// English short name and code of a country, such as `Pakistan (PK)`, or only the code when
/// the country is not one this crate names.
pub(crate) fn country_label(code: &str) -> String {
    let name = match code {
        "AE" => "United Arab Emirates",
        "AZ" => "Azerbaijan",
        "CN" => "China",
        "GE" => "Georgia",
        "IR" => "Iran",
        "KZ" => "Kazakhstan",
        "PK" => "Pakistan",
        "RU" => "Russian Federation",
        "TM" => "Turkmenistan",
        "TR" => "Turkiye",
        "UZ" => "Uzbekistan",
        _ => return code.to_owned(),
    };
    format!("{name} ({code})")
}

/// Draws the red notice that marks a page as sample data, centred above the form.
pub(crate) fn sample_banner(canvas: &mut Canvas, center_x: f32, baseline: f32) {
    canvas.colored_text(
        center_x,
        baseline,
        TextStyle::bold(9.0).centered(),
        (0.75, 0.0, 0.0),
        "SAMPLE - NOT A REAL DOCUMENT - generated by tradeseal for demonstrations and tests",
    );
}

/// Draws a signature line at `baseline` with `label` in small type below it.
pub(crate) fn signature_line(canvas: &mut Canvas, x: f32, width: f32, baseline: f32, label: &str) {
    canvas.line((x, baseline), (x + width, baseline), 0.5);
    canvas.text(
        x + width / 2.0,
        baseline - 9.0,
        TextStyle::regular(CAPTION_SIZE).centered(),
        label,
    );
}

/// Formats a party as `Name (native name), CC` for the information dictionary.
pub(crate) fn party_summary(party: &Party) -> String {
    match &party.name_native {
        Some(native) => format!("{} ({native}), {}", party.name, party.country),
        None => format!("{}, {}", party.name, party.country),
    }
}

/// Returns the native name when present, else the Latin name.
pub(crate) fn native_or_latin(party: &Party) -> &str {
    party.name_native.as_deref().unwrap_or(&party.name)
}
