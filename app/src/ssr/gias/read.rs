//! Reading the register file, streamed: a first pass finds the encoding, the
//! columns and the number of rows; the second hands out batches of parsed
//! rows. Only one batch is ever held, never the whole file.
use super::columns::{find_columns, parse_row, RegisterColumns, RegisterRow, NEEDED};
use super::{ImportError, Reject};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

/// How the file's bytes become text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// With or without a byte-order mark.
    Utf8,
    /// What the register publishes.
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    pub fn decode(self, bytes: &[u8]) -> Cow<'_, str> {
        match self {
            Encoding::Utf8 => String::from_utf8_lossy(bytes),
            Encoding::Windows1252 => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        }
    }
}

/// What the first pass learnt.
#[derive(Clone, Debug)]
pub struct Shape {
    pub encoding: Encoding,
    pub columns: RegisterColumns,
    /// Records after the header.
    pub rows: u64,
}

fn csv_reader<R: Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

fn csv_error(e: csv::Error) -> ImportError {
    ImportError::Unreadable(e.to_string())
}

/// The first pass: a byte-order mark or text that is valid UTF-8 throughout
/// means UTF-8; anything else is read as windows-1252.
pub fn shape(input: impl Read) -> Result<Shape, ImportError> {
    let mut input = BufReader::with_capacity(64 * 1024, input);
    let bom = input
        .fill_buf()
        .map_err(|e| ImportError::Unreadable(e.to_string()))?
        .starts_with(b"\xEF\xBB\xBF");
    let mut reader = csv_reader(input);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).map_err(csv_error)? {
        return Err(ImportError::MissingColumns(NEEDED.to_vec()));
    }
    let header = record.clone();
    let mut utf8 = std::str::from_utf8(header.as_slice()).is_ok();
    let mut rows = 0;
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        rows += 1;
        utf8 = utf8 && std::str::from_utf8(record.as_slice()).is_ok();
    }
    let encoding = if bom || utf8 {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    };
    let names: Vec<Cow<str>> = header.iter().map(|h| encoding.decode(h)).collect();
    let columns =
        find_columns(names.iter().map(|n| n.as_ref())).map_err(ImportError::MissingColumns)?;
    Ok(Shape {
        encoding,
        columns,
        rows,
    })
}

/// One batch of the file: its good rows (with their line numbers), its
/// rejects, and how many records it covered.
#[derive(Debug, Default)]
pub struct Batch {
    pub rows: Vec<(u64, RegisterRow)>,
    pub rejects: Vec<Reject>,
    pub read: u64,
}

/// The second pass: calls `send` with each batch of `size` records, and stops
/// early when `send` returns false (nobody is listening any more).
pub fn batches(
    input: impl Read,
    shape: &Shape,
    size: usize,
    mut send: impl FnMut(Batch) -> bool,
) -> Result<(), ImportError> {
    let mut reader = csv_reader(BufReader::with_capacity(64 * 1024, input));
    let mut record = csv::ByteRecord::new();
    // The header. Lines are counted here, not taken from the csv crate,
    // whose count misses line breaks inside quoted fields.
    reader.read_byte_record(&mut record).map_err(csv_error)?;
    let mut next_line = 1 + lines_in(&record);
    // Each URN's first line: a URN twice in one file is a fault in the file.
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut batch = Batch::default();
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        let line = next_line;
        next_line += lines_in(&record);
        batch.read += 1;
        let picked: Vec<Option<Cow<str>>> = shape
            .columns
            .indexes()
            .iter()
            .map(|&i| record.get(i).map(|f| shape.encoding.decode(f)))
            .collect();
        let fields: [Option<&str>; 10] = std::array::from_fn(|k| picked[k].as_deref());
        let parsed = parse_row(fields).and_then(|row| match first_line.get(&row.urn) {
            Some(first) => Err(format!(
                "URN {} is repeated (first on line {first})",
                row.urn
            )),
            None => Ok(row),
        });
        match parsed {
            Ok(row) => {
                first_line.insert(row.urn.clone(), line);
                batch.rows.push((line, row));
            }
            Err(reason) => batch.rejects.push(Reject {
                line,
                urn: fields[0].unwrap_or("").trim().to_string(),
                reason,
            }),
        }
        if batch.read as usize >= size && !send(std::mem::take(&mut batch)) {
            return Ok(());
        }
    }
    if batch.read > 0 {
        send(batch);
    }
    Ok(())
}

/// The lines a record spans: its own, plus any line breaks inside its fields.
fn lines_in(record: &csv::ByteRecord) -> u64 {
    1 + record.as_slice().iter().filter(|b| **b == b'\n').count() as u64
}
