//! Training course rules: quiz marking and completion.

use serde::{Deserialize, Serialize};

/// Who a course is for: mentors take the mentor course (about 90 minutes, needed for the
/// certificate); young people have a short course of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    Mentors,
    YoungPeople,
}

impl Audience {
    pub const ALL: [Audience; 2] = [Audience::Mentors, Audience::YoungPeople];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Mentors => "mentor",
            Audience::YoungPeople => "young_person",
        }
    }

    pub fn parse(s: &str) -> Option<Audience> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The course a person of this role takes (young people theirs, everyone else the
    /// mentor course).
    pub fn of(role: crate::Role) -> Audience {
        if role == crate::Role::YoungPerson { Audience::YoungPeople } else { Audience::Mentors }
    }

    pub fn course_name(self) -> &'static str {
        match self {
            Audience::Mentors => "Mentor training",
            Audience::YoungPeople => "Your course: getting ready for mentoring",
        }
    }
}

/// Number of questions answered correctly. `answers[i]` is the option chosen for question
/// `i` (None if unanswered); `correct[i]` is the right option.
pub fn score(correct: &[i32], answers: &[Option<i32>]) -> u32 {
    correct.iter().enumerate().filter(|(i, c)| answers.get(*i).copied().flatten() == Some(**c)).count() as u32
}

/// Whether `score` out of `total` reaches `pass_mark` per cent. Integer maths, so 3 of 4
/// meets 75% exactly. An empty quiz cannot be passed.
pub fn passes(score: u32, total: u32, pass_mark: u32) -> bool {
    total > 0 && score * 100 >= pass_mark * total
}

/// A module is complete when every lesson is done and its quiz has been passed.
pub fn module_complete(lessons_done: usize, lessons_total: usize, quiz_passed: bool) -> bool {
    lessons_done >= lessons_total && quiz_passed
}

/// The programme's aim: a mentor finishes the course within two weeks of joining (the FAQ:
/// "generally within 14 days").
pub const TARGET_DAYS: i64 = 14;

/// Days after joining on which an unfinished course brings a reminder (once each).
pub const REMINDER_DAYS: [i64; 2] = [7, 13];

/// The date to aim to finish by.
pub fn target_date(joined: chrono::NaiveDate) -> chrono::NaiveDate {
    joined + chrono::Duration::days(TARGET_DAYS)
}

/// Unfinished after the target date.
pub fn overdue(joined: chrono::NaiveDate, today: chrono::NaiveDate, complete: bool) -> bool {
    !complete && today > target_date(joined)
}

/// Percentage for progress bars, rounded down.
pub fn percent(done: usize, total: usize) -> u32 {
    (done * 100).checked_div(total).unwrap_or(0) as u32
}

#[cfg(test)]
mod tests {
    #[test]
    fn fourteen_days_and_two_reminders() {
        use chrono::NaiveDate;
        let joined = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        assert_eq!(target_date(joined), NaiveDate::from_ymd_opt(2026, 12, 15).expect("date"));
        assert!(!overdue(joined, target_date(joined), false), "the target day itself is in time");
        assert!(overdue(joined, NaiveDate::from_ymd_opt(2026, 12, 16).expect("date"), false));
        assert!(!overdue(joined, NaiveDate::from_ymd_opt(2027, 1, 16).expect("date"), true), "finished");
        assert!(REMINDER_DAYS.iter().all(|d| *d < TARGET_DAYS), "reminders come before the target date");
    }

    use super::*;

    #[test]
    fn marks_quizzes() {
        let correct = [1, 1, 2, 0];
        assert_eq!(score(&correct, &[Some(1), Some(1), Some(2), Some(0)]), 4);
        assert_eq!(score(&correct, &[Some(1), Some(0), Some(2), None]), 2);
        assert_eq!(score(&correct, &[]), 0);
        assert_eq!(score(&correct, &[Some(1), Some(1), Some(2), Some(0), Some(3)]), 4, "extra answers ignored");
    }

    #[test]
    fn pass_marks_are_exact() {
        assert!(passes(3, 4, 75));
        assert!(!passes(2, 4, 75));
        assert!(passes(4, 4, 100));
        assert!(!passes(3, 4, 100));
        assert!(!passes(0, 0, 0), "no questions, no pass");
        assert!(passes(2, 3, 66) && !passes(2, 3, 67));
    }

    #[test]
    fn completion_and_progress() {
        assert!(module_complete(2, 2, true));
        assert!(!module_complete(1, 2, true));
        assert!(!module_complete(2, 2, false));
        assert_eq!(percent(3, 12), 25);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(12, 12), 100);
    }
}

/// What a mentor sees of the course (shared by server and browser).
pub mod view {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LessonRef {
        pub id: i64,
        pub title: String,
        pub minutes: i32,
        pub done: bool,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ModuleStatus {
        pub id: i64,
        pub title: String,
        pub summary: String,
        pub pass_mark: i32,
        pub lessons: Vec<LessonRef>,
        pub quiz_unlocked: bool,
        pub quiz_passed: bool,
        /// Best attempt so far as (score, total).
        pub best: Option<(i32, i32)>,
        pub complete: bool,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Course {
        /// Whose course it is (the mentor course, or the young people's).
        pub audience: super::Audience,
        pub modules: Vec<ModuleStatus>,
        pub lessons_done: usize,
        pub lessons_total: usize,
        pub modules_done: usize,
        pub total_minutes: i32,
        pub complete: bool,
        /// Where "Continue" goes: the first unfinished step.
        pub next: Option<Step>,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Step {
        Lesson(i64),
        Quiz(i64),
    }

    impl Step {
        pub fn href(&self) -> String {
            match self {
                Step::Lesson(id) => format!("/training/lessons/{id}"),
                Step::Quiz(id) => format!("/training/modules/{id}/quiz"),
            }
        }
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Lesson {
        pub id: i64,
        pub module_id: i64,
        pub module_title: String,
        pub position: usize,
        pub lessons_in_module: usize,
        pub title: String,
        pub body: String,
        pub video_url: Option<String>,
        /// A picture shipped with the site and its text alternative.
        pub image: Option<(String, String)>,
        pub minutes: i32,
        pub done: bool,
        /// After this lesson: the next lesson of the module, or its quiz.
        pub next: Step,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct QuizQuestion {
        pub id: i64,
        pub prompt: String,
        pub options: Vec<String>,
    }

    /// A quiz as sent to the browser: never the answers.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Quiz {
        pub module_id: i64,
        pub module_title: String,
        pub pass_mark: i32,
        pub questions: Vec<QuizQuestion>,
        pub already_passed: bool,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct QuestionFeedback {
        pub prompt: String,
        pub right: bool,
        pub explanation: String,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct QuizResult {
        pub score: u32,
        pub total: u32,
        pub pass_mark: i32,
        pub passed: bool,
        pub feedback: Vec<QuestionFeedback>,
        /// Where to go after a pass: the next module's first step, or the course page.
        pub next: Option<Step>,
    }
}

/// Module and lesson titles: present and at most 200 characters (the column's size).
fn check_title(e: &mut crate::FieldErrors, title: &str) {
    let title = title.trim();
    if title.is_empty() {
        e.add("title", "Enter a title");
    } else if title.chars().count() > 200 {
        e.add("title", "Title must be 200 characters or fewer");
    }
}

/// Checks for staff edits to a module (shared by the form and the server).
pub fn validate_module(title: &str, summary: &str, pass_mark: &str) -> Result<i32, crate::FieldErrors> {
    let mut e = crate::FieldErrors::new();
    check_title(&mut e, title);
    if summary.trim().is_empty() {
        e.add("summary", "Enter a short summary");
    }
    let mark = match pass_mark.trim().parse::<i32>() {
        Ok(m) if (1..=100).contains(&m) => m,
        _ => {
            e.add("pass_mark", "Enter a pass mark from 1 to 100");
            0
        }
    };
    e.into_result(|| mark)
}

/// Checks for staff edits to a lesson; returns the minutes.
pub fn validate_lesson(title: &str, body: &str, video_url: &str, minutes: &str) -> Result<i32, crate::FieldErrors> {
    let mut e = crate::FieldErrors::new();
    check_title(&mut e, title);
    if body.trim().is_empty() {
        e.add("body", "Enter the lesson text");
    } else if body.chars().count() > 20_000 {
        e.add("body", "Lesson text must be 20,000 characters or fewer");
    }
    let url = video_url.trim();
    if !url.is_empty() && (!url.starts_with("https://") || url.len() > 500 || url.contains(char::is_whitespace)) {
        e.add("video_url", "Enter a video link starting with https://, or leave it empty");
    }
    let minutes = match minutes.trim().parse::<i32>() {
        Ok(m) if (1..=120).contains(&m) => m,
        _ => {
            e.add("minutes", "Enter the reading time in minutes, from 1 to 120");
            0
        }
    };
    e.into_result(|| minutes)
}

/// Checks a lesson's illustration: a picture shipped with the site under /images/ (the
/// content security policy allows no outside images) and a text alternative describing it.
/// Both empty means no picture.
pub fn validate_image(path: &str, alt: &str) -> crate::FieldErrors {
    let mut e = crate::FieldErrors::new();
    let (path, alt) = (path.trim(), alt.trim());
    if path.is_empty() {
        if !alt.is_empty() {
            e.add("image_path", "Enter the picture's address, or clear the description");
        }
        return e;
    }
    let ext_ok = [".svg", ".png", ".jpg", ".jpeg", ".webp"].iter().any(|x| path.to_lowercase().ends_with(x));
    let safe = path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c)) && !path.contains("..");
    if !path.starts_with("/images/") || !ext_ok || !safe || path.len() > 300 {
        e.add("image_path", "Enter a picture from the site, for example /images/training/twelve-sessions.svg");
    }
    if alt.is_empty() {
        e.add("image_alt", "Describe what the picture shows, for people who cannot see it");
    } else if alt.chars().count() > 300 {
        e.add("image_alt", "Keep the description to 300 characters or fewer");
    }
    e
}

#[cfg(test)]
mod image_tests {
    use super::validate_image;

    #[test]
    fn pictures_are_site_images_with_a_description() {
        assert!(validate_image("", "").is_empty());
        assert!(validate_image("/images/training/a.svg", "A timeline").is_empty());
        assert!(validate_image("/images/training/a.svg", "").get("image_alt").is_some());
        for bad in ["https://tracker.example/a.png", "/images/../secret.svg", "/images/a.exe", "/api/x.png"] {
            assert!(validate_image(bad, "x").get("image_path").is_some(), "{bad}");
        }
        assert!(validate_image("", "orphan text").get("image_path").is_some());
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn module_edits() {
        assert_eq!(validate_module("Safeguarding", "Keeping safe", "100"), Ok(100));
        let e = validate_module(" ", "", "0").expect_err("invalid");
        assert!(e.get("title").is_some() && e.get("summary").is_some() && e.get("pass_mark").is_some());
        assert!(validate_module("t", "s", "101").is_err());
        assert!(validate_module("t", "s", "seventy").is_err());
    }

    #[test]
    fn lesson_edits() {
        assert_eq!(validate_lesson("Gifts", "Declare every gift.", "", "6"), Ok(6));
        assert_eq!(validate_lesson("Gifts", "Text", "https://video.example/abc", "6"), Ok(6));
        for url in ["http://video.example/abc", "javascript:alert(1)", "https://a b"] {
            assert!(validate_lesson("Gifts", "Text", url, "6").expect_err(url).get("video_url").is_some());
        }
        assert!(validate_lesson("Gifts", "Text", "", "0").is_err());
        assert!(validate_lesson("", "", "", "5").expect_err("e").get("body").is_some());
    }
}
