use serde::{Deserialize, Serialize};

/// Everyone who signs in to Tandem has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    YoungPerson,
    Mentor,
    /// A partner institution's Mentoring Coordinator (always belongs to one partner).
    Coordinator,
    Staff,
    /// The Designated Safeguarding Lead (or a deputy).
    SafeguardingLead,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::YoungPerson, Role::Mentor, Role::Coordinator, Role::Staff, Role::SafeguardingLead];

    /// The stable identifier stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::YoungPerson => "young_person",
            Role::Mentor => "mentor",
            Role::Coordinator => "coordinator",
            Role::Staff => "staff",
            Role::SafeguardingLead => "safeguarding_lead",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::YoungPerson => "Young person",
            Role::Mentor => "Mentor",
            Role::Coordinator => "Mentoring Coordinator",
            Role::Staff => "Programme staff",
            Role::SafeguardingLead => "Designated Safeguarding Lead",
        }
    }

    /// The role's name for a count of people: "40 young people", not "40 Young person".
    pub fn plural(self) -> &'static str {
        match self {
            Role::YoungPerson => "Young people",
            Role::Mentor => "Mentors",
            Role::Coordinator => "Mentoring Coordinators",
            Role::Staff => "Programme staff",
            Role::SafeguardingLead => "Designated Safeguarding Leads",
        }
    }

    /// Only mentors and young people may sign themselves up; every other role is
    /// created by staff, so nobody can give themselves access to others' data.
    pub fn self_registrable(self) -> bool {
        matches!(self, Role::YoungPerson | Role::Mentor)
    }

    /// Roles that a staff member creates in the admin views.
    pub fn staff_created(self) -> bool {
        !self.self_registrable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_role() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
        assert_eq!(Role::parse("Mentor"), None);
    }

    #[test]
    fn only_participants_self_register() {
        let self_reg: Vec<_> = Role::ALL.into_iter().filter(|r| r.self_registrable()).collect();
        assert_eq!(self_reg, vec![Role::YoungPerson, Role::Mentor]);
        assert!(Role::Staff.staff_created());
        assert!(Role::SafeguardingLead.staff_created());
        assert!(Role::Coordinator.staff_created());
    }
}
