//! A realistic register extract for tests and the benchmark: the register's
//! ~130 column names in a shuffled order, windows-1252 bytes, quoted fields
//! with commas (and the odd line break), closed schools. Also compiled into
//! `examples/gias_bench.rs`, so it uses nothing from the test harness.
#![allow(dead_code)]

/// The register's column names (about 130), in its own published order.
const REGISTER_HEADER: &str = "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,\
TypeOfEstablishment (code),TypeOfEstablishment (name),EstablishmentTypeGroup (code),\
EstablishmentTypeGroup (name),EstablishmentStatus (code),EstablishmentStatus (name),\
ReasonEstablishmentOpened (code),ReasonEstablishmentOpened (name),OpenDate,\
ReasonEstablishmentClosed (code),ReasonEstablishmentClosed (name),CloseDate,\
PhaseOfEducation (code),PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,Boarders (code),\
Boarders (name),NurseryProvision (name),OfficialSixthForm (code),OfficialSixthForm (name),\
Gender (code),Gender (name),ReligiousCharacter (code),ReligiousCharacter (name),\
ReligiousEthos (name),Diocese (code),Diocese (name),AdmissionsPolicy (code),AdmissionsPolicy (name),\
SchoolCapacity,SpecialClasses (code),SpecialClasses (name),CensusDate,NumberOfPupils,NumberOfBoys,\
NumberOfGirls,PercentageFSM,TrustSchoolFlag (code),TrustSchoolFlag (name),Trusts (code),\
Trusts (name),SchoolSponsorFlag (name),SchoolSponsors (name),FederationFlag (name),\
Federations (code),Federations (name),UKPRN,FEHEIdentifier,FurtherEducationType (name),\
OfstedLastInsp,OfstedSpecialMeasures (code),OfstedSpecialMeasures (name),LastChangedDate,Street,\
Locality,Address3,Town,County (name),Postcode,SchoolWebsite,TelephoneNum,HeadTitle (name),\
HeadFirstName,HeadLastName,HeadPreferredJobTitle,BSOInspectorateName (name),InspectorateReport,\
DateOfLastInspectionVisit,NextInspectionVisit,TeenMoth (name),TeenMothPlaces,CCF (name),\
SENPRU (name),EBD (name),PlacesPRU,FTProv (name),EdByOther (name),Section41Approved (name),\
SEN1 (name),SEN2 (name),SEN3 (name),SEN4 (name),SEN5 (name),SEN6 (name),SEN7 (name),SEN8 (name),\
SEN9 (name),SEN10 (name),SEN11 (name),SEN12 (name),SEN13 (name),TypeOfResourcedProvision (name),\
ResourcedProvisionOnRoll,ResourcedProvisionCapacity,SenUnitOnRoll,SenUnitCapacity,GOR (code),\
GOR (name),DistrictAdministrative (code),DistrictAdministrative (name),AdministrativeWard (code),\
AdministrativeWard (name),ParliamentaryConstituency (code),\
ParliamentaryConstituency (name),UrbanRural (code),UrbanRural (name),GSSLACode (name),Easting,\
Northing,MSOA (name),LSOA (name),InspectorateName (name),SENStat,SENNoStat,\
BoardingEstablishment (name),PropsName,PreviousLA (code),PreviousLA (name),\
PreviousEstablishmentNumber,OfstedRating (name),RSCRegion (name),Country (name),UPRN,SiteName,\
QABName (code),QABName (name),EstablishmentAccredited (code),EstablishmentAccredited (name),\
QABReport,CHNumber,MSOA (code),LSOA (code),FSM,AccreditationExpiryDate";

/// One establishment as a row of the file; every value is the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Establishment {
    pub urn: String,
    pub name: String,
    pub kind: String,
    pub group: String,
    pub status: String,
    pub phase: String,
    pub la: String,
    pub postcode: String,
    pub open: String,
    pub close: String,
    /// A filler column's text (the street), sometimes with a comma or a line break.
    pub street: String,
}

const LAS: [&str; 6] = [
    "Leeds",
    "Manchester",
    "Birmingham",
    "Newcastle upon Tyne",
    "Devon",
    "Kingston upon Hull, City of",
];
const TYPES: [(&str, &str, &str); 6] = [
    ("Academy converter", "Academies", "Secondary"),
    (
        "Community school",
        "Local authority maintained schools",
        "Primary",
    ),
    ("Further education", "Colleges", "16 plus"),
    (
        "Community special school",
        "Special schools",
        "Not applicable",
    ),
    ("Free schools", "Free Schools", "All-through"),
    (
        "Pupil referral unit",
        "Local authority maintained schools",
        "Not applicable",
    ),
];

/// `n` establishments with URNs from `first_urn`: every 7th closed, names with
/// a curly apostrophe, an accent or commas, some unknown dates and postcodes.
pub fn establishments(first_urn: u64, n: u64) -> Vec<Establishment> {
    (0..n)
        .map(|i| {
            let (kind, group, phase) = TYPES[(i % 6) as usize];
            let name = match i % 5 {
                0 => format!("St Mary\u{2019}s Church of England School {i}"),
                1 => format!("Café Lane Academy {i}"),
                2 => format!("Smith, Jones and Partners Academy, Leeds {i}"),
                3 => format!("The \"Old\" Grammar School {i}"),
                _ => format!("Riverside High School {i}"),
            };
            let closed = i % 7 == 3;
            Establishment {
                urn: (first_urn + i).to_string(),
                name,
                kind: kind.into(),
                group: group.into(),
                status: if closed { "Closed" } else { "Open" }.into(),
                phase: phase.into(),
                la: LAS[(i % 6) as usize].into(),
                postcode: if i % 11 == 5 {
                    String::new()
                } else {
                    format!("LS{} {}AB", i % 30 + 1, i % 9 + 1)
                },
                open: if i % 4 == 0 {
                    String::new()
                } else {
                    format!("{:02}-{:02}-{}", i % 28 + 1, i % 12 + 1, 1960 + i % 60)
                },
                close: if closed {
                    format!("31-08-{}", 2015 + i % 10)
                } else {
                    String::new()
                },
                street: match i % 50 {
                    7 => "Unit 3\nHigh Street".into(),
                    _ => format!("{}, High Street", i % 200 + 1),
                },
            }
        })
        .collect()
}

fn quoted(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A deterministic shuffle of the register's column names, minus `omit`.
pub fn header(omit: Option<&str>) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = REGISTER_HEADER
        .split(',')
        .filter(|n| Some(*n) != omit)
        .collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for i in (1..names.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        names.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    names
}

/// The file's text, and the line each establishment starts on (the header is line 1).
pub fn csv_text(rows: &[Establishment], omit: Option<&str>) -> (String, Vec<u64>) {
    let header = header(omit);
    let mut text = header.join(",");
    text.push_str("\r\n");
    let mut line = 2;
    let mut lines = vec![];
    for e in rows {
        lines.push(line);
        let fields: Vec<String> = header
            .iter()
            .map(|column| match *column {
                "URN" => e.urn.clone(),
                "EstablishmentName" => e.name.clone(),
                "TypeOfEstablishment (name)" => e.kind.clone(),
                "EstablishmentTypeGroup (name)" => e.group.clone(),
                "EstablishmentStatus (name)" => e.status.clone(),
                "PhaseOfEducation (name)" => e.phase.clone(),
                "LA (name)" => e.la.clone(),
                "Postcode" => e.postcode.clone(),
                "OpenDate" => e.open.clone(),
                "CloseDate" => e.close.clone(),
                "Street" => e.street.clone(),
                "Town" => "Leeds, West Yorkshire".into(),
                "NumberOfPupils" => "1024".into(),
                other if other.ends_with("(code)") => "1".into(),
                _ => String::new(),
            })
            .map(|f| quoted(&f))
            .collect();
        text.push_str(&fields.join(","));
        text.push_str("\r\n");
        line += 1 + e.street.matches('\n').count() as u64;
    }
    (text, lines)
}

/// The text as the register publishes it: windows-1252 bytes.
pub fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "test text must be windows-1252");
    bytes.into_owned()
}

/// A file in the temp directory, removed when dropped.
pub struct TempFile(pub std::path::PathBuf);

impl TempFile {
    pub fn new(bytes: &[u8]) -> TempFile {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "gias_{}_{}.csv",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes).expect("write test file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
