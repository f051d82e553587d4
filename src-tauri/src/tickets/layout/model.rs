//! What layout works with: the blocks a form is made of, and the marks a
//! laid-out page holds (points from the page's top-left corner).

use crate::domain::Barcode;
use crate::tickets::barcode::Sized;
use crate::tickets::fonts::Weight;

/// The size a text block starts at, from the stock's type scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Title,
    Big,
    Body,
    Small,
}

/// What a form is made of, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Text {
        text: String,
        role: Role,
        weight: Weight,
        max_lines: usize,
    },
    /// White on black across the column: the reprint mark.
    Banner(String),
    /// The form's barcode, with its value printed under it.
    Code(Barcode),
    /// Vertical space, in points at full scale.
    Gap(f32),
    /// A thin line across the column.
    Rule,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        white: bool,
        text: String,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Stroke {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A symbol whose first module's top-left corner is at `x`, `y`.
    Code {
        x: f32,
        y: f32,
        code: Sized,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
}
