//! Who is being matched, the hard constraints on a pair, and the score with its parts.
//!
//! People are described with small bit sets over the programme's fixed lists (skills, goals,
//! sectors, regions, availability windows, languages), so a pair is checked and scored with a
//! few integer operations. Goals use the skill bit that serves them: a young person's goal
//! "CV and interviews" is covered by a mentor with the skill "CV and interviews".

/// Can meet online.
pub const ONLINE: u8 = 1;
/// Can meet in person.
pub const IN_PERSON: u8 = 2;

/// The age groups mentors choose (the oldest age they mentor), youngest first.
pub const AGE_LIMITS: [u8; 3] = [17, 21, 25];

/// The index in [`AGE_LIMITS`] of the age group a mentor taking people up to `max_age` covers.
pub fn age_index(max_age: u8) -> u8 {
    AGE_LIMITS.iter().position(|&a| max_age <= a).unwrap_or(AGE_LIMITS.len() - 1) as u8
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentor {
    /// The caller's identifier (a user id).
    pub key: i64,
    pub skills: u32,
    /// Index into the sector list.
    pub sector: u8,
    pub region: u8,
    /// [`ONLINE`], [`IN_PERSON`] or both.
    pub formats: u8,
    pub availability: u8,
    pub languages: u32,
    /// The oldest age the mentor accepts (one of [`AGE_LIMITS`]).
    pub max_age: u8,
    /// How many young people they can mentor at once (usually 1), less current matches.
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YoungPerson {
    pub key: i64,
    /// Goals, as the bits of the skills that serve them.
    pub goals: u32,
    /// Sectors they are curious about.
    pub interests: u32,
    pub region: u8,
    pub formats: u8,
    pub availability: u8,
    /// Languages they would like their mentor to speak besides English (0: no preference).
    pub languages: u32,
    pub age: u8,
    pub waited_days: u32,
}

/// Staff-configurable weights, each 0..=100. A pair's score is the weighted sum of six parts,
/// each worth 0..=100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub goals: u32,
    pub sector: u32,
    pub availability: u32,
    pub format: u32,
    pub language: u32,
    pub waiting: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { goals: 40, sector: 15, availability: 15, format: 10, language: 10, waiting: 10 }
    }
}

/// Waiting counts fully from a year on.
pub const WAIT_CAP_DAYS: u32 = 365;

impl Weights {
    pub const MAX: u32 = 100;

    /// Refuses a weight above [`Weights::MAX`].
    pub fn check(&self) -> Result<(), String> {
        let named = [
            ("goals", self.goals),
            ("sector", self.sector),
            ("availability", self.availability),
            ("format", self.format),
            ("language", self.language),
            ("waiting", self.waiting),
        ];
        match named.iter().find(|(_, w)| *w > Weights::MAX) {
            Some((name, w)) => Err(format!("the {name} weight is {w}; weights go from 0 to {}", Weights::MAX)),
            None => Ok(()),
        }
    }

    /// The highest score any pair can get with these weights.
    pub fn max_score(&self) -> i64 {
        100 * (self.goals + self.sector + self.availability + self.format + self.language + self.waiting) as i64
    }
}

/// How a pair would meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meeting {
    /// They can meet in person (same region); online may also be possible.
    InPerson,
    Online,
}

/// The parts of a pair's score, each 0..=100 before weighting, and what they are made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// Goal bits covered by the mentor's skills.
    pub goals_covered: u32,
    pub goals_total: u32,
    pub sector_match: bool,
    pub shared_availability: u8,
    pub meeting: Meeting,
    /// The young person's preferred format is met (online-only, in-person-only, or in person
    /// for "either").
    pub format_points: u32,
    /// Shared languages besides English (0 when the young person stated none).
    pub shared_languages: u32,
    pub language_points: u32,
    pub waited_days: u32,
    pub score: i64,
}

/// The hard constraints that depend only on the two people: age group, a format both accept
/// (in person only within one region), and at least one shared availability window. The
/// caller applies the rest (approval, DBS, capacity, closed pairs, vetoes) before the run.
pub fn eligible(y: &YoungPerson, m: &Mentor) -> bool {
    y.age <= m.max_age && meeting(y, m).is_some() && y.availability & m.availability != 0
}

pub fn meeting(y: &YoungPerson, m: &Mentor) -> Option<Meeting> {
    let both = y.formats & m.formats;
    if both & IN_PERSON != 0 && y.region == m.region {
        Some(Meeting::InPerson)
    } else if both & ONLINE != 0 {
        Some(Meeting::Online)
    } else {
        None
    }
}

fn pct(part: u32, whole: u32) -> u32 {
    (100 * part).checked_div(whole).unwrap_or(0)
}

/// The goal part of the score for `covered` of `total` goals: the one part the candidate
/// index bounds before looking at a mentor.
pub fn goal_points(covered: u32, total: u32) -> u32 {
    pct(covered, total)
}

/// Scores an eligible pair. Integer arithmetic throughout, so equal inputs score equally
/// everywhere (which the exact solver and its oracles rely on).
pub fn score(w: &Weights, y: &YoungPerson, m: &Mentor) -> Breakdown {
    let goals_total = y.goals.count_ones();
    let goals_covered = (y.goals & m.skills).count_ones();
    let sector_match = m.sector < 32 && y.interests & (1 << m.sector) != 0;
    let shared_availability = y.availability & m.availability;
    let meeting = meeting(y, m).unwrap_or(Meeting::Online);
    let format_points = match (y.formats, meeting) {
        (f, Meeting::InPerson) if f & IN_PERSON != 0 => 100,
        (f, Meeting::Online) if f == ONLINE => 100,
        _ => 50, // "either", but only online is possible
    };
    let shared_languages = y.languages & m.languages;
    let language_points = if y.languages == 0 || shared_languages != 0 { 100 } else { 0 };
    let waited = y.waited_days.min(WAIT_CAP_DAYS);
    let parts = [
        (w.goals, goal_points(goals_covered, goals_total)),
        (w.sector, if sector_match { 100 } else { 0 }),
        (w.availability, pct(shared_availability.count_ones(), y.availability.count_ones())),
        (w.format, format_points),
        (w.language, language_points),
        (w.waiting, 100 * waited / WAIT_CAP_DAYS),
    ];
    let score = parts.iter().map(|&(wt, pts)| (wt * pts) as i64).sum();
    Breakdown {
        goals_covered,
        goals_total,
        sector_match,
        shared_availability,
        meeting,
        format_points,
        shared_languages: if y.languages == 0 { 0 } else { shared_languages },
        language_points,
        waited_days: y.waited_days,
        score,
    }
}

/// The most a mentor covering `covered` of the young person's goals can score, with the sector
/// match known or not: the bound the candidate index uses to skip whole lists.
pub fn score_bound(w: &Weights, y: &YoungPerson, covered: u32, sector_match: Option<bool>) -> i64 {
    let waited = y.waited_days.min(WAIT_CAP_DAYS);
    let sector = match sector_match {
        Some(false) => 0,
        _ => 100,
    };
    (w.goals * goal_points(covered, y.goals.count_ones())
        + w.sector * sector
        + w.availability * 100
        + w.format * 100
        + w.language * 100
        + w.waiting * (100 * waited / WAIT_CAP_DAYS)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yp() -> YoungPerson {
        YoungPerson {
            key: 1,
            goals: 0b111,
            interests: 1 << 4,
            region: 2,
            formats: ONLINE | IN_PERSON,
            availability: 0b0011,
            languages: 0,
            age: 16,
            waited_days: 73,
        }
    }

    fn mentor() -> Mentor {
        Mentor {
            key: 9,
            skills: 0b101,
            sector: 4,
            region: 2,
            formats: IN_PERSON,
            availability: 0b0110,
            languages: 1 << 3,
            max_age: 17,
            capacity: 1,
        }
    }

    #[test]
    fn a_hand_scored_pair() {
        let b = score(&Weights::default(), &yp(), &mentor());
        assert_eq!((b.goals_covered, b.goals_total), (2, 3));
        assert!(b.sector_match);
        assert_eq!(b.meeting, Meeting::InPerson);
        // goals 40*66 + sector 15*100 + availability 15*50 + format 10*100 + language 10*100
        // (no preference) + waiting 10*20 (73 of 365 days).
        assert_eq!(b.score, 2640 + 1500 + 750 + 1000 + 1000 + 200);
        assert!(b.score <= score_bound(&Weights::default(), &yp(), 2, Some(true)));
    }

    #[test]
    fn hard_constraints() {
        let (y, m) = (yp(), mentor());
        assert!(eligible(&y, &m));
        assert!(!eligible(&YoungPerson { age: 18, ..y.clone() }, &m), "older than the mentor's age group");
        assert!(!eligible(&YoungPerson { region: 3, ..y.clone() }, &m), "in person needs one region");
        assert!(eligible(&YoungPerson { region: 3, ..y.clone() }, &Mentor { formats: ONLINE, ..m.clone() }));
        assert!(!eligible(&YoungPerson { availability: 0b1000, ..y.clone() }, &m), "no shared window");
        assert!(!eligible(&YoungPerson { formats: ONLINE, ..y }, &m), "online young person, in-person mentor");
    }

    #[test]
    fn language_and_format_preferences() {
        let w = Weights::default();
        let m = Mentor { formats: ONLINE, ..mentor() };
        let wants_polish = YoungPerson { languages: 1 << 3, region: 5, ..yp() };
        let wants_urdu = YoungPerson { languages: 1 << 7, region: 5, ..yp() };
        assert_eq!(score(&w, &wants_polish, &m).language_points, 100);
        assert_eq!(score(&w, &wants_urdu, &m).language_points, 0);
        // "Either", but only online is possible: half the format points.
        assert_eq!(score(&w, &wants_polish, &m).format_points, 50);
        let online_only = YoungPerson { formats: ONLINE, ..wants_polish };
        assert_eq!(score(&w, &online_only, &m).format_points, 100);
    }
}
