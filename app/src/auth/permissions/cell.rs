//! A matrix cell: the actions a role has on a kind, and the scope they reach.
use super::Action;

/// A set of actions, as bits; `bit` decides every action explicitly.
#[derive(Clone, Copy, Debug)]
pub(super) struct Actions(u16);

const fn bit(a: Action) -> u16 {
    1 << match a {
        Action::View => 0,
        Action::Edit => 1,
        Action::Download => 2,
        Action::Search => 3,
        Action::Add => 4,
        Action::Close => 5,
        Action::Match => 6,
        Action::AssignEc => 7,
        Action::AssignSubcontractor => 8,
        Action::UpgradeHubLead => 9,
        Action::Submit => 10,
        Action::Confirm => 11,
        Action::Remove => 12,
        Action::Import => 13,
    }
}

const fn set(actions: &[Action]) -> Actions {
    let mut bits = 0;
    let mut i = 0;
    while i < actions.len() {
        bits |= bit(actions[i]);
        i += 1;
    }
    Actions(bits)
}

/// One matrix cell: the actions granted and the scope `S` of the axis they reach.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cell<S>(S, Actions);

impl<S: Copy> Cell<S> {
    pub(super) fn scope_for(&self, action: Action) -> Option<S> {
        (self.1 .0 & bit(action) != 0).then_some(self.0)
    }
}

pub(super) const fn cell<S: Copy>(scope: S, actions: &[Action]) -> Option<Cell<S>> {
    Some(Cell(scope, set(actions)))
}
