//! The mentor community: bulletin posts staff publish to mentors, young people or everyone
//! on the programme.

use crate::mentoring::text;
use crate::{FieldErrors, Role};
use serde::{Deserialize, Serialize};

/// Who a bulletin post is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    Mentors,
    YoungPeople,
    Everyone,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Mentors, Audience::YoungPeople, Audience::Everyone];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Mentors => "mentors",
            Audience::YoungPeople => "young_people",
            Audience::Everyone => "everyone",
        }
    }

    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Mentors => "Mentors",
            Audience::YoungPeople => "Young people",
            Audience::Everyone => "Everyone on the programme",
        }
    }

    /// The audiences whose posts a person sees: staff see every post.
    pub fn seen_by(role: Role) -> &'static [Audience] {
        match role {
            Role::Mentor => &[Audience::Mentors, Audience::Everyone],
            Role::YoungPerson => &[Audience::YoungPeople, Audience::Everyone],
            Role::Staff => &Audience::ALL,
            Role::Coordinator | Role::SafeguardingLead => &[Audience::Everyone],
        }
    }
}

/// A post as staff type it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulletinInput {
    pub title: String,
    pub body: String,
    pub audience: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidBulletin {
    pub title: String,
    pub body: String,
    pub audience: Audience,
}

impl BulletinInput {
    pub fn validate(&self) -> Result<ValidBulletin, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = text("title", &self.title, Some("Give the post a title"), 120, &mut e);
        let body = text("body", &self.body, Some("Write the post"), 4000, &mut e);
        let audience = self.audience.as_deref().and_then(Audience::parse);
        if audience.is_none() {
            e.add("audience", "Choose who the post is for");
        }
        e.into_result(|| ValidBulletin { title, body, audience: audience.unwrap_or(Audience::Everyone) })
    }
}

/// One post as readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulletinPost {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub audience: Audience,
    /// The day it was published, in words.
    pub published: String,
}

/// A page of posts, newest first, with the cursor for older ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulletinPage {
    pub posts: Vec<BulletinPost>,
    pub older: Option<i64>,
    /// Whether the reader may publish (staff).
    pub can_publish: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_needs_a_title_a_body_and_an_audience() {
        let ok = BulletinInput {
            title: " Winter socials ".into(),
            body: "Join us.".into(),
            audience: Some("mentors".into()),
        };
        let v = ok.validate().expect("valid");
        assert_eq!((v.title.as_str(), v.audience), ("Winter socials", Audience::Mentors));
        let bad = BulletinInput { title: " ".into(), body: "x".repeat(4001), audience: Some("aliens".into()) };
        let e = bad.validate().expect_err("invalid");
        assert!(e.get("title").is_some() && e.get("body").is_some() && e.get("audience").is_some());
    }

    #[test]
    fn each_role_sees_its_own_audiences() {
        assert!(Audience::seen_by(Role::Mentor).contains(&Audience::Mentors));
        assert!(!Audience::seen_by(Role::Mentor).contains(&Audience::YoungPeople));
        assert!(!Audience::seen_by(Role::YoungPerson).contains(&Audience::Mentors));
        assert_eq!(Audience::seen_by(Role::Coordinator), &[Audience::Everyone]);
        assert_eq!(Audience::seen_by(Role::Staff).len(), 3);
    }
}
