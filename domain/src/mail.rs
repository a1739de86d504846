//! Kinds of email: essential mail (password resets, invitations, safeguarding, match start and
//! end, bookings) always goes; each person chooses whether they get the optional kinds.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    /// Cannot be switched off.
    Essential,
    /// Monthly reminders: sessions to log, check-ins, questionnaires.
    Reminders,
    /// Digests of the programme bulletin.
    Digests,
    /// Community news: events and stories from the programme.
    News,
}

impl Category {
    pub const OPTIONAL: [Category; 3] = [Category::Reminders, Category::Digests, Category::News];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Essential => "essential",
            Category::Reminders => "reminders",
            Category::Digests => "digests",
            Category::News => "news",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        [Category::Essential, Category::Reminders, Category::Digests, Category::News]
            .into_iter()
            .find(|c| c.as_str() == s)
    }

    pub fn essential(self) -> bool {
        self == Category::Essential
    }

    /// What the account page calls it.
    pub fn label(self) -> &'static str {
        match self {
            Category::Essential => "Essential emails",
            Category::Reminders => "Reminders",
            Category::Digests => "Bulletin digests",
            Category::News => "Community news",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            Category::Essential => {
                "Password resets, invitations, safeguarding, bookings and the start and end of a match. These always come."
            }
            Category::Reminders => "A monthly nudge when a session is due to be logged, a check-in or a questionnaire.",
            Category::Digests => "A summary of new posts on the programme bulletin.",
            Category::News => "Events, stories and opportunities from the programme.",
        }
    }

    /// Whether a person gets this kind when they have not chosen yet.
    pub fn on_by_default(self) -> bool {
        !matches!(self, Category::News)
    }
}

/// A person's choices for the optional kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub reminders: bool,
    pub digests: bool,
    pub news: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            reminders: Category::Reminders.on_by_default(),
            digests: Category::Digests.on_by_default(),
            news: Category::News.on_by_default(),
        }
    }
}

impl Preferences {
    pub fn wants(&self, c: Category) -> bool {
        match c {
            Category::Essential => true,
            Category::Reminders => self.reminders,
            Category::Digests => self.digests,
            Category::News => self.news,
        }
    }

    pub fn set(&mut self, c: Category, on: bool) {
        match c {
            Category::Essential => {}
            Category::Reminders => self.reminders = on,
            Category::Digests => self.digests = on,
            Category::News => self.news = on,
        }
    }
}

/// The outbox as staff see it: an email not yet delivered, or given up on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeliveredMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub category: String,
    /// pending or failed.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// When it was written, as the page shows it.
    pub queued: String,
    /// When the next try is due (pending mail).
    pub next_try: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxOverview {
    pub pending: u64,
    pub failed: u64,
    pub sent_last_day: u64,
    /// Safeguarding alerts still undelivered 10 minutes after they were written.
    pub late_safeguarding: u64,
    pub rows: Vec<UndeliveredMail>,
}

/// Where an email in the outbox stands: `Pending` until the mail server takes it (`Sent`)
/// or it is given up on (`Failed`: refused for good, or undelivered for too long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum MailStatus {
    #[cfg_attr(feature = "db", sea_orm(string_value = "pending"))]
    Pending,
    #[cfg_attr(feature = "db", sea_orm(string_value = "sent"))]
    Sent,
    #[cfg_attr(feature = "db", sea_orm(string_value = "failed"))]
    Failed,
}

impl MailStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essential_mail_cannot_be_switched_off() {
        let mut p = Preferences { reminders: false, digests: false, news: false };
        p.set(Category::Essential, false);
        assert!(p.wants(Category::Essential));
        assert!(!p.wants(Category::Reminders));
        p.set(Category::News, true);
        assert!(p.wants(Category::News));
        for c in Category::OPTIONAL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
            assert!(!c.essential());
        }
        assert_eq!(Category::parse("spam"), None);
    }
}
