//! One survey row on its way in: what each used column is for ([`Role`]), the parsed value
//! of one cell ([`Parsed`]), and a field of a raw record as text.

use crate::import::source::Fields;
use crate::study::Code;

/// What a survey column is used for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Role {
    Id,
    BirthYear,
    Age,
    Weight,
    Group(usize),
    CohortColumn,
    Item(usize, usize),
    Stated(usize),
    Tactic(usize),
    Behavior(usize),
    Duration,
    Attention(usize),
}

/// One parsed value of a row, held until the row is known to be valid.
#[derive(Debug, Clone, Copy)]
pub(super) enum Parsed {
    Code(Code),
    Number(Option<f64>),
    Level(Option<u32>),
    Shared(Option<bool>),
    /// Attention check: the expected answer was given (`None`: no answer).
    Pass(Option<bool>),
}

/// Field `i` of a record as text (empty when the record is shorter).
pub(super) fn field_str(record: &impl Fields, i: usize) -> std::borrow::Cow<'_, str> {
    let bytes = record.get(i).unwrap_or(b"");
    // Valid UTF-8 (nearly always) is checked by the vectorised `from_utf8`; only invalid
    // bytes take the slower lossy path.
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}
