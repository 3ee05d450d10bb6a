//! Reading an event log stored as Parquet: only the id, data-type and action columns are
//! read, the row groups on all cores, each in batches of rows. A row group whose three
//! columns are text stored as engines write them (dictionary-encoded or plain) is read as
//! codes (`events_coded`, each distinct value resolved once); any other goes row by row
//! through the same per-event rule as a CSV record (`EventCtx::event`). Either way
//! validation, counts and bits are those of the CSV of the same data. A rejected row is listed by its row group and
//! its row within it ("events.parquet row group 2", row 17), both counted from 1.

use std::path::Path;

use rayon::prelude::*;

use super::event_parse::{event_id_column, EventAcc, EventCtx, RunState, Unit};
use super::loader::{file_name, missing_column};
use crate::import::columnar::{NotCoded, ParquetFile, RowGroupText, TextColumn};
use crate::study::error::StudyError;
use crate::study::Codebook;

/// Reads the Parquet file `path` of the log into `ctx`: one tally per row group.
pub(super) fn parquet_part(
    ctx: &mut EventCtx<'_>,
    cb: &Codebook,
    path: &Path,
) -> Result<Vec<Unit>, StudyError> {
    let file = ParquetFile::open(path)?;
    let spec = &cb.behavior;
    let id_name = event_id_column(cb);
    let col = |name: &str, key: &str| {
        file.column_index(name)
            .ok_or_else(|| missing_column(path, name, key, &file.headers))
    };
    let cols = [
        col(&id_name, "behavior.id (or columns.id)")?,
        col(&spec.data_type, "behavior.data_type")?,
        col(&spec.action, "behavior.action")?,
    ];
    for c in cols {
        file.column_kind(c)?;
    }
    // Every row has every column: no width to check.
    ctx.n_headers = file.headers.len();
    let ctx: &EventCtx<'_> = ctx;
    let name = file_name(path);
    let groups: Vec<Result<EventAcc, StudyError>> = (0..file.num_row_groups())
        .into_par_iter()
        .map(|g| {
            let acc = match ctx.coded_row_group(&file, g, &cols) {
                Ok(acc) => Ok(acc),
                Err(NotCoded) => row_group(ctx, &file, g, &cols),
            };
            if let Ok(a) = &acc {
                crate::progress::add_records(a.rows);
            }
            acc
        })
        .collect();
    let mut units = Vec::with_capacity(groups.len());
    for (g, acc) in groups.into_iter().enumerate() {
        let mut numbered = EventAcc::default();
        numbered.absorb(acc?, &mut 1, &mut 0);
        units.push(Unit {
            name: format!("{name} row group {}", g + 1),
            n_headers: 3,
            acc: numbered,
        });
    }
    Ok(units)
}

/// One row group's events into `ctx`, row by row; rejected rows carry their row within
/// the group.
fn row_group(
    ctx: &EventCtx<'_>,
    file: &ParquetFile,
    group: usize,
    cols: &[usize; 3],
) -> Result<EventAcc, StudyError> {
    let mut reader = RowGroupText::open(file, group, cols)?;
    let mut batch: [TextColumn; 3] = Default::default();
    let mut acc = EventAcc::default();
    let mut st = RunState::default();
    let mut row: u64 = 0;
    loop {
        let n = reader.next_batch(&mut batch)?;
        if n == 0 {
            break;
        }
        for r in 0..n {
            row += 1;
            acc.rows += 1;
            let fields = [
                batch[0].get(r).trim_ascii(),
                batch[1].get(r).trim_ascii(),
                batch[2].get(r).trim_ascii(),
            ];
            let this = row;
            ctx.event(&mut acc, &mut st, fields, || Some(this));
        }
    }
    ctx.end(st);
    Ok(acc)
}

/// Every value of column `name` of the Parquet file `path` (nothing when it has none),
/// in file order.
pub(super) fn parquet_column_values(
    path: &Path,
    name: &str,
    each: &mut dyn FnMut(&[u8]),
) -> Result<(), StudyError> {
    let file = ParquetFile::open(path)?;
    let Some(c) = file.column_index(name) else {
        return Ok(());
    };
    let mut batch: [TextColumn; 1] = Default::default();
    for g in 0..file.num_row_groups() {
        let mut reader = RowGroupText::open(&file, g, &[c])?;
        loop {
            let n = reader.next_batch(&mut batch)?;
            if n == 0 {
                break;
            }
            for r in 0..n {
                each(batch[0].get(r));
            }
        }
    }
    Ok(())
}
