//! Where a behaviour table or an event log given by path is: one file (`.csv`, `.tsv`,
//! `.parquet`), or a folder of part files as engines write a table — Spark's (and
//! pyarrow's) `part-*.parquet` or `part-*.csv`, or DuckDB's `data_0.parquet`,
//! `data_1.parquet` … (compressed parts are not read), in name order (numbers by value),
//! beside the `_SUCCESS`, `.crc` and other bookkeeping files they leave, which are skipped.
//! A folder with no part file, with parts of both formats or of both namings, is a file
//! error naming it.

use std::path::{Path, PathBuf};

use crate::study::error::StudyError;

/// The format of a table's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Delimited,
    Parquet,
}

/// The files of a table given by `path`, and their format.
pub fn table_files(path: &Path) -> Result<(Vec<PathBuf>, TableFormat), StudyError> {
    if !path.is_dir() {
        let format = if crate::import::columnar::is_parquet(path) {
            TableFormat::Parquet
        } else {
            TableFormat::Delimited
        };
        return Ok((vec![path.to_path_buf()], format));
    }
    let err = |message: String| StudyError::Io {
        path: path.to_path_buf(),
        message,
    };
    let entries = std::fs::read_dir(path).map_err(|e| err(e.to_string()))?;
    let (mut parquet, mut csv) = (Vec::new(), Vec::new());
    for entry in entries {
        let entry = entry.map_err(|e| err(e.to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if PartNaming::of(&name).is_none() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".parquet") {
            parquet.push(entry.path());
        } else if lower.ends_with(".csv") || lower.ends_with(".tsv") {
            csv.push(entry.path());
        }
    }
    let mut files = match (parquet.is_empty(), csv.is_empty()) {
        (false, true) => (parquet, TableFormat::Parquet),
        (true, false) => (csv, TableFormat::Delimited),
        (true, true) => {
            return Err(err(
                "is a folder without part files (part-*.parquet or part-*.csv as Spark writes a table, or data_0.parquet … as DuckDB does); give the file itself, or the folder the engine wrote".into(),
            ))
        }
        (false, false) => {
            return Err(err(format!(
                "holds both Parquet and CSV part files ({} and {}); which are the table cannot be known — keep one format in the folder",
                file_name(&parquet[0]),
                file_name(&csv[0])
            )))
        }
    };
    let namings: Vec<PartNaming> = files
        .0
        .iter()
        .filter_map(|f| PartNaming::of(&file_name(f)))
        .collect();
    if let Some(other) = namings.iter().position(|&n| n != namings[0]) {
        return Err(err(format!(
            "holds part files of two tables ({} and {}, named as two different engines name them); keep one table in the folder",
            file_name(&files.0[0]),
            file_name(&files.0[other])
        )));
    }
    // By the part's number, by value: DuckDB's data_10 (and pyarrow's part-10) comes after
    // data_9; Spark pads its numbers.
    files.0.sort_by_key(|f| {
        let name = file_name(f);
        (part_number(&name), name)
    });
    Ok(files)
}

/// The first run of digits in `name` as (digits without leading zeros, by length then
/// text): compares as the number, however long.
fn part_number(name: &str) -> (usize, String) {
    let digits: String = name
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let value = digits.trim_start_matches('0').to_string();
    (value.len(), value)
}

/// How an engine names the files of one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartNaming {
    /// `part-00000-….parquet` (Spark, pyarrow, Polars).
    Part,
    /// `data_0.parquet` (DuckDB's per-thread output).
    DuckDb,
}

impl PartNaming {
    /// The naming of the file `name`, if it is a part file.
    pub fn of(name: &str) -> Option<PartNaming> {
        if name.starts_with("part-") {
            return Some(PartNaming::Part);
        }
        let (number, _extension) = name.strip_prefix("data_")?.split_once('.')?;
        (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
            .then_some(PartNaming::DuckDb)
    }

    /// A glob matching the part files of this naming with extension `ext`.
    pub fn glob(self, ext: &str) -> String {
        match self {
            PartNaming::Part => format!("part-*.{ext}"),
            PartNaming::DuckDb => format!("data_*.{ext}"),
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_folders_list_their_parts_in_order_and_refuse_mixtures() {
        let d = tempfile::tempdir().unwrap();
        assert!(table_files(d.path()).is_err());
        for f in [
            "part-00001-x.snappy.parquet",
            "part-00000-x.snappy.parquet",
            "_SUCCESS",
        ] {
            std::fs::write(d.path().join(f), b"").unwrap();
        }
        std::fs::write(d.path().join(".part-00000-x.snappy.parquet.crc"), b"").unwrap();
        let (files, format) = table_files(d.path()).unwrap();
        assert_eq!(format, TableFormat::Parquet);
        let names: Vec<_> = files.iter().map(|f| file_name(f)).collect();
        assert_eq!(
            names,
            ["part-00000-x.snappy.parquet", "part-00001-x.snappy.parquet"]
        );
        std::fs::write(d.path().join("part-00002-x.csv"), b"").unwrap();
        let e = table_files(d.path()).unwrap_err().to_string();
        assert!(e.contains("both Parquet and CSV"), "{e}");
    }

    #[test]
    fn duckdb_folders_are_read_in_number_order_and_not_mixed_with_spark_parts() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "data_10.parquet",
            "data_9.parquet",
            "data_0.parquet",
            "data.parquet",
            "data_x.parquet",
        ] {
            std::fs::write(d.path().join(f), b"").unwrap();
        }
        let (files, format) = table_files(d.path()).unwrap();
        assert_eq!(format, TableFormat::Parquet);
        let names: Vec<_> = files.iter().map(|f| file_name(f)).collect();
        assert_eq!(
            names,
            ["data_0.parquet", "data_9.parquet", "data_10.parquet"]
        );
        std::fs::write(d.path().join("part-00000-x.parquet"), b"").unwrap();
        let e = table_files(d.path()).unwrap_err().to_string();
        assert!(e.contains("two tables"), "{e}");
        // Spark's parts with other compressions (other name lengths) stay in number order.
        let spark = tempfile::tempdir().unwrap();
        for f in ["part-00001-a.snappy.parquet", "part-00000-a.zstd.parquet"] {
            std::fs::write(spark.path().join(f), b"").unwrap();
        }
        let (files, _) = table_files(spark.path()).unwrap();
        let names: Vec<_> = files.iter().map(|f| file_name(f)).collect();
        assert_eq!(
            names,
            ["part-00000-a.zstd.parquet", "part-00001-a.snappy.parquet"]
        );
        assert_eq!(PartNaming::of("data_3.csv"), Some(PartNaming::DuckDb));
        assert_eq!(PartNaming::of("data_.parquet"), None);
        assert_eq!(PartNaming::of("data_12"), None);
    }
}
