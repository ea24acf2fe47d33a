//! A response encoding for file downloads: the body is the file itself
//! (`text/csv`), not JSON, so a plain link can download it.
use serde::{Deserialize, Serialize};
use server_fn::codec::Post;
use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// CSV text; as a server function output it is sent as `text/csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvFile(pub String);

/// The `text/csv` body encoding.
pub struct CsvEncoding;

/// Server function output encoding for `CsvFile` (the `Post` wrapper only
/// names the method of requests, which never use it: inputs come by GET).
pub type Csv = Post<CsvEncoding>;

impl ContentType for CsvEncoding {
    const CONTENT_TYPE: &'static str = "text/csv; charset=utf-8";
}

impl FormatType for CsvEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl Encodes<CsvFile> for CsvEncoding {
    type Error = std::convert::Infallible;

    fn encode(output: &CsvFile) -> Result<Bytes, Self::Error> {
        Ok(Bytes::from(output.0.clone()))
    }
}

impl Decodes<CsvFile> for CsvEncoding {
    type Error = std::string::FromUtf8Error;

    fn decode(bytes: Bytes) -> Result<CsvFile, Self::Error> {
        String::from_utf8(bytes.to_vec()).map(CsvFile)
    }
}
