//! Group workshops: the 2-hour mentor workshop and the young people's induction. The rules
//! for scheduling one, booking a seat and giving feedback afterwards.

use crate::FieldErrors;
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkshopKind {
    /// The 2-hour interactive workshop every new mentor attends.
    MentorWorkshop,
    /// The induction for young people (mandatory for under-18s).
    MenteeInduction,
}

impl WorkshopKind {
    pub const ALL: [WorkshopKind; 2] = [WorkshopKind::MentorWorkshop, WorkshopKind::MenteeInduction];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkshopKind::MentorWorkshop => "mentor_workshop",
            WorkshopKind::MenteeInduction => "mentee_induction",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkshopKind::MentorWorkshop => "Mentor workshop",
            WorkshopKind::MenteeInduction => "Mentee induction",
        }
    }

    /// Who books this kind of workshop.
    pub fn for_role(self) -> crate::Role {
        match self {
            WorkshopKind::MentorWorkshop => crate::Role::Mentor,
            WorkshopKind::MenteeInduction => crate::Role::YoungPerson,
        }
    }
}

/// Who an induction is for. Under-18s and adults are never in the same induction: each
/// induction serves one age band, and an on-site one also names its partner institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Audience {
    /// Young people under 18 (pupils of partner institutions).
    Under18,
    /// Young people aged 18 to 25.
    Adults,
}

impl Audience {
    pub const ALL: [Audience; 2] = [Audience::Under18, Audience::Adults];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Under18 => "under_18",
            Audience::Adults => "18_25",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Under18 => "Young people under 18",
            Audience::Adults => "Young people aged 18 to 25",
        }
    }

    /// The band a young person of `age` (on the induction's date) belongs to.
    pub fn of_age(age: i32) -> Self {
        if age < 18 { Audience::Under18 } else { Audience::Adults }
    }
}

/// Why a young person may not book an induction, in words they can act on; `None` when they
/// may. `age` is their age on the induction's date; `partner` their partner institution.
pub fn induction_refusal(
    audience: Option<Audience>,
    institution: Option<(i64, &str)>,
    age: i32,
    partner: Option<i64>,
) -> Option<String> {
    let mine = Audience::of_age(age);
    match audience {
        None => Some("This induction is not open for booking yet. Please choose another date".into()),
        Some(a) if a != mine => Some(match mine {
            Audience::Under18 => "This induction is for young people aged 18 to 25. Please book one for under-18s, \
                                  listed on this page"
                .into(),
            Audience::Adults => "This induction is for young people under 18. Please book one for 18 to 25 year olds, \
                                 listed on this page"
                .into(),
        }),
        Some(_) => match institution {
            Some((id, name)) if partner != Some(id) => {
                Some(format!("This induction is for {name} only. Please book one of the others listed on this page"))
            }
            _ => None,
        },
    }
}

/// Where a person stands with one workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum BookingStatus {
    #[cfg_attr(feature = "db", sea_orm(string_value = "booked"))]
    Booked,
    #[cfg_attr(feature = "db", sea_orm(string_value = "waitlisted"))]
    Waitlisted,
    #[cfg_attr(feature = "db", sea_orm(string_value = "cancelled"))]
    Cancelled,
    #[cfg_attr(feature = "db", sea_orm(string_value = "attended"))]
    Attended,
    #[cfg_attr(feature = "db", sea_orm(string_value = "absent"))]
    Absent,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::Waitlisted => "waitlisted",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Attended => "attended",
            BookingStatus::Absent => "absent",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BookingStatus::Booked => "Seat booked",
            BookingStatus::Waitlisted => "On the waiting list",
            BookingStatus::Cancelled => "Cancelled",
            BookingStatus::Attended => "Attended",
            BookingStatus::Absent => "Did not attend",
        }
    }

    /// Holds a seat or a place in the queue.
    pub fn active(self) -> bool {
        matches!(self, BookingStatus::Booked | BookingStatus::Waitlisted)
    }
}

/// Feedback ratings, poor to excellent.
pub const RATINGS: &[(i32, &str)] = &[(1, "Poor"), (2, "Fair"), (3, "Good"), (4, "Excellent")];

pub const MAX_CAPACITY: i32 = 200;
pub const DEFAULT_MINUTES: i32 = 120;

/// A workshop as staff type it into the scheduling form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopInput {
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DDTHH:MM` as an HTML datetime-local input sends it (UK local time).
    pub starts_at: String,
    pub minutes: String,
    /// `online` or `venue`.
    pub mode: String,
    /// The meeting link (online) or the venue's address (in person).
    pub location: String,
    pub capacity: String,
    /// Inductions only: who it is for (`Audience::as_str`).
    #[serde(default)]
    pub audience: String,
    /// Inductions only: the partner institution's id, for one held for its own pupils
    /// (required at a venue); empty when open to all of its age band.
    #[serde(default)]
    pub partner: String,
}

/// A checked workshop, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidWorkshop {
    pub kind: WorkshopKind,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub minutes: i32,
    pub online: bool,
    pub location: String,
    pub capacity: i32,
    /// Set for inductions, `None` for mentor workshops.
    pub audience: Option<Audience>,
    pub partner_id: Option<i64>,
}

pub fn parse_local_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
}

/// An `https://` (or `http://`) link with a host: what an online meeting needs.
pub fn is_web_link(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.contains(char::is_whitespace) && !s.contains(char::is_whitespace)
    })
}

impl WorkshopInput {
    /// Checks every answer, in form order. `now` is the local time: workshops are scheduled
    /// in the future.
    pub fn validate(&self, now: NaiveDateTime) -> Result<ValidWorkshop, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = WorkshopKind::parse(self.kind.trim());
        if kind.is_none() {
            e.add("kind", "Choose the kind of workshop");
        }
        let title = self.title.trim().to_string();
        if title.is_empty() {
            e.add("title", "Enter a title");
        } else if title.chars().count() > 120 {
            e.add("title", "Title must be 120 characters or fewer");
        }
        let starts_at = parse_local_datetime(&self.starts_at);
        match starts_at {
            None => e.add("starts_at", "Enter the date and time it starts, for example 2027-01-14 18:00"),
            Some(t) if t <= now => e.add("starts_at", "The start must be in the future"),
            Some(t) if t > now + Duration::days(366) => e.add("starts_at", "Schedule workshops up to a year ahead"),
            Some(_) => {}
        }
        let minutes = if self.minutes.trim().is_empty() {
            Some(DEFAULT_MINUTES)
        } else {
            self.minutes.trim().parse::<i32>().ok().filter(|m| (30..=480).contains(m))
        };
        if minutes.is_none() {
            e.add("minutes", "Enter a length between 30 and 480 minutes");
        }
        let online = match self.mode.trim() {
            "online" => Some(true),
            "venue" => Some(false),
            _ => None,
        };
        if online.is_none() {
            e.add("mode", "Choose online or at a venue");
        }
        let location = self.location.trim().to_string();
        match online {
            Some(true) if !is_web_link(&location) => {
                e.add("location", "Enter the meeting link, starting https://");
            }
            Some(false) if location.chars().count() < 5 => e.add("location", "Enter the venue's address"),
            _ if location.chars().count() > 300 => e.add("location", "Keep this to 300 characters or fewer"),
            _ => {}
        }
        let capacity = self.capacity.trim().parse::<i32>().ok().filter(|c| (1..=MAX_CAPACITY).contains(c));
        if capacity.is_none() {
            e.add("capacity", format!("Enter the number of seats, from 1 to {MAX_CAPACITY}"));
        }
        let induction = kind == Some(WorkshopKind::MenteeInduction);
        let audience = Audience::parse(self.audience.trim()).filter(|_| induction);
        if induction && audience.is_none() {
            e.add("audience", "Choose who the induction is for: under-18s or 18 to 25 year olds");
        }
        let partner_id = match self.partner.trim() {
            "" => None,
            p => match p.parse::<i64>() {
                Ok(id) if induction => Some(id),
                Ok(_) => None,
                Err(_) => {
                    e.add("partner", "Choose a partner institution from the list");
                    None
                }
            },
        };
        if induction && online == Some(false) && partner_id.is_none() {
            e.add("partner", "Choose the partner institution hosting this on-site induction");
        }
        match (kind, starts_at, minutes, online, capacity) {
            (Some(kind), Some(starts_at), Some(minutes), Some(online), Some(capacity)) if e.is_empty() => {
                Ok(ValidWorkshop { kind, title, starts_at, minutes, online, location, capacity, audience, partner_id })
            }
            _ => Err(e),
        }
    }
}

/// Feedback after a workshop, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackInput {
    pub rating: Option<String>,
    pub would_recommend: Option<String>,
    pub nps: Option<String>,
    /// Young people's inductions only: "did it help you feel more prepared for your first
    /// session?" (yes or no).
    pub prepared: Option<String>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFeedback {
    pub rating: i32,
    pub would_recommend: bool,
    pub nps: i32,
    /// Asked after an induction only.
    pub prepared: Option<bool>,
    pub comment: String,
}

/// The question an induction's feedback adds, as the form and the public impact page word it.
pub const PREPARED_QUESTION: &str = "Did the induction help you feel more prepared for a mentoring session?";

fn yes_no(answer: Option<&str>) -> Option<bool> {
    match answer.map(str::trim) {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

impl FeedbackInput {
    /// Checks the answers; `kind` is the workshop's, since an induction asks one more
    /// question.
    pub fn validate(&self, kind: WorkshopKind) -> Result<ValidFeedback, FieldErrors> {
        let mut e = FieldErrors::new();
        let rating = self
            .rating
            .as_deref()
            .and_then(|r| r.trim().parse::<i32>().ok())
            .filter(|r| RATINGS.iter().any(|(v, _)| v == r));
        if rating.is_none() {
            e.add("rating", "Choose how you would rate the workshop");
        }
        let would_recommend = yes_no(self.would_recommend.as_deref());
        if would_recommend.is_none() {
            e.add("would_recommend", "Choose yes or no");
        }
        let prepared = match kind {
            WorkshopKind::MenteeInduction => {
                let p = yes_no(self.prepared.as_deref());
                if p.is_none() {
                    e.add("prepared", "Choose yes or no");
                }
                p
            }
            WorkshopKind::MentorWorkshop => None,
        };
        let nps = self.nps.as_deref().and_then(|n| n.trim().parse::<i32>().ok()).filter(|n| (0..=10).contains(n));
        if nps.is_none() {
            e.add("nps", "Choose a number from 0 to 10");
        }
        let comment = self.comment.trim().to_string();
        if comment.chars().count() > 1000 {
            e.add("comment", "Keep comments to 1,000 characters or fewer");
        }
        match (rating, would_recommend, nps) {
            (Some(rating), Some(would_recommend), Some(nps)) if e.is_empty() => {
                Ok(ValidFeedback { rating, would_recommend, nps, prepared, comment })
            }
            _ => Err(e),
        }
    }
}

/// One workshop as a participant or staff member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopView {
    pub id: i64,
    pub kind: WorkshopKind,
    pub title: String,
    /// Formatted for people, e.g. "Thursday 14 January 2027, 18:00 to 20:00".
    pub when: String,
    /// `YYYY-MM-DDTHH:MM`, for forms and machine-readable `<time>`.
    pub starts_at: String,
    pub online: bool,
    pub location: String,
    pub capacity: i32,
    pub booked: i32,
    pub waitlisted: i32,
    pub cancelled: bool,
    /// It has started (or finished): no more booking or cancelling.
    pub past: bool,
    /// The viewer's own booking, if any.
    pub mine: Option<BookingStatus>,
    /// The viewer's place on the waiting list (1 = next).
    pub position: Option<i32>,
    /// The viewer attended and has not yet given feedback.
    pub feedback_due: bool,
    /// Inductions: who it is for, in words ("Young people under 18, pupils of Northfield
    /// Academy"); empty for mentor workshops.
    #[serde(default)]
    pub audience: String,
}

impl WorkshopView {
    pub fn seats_left(&self) -> i32 {
        (self.capacity - self.booked).max(0)
    }
}

/// One line of a workshop's register, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLine {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub status: BookingStatus,
}

pub fn describe_time(start: NaiveDateTime, minutes: i32) -> String {
    let end = start + Duration::minutes(minutes as i64);
    format!("{}, {} to {}", start.format("%A %-d %B %Y"), start.format("%H:%M"), end.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("date")
    }

    fn good() -> WorkshopInput {
        WorkshopInput {
            kind: "mentor_workshop".into(),
            title: "New mentor workshop".into(),
            starts_at: "2026-12-03T18:00".into(),
            minutes: "".into(),
            mode: "online".into(),
            location: "https://meet.example.org/tandem-workshop".into(),
            capacity: "12".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_workshop_defaults_to_two_hours() {
        let w = good().validate(now()).expect("valid");
        assert_eq!(w.minutes, 120);
        assert!(w.online);
        assert_eq!(describe_time(w.starts_at, w.minutes), "Thursday 3 December 2026, 18:00 to 20:00");
    }

    #[test]
    fn each_field_is_checked() {
        let bad = WorkshopInput {
            kind: "party".into(),
            title: " ".into(),
            starts_at: "2026-11-01T10:00".into(),
            minutes: "5".into(),
            mode: "online".into(),
            location: "meet.example.org".into(),
            capacity: "0".into(),
            ..Default::default()
        };
        let e = bad.validate(now()).expect_err("invalid");
        for f in ["kind", "title", "starts_at", "minutes", "location", "capacity"] {
            assert!(e.get(f).is_some(), "{f} should be refused");
        }
        let venue = WorkshopInput { mode: "venue".into(), location: "Hall".into(), ..good() };
        assert!(venue.validate(now()).expect_err("short").get("location").is_some());
        let venue = WorkshopInput { mode: "venue".into(), location: "Northfield Academy, Room 4".into(), ..good() };
        assert!(!venue.validate(now()).expect("venue").online);
    }

    #[test]
    fn an_induction_names_its_age_band_and_an_on_site_one_its_institution() {
        let ind = WorkshopInput { kind: "mentee_induction".into(), ..good() };
        assert!(ind.validate(now()).expect_err("no audience").get("audience").is_some());
        let adults = WorkshopInput { audience: "18_25".into(), ..ind.clone() };
        let v = adults.validate(now()).expect("online, open to the band");
        assert_eq!((v.audience, v.partner_id), (Some(Audience::Adults), None));
        let on_site = WorkshopInput {
            audience: "under_18".into(),
            mode: "venue".into(),
            location: "Northfield Academy, Library".into(),
            ..ind.clone()
        };
        assert!(on_site.validate(now()).expect_err("no institution").get("partner").is_some());
        let v = WorkshopInput { partner: "7".into(), ..on_site }.validate(now()).expect("valid");
        assert_eq!((v.audience, v.partner_id), (Some(Audience::Under18), Some(7)));
        // A mentor workshop has no audience, whatever the form sent.
        let w = WorkshopInput { audience: "under_18".into(), partner: "7".into(), ..good() };
        let v = w.validate(now()).expect("mentor workshop");
        assert_eq!((v.audience, v.partner_id), (None, None));
    }

    #[test]
    fn under_18s_and_adults_book_only_their_own_inductions() {
        let school = Some((7, "Northfield Academy"));
        assert_eq!(induction_refusal(Some(Audience::Under18), school, 16, Some(7)), None);
        assert!(induction_refusal(Some(Audience::Adults), None, 16, Some(7)).is_some_and(|m| m.contains("18 to 25")));
        assert!(induction_refusal(Some(Audience::Under18), school, 19, None).is_some_and(|m| m.contains("under 18")));
        assert!(
            induction_refusal(Some(Audience::Under18), school, 16, Some(8)).is_some_and(|m| m.contains("Northfield"))
        );
        assert_eq!(induction_refusal(Some(Audience::Adults), None, 19, None), None);
        assert_eq!(induction_refusal(Some(Audience::Under18), None, 17, Some(8)), None);
        assert!(induction_refusal(None, None, 19, None).is_some());
    }

    #[test]
    fn web_links() {
        assert!(is_web_link("https://meet.example.org/abc"));
        assert!(!is_web_link("https://localhost"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("https://meet.example.org/a b"));
    }

    #[test]
    fn feedback_needs_all_three_answers() {
        let f = FeedbackInput {
            rating: Some("4".into()),
            would_recommend: Some("yes".into()),
            nps: Some("10".into()),
            prepared: None,
            comment: " Great ".into(),
        };
        let v = f.validate(WorkshopKind::MentorWorkshop).expect("valid");
        assert_eq!((v.rating, v.would_recommend, v.nps, v.comment.as_str()), (4, true, 10, "Great"));
        assert_eq!(v.prepared, None);
        // An induction asks whether it helped the young person feel prepared.
        let e = f.validate(WorkshopKind::MenteeInduction).expect_err("not answered");
        assert_eq!(e.get("prepared"), Some("Choose yes or no"));
        let v = FeedbackInput { prepared: Some("no".into()), ..f.clone() }
            .validate(WorkshopKind::MenteeInduction)
            .expect("valid");
        assert_eq!(v.prepared, Some(false));
        let e = FeedbackInput { rating: Some("5".into()), would_recommend: None, nps: Some("11".into()), ..f }
            .validate(WorkshopKind::MentorWorkshop)
            .expect_err("invalid");
        assert_eq!(e.0.len(), 3);
    }
}
