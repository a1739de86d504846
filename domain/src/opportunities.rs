//! The opportunities board (`/opportunities`): work experience, insight days, internships,
//! apprenticeships and events from employer partners (their lead and their employees who
//! mentor; staff approve before anyone sees them) and from the programme's staff. Young
//! people see those that fit their age, region and goals first, save them and say they are
//! interested: an adult may let the poster see their name and email address; an under-18's
//! interest goes to their Mentoring Coordinator, never to the employer. A mentor recommends
//! one to their mentee. This module holds the rules both the browser and the server check
//! and the shapes the pages show.

use crate::FieldErrors;
use crate::applications::GOALS;
use crate::profiles::{REGIONS, split_list};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kinds of opportunity, as the form offers them.
pub const KINDS: [(&str, &str); 5] = [
    ("work_experience", "Work experience"),
    ("insight_day", "Insight day"),
    ("internship", "Internship"),
    ("apprenticeship", "Apprenticeship"),
    ("event", "Event"),
];

/// The programme's age range: nothing is offered outside it.
pub const YOUNGEST: i32 = 14;
pub const OLDEST: i32 = 25;

/// How far ahead an opportunity may close.
pub const LONGEST_OPEN_DAYS: i64 = 366;

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MIN: usize = 20;
pub const DESCRIPTION_MAX: usize = 4000;
pub const NOTE_MAX: usize = 500;
pub const REASON_MAX: usize = 1000;

/// How a kind reads ("Insight day").
pub fn kind_label(key: &str) -> &'static str {
    KINDS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l).unwrap_or("Opportunity")
}

/// Where an opportunity is, as a card shows it.
pub fn place_label(region: Option<&str>, online: bool) -> String {
    match (region, online) {
        (Some(r), true) => format!("{r} or online"),
        (Some(r), false) => r.to_string(),
        (None, _) => "Online".to_string(),
    }
}

/// An age range as a card shows it ("16 to 18", "18 and over").
pub fn ages_label(min: i32, max: i32) -> String {
    match (min, max) {
        (a, b) if a == b => format!("Age {a}"),
        (a, OLDEST) if a > YOUNGEST => format!("Ages {a} and over"),
        (a, b) => format!("Ages {a} to {b}"),
    }
}

/// Where an opportunity is in its life. Whether it has closed comes from its closing date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum OpportunityStatus {
    /// Posted by a partner, waiting for staff.
    #[cfg_attr(feature = "db", sea_orm(string_value = "pending"))]
    Pending,
    #[cfg_attr(feature = "db", sea_orm(string_value = "published"))]
    Published,
    /// Staff said no, with a reason the poster sees.
    #[cfg_attr(feature = "db", sea_orm(string_value = "declined"))]
    Declined,
    /// Taken down by its poster or by staff.
    #[cfg_attr(feature = "db", sea_orm(string_value = "withdrawn"))]
    Withdrawn,
}

impl OpportunityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Published => "published",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Waiting for approval",
            Self::Published => "Published",
            Self::Declined => "Not approved",
            Self::Withdrawn => "Withdrawn",
        }
    }
}

/// What the posting form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityInput {
    pub title: String,
    pub kind: Option<String>,
    pub description: String,
    pub region: Option<String>,
    pub online: bool,
    pub min_age: String,
    pub max_age: String,
    pub closes_on: String,
    pub link: String,
    /// Goals it suits (any of [`GOALS`]).
    pub goals: Vec<String>,
}

/// A checked opportunity, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOpportunity {
    pub title: String,
    pub kind: &'static str,
    pub description: String,
    pub region: Option<String>,
    pub online: bool,
    pub min_age: i32,
    pub max_age: i32,
    pub closes_on: NaiveDate,
    pub link: Option<String>,
    pub goals: Vec<String>,
}

/// A web address people may be sent to: https, no spaces, not too long.
pub fn is_link(s: &str) -> bool {
    s.starts_with("https://") && s.len() > "https://".len() + 3 && s.len() <= 500 && !s.contains(char::is_whitespace)
}

fn age(raw: &str) -> Option<i32> {
    raw.trim().parse::<i32>().ok().filter(|a| (YOUNGEST..=OLDEST).contains(a))
}

impl OpportunityInput {
    /// Checks the form. `under_18_allowed`: the poster is staff, or a partner staff have
    /// approved to offer opportunities to under-18s.
    pub fn validate(&self, under_18_allowed: bool, today: NaiveDate) -> Result<NewOpportunity, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = self.title.trim();
        if title.chars().count() < 3 {
            e.add("title", "Enter a title of at least 3 characters");
        } else if title.chars().count() > TITLE_MAX {
            e.add("title", format!("Keep the title to {TITLE_MAX} characters"));
        }
        let kind = KINDS.iter().find(|(k, _)| Some(*k) == self.kind.as_deref()).map(|(k, _)| *k);
        if kind.is_none() {
            e.add("kind", "Choose what kind of opportunity it is");
        }
        let description = self.description.trim();
        if description.chars().count() < DESCRIPTION_MIN {
            e.add("description", "Say what it involves in a few sentences (at least 20 characters)");
        } else if description.chars().count() > DESCRIPTION_MAX {
            e.add("description", format!("Keep the description to {DESCRIPTION_MAX} characters"));
        }
        let region = self.region.as_deref().map(str::trim).filter(|r| !r.is_empty());
        if let Some(r) = region
            && !REGIONS.contains(&r)
        {
            e.add("region", "Choose a region from the list, or online only");
        }
        let min = age(&self.min_age);
        let max = age(&self.max_age);
        if min.is_none() {
            e.add("min_age", format!("Enter the youngest age, a whole number from {YOUNGEST} to {OLDEST}"));
        }
        if max.is_none() {
            e.add("max_age", format!("Enter the oldest age, a whole number from {YOUNGEST} to {OLDEST}"));
        }
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                e.add("max_age", "The oldest age must be the same as the youngest or older");
            } else if a < 18 && !under_18_allowed {
                e.add(
                    "min_age",
                    "Your organisation is not yet approved to offer opportunities to under-18s: make the youngest age 18, or ask the programme team",
                );
            }
        }
        let closes = NaiveDate::parse_from_str(self.closes_on.trim(), "%Y-%m-%d").ok();
        match closes {
            None => e.add("closes_on", "Enter the closing date"),
            Some(d) if d < today => e.add("closes_on", "The closing date must be today or later"),
            Some(d) if (d - today).num_days() > LONGEST_OPEN_DAYS => {
                e.add("closes_on", "The closing date must be within a year")
            }
            Some(_) => {}
        }
        let link = self.link.trim();
        if !link.is_empty() && !is_link(link) {
            e.add("link", "Enter a full web address starting with https://, or leave it empty");
        }
        let goals: Vec<String> = self.goals.iter().map(|g| g.trim().to_string()).filter(|g| !g.is_empty()).collect();
        if goals.iter().any(|g| !GOALS.contains(&g.as_str())) {
            e.add("goals", "Choose goals from the list");
        }
        e.into_result(|| NewOpportunity {
            title: title.to_string(),
            kind: kind.unwrap_or("event"),
            description: description.to_string(),
            region: region.map(str::to_owned),
            // Without a place it can only be online.
            online: self.online || region.is_none(),
            min_age: min.unwrap_or(YOUNGEST),
            max_age: max.unwrap_or(OLDEST),
            closes_on: closes.unwrap_or(today),
            link: (!link.is_empty()).then(|| link.to_string()),
            goals,
        })
    }
}

/// Staff's decision on a partner's post: a reason is needed to decline.
pub fn validate_decision(approve: bool, reason: &str) -> Result<(), FieldErrors> {
    let reason = reason.trim();
    let mut e = FieldErrors::new();
    if !approve && reason.chars().count() < 5 {
        e.add("reason", "Say why it is not approved: the poster sees this");
    } else if reason.chars().count() > REASON_MAX {
        e.add("reason", format!("Keep the reason to {REASON_MAX} characters"));
    }
    e.into_result(|| ())
}

/// A mentor's note with a recommendation (optional).
pub fn validate_note(note: &str) -> Result<(), FieldErrors> {
    if note.trim().chars().count() > NOTE_MAX {
        return Err(FieldErrors::single("note", format!("Keep the note to {NOTE_MAX} characters")));
    }
    Ok(())
}

/// How well an opportunity fits one young person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fit {
    /// Their age is inside its range (or unknown).
    pub eligible: bool,
    /// In their region, or online.
    pub reachable: bool,
    /// Its goals they share.
    pub goals: Vec<String>,
}

impl Fit {
    /// Shown first: they can reach it and it suits one of their goals (or names none).
    pub fn suggested(&self, opportunity_goals: &[&str]) -> bool {
        self.eligible && self.reachable && (opportunity_goals.is_empty() || !self.goals.is_empty())
    }
}

/// How an opportunity (age range, region, online, goals "a, b") fits a young person (age,
/// region, goals "a, b").
pub fn fit(
    (min_age, max_age, region, online, goals): (i32, i32, Option<&str>, bool, &str),
    age: Option<i32>,
    their_region: Option<&str>,
    their_goals: &str,
) -> Fit {
    let theirs = split_list(their_goals);
    Fit {
        eligible: age.is_none_or(|a| (min_age..=max_age).contains(&a)),
        reachable: online || region.is_some_and(|r| Some(r) == their_region),
        goals: split_list(goals).into_iter().filter(|g| theirs.contains(g)).map(str::to_owned).collect(),
    }
}

/// One opportunity as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityCard {
    pub id: i64,
    pub title: String,
    pub kind: String,
    /// The employer's name, or the programme's.
    pub organisation: String,
    pub place: String,
    pub ages: String,
    pub closes: String,
    /// The closing date alone ("5 February 2027").
    pub closes_on: String,
    pub closed: bool,
    /// Why it is suggested ("In your region", a goal): empty when it is not.
    pub why: Vec<String>,
    pub saved: bool,
    pub interested: bool,
    pub taken_up: bool,
    /// The mentor who recommended it to this young person.
    pub recommended_by: Option<String>,
    pub status: OpportunityStatus,
}

/// A poster's own post, with what young people did with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedRow {
    pub card: OpportunityCard,
    pub counts: TakeUp,
    pub decline_reason: Option<String>,
}

/// An under-18's interest, as their Mentoring Coordinator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoordinatorRequest {
    pub opportunity_id: i64,
    pub title: String,
    pub organisation: String,
    /// How to reach the employer: the opportunity's link, or the poster's email address.
    pub contact: String,
    pub young_person_id: i64,
    pub young_person: String,
    pub at: String,
    pub taken_up: bool,
}

/// The board as one person sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// A young person's: those that fit them best. Everyone else sees all in `more`.
    pub suggested: Vec<OpportunityCard>,
    pub more: Vec<OpportunityCard>,
    /// A young person's own saved or chosen ones.
    pub yours: Vec<OpportunityCard>,
    /// Whether this person may post (staff, an employer partner's lead or employee mentors).
    pub may_post: bool,
    /// Whether their posts may be for under-18s (staff, or a partner staff approved).
    pub may_offer_under_18: bool,
    /// What this person (or their organisation) posted.
    pub posted: Vec<PostedRow>,
    /// A coordinator's young people's interest.
    pub requests: Vec<CoordinatorRequest>,
    /// A young person who is under 18 (their interest goes to their coordinator).
    pub under_18: bool,
    pub is_young_person: bool,
    pub is_staff: bool,
    /// Posts waiting for staff (staff only).
    pub waiting: u64,
}

/// An adult who said they were interested and agreed the poster may see who they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestedPerson {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub at: String,
    pub taken_up: bool,
}

/// Posted, interested, taken up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeUp {
    pub posted: u64,
    pub published: u64,
    pub saved: u64,
    pub interested: u64,
    /// Of those interested, under-18s whose interest went to their coordinator.
    pub through_coordinators: u64,
    pub taken_up: u64,
}

/// What one young person did with an opportunity, and what they may do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YourResponse {
    pub saved: bool,
    pub interested: bool,
    pub shared: bool,
    pub via_coordinator: bool,
    pub taken_up: bool,
    pub under_18: bool,
    /// Their age is outside the range.
    pub not_eligible: bool,
    pub recommended_by: Option<String>,
    pub recommend_note: Option<String>,
}

/// One opportunity's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityPage {
    pub card: OpportunityCard,
    pub description: String,
    pub link: Option<String>,
    pub goals: Vec<String>,
    pub decline_reason: Option<String>,
    /// A young person's own response.
    pub you: Option<YourResponse>,
    /// A mentor's current mentee (first name) and whether they already recommended it.
    pub mentee: Option<(String, bool)>,
    /// The poster, their organisation's lead, or staff: what young people did with it.
    pub interest: Option<(TakeUp, Vec<InterestedPerson>)>,
    pub may_withdraw: bool,
    pub may_decide: bool,
}

/// Take-up per partner and overall (staff).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeUpReport {
    pub overall: TakeUp,
    /// The programme's own posts first ("Tandem"), then each employer partner.
    pub partners: Vec<(String, TakeUp)>,
}

/// An employer partner and whether it may offer opportunities to under-18s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerApproval {
    pub partner_id: i64,
    pub name: String,
    pub under_18: bool,
}

/// The staff page: posts waiting, every post, take-up, partners' under-18 approval.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityAdmin {
    pub waiting: Vec<PostedRow>,
    pub report: TakeUpReport,
    pub partners: Vec<PartnerApproval>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn input() -> OpportunityInput {
        OpportunityInput {
            title: "Engineering insight day".into(),
            kind: Some("insight_day".into()),
            description: "A day in our design office with our graduate engineers.".into(),
            region: Some("London".into()),
            online: false,
            min_age: "16".into(),
            max_age: "18".into(),
            closes_on: "2027-03-01".into(),
            link: String::new(),
            goals: vec!["Apprenticeships".into()],
        }
    }

    #[test]
    fn a_good_post_is_accepted() {
        let o = input().validate(true, day("2027-01-10")).expect("valid");
        assert_eq!((o.kind, o.min_age, o.max_age), ("insight_day", 16, 18));
        assert_eq!(o.link, None);
        assert_eq!(o.closes_on, day("2027-03-01"));
    }

    #[test]
    fn under_18s_need_an_approved_partner() {
        let e = input().validate(false, day("2027-01-10")).expect_err("refused");
        assert!(e.get("min_age").expect("error").contains("under-18s"));
        let mut adult = input();
        adult.min_age = "18".into();
        adult.max_age = "25".into();
        assert!(adult.validate(false, day("2027-01-10")).is_ok());
    }

    #[test]
    fn every_field_is_checked() {
        let bad = OpportunityInput {
            title: "x".into(),
            kind: Some("party".into()),
            description: "short".into(),
            region: Some("Atlantis".into()),
            online: false,
            min_age: "20".into(),
            max_age: "17".into(),
            closes_on: "2027-01-09".into(),
            link: "http://example.org".into(),
            goals: vec!["Fame".into()],
        };
        let e = bad.validate(true, day("2027-01-10")).expect_err("refused");
        for f in ["title", "kind", "description", "region", "max_age", "closes_on", "link", "goals"] {
            assert!(e.get(f).is_some(), "{f} should be refused");
        }
        let mut far = input();
        far.closes_on = "2028-06-01".into();
        assert!(far.validate(true, day("2027-01-10")).expect_err("refused").get("closes_on").is_some());
        let mut old = input();
        old.min_age = "13".into();
        assert!(old.validate(true, day("2027-01-10")).expect_err("refused").get("min_age").is_some());
        let mut online = input();
        online.region = None;
        assert!(online.validate(true, day("2027-01-10")).expect("online only").online, "no place: online");
    }

    #[test]
    fn fit_puts_reachable_matching_goals_first() {
        let o = (16, 18, Some("London"), false, "Apprenticeships, CV and interviews");
        let f = fit(o, Some(17), Some("London"), "Build confidence, Apprenticeships");
        assert!(f.eligible && f.reachable);
        assert_eq!(f.goals, vec!["Apprenticeships".to_string()]);
        assert!(f.suggested(&["Apprenticeships", "CV and interviews"]));
        let elsewhere = fit(o, Some(17), Some("Wales"), "Apprenticeships");
        assert!(!elsewhere.reachable && !elsewhere.suggested(&["Apprenticeships"]));
        assert!(!fit(o, Some(19), Some("London"), "Apprenticeships").eligible);
        assert!(fit((18, 25, None, true, ""), Some(20), Some("Wales"), "").suggested(&[]));
        assert!(!fit(o, Some(17), Some("London"), "Build confidence").suggested(&["Apprenticeships"]));
    }

    #[test]
    fn labels_read_well() {
        assert_eq!(ages_label(16, 18), "Ages 16 to 18");
        assert_eq!(ages_label(18, 25), "Ages 18 and over");
        assert_eq!(ages_label(14, 25), "Ages 14 to 25");
        assert_eq!(place_label(Some("Wales"), true), "Wales or online");
        assert_eq!(place_label(None, true), "Online");
        assert!(is_link("https://example.org/apply") && !is_link("https://a b") && !is_link("ftp://x.org"));
        assert!(validate_decision(false, "").is_err() && validate_decision(true, "").is_ok());
    }
}
