//! Privacy: how long Tandem keeps what, and the privacy notice in plain words.

use serde::{Deserialize, Serialize};

/// One line of the retention schedule. The retention job applies the ones with `days`; the
/// others are kept for the stated reason and reviewed by a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub what: &'static str,
    pub kept_for: &'static str,
    /// Days after which the retention job removes it, when it does.
    pub days: Option<i64>,
}

pub const FAILED_SIGN_INS_DAYS: i64 = 30;
pub const RESET_LINKS_DAYS: i64 = 7;
pub const SENT_EMAILS_DAYS: i64 = 90;
pub const READ_NOTIFICATIONS_DAYS: i64 = 365;
pub const MESSAGES_AFTER_CLOSE_DAYS: i64 = 2 * 365;
pub const INACTIVE_ACCOUNT_DAYS: i64 = 3 * 365;

pub const RETENTION: &[Retention] = &[
    Retention {
        what: "Failed sign-in and registration attempts (used to stop password guessing)",
        kept_for: "30 days",
        days: Some(FAILED_SIGN_INS_DAYS),
    },
    Retention { what: "Password reset links", kept_for: "7 days after they were made", days: Some(RESET_LINKS_DAYS) },
    Retention {
        what: "What you typed into a form that came back with a problem, kept so you need not type it again",
        kept_for: "Until the form is shown to you again, and never more than 1 hour",
        days: None,
    },
    Retention { what: "Emails we have sent you", kept_for: "90 days", days: Some(SENT_EMAILS_DAYS) },
    Retention { what: "Notifications you have read", kept_for: "1 year", days: Some(READ_NOTIFICATIONS_DAYS) },
    Retention {
        what: "Messages between a mentor and a young person",
        kept_for: "2 years after the mentoring ends",
        days: Some(MESSAGES_AFTER_CLOSE_DAYS),
    },
    Retention {
        what: "Your account, if you have not signed in and have no active match",
        kept_for: "3 years after your last sign-in, then erased",
        days: Some(INACTIVE_ACCOUNT_DAYS),
    },
    Retention {
        what: "Safeguarding records (reports of concern and what was done)",
        kept_for: "Until the young person is 25, or 6 years after the case closes if later (statutory guidance); \
                   reviewed by the Designated Safeguarding Lead, never erased on request",
        days: None,
    },
    Retention {
        what: "The security log (sign-ins, approvals, exports, who opened a safeguarding case)",
        kept_for: "At least 6 years, then reviewed by our data-protection officer (it is a sealed chain, so \
                   nothing is removed automatically); it holds account numbers, not names",
        days: None,
    },
    Retention {
        what: "Evaluation results in reports",
        kept_for: "Kept without your name, only as part of totals of 5 people or more",
        days: None,
    },
];

/// The privacy notice, in words a 14-year-old can follow (ICO Children's Code).
pub const NOTICE: &[(&str, &str)] = &[
    (
        "What we keep",
        "Your name, email, date of birth, what you tell us in your application and evaluations, your sessions \
         and messages with your mentor, and your check-ins.",
    ),
    (
        "Why",
        "To find you a good mentor, to keep you safe, and to show (with totals, never your name) whether \
         mentoring helps. We do not use your information for adverts, and we do not sell it.",
    ),
    (
        "Who sees it",
        "Your mentor sees your first name and what you want from mentoring, never your contact details unless \
         you both agree (and never if you are under 18). If you are under 18, your Mentoring Coordinator at your \
         school or youth organisation passes on your messages. Our staff see what they need to run the programme.",
    ),
    (
        "Keeping you safe",
        "If you or someone else tells us you might be at risk, our Designated Safeguarding Lead must keep a \
         record and may share it with people whose job is to protect you. That record is kept even if you delete \
         your account.",
    ),
    (
        "Your rights",
        "You can download everything we hold about you, ask us to correct it, and delete your account. \
         You can also complain to the Information Commissioner's Office (ico.org.uk).",
    ),
    (
        "Under 18?",
        "Your account starts with the most private settings: no contact details are ever shared, and no one \
         outside the programme can find you.",
    ),
];

/// The person's privacy settings as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyPage {
    pub under_18: bool,
    pub can_erase: bool,
    /// Why erasure is not possible right now, if it is not.
    pub erase_blocked: Option<String>,
}
