//! What the register pages show, shared by server and browser.
use serde::{Deserialize, Serialize};

/// The largest register file the upload accepts (the real extract is tens of MB).
pub const MAX_UPLOAD_BYTES: u64 = 200 * 1024 * 1024;

/// One browser import of the GIAS register: who, when, which file, how far
/// it got and what it did (docs/RULES.md §2.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRun {
    pub id: i64,
    pub started_by: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub file_name: String,
    /// running, finished, failed or interrupted.
    pub status: String,
    /// Why it failed, in words; empty otherwise.
    pub message: String,
    pub rows_in_file: i64,
    pub rows_done: i64,
    pub added: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub closed: i64,
    pub rejected: i64,
}

impl ImportRun {
    pub fn is_running(&self) -> bool {
        self.status == "running"
    }

    /// "1,200 of 52,000 rows (2%)".
    pub fn progress_text(&self) -> String {
        let percent = if self.rows_in_file > 0 {
            self.rows_done * 100 / self.rows_in_file
        } else {
            0
        };
        format!(
            "{} of {} rows ({percent}%)",
            self.rows_done, self.rows_in_file
        )
    }

    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "running" => "Running",
            "finished" => "Finished",
            "failed" => "Failed",
            "interrupted" => "Interrupted",
            _ => "Unknown",
        }
    }
}

/// A Partner to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerChoice {
    pub id: i64,
    pub name: String,
}

/// Institutions of another Partner that would move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moving {
    pub from_partner: String,
    pub institutions: i64,
}

/// What giving every open Institution of a local authority to a Partner would
/// do. `version` fingerprints the set: the confirm is refused if it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaPreview {
    pub local_authority: String,
    pub partner_id: i64,
    pub partner_name: String,
    /// Open Institutions in the local authority not yet with this Partner.
    pub gains: i64,
    /// Of those, the ones that now belong to another Partner, per Partner.
    pub moving: Vec<Moving>,
    /// Open Institutions already with this Partner.
    pub already: i64,
    pub version: i64,
}

impl LaPreview {
    /// "Partner X gains 312 institutions; 14 of them now belong to Partner Y."
    pub fn sentence(&self) -> String {
        let plural = |n: i64| {
            if n == 1 {
                "institution"
            } else {
                "institutions"
            }
        };
        let mut s = format!(
            "{} gains {} {} in {}",
            self.partner_name,
            self.gains,
            plural(self.gains),
            self.local_authority
        );
        match self.moving.as_slice() {
            [] => {}
            [one] => s.push_str(&format!(
                "; {} of them now belong to {}",
                one.institutions, one.from_partner
            )),
            many => {
                let total: i64 = many.iter().map(|m| m.institutions).sum();
                let each: Vec<String> = many
                    .iter()
                    .map(|m| format!("{} to {}", m.institutions, m.from_partner))
                    .collect();
                s.push_str(&format!(
                    "; {total} of them now belong to other Partners ({})",
                    each.join(", ")
                ));
            }
        }
        s.push('.');
        if self.already > 0 {
            s.push_str(&format!(
                " {} already belong to {}.",
                self.already, self.partner_name
            ));
        }
        s
    }
}

/// The result of a confirmed local-authority assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaAssigned {
    pub changed: i64,
}
