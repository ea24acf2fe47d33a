//! How far a granted action reaches on each axis, what a record is tied to,
//! and whether a granted scope reaches it.
use super::RecordKind;
use crate::auth::roles::{Principal, UnitPath};
use serde::{Deserialize, Serialize};

/// How much of a network record kind a granted action reaches, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NetworkScope {
    /// The user's own record: own EC record, own request.
    Own,
    /// EAs and Institutions assigned to this EC, and what hangs off them.
    Caseload,
    /// Records assigned to, or created by, this Sub-contractor.
    Assigned,
    /// Every record of the user's Partner, its Sub-contractors' included.
    Partner,
    /// Every network record.
    National,
}

/// How much of an org area a granted action reaches, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrgScope {
    /// The user's own assessment.
    Own,
    /// The managed org unit and every unit below it (a Director only from their Directorate or above).
    Unit,
    /// The whole organisation.
    Organisation,
}

/// The scope `decide` grants, typed by the axis of what was asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Granted {
    Network(NetworkScope),
    Org(OrgScope),
}

/// The facts about one network record that scoping needs; the server loads them.
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
}

/// Where an assessee sits in the org tree: the facts of one assessment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssesseeFacts {
    pub staff_id: i64,
    pub unit: UnitPath,
    /// The Directorates this staff member heads (as Director).
    pub directs: Vec<UnitPath>,
}

/// Does `scope`, as granted to `who`, reach a record of `kind` with these facts?
pub(super) fn network_contains(
    who: &Principal,
    kind: RecordKind,
    scope: NetworkScope,
    facts: &RecordFacts,
) -> bool {
    let binding = who.network.as_ref().map(|g| g.binding).unwrap_or_default();
    let same = |mine: Option<i64>, theirs: Option<i64>| mine.is_some() && mine == theirs;
    match scope {
        NetworkScope::Own if kind == RecordKind::Ec => same(binding.ec_id, facts.ec_id),
        NetworkScope::Own => same(Some(who.user_id), facts.user_id),
        NetworkScope::Caseload => same(binding.ec_id, facts.ec_id),
        NetworkScope::Assigned => binding
            .subcontractor_id
            .is_some_and(|sc| facts.subcontractor_ids.contains(&sc)),
        NetworkScope::Partner => same(binding.partner_id, facts.partner_id),
        NetworkScope::National => true,
    }
}

/// Does `scope`, as granted to `who`, reach the assessment of this assessee?
pub(super) fn org_contains(who: &Principal, scope: OrgScope, assessee: &AssesseeFacts) -> bool {
    let org = who.org.as_ref();
    match scope {
        OrgScope::Own => org
            .and_then(|g| g.staff_id)
            .is_some_and(|mine| mine == assessee.staff_id),
        OrgScope::Unit => match org.and_then(|g| g.managed_unit.as_ref()) {
            Some(unit) => unit_reaches(unit, assessee),
            None => false,
        },
        OrgScope::Organisation => true,
    }
}

/// A manager's unit reaches an assessee inside it, except a Director, who is
/// reached only from their Directorate itself or a unit above it — never from a
/// unit below it, even the one the Director sits in (docs/RULES.md §4).
pub fn unit_reaches(managed: &UnitPath, assessee: &AssesseeFacts) -> bool {
    managed.contains(&assessee.unit) && assessee.directs.iter().all(|d| managed.contains(d))
}
