//! What a record is tied to, and whether a granted scope reaches it.
use super::{RecordKind, Scope};
use crate::auth::roles::{Principal, UnitPath};
use serde::{Deserialize, Serialize};

/// The facts about one record that scoping needs; the server loads them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFacts {
    /// The Partner (hub) the record belongs to.
    pub partner_id: Option<i64>,
    /// Sub-contractors it is assigned to, or that created it.
    pub subcontractor_ids: Vec<i64>,
    /// The EC it belongs to: the EC record itself, or the assigned EC.
    pub ec_id: Option<i64>,
    /// The login it is, or that raised it (user records, support requests).
    pub user_id: Option<i64>,
    /// For assessments: who is assessed.
    pub assessee: Option<AssesseeFacts>,
}

/// Where an assessee sits in the org tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssesseeFacts {
    pub staff_id: i64,
    pub unit: UnitPath,
    /// The Directorates this staff member heads (as Director).
    pub directs: Vec<UnitPath>,
}

/// Does `scope`, as granted to `who`, reach a record of `kind` with these facts?
pub(super) fn contains(
    who: &Principal,
    kind: RecordKind,
    scope: Scope,
    facts: &RecordFacts,
) -> bool {
    let binding = who.network.as_ref().map(|g| g.binding).unwrap_or_default();
    let same = |mine: Option<i64>, theirs: Option<i64>| mine.is_some() && mine == theirs;
    match scope {
        Scope::Own if kind == RecordKind::Ec => same(binding.ec_id, facts.ec_id),
        Scope::Own if kind == RecordKind::Assessment => same(
            who.org.as_ref().and_then(|g| g.staff_id),
            facts.assessee.as_ref().map(|a| a.staff_id),
        ),
        Scope::Own => same(Some(who.user_id), facts.user_id),
        Scope::Caseload => same(binding.ec_id, facts.ec_id),
        Scope::Assigned => binding
            .subcontractor_id
            .is_some_and(|sc| facts.subcontractor_ids.contains(&sc)),
        Scope::Partner => same(binding.partner_id, facts.partner_id),
        Scope::Unit => {
            let managed = who.org.as_ref().and_then(|g| g.managed_unit.as_ref());
            match (managed, &facts.assessee) {
                (Some(unit), Some(assessee)) => unit_reaches(unit, assessee),
                (None, _) | (_, None) => false,
            }
        }
        Scope::National | Scope::Organisation => true,
    }
}

/// A manager's unit reaches an assessee inside it, except a Director, who is
/// reached only from a unit strictly above their Directorate (SPEC 4).
pub fn unit_reaches(managed: &UnitPath, assessee: &AssesseeFacts) -> bool {
    managed.contains(&assessee.unit) && assessee.directs.iter().all(|d| managed.strictly_above(d))
}
