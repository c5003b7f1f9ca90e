//! The goods table of both forms: a shaded header, wrapped cells and an optional footer row.

use crate::RenderError;
use crate::canvas::{Align, Canvas, TextStyle, wrap};
use crate::form::Frame;
use crate::winansi::Font;

/// Font size of cell text.
const CELL_SIZE: f32 = 8.0;

/// Font size of column headings.
const HEADER_SIZE: f32 = 7.0;

/// Height of the header row, enough for two lines of headings.
const HEADER_HEIGHT: f32 = 24.0;

/// Horizontal padding inside a cell.
const CELL_PADDING: f32 = 4.0;

/// Distance between baselines inside a cell.
const CELL_LEADING: f32 = 10.0;

/// Vertical space above the first and below the last line of a row.
const ROW_PADDING: f32 = 4.0;

/// A column: heading, width in points and alignment of its cells.
pub(crate) struct Column<'a> {
    pub(crate) heading: &'a str,
    pub(crate) width: f32,
    pub(crate) align: Align,
}

/// A goods table that fills `frame`, with rows from the top and the footer at the bottom.
pub(crate) struct Table<'a> {
    pub(crate) frame: Frame,
    pub(crate) columns: &'a [Column<'a>],
}

impl Table<'_> {
    /// Draws the table with `rows` of cell texts and an optional bold `footer` row.
    ///
    /// Fails with [`RenderError::ItemsOverflow`] when the rows need more height than the
    /// frame leaves below the header and above the footer.
    pub(crate) fn draw(
        &self,
        canvas: &mut Canvas,
        rows: &[Vec<String>],
        footer: Option<&[String]>,
    ) -> Result<(), RenderError> {
        let wrapped: Vec<Vec<Vec<String>>> = rows.iter().map(|row| self.wrap_row(row)).collect();
        let heights: Vec<f32> = wrapped.iter().map(|cells| row_height(cells)).collect();
        let footer_height = if footer.is_some() {
            row_height(&[])
        } else {
            0.0
        };
        let available = self.frame.height - HEADER_HEIGHT - footer_height;
        let needed: f32 = heights.iter().sum();
        if needed > available {
            return Err(RenderError::ItemsOverflow {
                count: rows.len(),
                needed_pt: needed,
                available_pt: available,
            });
        }

        self.draw_grid(canvas);
        let mut top = self.frame.top - HEADER_HEIGHT;
        for (cells, height) in wrapped.iter().zip(&heights) {
            self.draw_cells(canvas, top, cells, Font::Regular);
            top -= height;
            let left = self.frame.x;
            canvas.line((left, top), (left + self.frame.width, top), 0.3);
        }

        if let Some(footer) = footer {
            let footer_top = self.frame.top - self.frame.height + footer_height;
            let right = self.frame.x + self.frame.width;
            canvas.line((self.frame.x, footer_top), (right, footer_top), 0.8);
            let cells: Vec<Vec<String>> = footer.iter().map(|text| vec![text.clone()]).collect();
            self.draw_cells(canvas, footer_top, &cells, Font::Bold);
        }
        Ok(())
    }

    /// Draws the outline, the shaded header with its headings and the column rules.
    fn draw_grid(&self, canvas: &mut Canvas) {
        let Frame {
            x,
            top,
            width,
            height,
        } = self.frame;
        canvas.fill_rect(x, top, width, HEADER_HEIGHT, 0.88);
        canvas.stroke_rect(x, top, width, height);
        canvas.line(
            (x, top - HEADER_HEIGHT),
            (x + width, top - HEADER_HEIGHT),
            0.8,
        );

        let mut left = x;
        for (index, column) in self.columns.iter().enumerate() {
            let lines = wrap(column.heading, Font::Bold, HEADER_SIZE, column.width - 4.0);
            let mut baseline = top - 10.0;
            for line in lines.iter().take(2) {
                let center = left + column.width / 2.0;
                canvas.text(
                    center,
                    baseline,
                    TextStyle::bold(HEADER_SIZE).centered(),
                    line,
                );
                baseline -= 8.5;
            }
            left += column.width;
            if index + 1 < self.columns.len() {
                canvas.line((left, top), (left, top - height), 0.5);
            }
        }
    }

    /// Wraps each cell of `row` to its column's width.
    fn wrap_row(&self, row: &[String]) -> Vec<Vec<String>> {
        self.columns
            .iter()
            .zip(row)
            .map(|(column, text)| {
                wrap(
                    text,
                    Font::Regular,
                    CELL_SIZE,
                    column.width - 2.0 * CELL_PADDING,
                )
            })
            .collect()
    }

    /// Draws the wrapped `cells` of one row whose top edge is at `top`.
    fn draw_cells(&self, canvas: &mut Canvas, top: f32, cells: &[Vec<String>], font: Font) {
        let mut left = self.frame.x;
        for (column, lines) in self.columns.iter().zip(cells) {
            let anchor = match column.align {
                Align::Left => left + CELL_PADDING,
                Align::Center => left + column.width / 2.0,
                Align::Right => left + column.width - CELL_PADDING,
            };
            let mut baseline = top - ROW_PADDING - CELL_SIZE;
            for line in lines {
                canvas.text(
                    anchor,
                    baseline,
                    TextStyle::new(font, CELL_SIZE).aligned(column.align),
                    line,
                );
                baseline -= CELL_LEADING;
            }
            left += column.width;
        }
    }
}

/// Returns the height of a row, set by its cell with the most lines. An empty row is one
/// line high.
fn row_height(cells: &[Vec<String>]) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    lines as f32 * CELL_LEADING + 2.0 * ROW_PADDING
}
