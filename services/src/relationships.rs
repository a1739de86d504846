//! Mentoring relationships (matches) as every feature reads them: who may open a match and
//! as whom (the pair, the under-18's own Mentoring Coordinator, staff; anyone else gets
//! `NotFound`, so a match's existence is not revealed), where the pair may meet, the match's
//! timeline, whether mentoring has ended for good and the waiting pool's `placed` flag, the
//! person's current or latest match, and when the end-of-mentoring evaluation opens.
//!
//! The rules themselves (status, ended for good, planned end) are
//! [`domain::relationships`]'s; this module applies them to stored matches.

use crate::ServiceError;
use crate::entities::{
    match_event, match_goal, mentor_check, mentoring_match, mentoring_session, partner_organisation, user,
    yp_application,
};
use crate::people::Account;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use domain::mentoring::{SessionMode, SessionRules, Viewer, overdue_months, session_plan};
use domain::profiles::split_list;
use domain::relationships::{MatchStatus, REMATCH};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// [`domain::relationships::ended_for_good`] for a stored match.
pub(crate) fn ended_for_good(m: &mentoring_match::Model) -> bool {
    domain::relationships::ended_for_good(m.status, m.closed_reason.as_deref())
}

/// The same rule as [`ended_for_good`], as a condition on the `matches` table for queries
/// (its test checks it against the Rust rule on every kind of match).
pub(crate) fn ended_for_good_condition() -> Condition {
    Condition::all().add(mentoring_match::Column::Status.eq(MatchStatus::Closed)).add(
        Condition::any()
            .add(mentoring_match::Column::ClosedReason.is_null())
            .add(mentoring_match::Column::ClosedReason.ne(REMATCH)),
    )
}

/// [`domain::relationships::keeps_out_of_pool`] as a condition on the `matches` table: the
/// waiting pool's SQL ([`crate::matching::pool_clause`]) is built on it.
pub(crate) fn keeps_out_of_pool_condition() -> Condition {
    Condition::any().add(mentoring_match::Column::Status.eq(MatchStatus::Active)).add(ended_for_good_condition())
}

/// Sets the young person's `placed` flag (the waiting pool's index) from their matches: true
/// while a match keeps them out of the pool ([`domain::relationships::keeps_out_of_pool`]).
/// Every path that makes or ends a match calls it in its transaction.
pub(crate) async fn sync_placed(db: &impl ConnectionTrait, young_person_id: i64) -> Result<(), ServiceError> {
    // A young person has a few matches at most: the rule is applied in Rust.
    let keeps_out = mentoring_match::Entity::find()
        .filter(mentoring_match::Column::YoungPersonId.eq(young_person_id))
        .all(db)
        .await?
        .iter()
        .any(|m| domain::relationships::keeps_out_of_pool(m.status, m.closed_reason.as_deref()));
    yp_application::Entity::update_many()
        .col_expr(yp_application::Column::Placed, sea_orm::sea_query::Expr::value(keeps_out))
        .filter(yp_application::Column::UserId.eq(young_person_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Young people whose mentoring has ended for good (see [`ended_for_good`]).
pub(crate) async fn finished_young_people(db: &impl ConnectionTrait) -> Result<Vec<i64>, ServiceError> {
    Ok(mentoring_match::Entity::find()
        .select_only()
        .column(mentoring_match::Column::YoungPersonId)
        .filter(ended_for_good_condition())
        .into_tuple()
        .all(db)
        .await?)
}

/// The person's current match (mentor or young person), the latest if several run.
pub(crate) async fn active_for(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Option<mentoring_match::Model>, ServiceError> {
    Ok(mentoring_match::Entity::find()
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .filter(
            Condition::any()
                .add(mentoring_match::Column::YoungPersonId.eq(user_id))
                .add(mentoring_match::Column::MentorId.eq(user_id)),
        )
        .order_by_desc(mentoring_match::Column::Id)
        .one(db)
        .await?)
}

/// The person asking: enough to decide what they may see.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub id: i64,
    pub role: Role,
    pub partner_id: Option<i64>,
}

impl From<&Account> for Who {
    fn from(a: &Account) -> Who {
        Who { id: a.id, role: a.role, partner_id: a.partner_id }
    }
}

/// A match as one person may see it.
#[derive(Clone)]
pub struct Opened {
    pub viewer: Viewer,
    pub m: mentoring_match::Model,
    pub mentor: user::Model,
    pub young: user::Model,
    pub under_18: bool,
    pub partner: Option<partner_organisation::Model>,
}

impl Opened {
    pub(crate) fn active(&self) -> bool {
        self.m.status == MatchStatus::Active
    }

    /// Paused by the safeguarding team: no sessions or messages until lifted.
    pub(crate) fn paused(&self) -> bool {
        self.m.suspended_at.is_some()
    }

    /// The participant's own side of the pair.
    pub(crate) fn me(&self) -> &user::Model {
        if self.viewer == Viewer::Mentor { &self.mentor } else { &self.young }
    }

    /// The other side of the pair, for a participant.
    pub(crate) fn other(&self) -> &user::Model {
        if self.viewer == Viewer::Mentor { &self.young } else { &self.mentor }
    }

    /// Where an under-18's in-person sessions happen: their partner's premises.
    pub(crate) fn partner_venue(&self) -> Option<String> {
        self.under_18.then(|| {
            self.partner
                .as_ref()
                .map(|p| format!("{} (partner premises)", p.name))
                .unwrap_or_else(|| "The partner institution's premises".to_string())
        })
    }
}

/// Where this pair may meet: an under-18's partner premises, and for an adult pair the
/// online sessions still to hold before meeting in person. `video_base` is the configured
/// video service, whose room for this match is then the default meeting link.
pub(crate) async fn session_rules(
    db: &impl ConnectionTrait,
    o: &Opened,
    video_base: Option<&str>,
) -> Result<SessionRules, ServiceError> {
    let online_to_go = if o.under_18 {
        0
    } else {
        let first = crate::settings::online_sessions_first(db).await?;
        let online = mentoring_session::Entity::find()
            .filter(mentoring_session::Column::MatchId.eq(o.m.id))
            .filter(mentoring_session::Column::Mode.eq(SessionMode::Online.as_str()))
            .count(db)
            .await?;
        first.saturating_sub(u32::try_from(online).unwrap_or(u32::MAX))
    };
    let video_room = match video_base {
        Some(base) => Some(domain::mentoring::video_room_url(base, &video_room(db, o).await?)),
        None => None,
    };
    Ok(SessionRules { partner_venue: o.partner_venue(), online_to_go, video_room })
}

/// The match's room name on the video service: 128 random bits, made the first time it is
/// needed and kept, so the pair always meet in the same room.
pub(crate) async fn video_room(db: &impl ConnectionTrait, o: &Opened) -> Result<String, ServiceError> {
    if let Some(room) = &o.m.video_room {
        return Ok(room.clone());
    }
    let room = format!("tandem-{}", &crate::tokens::new_token()[..32]);
    mentoring_match::Entity::update_many()
        .col_expr(mentoring_match::Column::VideoRoom, sea_orm::sea_query::Expr::value(room))
        .filter(mentoring_match::Column::Id.eq(o.m.id))
        .filter(mentoring_match::Column::VideoRoom.is_null())
        .exec(db)
        .await?;
    // Read back: a request made at the same moment may have named it first.
    mentoring_match::Entity::find_by_id(o.m.id).one(db).await?.and_then(|m| m.video_room).ok_or(ServiceError::NotFound)
}

/// Opens a match for `who`, or `NotFound` when they have no business with it.
pub async fn open(
    db: &impl ConnectionTrait,
    who: Who,
    match_id: i64,
    now: DateTime<Utc>,
) -> Result<Opened, ServiceError> {
    let m = mentoring_match::Entity::find_by_id(match_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let mentor = user::Entity::find_by_id(m.mentor_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let young = user::Entity::find_by_id(m.young_person_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let under_18 = young.under_18_on(now.date_naive());
    let viewer = match who.role {
        Role::Mentor if who.id == m.mentor_id => Viewer::Mentor,
        Role::YoungPerson if who.id == m.young_person_id => Viewer::YoungPerson,
        Role::Coordinator if under_18 && who.partner_id.is_some() && who.partner_id == young.partner_id => {
            Viewer::Coordinator
        }
        Role::Staff => Viewer::Staff,
        _ => return Err(ServiceError::NotFound),
    };
    let partner = match young.partner_id {
        Some(p) => partner_organisation::Entity::find_by_id(p).one(db).await?,
        None => None,
    };
    Ok(Opened { viewer, m, mentor, young, under_18, partner })
}

/// Opens a match for one of the pair, refusing a closed one for `action`.
pub(crate) async fn open_active(
    db: &impl ConnectionTrait,
    who: Who,
    match_id: i64,
    now: DateTime<Utc>,
    action: &str,
) -> Result<Opened, ServiceError> {
    let o = open(db, who, match_id, now).await?;
    if !o.viewer.is_participant() {
        return Err(ServiceError::Forbidden);
    }
    if !o.active() {
        return Err(ServiceError::field("form", format!("This match has ended: {action} is no longer possible")));
    }
    if o.paused() {
        return Err(ServiceError::field(
            "form",
            format!("This match is paused by the Tandem team: {action} is on hold until we are in touch"),
        ));
    }
    Ok(o)
}

pub async fn event(
    db: &impl ConnectionTrait,
    match_id: i64,
    actor: Option<i64>,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match_event::ActiveModel {
        match_id: Set(match_id),
        actor_id: Set(actor),
        at: Set(now),
        text: Set(text.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A new match's goals come from the young person's application; the timeline starts.
pub async fn start(
    db: &impl ConnectionTrait,
    match_id: i64,
    young_person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let goals = yp_application::Entity::find()
        .filter(yp_application::Column::UserId.eq(young_person_id))
        .one(db)
        .await?
        .map(|a| split_list(&a.goals).into_iter().map(str::to_string).collect::<Vec<_>>())
        .unwrap_or_default();
    for g in goals {
        match_goal::ActiveModel {
            match_id: Set(match_id),
            goal: Set(g.chars().take(200).collect()),
            progress: Set(None),
            note: Set(String::new()),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    event(db, match_id, None, "Match started: twelve monthly sessions planned", now).await
}

/// The end-of-mentoring evaluation opens once the young person's mentoring has ended, or
/// has run nine months (the programme runs nine to twelve).
pub async fn end_evaluation_open(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let matches =
        mentoring_match::Entity::find().filter(mentoring_match::Column::YoungPersonId.eq(user_id)).all(db).await?;
    let nine_months_ago = now.date_naive().checked_sub_months(chrono::Months::new(9)).unwrap_or(now.date_naive());
    Ok(matches
        .iter()
        .any(|m| ended_for_good(m) || (m.status == MatchStatus::Active && m.start_date <= nine_months_ago)))
}

/// Months of a match's plan that passed without a session (for dashboards).
pub async fn overdue_for(
    db: &impl ConnectionTrait,
    m: &mentoring_match::Model,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let dates: Vec<(NaiveDate, bool)> = mentoring_session::Entity::find()
        .filter(mentoring_session::Column::MatchId.eq(m.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.held_on, s.confirmed_at.is_some()))
        .collect();
    Ok(overdue_months(&session_plan(m.start_date, &dates, now.date_naive(), None)))
}

/// The person's current match id (mentor or young person), or their latest closed one.
pub async fn match_of(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<i64>, ServiceError> {
    Ok(mentoring_match::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(mentoring_match::Column::MentorId.eq(user_id))
                .add(mentoring_match::Column::YoungPersonId.eq(user_id)),
        )
        .order_by_desc(mentoring_match::Column::Id)
        .one(db)
        .await?
        .map(|m| m.id))
}

/// Whether the mentor is resting after a match (and so not offered to young people).
pub async fn mentor_resting(db: &impl ConnectionTrait, mentor_id: i64) -> Result<bool, ServiceError> {
    Ok(mentor_check::Entity::find()
        .filter(mentor_check::Column::UserId.eq(mentor_id))
        .one(db)
        .await?
        .is_some_and(|c| c.paused))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Backend, TestDb, match_row};
    use std::collections::BTreeSet;

    /// Every status and closing reason a match can have (and one closed with no reason, which
    /// the app never writes but a manual edit could): the query's rule
    /// ([`ended_for_good_condition`]) and the Rust rule ([`ended_for_good`]) pick the same
    /// young people.
    async fn sql_and_rust_agree(t: TestDb) {
        let now = chrono::Utc::now();
        assert!(crate::demo::load_if_empty(&t.db, now).await.expect("demo"));
        let people: Vec<i64> = user::Entity::find().all(&t.db).await.expect("users").iter().map(|u| u.id).collect();
        let shapes = [
            (MatchStatus::Active, None),
            (MatchStatus::Closed, Some(REMATCH)),
            (MatchStatus::Closed, Some("completed")),
            (MatchStatus::Closed, Some("goals_met")),
            (MatchStatus::Closed, Some("moved_away")),
            (MatchStatus::Closed, None),
        ];
        assert!(people.len() > shapes.len() + 1, "enough people to give each shape its own young person");
        mentoring_match::Entity::delete_many().exec(&t.db).await.expect("clear the demo's matches");
        for (i, (status, reason)) in shapes.into_iter().enumerate() {
            match_row(people[i + 1], people[0], status, reason, now).insert(&t.db).await.expect("match");
        }
        let by_sql: BTreeSet<i64> = finished_young_people(&t.db).await.expect("sql").into_iter().collect();
        let by_rust: BTreeSet<i64> = mentoring_match::Entity::find()
            .all(&t.db)
            .await
            .expect("matches")
            .iter()
            .filter(|m| ended_for_good(m))
            .map(|m| m.young_person_id)
            .collect();
        assert_eq!(by_sql, by_rust);
        // Completed, goals met, moved away and the one with no reason; not the active one
        // nor the rematch.
        assert_eq!(by_rust, [3, 4, 5, 6].map(|i| people[i]).into());
    }

    #[tokio::test]
    async fn ended_for_good_means_the_same_in_sql_and_rust_on_sqlite() {
        sql_and_rust_agree(TestDb::new(Backend::Sqlite).await.expect("sqlite")).await;
    }

    #[tokio::test]
    async fn ended_for_good_means_the_same_in_sql_and_rust_on_postgres() {
        sql_and_rust_agree(TestDb::new(Backend::Postgres).await.expect("PostgreSQL must be running")).await;
    }
}
