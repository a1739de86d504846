//! Calendar invitations and feeds (RFC 5545 iCalendar, RFC 5546 methods).
//!
//! Times are UK wall-clock times, written with `TZID=Europe/London` and that zone's
//! definition (GMT in winter, BST from the last Sunday of March to the last Sunday of
//! October), so calendars place an event at the same local time on either side of a clock
//! change. Every event lists only the person it is sent to: an invitation never carries
//! another participant's contact details.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};

/// What the calendar object asks of the calendar that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A new or changed event.
    Request,
    /// The event is off.
    Cancel,
    /// A feed: events to show, nothing to answer.
    Publish,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable per booking or planned session, e.g. `workshop-booking-12@tandem`.
    pub uid: String,
    /// Raised each time the event changes or is cancelled.
    pub sequence: i32,
    /// UK wall-clock start.
    pub start: NaiveDateTime,
    pub minutes: i32,
    pub summary: String,
    pub description: String,
    /// The venue, or "Online".
    pub location: String,
    /// The online link, when there is one.
    pub url: Option<String>,
    pub cancelled: bool,
}

/// The programme, as organiser of every event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organizer {
    pub name: String,
    pub email: String,
}

const PRODID: &str = "-//Tandem mentoring//Tandem//EN";

/// Europe/London as iCalendar describes it (the rules in force since 1996).
const LONDON: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19810329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19961027T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The last Sunday of a month, at 01:00 UTC: when UK clocks change.
fn last_sunday_1am_utc(year: i32, month: u32) -> Option<NaiveDateTime> {
    let next = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let last = chrono::NaiveDate::from_ymd_opt(next.0, next.1, 1)?.pred_opt()?;
    let back = last.weekday().num_days_from_sunday() as i64;
    (last - Duration::days(back)).and_hms_opt(1, 0, 0)
}

/// UK wall-clock time at an instant: GMT in winter, BST (UTC+1) from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October.
pub fn london_time(t: DateTime<Utc>) -> NaiveDateTime {
    let utc = t.naive_utc();
    let year = utc.year();
    let summer = match (last_sunday_1am_utc(year, 3), last_sunday_1am_utc(year, 10)) {
        (Some(from), Some(to)) => utc >= from && utc < to,
        _ => false,
    };
    if summer { utc + Duration::hours(1) } else { utc }
}

/// An invitation (or its cancellation) for one recipient.
pub fn invitation(method: Method, event: &Event, organizer: &Organizer, to: &Person, stamp: DateTime<Utc>) -> String {
    let mut out = Writer::new(method);
    out.event(event, Some((organizer, to)), stamp);
    out.finish()
}

/// A person's own calendar feed: every event, no one's contact details.
pub fn feed(name: &str, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = Writer::new(Method::Publish);
    out.line(&format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        out.event(e, None, stamp);
    }
    out.finish()
}

struct Writer(String);

impl Writer {
    fn new(method: Method) -> Writer {
        let mut w = Writer(String::new());
        for l in ["BEGIN:VCALENDAR", "VERSION:2.0", &format!("PRODID:{PRODID}"), "CALSCALE:GREGORIAN"] {
            w.line(l);
        }
        w.line(&format!("METHOD:{}", method.as_str()));
        w.0.push_str(LONDON);
        w
    }

    /// One content line, folded at 75 octets (RFC 5545 3.1) on character boundaries.
    fn line(&mut self, l: &str) {
        let mut width = 0;
        for ch in l.chars() {
            let n = ch.len_utf8();
            if width + n > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(ch);
            width += n;
        }
        self.0.push_str("\r\n");
    }

    fn event(&mut self, e: &Event, people: Option<(&Organizer, &Person)>, stamp: DateTime<Utc>) {
        let end = e.start + Duration::minutes(e.minutes as i64);
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{}", escape(&e.uid)));
        self.line(&format!("SEQUENCE:{}", e.sequence));
        self.line(&format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")));
        self.line(&format!("DTSTART;TZID=Europe/London:{}", e.start.format("%Y%m%dT%H%M%S")));
        self.line(&format!("DTEND;TZID=Europe/London:{}", end.format("%Y%m%dT%H%M%S")));
        self.line(&format!("SUMMARY:{}", escape(&e.summary)));
        let mut description = e.description.clone();
        if let Some(url) = &e.url {
            description.push_str(&format!("\n\nJoin online: {url}"));
        }
        self.line(&format!("DESCRIPTION:{}", escape(&description)));
        self.line(&format!("LOCATION:{}", escape(&e.location)));
        if let Some(url) = &e.url {
            self.line(&format!("URL:{}", url.replace(['\r', '\n'], "")));
        }
        self.line(if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
        if let Some((org, to)) = people {
            self.line(&format!("ORGANIZER;CN={}:mailto:{}", param(&org.name), org.email));
            self.line(&format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
                param(&to.name),
                to.email
            ));
        }
        self.line("END:VEVENT");
    }

    fn finish(mut self) -> String {
        self.line("END:VCALENDAR");
        self.0
    }
}

/// TEXT values (RFC 5545 3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted, without the characters a quoted value cannot hold.
fn param(s: &str) -> String {
    format!("\"{}\"", s.replace(['"', '\r', '\n'], ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, 0, 0)).expect("date")
    }

    fn event() -> Event {
        Event {
            uid: "workshop-booking-7@tandem".into(),
            sequence: 2,
            start: at(2027, 3, 28, 10),
            minutes: 120,
            summary: "Mentor workshop; Leeds, room 2".into(),
            description: "Bring a pen.\nTea provided.".into(),
            location: "Civic Hall, Leeds".into(),
            url: None,
            cancelled: false,
        }
    }

    #[test]
    fn an_invitation_is_well_formed_and_lists_only_its_recipient() {
        let org = Organizer { name: "Tandem".into(), email: "hello@tandem.example".into() };
        let to = Person { name: "Amara Okafor".into(), email: "amara@example.org".into() };
        let ics = invitation(Method::Request, &event(), &org, &to, Utc::now());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("METHOD:REQUEST\r\n"));
        assert!(ics.contains("DTSTART;TZID=Europe/London:20270328T100000\r\n"));
        assert!(ics.contains("DTEND;TZID=Europe/London:20270328T120000\r\n"));
        assert!(ics.contains("SUMMARY:Mentor workshop\\; Leeds\\, room 2\r\n"));
        assert!(ics.contains("DESCRIPTION:Bring a pen.\\nTea provided.\r\n"));
        assert!(ics.contains("SEQUENCE:2\r\n") && ics.contains("TZID:Europe/London\r\n"));
        assert_eq!(ics.matches("mailto:").count(), 2);
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
    }

    #[test]
    fn long_lines_fold_on_character_boundaries() {
        let mut e = event();
        e.description = "é".repeat(100);
        let ics = feed("Tandem", &[e], Utc::now());
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", "é".repeat(100))));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        assert!(!ics.contains("mailto:"));
    }

    #[test]
    fn a_cancellation_says_so() {
        let mut e = event();
        e.cancelled = true;
        let org = Organizer { name: "Tandem".into(), email: "hello@tandem.example".into() };
        let to = Person { name: "A".into(), email: "a@example.org".into() };
        let ics = invitation(Method::Cancel, &e, &org, &to, Utc::now());
        assert!(ics.contains("METHOD:CANCEL\r\n") && ics.contains("STATUS:CANCELLED\r\n"));
    }

    #[test]
    fn london_time_follows_the_clock_changes() {
        let utc = |y, m, d, h, min| Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("time");
        let local = |y, m, d, h, min| at(y, m, d, h) + Duration::minutes(min);
        // Winter: GMT.
        assert_eq!(london_time(utc(2027, 1, 14, 17, 30)), local(2027, 1, 14, 17, 30));
        // Clocks go forward at 01:00 UTC on Sunday 28 March 2027.
        assert_eq!(london_time(utc(2027, 3, 28, 0, 59)), local(2027, 3, 28, 0, 59));
        assert_eq!(london_time(utc(2027, 3, 28, 1, 0)), local(2027, 3, 28, 2, 0));
        assert_eq!(london_time(utc(2027, 7, 1, 12, 0)), local(2027, 7, 1, 13, 0));
        // And back at 01:00 UTC on Sunday 31 October 2027.
        assert_eq!(london_time(utc(2027, 10, 31, 0, 59)), local(2027, 10, 31, 1, 59));
        assert_eq!(london_time(utc(2027, 10, 31, 1, 0)), local(2027, 10, 31, 1, 0));
    }
}
