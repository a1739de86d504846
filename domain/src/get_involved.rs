//! Getting involved in the programme (`/get-involved`): partnering with it (schools, youth
//! organisations, community groups, employers), offering something in kind (venues,
//! equipment, time) and sharing it. Both offers reach the team's message queue with the
//! organisation's details; shared links carry a referral code, so the team sees how many
//! sign-ups each person and each partner brought. The same checks run in the browser and on
//! the server.

use crate::FieldErrors;
use crate::message::{check_message, visitor};
use crate::profiles::REGIONS;
use serde::{Deserialize, Serialize};

/// The kinds of organisation that partner with the programme, as the form offers them.
pub const ORGANISATION_KINDS: [(&str, &str); 4] = [
    ("school", "School or college"),
    ("youth_organisation", "Youth organisation"),
    ("community_group", "Community group"),
    ("employer", "Employer (corporate partnership)"),
];

/// How many people an organisation has (staff, pupils or members).
pub const SIZES: [(&str, &str); 4] = [
    ("under_50", "Fewer than 50 people"),
    ("50_249", "50 to 249 people"),
    ("250_999", "250 to 999 people"),
    ("1000_plus", "1,000 people or more"),
];

/// What may be offered in kind: the form field's name, and how it reads.
pub const OFFERS: [(&str, &str); 3] = [
    ("venue", "A venue: rooms for workshops, inductions or sessions"),
    ("equipment", "Equipment: laptops, tablets, phones or mobile data"),
    ("time", "Time: your staff volunteering or sharing professional skills"),
];

/// How an organisation kind reads ("Community group").
pub fn organisation_kind_label(key: &str) -> &'static str {
    label(&ORGANISATION_KINDS, key).unwrap_or("Organisation")
}

fn label(list: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    list.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

fn key(list: &[(&'static str, &'static str)], value: Option<&str>) -> Option<&'static str> {
    list.iter().find(|(k, _)| Some(*k) == value).map(|(k, _)| *k)
}

/// Which of the two offers a form makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferKind {
    /// Partner with us: the organisation works with the programme.
    Partnership,
    /// Offer something in kind: a venue, equipment or time.
    InKind,
}

impl OfferKind {
    /// The enquiry topic the offer is filed under.
    pub fn topic(self) -> &'static str {
        match self {
            OfferKind::Partnership => "partnership",
            OfferKind::InKind => "in_kind",
        }
    }
}

/// What the "partner with us" and "offer something in kind" forms send. A signed-in
/// person's name and address come from their account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OfferInput {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub kind: Option<String>,
    pub size: Option<String>,
    pub region: Option<String>,
    /// Keys of [`OFFERS`] ticked (in-kind offers only).
    pub offers: Vec<String>,
    pub message: String,
}

/// An organisation's details as the team reads them with the message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationDetails {
    pub organisation: Option<String>,
    pub kind: Option<String>,
    pub size: Option<String>,
    pub region: Option<String>,
    pub offers: Vec<String>,
}

impl OrganisationDetails {
    /// The details as labelled lines, for the team's queue and thread.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(o) = &self.organisation {
            out.push(("Organisation", o.clone()));
        }
        if let Some(k) = self.kind.as_deref().and_then(|k| label(&ORGANISATION_KINDS, k)) {
            out.push(("Type", k.to_string()));
        }
        if let Some(s) = self.size.as_deref().and_then(|s| label(&SIZES, s)) {
            out.push(("Size", s.to_string()));
        }
        if let Some(r) = &self.region {
            out.push(("Region", r.clone()));
        }
        let offers: Vec<&str> =
            self.offers.iter().filter_map(|o| label(&OFFERS, o)).map(|l| l.split(':').next().unwrap_or(l)).collect();
        if !offers.is_empty() {
            out.push(("Offering", offers.join(", ")));
        }
        out
    }

    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.lines().is_empty()
    }
}

/// A checked offer: the sender (for a visitor), the details and the message.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOffer {
    pub sender: Option<(String, String)>,
    pub what: OfferKind,
    pub details: OrganisationDetails,
    pub message: String,
}

pub const MAX_ORGANISATION: usize = 200;

impl OfferInput {
    /// `signed_in`: the sender is known, so name and email are not asked.
    pub fn validate(&self, what: OfferKind, signed_in: bool) -> Result<ValidOffer, FieldErrors> {
        let mut e = FieldErrors::new();
        let sender = visitor(&mut e, signed_in, &self.name, &self.email);
        let organisation = self.organisation.split_whitespace().collect::<Vec<_>>().join(" ");
        if organisation.chars().count() > MAX_ORGANISATION {
            e.add("organisation", "The organisation's name must be 200 characters or fewer");
        } else if organisation.is_empty() && what == OfferKind::Partnership {
            e.add("organisation", "Enter your organisation's name");
        }
        let kind = key(&ORGANISATION_KINDS, self.kind.as_deref());
        let size = key(&SIZES, self.size.as_deref());
        if what == OfferKind::Partnership {
            if kind.is_none() {
                e.add("kind", "Choose what kind of organisation it is");
            }
            if size.is_none() {
                e.add("size", "Choose how many people your organisation has");
            }
        }
        let region = REGIONS.iter().find(|r| Some(**r) == self.region.as_deref()).copied();
        if region.is_none() {
            e.add("region", "Choose the region where you are");
        }
        let offers: Vec<String> =
            OFFERS.iter().filter(|(k, _)| self.offers.iter().any(|o| o == k)).map(|(k, _)| k.to_string()).collect();
        if what == OfferKind::InKind && offers.is_empty() {
            e.add("venue", "Choose at least one thing you can offer");
        }
        check_message(&mut e, "message", &self.message);
        e.into_result(|| ValidOffer {
            sender,
            what,
            details: OrganisationDetails {
                organisation: (!organisation.is_empty()).then_some(organisation),
                kind: kind.map(str::to_owned),
                size: size.map(str::to_owned),
                region: region.map(str::to_owned),
                offers: if what == OfferKind::InKind { offers } else { Vec::new() },
            },
            message: self.message.trim().to_owned(),
        })
    }
}

/// The characters of a referral code: no 0/O or 1/I, which read alike.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 8;

/// A referral code as typed or carried by a link, in its stored form; `None` when it cannot
/// be one (a wrong length or character), so a mangled link is simply not counted.
pub fn normalise_referral(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// A link to share, and whom its sign-ups are counted for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareLink {
    /// "You" or the organisation's name.
    pub for_whom: String,
    pub url: String,
}

/// What the get-involved page needs from the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetInvolved {
    pub signed_in: bool,
    /// The programme's donation page (`TANDEM_DONATE_URL`); no donation section without one.
    pub donate_url: Option<String>,
    /// The link anyone may share (to this page); counted for nobody.
    pub public_link: String,
    /// The signed-in person's own link, and their organisation's (coordinators and employer
    /// leads), each carrying a referral code.
    pub links: Vec<ShareLink>,
}

/// A person whose links brought sign-ups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferrerRow {
    /// The person's name ("An erased account" once erased).
    pub name: String,
    /// Their role, as read ("Mentor").
    pub role: String,
    /// Their organisation, if any.
    pub organisation: Option<String>,
    pub mentors: u64,
    pub young_people: u64,
}

/// A partner organisation and the sign-ups it brought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerReferralRow {
    pub name: String,
    /// "School", "Community group", ...
    pub kind: String,
    /// Young people who joined with its join code.
    pub join_code: u64,
    /// Sign-ups through its own link or the links its people shared.
    pub links: u64,
}

/// Sign-ups brought by sharing and by partners, for staff.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralReport {
    /// Every sign-up since the programme began, and how many came through a link or a code.
    pub sign_ups: u64,
    pub through_links: u64,
    pub through_join_codes: u64,
    /// Most sign-ups first.
    pub people: Vec<ReferrerRow>,
    pub partners: Vec<PartnerReferralRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partnership() -> OfferInput {
        OfferInput {
            name: "Grace Hopper".into(),
            email: "grace@eastgate.example".into(),
            organisation: "  Eastgate   Community Hub ".into(),
            kind: Some("community_group".into()),
            size: Some("50_249".into()),
            region: Some("North West".into()),
            offers: vec!["venue".into()],
            message: "We would like our young members to have mentors.".into(),
        }
    }

    #[test]
    fn a_partnership_needs_the_organisation_its_type_size_and_region() {
        let ok = partnership().validate(OfferKind::Partnership, false).expect("valid");
        assert_eq!(ok.sender, Some(("Grace Hopper".into(), "grace@eastgate.example".into())));
        assert_eq!(ok.details.organisation.as_deref(), Some("Eastgate Community Hub"));
        assert_eq!(ok.details.kind.as_deref(), Some("community_group"));
        assert!(ok.details.offers.is_empty(), "a partnership offers nothing in kind");
        assert_eq!(
            ok.details.lines(),
            vec![
                ("Organisation", "Eastgate Community Hub".to_string()),
                ("Type", "Community group".to_string()),
                ("Size", "50 to 249 people".to_string()),
                ("Region", "North West".to_string()),
            ]
        );

        let bad = OfferInput {
            organisation: " ".into(),
            kind: Some("club".into()),
            size: None,
            region: Some("Atlantis".into()),
            message: "hi".into(),
            ..partnership()
        };
        let e = bad.validate(OfferKind::Partnership, true).expect_err("refused");
        assert_eq!(e.get("organisation"), Some("Enter your organisation's name"));
        assert_eq!(e.get("kind"), Some("Choose what kind of organisation it is"));
        assert_eq!(e.get("size"), Some("Choose how many people your organisation has"));
        assert_eq!(e.get("region"), Some("Choose the region where you are"));
        assert!(e.get("message").is_some());
        assert!(e.get("name").is_none(), "a signed-in person is not asked their name");
    }

    #[test]
    fn an_offer_in_kind_needs_something_offered_but_no_organisation() {
        let offer = OfferInput {
            organisation: String::new(),
            kind: None,
            size: None,
            offers: vec!["time".into(), "venue".into(), "gold".into()],
            ..partnership()
        };
        let ok = offer.validate(OfferKind::InKind, false).expect("valid");
        assert_eq!(ok.details.organisation, None);
        assert_eq!(ok.details.offers, vec!["venue".to_string(), "time".to_string()], "known keys, in the form's order");
        assert_eq!(ok.details.lines().last().map(|l| l.1.as_str()), Some("A venue, Time"));
        let none = OfferInput { offers: vec![], ..offer };
        let e = none.validate(OfferKind::InKind, false).expect_err("refused");
        assert_eq!(e.get("venue"), Some("Choose at least one thing you can offer"));
        assert!(e.get("organisation").is_none());
    }

    #[test]
    fn referral_codes_are_read_without_case_and_refused_when_mangled() {
        assert_eq!(normalise_referral(" abcd2345 ").as_deref(), Some("ABCD2345"));
        assert_eq!(normalise_referral("ABCD234"), None, "too short");
        assert_eq!(normalise_referral("ABCD2340"), None, "0 is not in the alphabet");
        assert_eq!(normalise_referral("ABCD23456"), None, "too long");
    }
}
