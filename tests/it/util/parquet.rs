//! Writing Parquet files in tests with the `parquet` crate's own writer: every column an
//! optional UTF-8 string (or a 64-bit integer), Snappy-compressed and dictionary-encoded as
//! engines write them, in row groups of a chosen size. An empty CSV field becomes a null.

use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

/// A cell of a column to write.
#[derive(Clone, Debug)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
}

/// Writes `rows` under `header` to `path`, `group_rows` rows per row group. A column whose
/// non-null cells are all [`Cell::Int`] is written as INT64, any other as a string.
pub fn write_parquet(path: &Path, header: &[String], rows: &[Vec<Cell>], group_rows: usize) {
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    write_parquet_with(path, header, rows, group_rows, props);
}

/// [`write_parquet`] with the writer's properties (encodings, page sizes, version) given.
pub fn write_parquet_with(
    path: &Path,
    header: &[String],
    rows: &[Vec<Cell>],
    group_rows: usize,
    props: WriterProperties,
) {
    let ints: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.iter().any(|r| matches!(r[c], Cell::Int(_)))
                && rows
                    .iter()
                    .all(|r| matches!(r[c], Cell::Int(_) | Cell::Null))
        })
        .collect();
    let fields: Vec<String> = header
        .iter()
        .zip(&ints)
        .map(|(h, &int)| {
            if int {
                format!("optional int64 {h};")
            } else {
                format!("optional binary {h} (UTF8);")
            }
        })
        .collect();
    let schema = Arc::new(
        parse_message_type(&format!("message table {{ {} }}", fields.join(" "))).expect("schema"),
    );
    let props = Arc::new(props);
    let file = std::fs::File::create(path).expect("create parquet");
    let mut writer = SerializedFileWriter::new(file, schema, props).expect("writer");
    for chunk in rows.chunks(group_rows.max(1)) {
        let mut group = writer.next_row_group().expect("row group");
        for (c, &int) in ints.iter().enumerate() {
            let mut col = group.next_column().expect("column").expect("a column");
            let defs: Vec<i16> = chunk
                .iter()
                .map(|r| i16::from(!matches!(r[c], Cell::Null)))
                .collect();
            if int {
                let values: Vec<i64> = chunk
                    .iter()
                    .filter_map(|r| match r[c] {
                        Cell::Int(v) => Some(v),
                        _ => None,
                    })
                    .collect();
                col.typed::<Int64Type>()
                    .write_batch(&values, Some(&defs), None)
                    .expect("write");
            } else {
                let values: Vec<ByteArray> = chunk
                    .iter()
                    .filter_map(|r| match &r[c] {
                        Cell::Text(s) => Some(ByteArray::from(s.as_str())),
                        Cell::Int(v) => Some(ByteArray::from(v.to_string().as_str())),
                        Cell::Null => None,
                    })
                    .collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&values, Some(&defs), None)
                    .expect("write");
            }
            col.close().expect("close column");
        }
        group.close().expect("close row group");
    }
    writer.close().expect("close file");
}

/// The CSV file `csv_path` as Parquet at `out` (empty fields as nulls, every column text).
pub fn csv_to_parquet(csv_path: &Path, out: &Path, group_rows: usize) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(csv_path)
        .expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<Vec<Cell>> = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            (0..header.len())
                .map(|c| match r.get(c) {
                    None | Some("") => Cell::Null,
                    Some(s) => Cell::Text(s.to_string()),
                })
                .collect()
        })
        .collect();
    write_parquet(out, &header, &rows, group_rows);
}

/// A Parquet file with no rows whose schema is `fields` (Parquet's message syntax), for
/// columns the writer above does not make: timestamps, dates, lists.
pub fn write_schema_only(path: &Path, fields: &str) {
    let schema =
        Arc::new(parse_message_type(&format!("message table {{ {fields} }}")).expect("schema"));
    let file = std::fs::File::create(path).expect("create parquet");
    let writer = SerializedFileWriter::new(file, schema, Arc::new(WriterProperties::default()))
        .expect("writer");
    writer.close().expect("close file");
}
