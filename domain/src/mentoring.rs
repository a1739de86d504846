//! Active mentoring: the monthly session plan, session logs, check-ins, messages, the gifts
//! register and closure. "One-to-one. One hour a month. Twelve months."

use crate::FieldErrors;
use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Sessions in a full mentoring relationship: one a month for twelve months.
pub const PLANNED_SESSIONS: u32 = 12;

/// Shown wherever a mentor declares a gift.
pub const GIFT_POLICY: &str = "Mentors do not give or accept gifts worth more than £25, and never give money, \
lifts or gifts to a young person privately. Declare every gift or hospitality you give or receive, whatever its \
value, so that our team can see the register.";

/// What a mentor does next after declaring a gift over the limit.
pub const GIFT_OVER_LIMIT_NEXT: &str = "It is in the register. It is worth more than £25, which the gifts policy \
does not allow. If you received it, hand it back politely, or if that would upset your mentee, keep it unused and \
tell the programme team, who will agree with you what to do. If you gave it, please do not give anything of this value \
again. The programme team can see this declaration and may get in touch.";

/// Gifts above this value (in pence) breach the policy; they are flagged in the register.
pub const GIFT_LIMIT_PENCE: i64 = 2500;

fn date(field: &str, s: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        errors.add(field, "Enter a date, for example 2026-11-23");
    }
    d
}

pub(crate) fn text(field: &str, s: &str, required: Option<&str>, max: usize, errors: &mut FieldErrors) -> String {
    let t = s.trim().to_string();
    if let Some(msg) = required.filter(|_| t.is_empty()) {
        errors.add(field, msg);
    } else if t.chars().count() > max {
        errors.add(field, format!("Keep this to {max} characters or fewer"));
    }
    t
}

/// How a session took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionMode {
    Online,
    InPerson,
}

impl SessionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionMode::Online => "online",
            SessionMode::InPerson => "in_person",
        }
    }

    pub fn parse(s: &str) -> Option<SessionMode> {
        match s {
            "online" => Some(SessionMode::Online),
            "in_person" => Some(SessionMode::InPerson),
            _ => None,
        }
    }
}

/// A session's length: 15 to 240 minutes.
fn session_minutes(field: &str, s: &str, e: &mut FieldErrors) -> Option<i32> {
    match s.trim().parse::<i32>() {
        Ok(m) if (15..=240).contains(&m) => Some(m),
        Ok(_) => {
            e.add(field, "A session lasts between 15 and 240 minutes");
            None
        }
        Err(_) => {
            e.add(field, "Enter the length in minutes, for example 60");
            None
        }
    }
}

/// Sessions an adult pair hold online before they may meet in person, unless staff set
/// another number (0 to 12) in the programme settings.
pub const ONLINE_SESSIONS_FIRST: u32 = 2;

/// Where a pair may hold a session, from the match and the programme's settings. The same
/// rules run in the browser (from the match page) and on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRules {
    /// An under-18's in-person sessions happen at their partner's premises: this venue.
    pub partner_venue: Option<String>,
    /// Online sessions this adult pair still hold before they may meet in person (0: either).
    pub online_to_go: u32,
    /// The pair's room on the programme's video service, when Tandem has one.
    pub video_room: Option<String>,
}

/// A pair's room on the video service at `base` (e.g. `https://meet.example.org`).
pub fn video_room_url(base: &str, room: &str) -> String {
    format!("{}/{room}", base.trim_end_matches('/'))
}

/// The public places a pair may meet in person.
pub const PUBLIC_PLACES: &str = "a workplace, a school or college, a café or a library";

/// Whether a venue as typed names somebody's home ("my flat", "Leah's house", "at home").
pub fn names_a_home(place: &str) -> bool {
    let lower = place.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.iter().any(|w| matches!(*w, "home" | "bedroom"))
        || words.windows(2).any(|p| {
            matches!(p[0], "my" | "your" | "s" | "his" | "her" | "their" | "our")
                && matches!(p[1], "house" | "flat" | "place" | "apartment" | "room")
        })
}

/// How a session is held and where. Online: a meeting link, or the pair's video room when
/// left empty. In person: not before the pair's first online sessions; for an under-18 at
/// their partner's premises whatever was typed; otherwise a public place the person
/// confirms, never anyone's home.
fn mode_and_place(
    [mode_field, place_field, public_field]: [&str; 3],
    mode: Option<&str>,
    place: &str,
    public: bool,
    rules: &SessionRules,
    no_venue: &str,
    e: &mut FieldErrors,
) -> (Option<SessionMode>, String) {
    let mode = mode.and_then(SessionMode::parse);
    if mode.is_none() {
        e.add(mode_field, "Choose online or in person");
    }
    let mut place = place.trim().to_string();
    match (mode, rules.partner_venue.as_deref()) {
        (Some(SessionMode::Online), _) => {
            if let (true, Some(room)) = (place.is_empty(), rules.video_room.as_deref()) {
                place = room.to_string();
            }
            if !(place.starts_with("https://") && crate::workshops::is_web_link(&place)) {
                e.add(place_field, "Enter the meeting link, starting https://");
            }
        }
        (Some(SessionMode::InPerson), _) if rules.online_to_go > 0 => e.add(
            mode_field,
            format!(
                "Meet online first: {} more {} before you meet in person",
                rules.online_to_go,
                if rules.online_to_go == 1 { "online session" } else { "online sessions" }
            ),
        ),
        (Some(SessionMode::InPerson), Some(venue)) => place = venue.to_string(),
        (Some(SessionMode::InPerson), None) => {
            if place.is_empty() {
                e.add(place_field, no_venue);
            } else if names_a_home(&place) {
                e.add(place_field, format!("Meet somewhere public, such as {PUBLIC_PLACES}: never at anyone's home"));
            }
            if !public {
                e.add(public_field, "Confirm that this is a public place and not anyone's home");
            }
        }
        (None, _) => {}
    }
    if place.chars().count() > 300 {
        e.add(place_field, "Keep this to 300 characters or fewer");
    }
    (mode, place)
}

/// A session log as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInput {
    pub held_on: String,
    pub minutes: String,
    pub mode: Option<String>,
    /// The meeting link (online) or the venue (in person).
    pub place: String,
    /// Ticked ("on") to confirm an in-person venue is a public place, not anyone's home.
    #[serde(default)]
    pub public_place: Option<String>,
    pub discussed: String,
    pub progress: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSession {
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub mode: SessionMode,
    pub place: String,
    pub discussed: String,
    pub progress: String,
}

impl SessionInput {
    /// `rules`: where this pair may meet (see [`SessionRules`]). `start` is the match's
    /// start date.
    pub fn validate(
        &self,
        today: NaiveDate,
        start: NaiveDate,
        rules: &SessionRules,
    ) -> Result<ValidSession, FieldErrors> {
        let mut e = FieldErrors::new();
        let held_on = date("held_on", &self.held_on, &mut e);
        if let Some(d) = held_on {
            if d > today {
                e.add("held_on", "Log a session once it has happened: the date is in the future");
            } else if d < start {
                e.add(
                    "held_on",
                    format!("The match started on {}: choose a date from then", start.format("%-d %B %Y")),
                );
            }
        }
        let minutes = session_minutes("minutes", &self.minutes, &mut e);
        let (mode, place) = mode_and_place(
            ["mode", "place", "public_place"],
            self.mode.as_deref(),
            &self.place,
            self.public_place.is_some(),
            rules,
            "Enter where you met, for example a library or your workplace",
            &mut e,
        );
        let discussed = text("discussed", &self.discussed, Some("Say briefly what you talked about"), 2000, &mut e);
        let progress = text("progress", &self.progress, None, 2000, &mut e);
        e.into_result(|| ValidSession {
            held_on: held_on.unwrap_or(today),
            minutes: minutes.unwrap_or(60),
            mode: mode.unwrap_or(SessionMode::Online),
            place,
            discussed,
            progress,
        })
    }
}

/// The next session as the pair plan it: when, how long, online or in person, and where.
/// Each one planned sends both sides a calendar invitation. The fields carry a `plan_`
/// prefix, as the form sits on the match page beside the session log's form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    /// UK local date and time, as a `datetime-local` input gives it (`2027-01-14T17:30`).
    pub plan_at: String,
    pub plan_minutes: String,
    pub plan_mode: Option<String>,
    /// The meeting link (online) or the venue (in person).
    pub plan_place: String,
    /// Ticked ("on") to confirm an in-person venue is a public place, not anyone's home.
    #[serde(default)]
    pub plan_public_place: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPlan {
    pub starts_at: NaiveDateTime,
    pub minutes: i32,
    pub mode: SessionMode,
    pub place: String,
}

impl PlanInput {
    /// `now` is the UK local time; a session is planned ahead, before the match's planned end,
    /// where the pair may meet (`rules`).
    pub fn validate(
        &self,
        now: NaiveDateTime,
        planned_end: NaiveDate,
        rules: &SessionRules,
    ) -> Result<ValidPlan, FieldErrors> {
        let mut e = FieldErrors::new();
        let starts_at = crate::workshops::parse_local_datetime(&self.plan_at);
        match starts_at {
            None => e.add("plan_at", "Enter the date and time, for example 2027-01-14 17:30"),
            Some(t) if t <= now => e.add("plan_at", "Choose a time in the future"),
            Some(t) if t.date() > planned_end => e.add(
                "plan_at",
                format!(
                    "Your mentoring is planned to end on {}: choose a date before then",
                    planned_end.format("%-d %B %Y")
                ),
            ),
            Some(_) => {}
        }
        let minutes = session_minutes("plan_minutes", &self.plan_minutes, &mut e);
        let (mode, place) = mode_and_place(
            ["plan_mode", "plan_place", "plan_public_place"],
            self.plan_mode.as_deref(),
            &self.plan_place,
            self.plan_public_place.is_some(),
            rules,
            "Enter where you will meet, for example a library or your workplace",
            &mut e,
        );
        match (starts_at, minutes, mode) {
            (Some(starts_at), Some(minutes), Some(mode)) if e.is_empty() => {
                Ok(ValidPlan { starts_at, minutes, mode, place })
            }
            _ => Err(e),
        }
    }
}

/// A planned session, as the match page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRow {
    pub id: i64,
    /// "Thursday 14 January 2027, 17:30 to 18:30" (UK time).
    pub when: String,
    /// The `datetime-local` value, to prefill a change.
    pub starts_iso: String,
    pub minutes: i32,
    pub mode: SessionMode,
    pub place: String,
    pub planned_by: String,
}

/// One month of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MonthStatus {
    /// A session was logged and the other side confirmed it.
    Confirmed,
    /// Logged, waiting for the other side to confirm.
    Logged,
    /// The month is over and no session was logged.
    Overdue,
    /// This month, no session yet.
    Due,
    Upcoming,
    /// The match closed before this month.
    NotReached,
}

impl MonthStatus {
    pub fn label(self) -> &'static str {
        match self {
            MonthStatus::Confirmed => "Done",
            MonthStatus::Logged => "Logged, awaiting confirmation",
            MonthStatus::Overdue => "Overdue",
            MonthStatus::Due => "Due this month",
            MonthStatus::Upcoming => "Upcoming",
            MonthStatus::NotReached => "Not reached",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            MonthStatus::Confirmed => "done",
            MonthStatus::Logged => "logged",
            MonthStatus::Overdue => "overdue",
            MonthStatus::Due => "due",
            MonthStatus::Upcoming | MonthStatus::NotReached => "upcoming",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanMonth {
    /// 1..=12.
    pub number: u32,
    pub from: NaiveDate,
    /// Exclusive.
    pub to: NaiveDate,
    pub status: MonthStatus,
}

impl PlanMonth {
    /// The month's window in words: "15 Oct to 14 Nov".
    pub fn window(&self) -> String {
        let last = self.to.pred_opt().unwrap_or(self.to);
        format!("{} to {}", self.from.format("%-d %b"), last.format("%-d %b"))
    }

    /// Its status in words. A plan month rarely matches a calendar month, so the one under
    /// way says when it ends ("Due by 14 Nov"), never "this month" about a month that began
    /// in the last one.
    pub fn status_text(&self) -> String {
        match self.status {
            MonthStatus::Due => {
                format!("Due by {}", self.to.pred_opt().unwrap_or(self.to).format("%-d %b"))
            }
            s => s.label().to_string(),
        }
    }
}

/// The twelve monthly sessions: month `n` runs from `start + (n-1) months` up to
/// `start + n months`. `sessions` are (date, confirmed). `until` is the day the plan stops
/// being live: today, or the closure date.
pub fn session_plan(
    start: NaiveDate,
    sessions: &[(NaiveDate, bool)],
    today: NaiveDate,
    closed_on: Option<NaiveDate>,
) -> Vec<PlanMonth> {
    (1..=PLANNED_SESSIONS)
        .map(|n| {
            let from = start.checked_add_months(Months::new(n - 1)).unwrap_or(start);
            let to = start.checked_add_months(Months::new(n)).unwrap_or(start);
            let in_month: Vec<bool> = sessions.iter().filter(|(d, _)| *d >= from && *d < to).map(|(_, c)| *c).collect();
            let status = if in_month.iter().any(|c| *c) {
                MonthStatus::Confirmed
            } else if !in_month.is_empty() {
                MonthStatus::Logged
            } else if closed_on.is_some_and(|c| c < to) {
                if closed_on.is_some_and(|c| c < from) { MonthStatus::NotReached } else { MonthStatus::Overdue }
            } else if today >= to {
                MonthStatus::Overdue
            } else if today >= from {
                MonthStatus::Due
            } else {
                MonthStatus::Upcoming
            };
            PlanMonth { number: n, from, to, status }
        })
        .collect()
}

/// Months whose window is over with no session logged, up to today.
pub fn overdue_months(plan: &[PlanMonth]) -> usize {
    plan.iter().filter(|m| m.status == MonthStatus::Overdue).count()
}

/// A monthly check-in as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinInput {
    pub pulse: Option<String>,
    pub flag: String,
}

impl CheckinInput {
    pub fn validate(&self) -> Result<(i32, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let pulse = self.pulse.as_deref().and_then(|p| p.parse::<i32>().ok()).filter(|p| (1..=5).contains(p));
        if pulse.is_none() {
            e.add("pulse", "Choose how it is going, from 1 (not well) to 5 (very well)");
        }
        let flag = text("flag", &self.flag, None, 1000, &mut e);
        e.into_result(|| (pulse.unwrap_or(3), flag))
    }
}

/// A pulse at or below this marks a relationship at risk.
pub const LOW_PULSE: i32 = 2;

/// A message as typed.
pub fn validate_message(body: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let t = text("body", body, Some("Write your message"), 2000, &mut e);
    e.into_result(|| t)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GiftDirection {
    Given,
    Received,
}

impl GiftDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            GiftDirection::Given => "given",
            GiftDirection::Received => "received",
        }
    }

    pub fn parse(s: &str) -> Option<GiftDirection> {
        match s {
            "given" => Some(GiftDirection::Given),
            "received" => Some(GiftDirection::Received),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftInput {
    pub direction: Option<String>,
    pub what: String,
    /// Pounds, e.g. "12.50".
    pub value: String,
    pub given_on: String,
}

/// Parses "12", "12.5" or "£12.50" into pence.
pub fn parse_pounds(s: &str) -> Option<i64> {
    let t = s.trim().trim_start_matches('£').trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let pounds: i64 = whole.parse().ok()?;
    let pence: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    pounds.checked_mul(100)?.checked_add(pence)
}

/// Whether a value as typed ("30", "25.01") is above the gifts policy's limit: the page
/// warns as the mentor types, before they declare it.
pub fn over_gift_limit(typed: &str) -> bool {
    parse_pounds(typed).is_some_and(|p| p > GIFT_LIMIT_PENCE)
}

impl GiftInput {
    pub fn validate(&self, today: NaiveDate) -> Result<(GiftDirection, String, i64, NaiveDate), FieldErrors> {
        let mut e = FieldErrors::new();
        let direction = self.direction.as_deref().and_then(GiftDirection::parse);
        if direction.is_none() {
            e.add("direction", "Choose whether you gave or received it");
        }
        let what = text("what", &self.what, Some("Say what the gift or hospitality was"), 200, &mut e);
        let value = parse_pounds(&self.value).filter(|v| *v <= 100_000);
        if value.is_none() {
            e.add("value", "Enter the value in pounds, for example 4.50 (0 if it had no value)");
        }
        let given_on = date("given_on", &self.given_on, &mut e);
        if given_on.is_some_and(|d| d > today) {
            e.add("given_on", "The date is in the future");
        }
        e.into_result(|| {
            (direction.unwrap_or(GiftDirection::Given), what, value.unwrap_or(0), given_on.unwrap_or(today))
        })
    }
}

/// Why a match ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClosureReason {
    /// The planned twelve months (or at least nine) are done.
    Completed,
    YoungPersonWithdrew,
    MentorWithdrew,
    MovedAway,
    GoalsMet,
    Safeguarding,
    Other,
}

impl ClosureReason {
    pub const ALL: [ClosureReason; 7] = [
        ClosureReason::Completed,
        ClosureReason::GoalsMet,
        ClosureReason::YoungPersonWithdrew,
        ClosureReason::MentorWithdrew,
        ClosureReason::MovedAway,
        ClosureReason::Safeguarding,
        ClosureReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClosureReason::Completed => "completed",
            ClosureReason::YoungPersonWithdrew => "young_person_withdrew",
            ClosureReason::MentorWithdrew => "mentor_withdrew",
            ClosureReason::MovedAway => "moved_away",
            ClosureReason::GoalsMet => "goals_met",
            ClosureReason::Safeguarding => "safeguarding",
            ClosureReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ClosureReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ClosureReason::Completed => "Planned end: the mentoring year is complete",
            ClosureReason::GoalsMet => "Early: the goals were met",
            ClosureReason::YoungPersonWithdrew => "Early: the young person wants to stop",
            ClosureReason::MentorWithdrew => "Early: the mentor can no longer continue",
            ClosureReason::MovedAway => "Early: one of us has moved or changed circumstances",
            ClosureReason::Safeguarding => "Early: a safeguarding decision",
            ClosureReason::Other => "Early: another reason",
        }
    }

    /// Whether this is the planned end rather than an early closure.
    pub fn planned(self) -> bool {
        self == ClosureReason::Completed
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseInput {
    pub reason: Option<String>,
    pub note: String,
}

impl CloseInput {
    /// The planned end can be recorded from the ninth month on (the programme runs 9-12 months).
    pub fn validate(&self, start: NaiveDate, today: NaiveDate) -> Result<(ClosureReason, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let reason = self.reason.as_deref().and_then(ClosureReason::parse);
        match reason {
            None => e.add("reason", "Choose why the mentoring is ending"),
            Some(ClosureReason::Completed) if today < start.checked_add_months(Months::new(9)).unwrap_or(start) => {
                e.add("reason", "The planned end comes after at least nine months: choose an early reason")
            }
            _ => {}
        }
        let needs_note = matches!(reason, Some(ClosureReason::Other));
        let note = text("note", &self.note, needs_note.then_some("Say briefly why"), 1000, &mut e);
        e.into_result(|| (reason.unwrap_or(ClosureReason::Other), note))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitSurveyInput {
    pub rating: Option<String>,
    pub nps: Option<String>,
    pub comment: String,
}

impl ExitSurveyInput {
    pub fn validate(&self) -> Result<(i32, i32, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let rating = self.rating.as_deref().and_then(|r| r.parse::<i32>().ok()).filter(|r| (1..=5).contains(r));
        if rating.is_none() {
            e.add("rating", "Choose how your mentoring went, from 1 to 5");
        }
        let nps = self.nps.as_deref().and_then(|r| r.parse::<i32>().ok()).filter(|r| (0..=10).contains(r));
        if nps.is_none() {
            e.add("nps", "Choose a score from 0 to 10");
        }
        let comment = text("comment", &self.comment, None, 2000, &mut e);
        e.into_result(|| (rating.unwrap_or(3), nps.unwrap_or(5), comment))
    }
}

/// Where a message is in its journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum MessageStatus {
    /// Held by the filter for staff review.
    #[cfg_attr(feature = "db", sea_orm(string_value = "held"))]
    Held,
    /// An under-18's message, waiting for their Mentoring Coordinator to relay it.
    #[cfg_attr(feature = "db", sea_orm(string_value = "awaiting_coordinator"))]
    AwaitingCoordinator,
    #[cfg_attr(feature = "db", sea_orm(string_value = "delivered"))]
    Delivered,
    /// Staff or the coordinator decided not to deliver it.
    #[cfg_attr(feature = "db", sea_orm(string_value = "not_delivered"))]
    NotDelivered,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Held => "held",
            MessageStatus::AwaitingCoordinator => "awaiting_coordinator",
            MessageStatus::Delivered => "delivered",
            MessageStatus::NotDelivered => "not_delivered",
        }
    }

    /// What the sender sees next to their own message.
    pub fn label(self) -> &'static str {
        match self {
            MessageStatus::Held => "Held for review by our team",
            MessageStatus::AwaitingCoordinator => "With the Mentoring Coordinator to pass on",
            MessageStatus::Delivered => "Delivered",
            MessageStatus::NotDelivered => "Not delivered",
        }
    }
}

/// Who stopped a message that was not delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoppedBy {
    /// Programme staff, reviewing a message the filter held.
    Team,
    /// The young person's Mentoring Coordinator, who passes on an under-18's messages.
    Coordinator,
    /// Nobody: the match ended (or paused) while it waited.
    MatchEnded,
}

/// What the sender reads under a message that was not delivered: why, and what to do.
pub fn not_delivered_because(by: StoppedBy, held_for: &[crate::moderation::HoldReason]) -> String {
    use crate::moderation::HoldReason;
    match by {
        StoppedBy::Coordinator => "Not delivered: your Mentoring Coordinator did not pass this on. You can ask them \
                                   why, or send a new message."
            .into(),
        StoppedBy::MatchEnded => {
            "Not delivered: the match had ended or was paused before it could be passed on.".into()
        }
        StoppedBy::Team if held_for.contains(&HoldReason::WatchWord) => {
            "Not delivered: our team stopped it because of \
            words our safeguarding team reviews. If you are worried about anything, use Report a concern."
                .into()
        }
        StoppedBy::Team if !held_for.is_empty() => {
            let what: Vec<&str> = held_for.iter().map(|r| r.label()).collect();
            format!(
                "Not delivered: our team stopped it because it contained {}. Please send it again without that: \
                 contact details are not shared in messages.",
                what.join(" and ")
            )
        }
        StoppedBy::Team => "Not delivered: our team stopped it. Please send it again, or contact the programme team \
                            if you are not sure why."
            .into(),
    }
}

/// The status a new message starts in: held if the filter says so, else with the coordinator
/// for an under-18's match, else delivered.
pub fn first_status(held: bool, under_18: bool) -> MessageStatus {
    if held { MessageStatus::Held } else { after_review(under_18) }
}

/// Where a message goes once staff approve it.
pub fn after_review(under_18: bool) -> MessageStatus {
    if under_18 { MessageStatus::AwaitingCoordinator } else { MessageStatus::Delivered }
}

// ---------------------------------------------------------------------------------------
// What the match page shows.

/// Who is looking at a match page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Viewer {
    Mentor,
    YoungPerson,
    Coordinator,
    Staff,
}

impl Viewer {
    pub fn is_participant(self) -> bool {
        matches!(self, Viewer::Mentor | Viewer::YoungPerson)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: i64,
    pub held_on: String,
    pub minutes: i32,
    pub mode: String,
    pub place: String,
    pub discussed: String,
    pub progress: String,
    pub logged_by: String,
    pub confirmed: bool,
    /// The viewer is the other side and can confirm it.
    pub can_confirm: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRow {
    pub id: i64,
    pub from: String,
    pub mine: bool,
    pub body: String,
    pub at: String,
    pub status: MessageStatus,
    /// The status in words for the reader (for a message not delivered: why, and what to do).
    #[serde(default)]
    pub status_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalRow {
    pub id: i64,
    pub goal: String,
    /// 1-5, none until first rated.
    pub progress: Option<i32>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchPage {
    pub id: i64,
    pub viewer: Viewer,
    pub mentor: String,
    pub young_person: String,
    pub under_18: bool,
    /// The partner institution's name, for an under-18.
    pub partner: Option<String>,
    /// Open for sessions and messages (not ended, not paused).
    pub active: bool,
    /// Paused by the safeguarding team.
    pub paused: bool,
    pub start_date: String,
    pub start_iso: String,
    pub planned_end: String,
    pub closed: Option<String>,
    pub plan: Vec<PlanMonth>,
    pub overdue: usize,
    pub sessions: Vec<SessionRow>,
    /// Sessions planned ahead (not yet started, not cancelled), soonest first.
    pub planned: Vec<PlannedRow>,
    pub goals: Vec<GoalRow>,
    pub messages: Vec<MessageRow>,
    /// Adults only: whether each side agreed to share contact details.
    pub contact_sharing: Option<ContactSharing>,
    pub checkin_done_this_month: bool,
    pub exit_survey_due: bool,
    /// Where the pair may meet: the session forms check these in the browser too.
    #[serde(default)]
    pub rules: SessionRules,
    /// The pair's video room: its name from the service layer, which the server function
    /// turns into the link on the configured video service (or `None` without one). Only
    /// the pair and an under-18's coordinator have it.
    #[serde(default)]
    pub video_room: Option<String>,
    /// "How is it going?" for a participant, once the third session is confirmed.
    #[serde(default)]
    pub how_going: Option<crate::how_going::HowGoingCard>,
    /// For staff: each side's answer ("Mentor: going well") and the advice threads about
    /// this match.
    #[serde(default)]
    pub how_going_answers: Vec<String>,
    #[serde(default)]
    pub advice_threads: Vec<crate::how_going::AdviceThread>,
    pub timeline: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSharing {
    pub mine: bool,
    pub theirs: bool,
    /// The other person's email address, once both agree.
    pub contact: Option<String>,
}

/// A message waiting for a decision (staff review or a coordinator's relay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedMessage {
    pub id: i64,
    pub match_id: i64,
    pub from: String,
    pub to: String,
    pub body: String,
    pub at: String,
    pub reasons: Vec<String>,
}

/// Relationships listed in staff monitoring (the riskiest first).
pub const RELATIONSHIPS_LISTED: usize = 200;

/// Staff monitoring: the riskiest active relationships first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipList {
    pub rows: Vec<RelationshipRow>,
    /// When the list was drawn up, for a snapshot (`None`: drawn up for this view).
    pub as_of: Option<String>,
}

/// A relationship in staff monitoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipRow {
    pub match_id: i64,
    pub mentor: String,
    pub young_person: String,
    pub start_date: String,
    pub sessions: usize,
    pub overdue: usize,
    pub last_pulse: Option<i32>,
    pub days_since_contact: i64,
    /// The last day of this month's plan window, when its session is still to happen.
    pub due_by: Option<String>,
    pub risks: Vec<String>,
    /// Each side's answer to "How is it going?" ("Mentor: going well").
    #[serde(default)]
    pub how_going: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftRow {
    pub mentor: String,
    pub direction: String,
    pub what: String,
    pub value: String,
    pub given_on: String,
    pub over_limit: bool,
}

pub fn pounds(pence: i64) -> String {
    format!("£{}.{:02}", pence / 100, pence % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn plan_has_twelve_months_and_flags_overdue_ones() {
        let start = d("2026-08-15");
        let plan = session_plan(start, &[(d("2026-08-20"), true), (d("2026-10-01"), false)], d("2026-11-23"), None);
        assert_eq!(plan.len(), 12);
        assert_eq!(plan[0].status, MonthStatus::Confirmed);
        assert_eq!(plan[1].status, MonthStatus::Logged, "15 Sep - 15 Oct holds the 1 Oct session");
        assert_eq!(plan[2].status, MonthStatus::Overdue, "15 Oct - 15 Nov passed with nothing");
        assert_eq!(plan[3].status, MonthStatus::Due);
        assert_eq!((plan[3].window().as_str(), plan[3].status_text().as_str()), ("15 Nov to 14 Dec", "Due by 14 Dec"));
        assert_eq!(plan[2].status_text(), "Overdue");
        assert_eq!(plan[4].status, MonthStatus::Upcoming);
        assert_eq!(plan[11].to, d("2027-08-15"));
        assert_eq!(overdue_months(&plan), 1);
        let closed = session_plan(start, &[], d("2026-11-23"), Some(d("2026-09-01")));
        assert_eq!(closed[0].status, MonthStatus::Overdue);
        assert_eq!(closed[1].status, MonthStatus::NotReached);
    }

    #[test]
    fn session_rules() {
        let today = d("2026-11-23");
        let start = d("2026-09-01");
        let free = SessionRules::default();
        let ok = SessionInput {
            held_on: "2026-11-20".into(),
            minutes: "60".into(),
            mode: Some("online".into()),
            place: "https://meet.example/abc".into(),
            public_place: None,
            discussed: "CV".into(),
            progress: String::new(),
        };
        assert!(ok.validate(today, start, &free).is_ok());
        let future = SessionInput { held_on: "2026-12-01".into(), ..ok.clone() };
        assert!(future.validate(today, start, &free).expect_err("invalid").get("held_on").is_some());
        let early = SessionInput { held_on: "2026-08-01".into(), ..ok.clone() };
        assert!(early.validate(today, start, &free).expect_err("invalid").get("held_on").is_some());
        let no_link = SessionInput { place: "zoom".into(), ..ok.clone() };
        assert!(no_link.validate(today, start, &free).expect_err("invalid").get("place").is_some());
        // An under-18's in-person session is at the partner's premises, whatever was typed.
        let pupil = SessionInput { mode: Some("in_person".into()), place: "The park".into(), ..ok.clone() };
        let school = SessionRules { partner_venue: Some("Northfield Academy".into()), ..free.clone() };
        assert_eq!(pupil.validate(today, start, &school).expect("ok").place, "Northfield Academy");
        let long = SessionInput { minutes: "500".into(), discussed: " ".into(), ..ok.clone() };
        let e = long.validate(today, start, &free).expect_err("invalid");
        assert!(e.get("minutes").is_some() && e.get("discussed").is_some());

        // An adult pair meet in a public place they confirm, never anyone's home.
        let cafe =
            SessionInput { mode: Some("in_person".into()), place: "Bean There café, Leeds".into(), ..ok.clone() };
        let e = cafe.validate(today, start, &free).expect_err("unconfirmed");
        assert_eq!(e.get("public_place"), Some("Confirm that this is a public place and not anyone's home"));
        let confirmed = SessionInput { public_place: Some("on".into()), ..cafe.clone() };
        assert_eq!(confirmed.validate(today, start, &free).expect("public").place, "Bean There café, Leeds");
        for home in ["My flat", "At home", "Leah's house", "your place on Park Road"] {
            let at_home = SessionInput { place: home.into(), ..confirmed.clone() };
            let e = at_home.validate(today, start, &free).expect_err(home);
            assert!(e.get("place").is_some_and(|m| m.contains("never at anyone's home")), "{home}: {e:?}");
        }
        assert!(!names_a_home("Leeds Central Library") && !names_a_home("Coffee House, Briggate"));
        // Until their first online sessions, online only; an empty link is the video room.
        let first = SessionRules { online_to_go: 2, video_room: Some("https://video.example/tandem-x".into()), ..free };
        let e = confirmed.validate(today, start, &first).expect_err("online first");
        assert_eq!(e.get("mode"), Some("Meet online first: 2 more online sessions before you meet in person"));
        let room = SessionInput { place: " ".into(), ..ok.clone() };
        assert_eq!(room.validate(today, start, &first).expect("room").place, "https://video.example/tandem-x");
        assert!(room.validate(today, start, &SessionRules::default()).is_err(), "no room: a link is needed");
    }

    #[test]
    fn pounds_parse_and_closure_rules() {
        assert_eq!(parse_pounds("£12.5"), Some(1250));
        assert_eq!(parse_pounds("3"), Some(300));
        assert_eq!(parse_pounds("3.999"), None);
        assert_eq!(parse_pounds("-1"), None);
        assert_eq!(pounds(1250), "£12.50");
        assert!(!over_gift_limit("25") && !over_gift_limit("£25.00") && !over_gift_limit("lots"));
        assert!(over_gift_limit("25.01") && over_gift_limit(" £40 "));
        let start = d("2026-01-10");
        let planned = CloseInput { reason: Some("completed".into()), note: String::new() };
        assert!(planned.validate(start, d("2026-08-01")).is_err(), "too early for the planned end");
        assert!(planned.validate(start, d("2026-10-10")).is_ok());
        let other = CloseInput { reason: Some("other".into()), note: String::new() };
        assert!(other.validate(start, d("2026-03-01")).expect_err("invalid").get("note").is_some());
    }

    #[test]
    fn message_routing() {
        assert_eq!(first_status(true, false), MessageStatus::Held);
        assert_eq!(first_status(false, true), MessageStatus::AwaitingCoordinator);
        assert_eq!(first_status(false, false), MessageStatus::Delivered);
        assert_eq!(after_review(true), MessageStatus::AwaitingCoordinator);
    }

    #[test]
    fn planned_session_rules() {
        let now = d("2026-12-06").and_hms_opt(9, 0, 0).expect("time");
        let end = d("2027-09-01");
        let ok = PlanInput {
            plan_at: "2027-01-14T17:30".into(),
            plan_minutes: "60".into(),
            plan_mode: Some("online".into()),
            plan_place: "https://meet.example.org/abc".into(),
            plan_public_place: None,
        };
        let free = SessionRules::default();
        let v = ok.validate(now, end, &free).expect("valid");
        assert_eq!((v.starts_at.format("%Y-%m-%d %H:%M").to_string(), v.minutes), ("2027-01-14 17:30".into(), 60));
        let past = PlanInput { plan_at: "2026-12-06T08:59".into(), ..ok.clone() };
        assert!(past.validate(now, end, &free).expect_err("past").get("plan_at").is_some());
        let late = PlanInput { plan_at: "2027-09-02T10:00".into(), ..ok.clone() };
        assert!(
            late.validate(now, end, &free)
                .expect_err("late")
                .get("plan_at")
                .is_some_and(|m| m.contains("1 September 2027"))
        );
        let no_link = PlanInput { plan_place: "Zoom".into(), ..ok.clone() };
        assert!(no_link.validate(now, end, &free).expect_err("link").get("plan_place").is_some());
        let long = PlanInput { plan_minutes: "300".into(), ..ok.clone() };
        assert!(long.validate(now, end, &free).expect_err("long").get("plan_minutes").is_some());
        let nowhere = PlanInput { plan_mode: Some("in_person".into()), plan_place: " ".into(), ..ok.clone() };
        assert!(nowhere.validate(now, end, &free).expect_err("venue").get("plan_place").is_some());
        // An under-18 meets in person at their school, whatever is typed.
        let pupil = PlanInput { plan_mode: Some("in_person".into()), plan_place: "The park".into(), ..ok.clone() };
        let school =
            SessionRules { partner_venue: Some("Northfield Academy (partner premises)".into()), ..free.clone() };
        let v = pupil.validate(now, end, &school).expect("valid");
        assert_eq!(v.place, "Northfield Academy (partner premises)");
        // The same public-place and online-first rules as a session log.
        let library = PlanInput {
            plan_mode: Some("in_person".into()),
            plan_place: "Leeds Central Library".into(),
            plan_public_place: Some("on".into()),
            ..ok.clone()
        };
        assert!(library.validate(now, end, &free).is_ok());
        let unconfirmed = PlanInput { plan_public_place: None, ..library.clone() };
        assert!(unconfirmed.validate(now, end, &free).expect_err("confirm").get("plan_public_place").is_some());
        let first = SessionRules { online_to_go: 1, ..free.clone() };
        let e = library.validate(now, end, &first).expect_err("online first");
        assert_eq!(e.get("plan_mode"), Some("Meet online first: 1 more online session before you meet in person"));
        let blank = PlanInput::default().validate(now, end, &free).expect_err("blank");
        for f in ["plan_at", "plan_minutes", "plan_mode"] {
            assert!(blank.get(f).is_some(), "{f}");
        }
    }
}
