//! Drawing primitives that build a page's content stream: lines, boxes and text.
//!
//! Coordinates are PDF points (1/72 inch) with the origin at the bottom left of the page. All
//! text goes through [`to_page_text`] and is encoded in WinAnsiEncoding, so any Unicode input
//! draws without error.

use lopdf::content::{Content, Operation};
use lopdf::{Object, StringFormat};

use crate::transliterate::to_page_text;
use crate::winansi::{self, Font, text_width};

/// Width of an A4 page in points (210 mm).
pub(crate) const PAGE_WIDTH: f32 = 595.28;

/// Height of an A4 page in points (297 mm).
pub(crate) const PAGE_HEIGHT: f32 = 841.89;

/// Horizontal alignment of a text within its anchor point or column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// Font, size in points and alignment of a line of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub(crate) font: Font,
    pub(crate) size: f32,
    pub(crate) align: Align,
}

impl TextStyle {
    /// Left-aligned text in `font` at `size` points.
    pub(crate) const fn new(font: Font, size: f32) -> Self {
        Self {
            font,
            size,
            align: Align::Left,
        }
    }

    /// Left-aligned Helvetica at `size` points.
    pub(crate) const fn regular(size: f32) -> Self {
        Self::new(Font::Regular, size)
    }

    /// Left-aligned Helvetica-Bold at `size` points.
    pub(crate) const fn bold(size: f32) -> Self {
        Self::new(Font::Bold, size)
    }

    /// Returns the style with its alignment replaced by `align`.
    pub(crate) const fn aligned(self, align: Align) -> Self {
        Self { align, ..self }
    }

    /// Returns the style centred on its anchor point.
    pub(crate) const fn centered(self) -> Self {
        self.aligned(Align::Center)
    }

    /// Returns the style ending at its anchor point.
    pub(crate) const fn right_aligned(self) -> Self {
        self.aligned(Align::Right)
    }
}

/// An RGB colour with components from 0 to 1.
pub(crate) type Rgb = (f32, f32, f32);

/// Black, the colour of all form text.
pub(crate) const BLACK: Rgb = (0.0, 0.0, 0.0);

/// The accumulated drawing operations of one page.
pub(crate) struct Canvas {
    operations: Vec<Operation>,
}

impl Canvas {
    pub(crate) fn new() -> Self {
        Self {
            operations: Vec::new(),
        }
    }

    fn push(&mut self, operator: &str, operands: Vec<Object>) {
        self.operations.push(Operation::new(operator, operands));
    }

    /// Strokes the outline of a rectangle whose top left corner is at (`x`, `top`).
    pub(crate) fn stroke_rect(&mut self, x: f32, top: f32, width: f32, height: f32) {
        self.push("w", vec![num(0.8)]);
        self.push(
            "re",
            vec![num(x), num(top - height), num(width), num(height)],
        );
        self.push("S", vec![]);
    }

    /// Fills a rectangle whose top left corner is at (`x`, `top`) with a grey level (0 black).
    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32, grey: f32) {
        self.push("q", vec![]);
        self.push("g", vec![num(grey)]);
        self.push(
            "re",
            vec![num(x), num(top - height), num(width), num(height)],
        );
        self.push("f", vec![]);
        self.push("Q", vec![]);
    }

    /// Strokes a straight line `width` points thick.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.push("w", vec![num(width)]);
        self.push("m", vec![num(from.0), num(from.1)]);
        self.push("l", vec![num(to.0), num(to.1)]);
        self.push("S", vec![]);
    }

    /// Strokes a dashed circle of `radius` points around (`cx`, `cy`), the place of a stamp.
    pub(crate) fn dashed_circle(&mut self, cx: f32, cy: f32, radius: f32) {
        // Four cubic Bezier arcs. With this control distance each stays within about 0.03 % of
        // the true radius.
        let k = 0.552_284_8 * radius;
        self.push("q", vec![]);
        self.push("w", vec![num(0.6)]);
        self.push("d", vec![vec![num(3.0), num(2.0)].into(), 0.into()]);
        self.push("m", vec![num(cx + radius), num(cy)]);
        let arcs = [
            [cx + radius, cy + k, cx + k, cy + radius, cx, cy + radius],
            [cx - k, cy + radius, cx - radius, cy + k, cx - radius, cy],
            [cx - radius, cy - k, cx - k, cy - radius, cx, cy - radius],
            [cx + k, cy - radius, cx + radius, cy - k, cx + radius, cy],
        ];
        for arc in arcs {
            self.push("c", arc.iter().map(|&v| num(v)).collect());
        }
        self.push("S", vec![]);
        self.push("Q", vec![]);
    }

    /// Draws one line of text with its baseline at `y`, aligned at `x` as `style` sets.
    pub(crate) fn text(&mut self, x: f32, y: f32, style: TextStyle, text: &str) {
        self.colored_text(x, y, style, BLACK, text);
    }

    /// Draws one line of text in colour `rgb`.
    pub(crate) fn colored_text(&mut self, x: f32, y: f32, style: TextStyle, rgb: Rgb, text: &str) {
        let TextStyle { font, size, align } = style;
        let page_text = to_page_text(text);
        let width = text_width(&page_text, font, size);
        let start = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };

        self.push("BT", vec![]);
        self.push("rg", vec![num(rgb.0), num(rgb.1), num(rgb.2)]);
        self.push(
            "Tf",
            vec![Object::Name(font.resource_name().into()), num(size)],
        );
        self.push("Td", vec![num(start), num(y)]);
        self.push("Tj", vec![string(&page_text)]);
        self.push("ET", vec![]);
    }

    /// Draws `text` turned counter-clockwise by `degrees` around (`x`, `y`), in pale red.
    pub(crate) fn watermark(&mut self, x: f32, y: f32, size: f32, degrees: f32, text: &str) {
        let page_text = to_page_text(text);
        let half_width = text_width(&page_text, Font::Bold, size) / 2.0;
        let (sin, cos) = degrees.to_radians().sin_cos();
        // Start half the text's width back along the baseline, so the text centres on (x, y).
        let start = (x - half_width * cos, y - half_width * sin);

        self.push("q", vec![]);
        self.push("BT", vec![]);
        self.push("rg", vec![num(0.93), num(0.86), num(0.86)]);
        self.push(
            "Tf",
            vec![Object::Name(Font::Bold.resource_name().into()), num(size)],
        );
        let matrix = [cos, sin, -sin, cos, start.0, start.1];
        self.push("Tm", matrix.iter().map(|&v| num(v)).collect());
        self.push("Tj", vec![string(&page_text)]);
        self.push("ET", vec![]);
        self.push("Q", vec![]);
    }

    /// Encodes the operations as content stream bytes.
    pub(crate) fn finish(self) -> Result<Vec<u8>, lopdf::Error> {
        Content {
            operations: self.operations,
        }
        .encode()
    }
}

/// Rounds a number operand to 1/100 point, which keeps the content stream short.
fn num(value: f32) -> Object {
    Object::Real((value * 100.0).round() / 100.0)
}

/// Encodes page text as a WinAnsiEncoding literal string operand.
fn string(page_text: &str) -> Object {
    Object::String(winansi::encode(page_text), StringFormat::Literal)
}

/// Breaks `text` into lines no wider than `width` points, breaking at spaces where possible
/// and inside a word only when the word alone is too wide.
pub(crate) fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let page_text = to_page_text(text);
    let fits = |line: &str| text_width(line, font, size) <= width;
    let mut lines = Vec::new();
    let mut current = String::new();

    for word in page_text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if fits(&candidate) {
            current = candidate;
            continue;
        }

        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        for c in word.chars() {
            current.push(c);
            if !fits(&current) && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::replace(&mut current, c.to_string()));
            }
        }
    }

    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces() {
        let lines = wrap(
            "Plot 23, Sector 7-A, Korangi Industrial Area",
            Font::Regular,
            10.0,
            100.0,
        );
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(
                text_width(line, Font::Regular, 10.0) <= 100.0,
                "{line:?} is too wide"
            );
        }
        assert_eq!(
            lines.join(" "),
            "Plot 23, Sector 7-A, Korangi Industrial Area"
        );
    }

    #[test]
    fn wrap_splits_overlong_word() {
        let lines = wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ", Font::Bold, 10.0, 50.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }

    #[test]
    fn wrap_of_blank_text_is_empty() {
        assert!(wrap("   ", Font::Regular, 9.0, 100.0).is_empty());
    }
}
