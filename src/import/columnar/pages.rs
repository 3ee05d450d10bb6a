//! Reading one text column of a row group as codes instead of values: a dictionary-encoded
//! column (as engines write columns of few distinct values: ids, types, actions) gives per
//! row the index of its entry in the column's dictionary, so a reader resolves each entry
//! once and each row is an integer lookup; no value is copied. Values stored plain (a
//! dictionary that overflowed, or none) are copied into the batch, a code apart. Pages are
//! decoded here, their levels and indices in the RLE / bit-packed hybrid of the format.
//! An encoding this reader does not decode (delta encodings, bit-packed levels), and any
//! damage it meets, is [`NotCoded`]: the caller reads that row group the general way
//! instead, which reads what it can and words the error of a damaged file.

use bytes::Bytes;
use parquet::basic::Encoding;
use parquet::column::page::{Page, PageReader};
use parquet::file::reader::FileReader;

use super::file::{guarded, ParquetFile};

/// The code of a null.
pub const NULL_CODE: u32 = u32::MAX;
/// The bit marking the code of a plain value (its index among the batch's plain values).
pub const PLAIN_CODE: u32 = 1 << 31;

/// A column this reader does not read as codes: an encoding or layout not decoded here,
/// or damage (which the general reader then words).
#[derive(Debug, PartialEq)]
pub struct NotCoded;

/// `NotCoded` for damage of the kind `_what` (the general reader says what it is).
fn corrupt<T>(_what: &str) -> Result<T, NotCoded> {
    Err(NotCoded)
}

/// One column's rows of a batch as codes: an index into the chunk's dictionary,
/// [`NULL_CODE`], or [`PLAIN_CODE`] plus the index of a value copied into the batch.
#[derive(Default)]
pub struct CodedBatch {
    pub codes: Vec<u32>,
    plain: Vec<u8>,
    plain_ends: Vec<usize>,
}

impl CodedBatch {
    /// The plain value of `code` (which has [`PLAIN_CODE`] set).
    #[inline]
    pub fn plain(&self, code: u32) -> &[u8] {
        let k = (code & !PLAIN_CODE) as usize;
        let start = if k == 0 { 0 } else { self.plain_ends[k - 1] };
        &self.plain[start..self.plain_ends[k]]
    }

    fn clear(&mut self) {
        self.codes.clear();
        self.plain.clear();
        self.plain_ends.clear();
    }
}

/// A text column of one row group, read as codes.
pub struct CodedColumn {
    path: std::path::PathBuf,
    pages: Box<dyn PageReader>,
    nullable: bool,
    dict: Bytes,
    /// (start, end) of each dictionary entry in `dict`.
    entries: Vec<(u32, u32)>,
    page: Option<DataPage>,
    levels: Vec<u32>,
}

/// The data page being read.
struct DataPage {
    /// Rows (levels) left in the page.
    rows: usize,
    levels: Option<Hybrid>,
    /// The levels of the rows being read were one run of "present" (not decoded).
    levels_all_present: bool,
    values: Values,
}

enum Values {
    Dict(Hybrid),
    Plain { buf: Bytes, pos: usize },
}

impl CodedColumn {
    /// The page reader of column `c` in row group `group`; `Unsupported` unless it holds
    /// text at the top level (no repetition, at most one level of nulls).
    pub fn open(file: &ParquetFile, group: usize, c: usize) -> Result<CodedColumn, NotCoded> {
        let rg =
            guarded(&file.path, || file.reader().get_row_group(group)).map_err(|_| NotCoded)?;
        let descr = rg.metadata().column(c).column_descr_ptr();
        if descr.physical_type() != parquet::basic::Type::BYTE_ARRAY
            || descr.max_rep_level() != 0
            || descr.max_def_level() > 1
        {
            return Err(NotCoded);
        }
        let pages = guarded(&file.path, || rg.get_column_page_reader(c)).map_err(|_| NotCoded)?;
        Ok(CodedColumn {
            path: file.path.clone(),
            pages,
            nullable: descr.max_def_level() == 1,
            dict: Bytes::new(),
            entries: Vec::new(),
            page: None,
            levels: Vec::new(),
        })
    }

    /// The number of entries of the column's dictionary (so far: it comes first).
    pub fn dict_len(&self) -> usize {
        self.entries.len()
    }

    /// Dictionary entry `i` (< [`CodedColumn::dict_len`]).
    #[inline]
    pub fn entry(&self, i: u32) -> &[u8] {
        let (s, e) = self.entries[i as usize];
        &self.dict[s as usize..e as usize]
    }

    /// Reads the next `want` rows into `out` (fewer at the end of the column chunk).
    pub fn next_batch(&mut self, want: usize, out: &mut CodedBatch) -> Result<usize, NotCoded> {
        out.clear();
        while out.codes.len() < want {
            let page = match &mut self.page {
                Some(p) if p.rows > 0 => p,
                _ => {
                    if !self.next_page()? {
                        break;
                    }
                    continue;
                }
            };
            let n = page.rows.min(want - out.codes.len());
            page.rows -= n;
            // A column without nulls: a run of "present" covering the rows.
            let all_present = page.levels.as_mut().is_some_and(|l| l.take_run(1, n));
            page.levels_all_present = all_present;
            let present = match &mut page.levels {
                Some(levels) if !all_present => {
                    self.levels.clear();
                    levels.next_into(n, &mut self.levels)?;
                    self.levels.iter().filter(|&&l| l == 1).count()
                }
                _ => n,
            };
            let start = out.codes.len();
            match &mut page.values {
                Values::Dict(h) => {
                    h.next_into(present, &mut out.codes)?;
                    let len = self.entries.len() as u32;
                    if out.codes[start..].iter().any(|&c| c >= len) {
                        return corrupt("a dictionary index beyond the dictionary");
                    }
                }
                Values::Plain { buf, pos } => {
                    for _ in 0..present {
                        let (s, e) = plain_value(buf, pos)?;
                        out.plain.extend_from_slice(&buf[s..e]);
                        out.plain_ends.push(out.plain.len());
                        let k = out.plain_ends.len() - 1;
                        if k >= PLAIN_CODE as usize {
                            return Err(NotCoded);
                        }
                        out.codes.push(PLAIN_CODE | k as u32);
                    }
                }
            }
            if page.levels.is_some() && !page.levels_all_present && present < n {
                // Spread the values over the rows: nulls where the level says so.
                out.codes.resize(start + n, NULL_CODE);
                let mut v = start + present;
                for r in (start..start + n).rev() {
                    if self.levels[r - start] == 1 {
                        v -= 1;
                        out.codes[r] = out.codes[v];
                    } else {
                        out.codes[r] = NULL_CODE;
                    }
                }
            }
        }
        Ok(out.codes.len())
    }

    /// Reads the next page: a dictionary is kept, a data page set up. False at the end.
    fn next_page(&mut self) -> Result<bool, NotCoded> {
        let pages = &mut self.pages;
        let page = match guarded(&self.path, || pages.get_next_page()) {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(false),
            Err(_) => return Err(NotCoded),
        };
        match page {
            Page::DictionaryPage {
                buf,
                num_values,
                encoding,
                ..
            } => {
                if !matches!(encoding, Encoding::PLAIN | Encoding::PLAIN_DICTIONARY)
                    || !self.entries.is_empty()
                {
                    return Err(NotCoded);
                }
                let mut pos = 0;
                for _ in 0..num_values {
                    let (s, e) = plain_value(&buf, &mut pos)?;
                    self.entries.push((s as u32, e as u32));
                }
                if buf.len() > u32::MAX as usize {
                    return Err(NotCoded);
                }
                self.dict = buf;
                self.page = None;
            }
            Page::DataPage {
                buf,
                num_values,
                encoding,
                def_level_encoding,
                ..
            } => {
                let mut pos = 0;
                let levels = if self.nullable {
                    if def_level_encoding != Encoding::RLE {
                        return Err(NotCoded);
                    }
                    let len = read_u32(&buf, 0)? as usize;
                    let end = 4usize.checked_add(len).filter(|&e| e <= buf.len());
                    let Some(end) = end else {
                        return corrupt("the null markers run past the page");
                    };
                    pos = end;
                    Some(Hybrid::new(buf.slice(4..end), 1))
                } else {
                    None
                };
                self.set_page(buf, pos, num_values as usize, levels, encoding)?;
            }
            Page::DataPageV2 {
                buf,
                num_values,
                encoding,
                def_levels_byte_len,
                rep_levels_byte_len,
                ..
            } => {
                let (rep, def) = (rep_levels_byte_len as usize, def_levels_byte_len as usize);
                if rep != 0 {
                    return Err(NotCoded);
                }
                if def > buf.len() {
                    return corrupt("the null markers run past the page");
                }
                let levels = self.nullable.then(|| Hybrid::new(buf.slice(0..def), 1));
                self.set_page(buf, def, num_values as usize, levels, encoding)?;
            }
        }
        Ok(true)
    }

    fn set_page(
        &mut self,
        buf: Bytes,
        pos: usize,
        rows: usize,
        levels: Option<Hybrid>,
        encoding: Encoding,
    ) -> Result<(), NotCoded> {
        let values = match encoding {
            Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY => {
                let Some(&width) = buf.get(pos) else {
                    return corrupt("a data page without its index width");
                };
                if width > 32 {
                    return corrupt("a dictionary index wider than 32 bits");
                }
                Values::Dict(Hybrid::new(buf.slice(pos + 1..), width))
            }
            Encoding::PLAIN => Values::Plain { buf, pos },
            _ => return Err(NotCoded),
        };
        self.page = Some(DataPage {
            rows,
            levels,
            levels_all_present: false,
            values,
        });
        Ok(())
    }
}

fn read_u32(buf: &[u8], pos: usize) -> Result<u32, NotCoded> {
    match buf.get(pos..pos + 4) {
        Some(b) => Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        None => corrupt("a length runs past the page"),
    }
}

/// The next plain byte array of `buf` at `pos` (a 4-byte length, then the bytes).
fn plain_value(buf: &[u8], pos: &mut usize) -> Result<(usize, usize), NotCoded> {
    let len = read_u32(buf, *pos)? as usize;
    let s = *pos + 4;
    let Some(e) = s.checked_add(len).filter(|&e| e <= buf.len()) else {
        return corrupt("a value runs past the page");
    };
    *pos = e;
    Ok((s, e))
}

/// A decoder of the RLE / bit-packed hybrid: runs of one repeated value, or groups of
/// eight values packed `width` bits each, least significant bit first.
struct Hybrid {
    data: Bytes,
    pos: usize,
    width: u8,
    /// Values left in the current repeated run, and its value.
    run: usize,
    value: u32,
    /// Values left in the current packed run, and the bit where the next one starts.
    packed: usize,
    bit: usize,
}

impl Hybrid {
    fn new(data: Bytes, width: u8) -> Hybrid {
        Hybrid {
            data,
            pos: 0,
            width,
            run: 0,
            value: 0,
            packed: 0,
            bit: 0,
        }
    }

    /// Skips the next `n` values if they are all `value` in the current repeated run (or
    /// the run starting here): true when skipped; false otherwise, the values then to be
    /// read by [`Hybrid::next_into`] as if this had not been called.
    fn take_run(&mut self, value: u32, n: usize) -> bool {
        if self.run == 0 && self.packed == 0 && self.pos < self.data.len() {
            let (pos, run, packed, bit, v) =
                (self.pos, self.run, self.packed, self.bit, self.value);
            if self.next_run().is_err() || self.packed > 0 {
                (self.pos, self.run, self.packed, self.bit, self.value) =
                    (pos, run, packed, bit, v);
                return false;
            }
        }
        if self.run >= n && self.value == value {
            self.run -= n;
            true
        } else {
            false
        }
    }

    /// Appends the next `n` values to `out`.
    fn next_into(&mut self, mut n: usize, out: &mut Vec<u32>) -> Result<(), NotCoded> {
        let w = usize::from(self.width);
        let mask = if w == 32 { u32::MAX } else { (1u32 << w) - 1 };
        while n > 0 {
            if self.run > 0 {
                let k = self.run.min(n);
                out.extend(std::iter::repeat_n(self.value, k));
                self.run -= k;
                n -= k;
            } else if self.packed > 0 {
                let k = self.packed.min(n);
                out.reserve(k);
                let groups = self.whole_groups(k, mask, out);
                for _ in 0..k - 8 * groups {
                    let byte = self.bit / 8;
                    let word = match self.data.get(byte..byte + 8) {
                        Some(b) => u64::from_le_bytes(b.try_into().expect("eight bytes")),
                        None => {
                            let mut word = [0u8; 8];
                            let avail = self.data.len().saturating_sub(byte).min(8);
                            word[..avail].copy_from_slice(&self.data[byte..byte + avail]);
                            u64::from_le_bytes(word)
                        }
                    };
                    out.push((word >> (self.bit % 8)) as u32 & mask);
                    self.bit += w;
                }
                self.packed -= k;
                n -= k;
            } else {
                self.next_run()?;
            }
        }
        Ok(())
    }

    /// Appends as many whole groups of eight bit-packed values (of the `k` wanted) as can
    /// be read with one load each (widths up to 16 bits, the group at a byte boundary and
    /// its bytes all there); returns how many groups. The rest is read value by value.
    #[inline]
    fn whole_groups(&mut self, k: usize, mask: u32, out: &mut Vec<u32>) -> usize {
        let w = usize::from(self.width);
        let mut groups = 0;
        while 8 * (groups + 1) <= k && self.bit % 8 == 0 {
            let byte = self.bit / 8;
            // Narrow columns (data types, actions) from a 64-bit word: shifting a 128-bit
            // one costs a tenth more of the log's load.
            let vals: [u32; 8] = if w <= 8 {
                let Some(b) = self.data.get(byte..byte + 8) else {
                    break;
                };
                let mut word = [0u8; 8];
                word.copy_from_slice(b);
                let word = u64::from_le_bytes(word);
                std::array::from_fn(|j| (word >> (j * w)) as u32 & mask)
            } else if w <= 16 {
                let Some(b) = self.data.get(byte..byte + 16) else {
                    break;
                };
                let mut word = [0u8; 16];
                word.copy_from_slice(b);
                let word = u128::from_le_bytes(word);
                std::array::from_fn(|j| (word >> (j * w)) as u32 & mask)
            } else {
                break;
            };
            out.extend_from_slice(&vals);
            self.bit += 8 * w;
            groups += 1;
        }
        groups
    }

    /// Reads the header of the next run.
    fn next_run(&mut self) -> Result<(), NotCoded> {
        let mut header: u64 = 0;
        let mut shift = 0;
        loop {
            let Some(&b) = self.data.get(self.pos) else {
                return corrupt("encoded values end before the page's count");
            };
            self.pos += 1;
            header |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 35 {
                return corrupt("a run header too long");
            }
        }
        let w = usize::from(self.width);
        if header & 1 == 1 {
            let groups = (header >> 1) as usize;
            let bytes = groups * w;
            if self.pos + bytes > self.data.len() {
                // Writers may end the last packed run early: take the values there are.
                let bits = (self.data.len() - self.pos) * 8;
                self.packed = bits.checked_div(w).unwrap_or(groups * 8);
            } else {
                self.packed = groups * 8;
            }
            self.bit = self.pos * 8;
            self.pos = (self.pos + bytes).min(self.data.len());
            if self.packed == 0 {
                return corrupt("an empty bit-packed run");
            }
        } else {
            let count = (header >> 1) as usize;
            let bytes = w.div_ceil(8);
            let Some(v) = self.data.get(self.pos..self.pos + bytes) else {
                return corrupt("a repeated run without its value");
            };
            let mut word = [0u8; 4];
            word[..bytes].copy_from_slice(v);
            self.value = u32::from_le_bytes(word);
            self.pos += bytes;
            if count == 0 {
                return corrupt("an empty repeated run");
            }
            self.run = count;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::basic::Compression;
    use parquet::data_type::{ByteArray, ByteArrayType};
    use parquet::file::properties::{WriterProperties, WriterVersion};
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;

    /// `cells` (None: a null) written as one optional text column in row groups of 700.
    fn write(path: &std::path::Path, cells: &[Option<String>], props: WriterProperties) {
        let schema =
            Arc::new(parse_message_type("message t { optional binary v (UTF8); }").unwrap());
        let file = std::fs::File::create(path).unwrap();
        let mut w = SerializedFileWriter::new(file, schema, Arc::new(props)).unwrap();
        for chunk in cells.chunks(700) {
            let mut g = w.next_row_group().unwrap();
            let mut col = g.next_column().unwrap().unwrap();
            let defs: Vec<i16> = chunk.iter().map(|c| i16::from(c.is_some())).collect();
            let values: Vec<ByteArray> = chunk
                .iter()
                .flatten()
                .map(|s| ByteArray::from(s.as_str()))
                .collect();
            col.typed::<ByteArrayType>()
                .write_batch(&values, Some(&defs), None)
                .unwrap();
            col.close().unwrap();
            g.close().unwrap();
        }
        w.close().unwrap();
    }

    /// Every cell of the file read as codes (in batches of 97 rows), or `NotCoded`.
    fn read(path: &std::path::Path) -> Result<(Vec<Option<String>>, usize), NotCoded> {
        let file = ParquetFile::open(path).unwrap();
        let (mut out, mut coded) = (Vec::new(), 0);
        for g in 0..file.num_row_groups() {
            let mut col = CodedColumn::open(&file, g, 0)?;
            let mut batch = CodedBatch::default();
            while col.next_batch(97, &mut batch)? > 0 {
                for &c in &batch.codes {
                    let text = |b: &[u8]| Some(String::from_utf8(b.to_vec()).unwrap());
                    out.push(match c {
                        NULL_CODE => None,
                        c if c & PLAIN_CODE != 0 => text(batch.plain(c)),
                        c => {
                            coded += 1;
                            text(col.entry(c))
                        }
                    });
                }
            }
        }
        Ok((out, coded))
    }

    #[test]
    fn dictionary_plain_and_mixed_columns_read_back_as_written() {
        let cells: Vec<Option<String>> = (0..5000u32)
            .map(|i| match i % 13 {
                0 => None,
                k => Some(format!("value-{}", if i > 3000 { i } else { k + i / 900 })),
            })
            .collect();
        let base = || {
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_write_batch_size(50)
        };
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("t.parquet");
        for (name, props, some_coded, all_coded) in [
            ("dictionary", base().build(), true, false),
            (
                "plain",
                base().set_dictionary_enabled(false).build(),
                false,
                false,
            ),
            (
                "small pages, v2",
                base()
                    .set_writer_version(WriterVersion::PARQUET_2_0)
                    .set_data_page_row_count_limit(64)
                    .build(),
                true,
                false,
            ),
            (
                "overflowing dictionary",
                base().set_dictionary_page_size_limit(300).build(),
                true,
                false,
            ),
        ] {
            write(&path, &cells, props);
            let (got, coded) = read(&path).unwrap_or_else(|_| panic!("{name}: not read as codes"));
            assert_eq!(got, cells, "{name}");
            assert_eq!(
                coded > 0,
                some_coded,
                "{name}: {coded} rows from the dictionary"
            );
            assert!(
                !all_coded || coded == cells.iter().flatten().count(),
                "{name}"
            );
        }
        let delta = base()
            .set_writer_version(WriterVersion::PARQUET_2_0)
            .set_dictionary_enabled(false)
            .set_encoding(Encoding::DELTA_BYTE_ARRAY)
            .build();
        write(&path, &cells, delta);
        assert!(
            read(&path).is_err(),
            "delta-encoded text is read the general way"
        );
    }

    #[test]
    fn hybrid_runs_decode_repeated_and_packed_values() {
        // A run of 5 × 3 (width 2), then one packed group of eight 2-bit values 0..=3,0..=3.
        let data = Bytes::from(vec![5 << 1, 3, 0b11, 0b1110_0100, 0b1110_0100]);
        let mut h = Hybrid::new(data, 2);
        let mut out = Vec::new();
        h.next_into(3, &mut out).unwrap();
        h.next_into(10, &mut out).unwrap();
        assert_eq!(out, [3, 3, 3, 3, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
        assert!(h.next_into(1, &mut out).is_err());
    }

    /// Bit-packed runs of every width up to 20 bits, written here bit by bit as the
    /// Parquet format lays them out (groups of eight values, least significant bit
    /// first), read back whole and in uneven pieces: the group-at-a-time path and the
    /// value-by-value one give the values written.
    #[test]
    fn packed_runs_of_every_width_read_back_as_written() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for w in 0..=20u8 {
            let groups = 9usize;
            let values: Vec<u32> = (0..groups * 8)
                .map(|_| (next() & ((1u64 << w) - 1)) as u32)
                .collect();
            let mut bits = vec![0u8; groups * usize::from(w)];
            for (i, &v) in values.iter().enumerate() {
                for b in 0..usize::from(w) {
                    if v >> b & 1 == 1 {
                        let at = i * usize::from(w) + b;
                        bits[at / 8] |= 1 << (at % 8);
                    }
                }
            }
            let mut data = vec![(groups as u8) << 1 | 1];
            data.extend_from_slice(&bits);
            for pieces in [vec![groups * 8], vec![3, 8, 13, 1, 47]] {
                let mut h = Hybrid::new(Bytes::from(data.clone()), w);
                let mut out = Vec::new();
                for k in pieces {
                    h.next_into(k, &mut out).unwrap();
                }
                assert_eq!(out, values, "width {w}");
            }
        }
    }

    #[test]
    fn hybrid_refuses_truncated_runs() {
        let mut out = Vec::new();
        assert!(Hybrid::new(Bytes::from(vec![4 << 1]), 8)
            .next_into(1, &mut out)
            .is_err());
        assert!(Hybrid::new(Bytes::from(vec![0x80, 0x80]), 8)
            .next_into(1, &mut out)
            .is_err());
    }
}
