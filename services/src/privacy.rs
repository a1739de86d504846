//! Data rights: a person's own data as a file (subject access), erasure, and the retention
//! job that applies `domain::privacy::RETENTION`.
//!
//! Export leaves out safeguarding records (they may not be disclosed to the subject without the
//! DSL's review) and other people's data (the other side of a match is "your mentor" or "your
//! young person"; only messages the person wrote are included).
//!
//! Erasure keeps the account row as an anonymous shell (so aggregates and other people's
//! records keep their shape), deletes what is only about the person, and scrubs their name and
//! email address from every text column of every table, except safeguarding records, which
//! statutory retention keeps. On SQLite, `secure_delete` zeroes the freed bytes and a WAL
//! checkpoint clears old page images, so the name is gone from the files too.

use crate::ServiceError;
use crate::audit::{self, Event};
use crate::entities::{
    audit_entry, certificate, checkin, contact_consent, destination, destination_followup, enquiry, enquiry_message,
    equality_answer, evaluation, evaluation_answer, exit_survey, gift, how_going_answer, lesson_progress,
    login_attempt, match_goal, mentor_check, mentor_decision, mentor_profile, mentor_reference, mentoring_match,
    mentoring_session, message, notification, opportunity, opportunity_response, outbox_email, partner_organisation,
    password_reset, policy_acceptance, quiz_attempt, referral, referral_code, session, user, workshop_booking,
    workshop_feedback, yp_application,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use domain::Role;
use domain::privacy::{
    FAILED_SIGN_INS_DAYS, INACTIVE_ACCOUNT_DAYS, MESSAGES_AFTER_CLOSE_DAYS, READ_NOTIFICATIONS_DAYS, RESET_LINKS_DAYS,
    SENT_EMAILS_DAYS,
};
use domain::relationships::MatchStatus;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, Statement, TransactionTrait,
};
use serde_json::{Value, json};

/// The matches a person is on, on either side.
fn either_side(user_id: i64) -> sea_orm::sea_query::SimpleExpr {
    mentoring_match::Column::MentorId.eq(user_id).or(mentoring_match::Column::YoungPersonId.eq(user_id))
}

/// Rows as JSON, without the listed columns.
async fn rows<E: EntityTrait>(
    db: &impl ConnectionTrait,
    q: Select<E>,
    drop: &[&str],
) -> Result<Vec<Value>, ServiceError> {
    let mut out = q.into_json().all(db).await?;
    for v in &mut out {
        if let Some(o) = v.as_object_mut() {
            for d in drop {
                o.remove(*d);
            }
        }
    }
    Ok(out)
}

/// Everything Tandem holds about the person that they are entitled to, as one JSON document.
pub async fn export(
    db: &DatabaseConnection,
    user_id: i64,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Value, ServiceError> {
    let me = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let partner = match me.partner_id {
        Some(p) => partner_organisation::Entity::find_by_id(p).one(db).await?.map(|p| p.name),
        None => None,
    };
    let matches = mentoring_match::Entity::find()
        .filter(either_side(user_id))
        .order_by_asc(mentoring_match::Column::Id)
        .all(db)
        .await?;
    let match_ids: Vec<i64> = matches.iter().map(|m| m.id).collect();
    let my_matches: Vec<Value> = matches
        .iter()
        .map(|m| {
            json!({
                "match": m.id,
                "you_were": if m.mentor_id == user_id { "the mentor" } else { "the young person" },
                "status": m.status.as_str(),
                "start_date": m.start_date,
                "planned_end": m.planned_end,
                "closed_at": m.closed_at,
                "closed_reason": m.closed_reason,
            })
        })
        .collect();
    let sessions_logged: Vec<Value> = mentoring_session::Entity::find()
        .filter(mentoring_session::Column::MatchId.is_in(match_ids.clone()))
        .order_by_asc(mentoring_session::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            let mine = s.logged_by == user_id;
            json!({
                "match": s.match_id,
                "held_on": s.held_on,
                "minutes": s.minutes,
                "mode": s.mode,
                "place": s.place,
                "logged_by_you": mine,
                // What the other side wrote about a session is theirs.
                "discussed": if mine { Some(s.discussed) } else { None },
                "progress": if mine { Some(s.progress) } else { None },
                "confirmed_at": s.confirmed_at,
            })
        })
        .collect();
    let evaluations = evaluation::Entity::find().filter(evaluation::Column::UserId.eq(user_id)).all(db).await?;
    let eval_ids: Vec<i64> = evaluations.iter().map(|e| e.id).collect();
    let enquiry_ids: Vec<i64> = enquiry::Entity::find()
        .select_only()
        .column(enquiry::Column::Id)
        .filter(enquiry::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db)
        .await?;
    let doc = json!({
        "about": "Everything Tandem holds about you, as of this download. Safeguarding records and other \
                  people's information are not included; ask our Data Protection Officer about those.",
        "generated_at": now,
        "account": {
            "name": me.name,
            "email": me.email,
            "date_of_birth": me.date_of_birth,
            "role": Role::parse(&me.role).map(|r| r.label()).unwrap_or("Unknown"),
            "organisation": partner,
            "created_at": me.created_at,
            "last_sign_in_at": me.last_sign_in_at,
        },
        "mentor_profile": rows(db, mentor_profile::Entity::find().filter(mentor_profile::Column::UserId.eq(user_id)), &[]).await?,
        "mentor_checks": rows(db, mentor_check::Entity::find().filter(mentor_check::Column::UserId.eq(user_id)), &[]).await?,
        "mentor_decisions": rows(db, mentor_decision::Entity::find().filter(mentor_decision::Column::UserId.eq(user_id)), &["staff_id", "note"]).await?,
        // A referee's own details are theirs: only the fact and outcome of each reference.
        "references": rows(db, mentor_reference::Entity::find().filter(mentor_reference::Column::UserId.eq(user_id)), &["referee", "recorded_by"]).await?,
        "training_progress": rows(db, lesson_progress::Entity::find().filter(lesson_progress::Column::UserId.eq(user_id)), &[]).await?,
        "quiz_attempts": rows(db, quiz_attempt::Entity::find().filter(quiz_attempt::Column::UserId.eq(user_id)), &[]).await?,
        "certificates": rows(db, certificate::Entity::find().filter(certificate::Column::UserId.eq(user_id)), &[]).await?,
        "workshop_bookings": rows(db, workshop_booking::Entity::find().filter(workshop_booking::Column::UserId.eq(user_id)), &[]).await?,
        "workshop_feedback": rows(db, workshop_feedback::Entity::find().filter(workshop_feedback::Column::UserId.eq(user_id)), &[]).await?,
        "application": rows(db, yp_application::Entity::find().filter(yp_application::Column::UserId.eq(user_id)), &["confirmed_by"]).await?,
        "evaluations": rows(db, evaluation::Entity::find().filter(evaluation::Column::UserId.eq(user_id)), &[]).await?,
        "evaluation_answers": rows(db, evaluation_answer::Entity::find().filter(evaluation_answer::Column::EvaluationId.is_in(eval_ids)), &[]).await?,
        "matches": my_matches,
        "match_goals": rows(db, match_goal::Entity::find().filter(match_goal::Column::MatchId.is_in(match_ids)), &[]).await?,
        "sessions": sessions_logged,
        "messages_you_sent": rows(db, message::Entity::find().filter(message::Column::SenderId.eq(user_id)), &["recipient_id", "reviewed_by", "sender_id"]).await?,
        "check_ins": rows(db, checkin::Entity::find().filter(checkin::Column::UserId.eq(user_id)), &[]).await?,
        "how_is_it_going": rows(db, how_going_answer::Entity::find().filter(how_going_answer::Column::UserId.eq(user_id)), &[]).await?,
        "destinations": rows(db, destination::Entity::find().filter(destination::Column::UserId.eq(user_id)), &[]).await?,
        "destination_follow_up": rows(db, destination_followup::Entity::find().filter(destination_followup::Column::UserId.eq(user_id)), &["token_hash"]).await?,
        "how_you_joined": crate::referrals::how_joined(db, user_id).await?,
        // Opportunities they saved, were interested in or were recommended (the mentor is named on the page).
        "opportunities": rows(db, opportunity_response::Entity::find().filter(opportunity_response::Column::UserId.eq(user_id)), &["recommended_by"]).await?,
        "opportunities_you_posted": rows(db, opportunity::Entity::find().filter(opportunity::Column::PostedBy.eq(user_id)), &["decided_by"]).await?,
        "equality_monitoring": crate::equality::mine(db, user_id).await?.0.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        "your_referral_code": referral_code::Entity::find().filter(referral_code::Column::UserId.eq(user_id)).one(db).await?.map(|c| c.code),
        "policies_accepted": rows(db, policy_acceptance::Entity::find().filter(policy_acceptance::Column::UserId.eq(user_id)), &[]).await?,
        "contact_consents": rows(db, contact_consent::Entity::find().filter(contact_consent::Column::UserId.eq(user_id)), &[]).await?,
        "gifts": rows(db, gift::Entity::find().filter(gift::Column::MentorId.eq(user_id)), &[]).await?,
        "exit_surveys": rows(db, exit_survey::Entity::find().filter(exit_survey::Column::UserId.eq(user_id)), &[]).await?,
        "messages_to_the_team": rows(db, enquiry::Entity::find().filter(enquiry::Column::UserId.eq(user_id)), &[]).await?,
        "messages_to_the_team_messages": rows(db, enquiry_message::Entity::find().filter(enquiry_message::Column::EnquiryId.is_in(enquiry_ids)), &["staff_id"]).await?,
        "notifications": rows(db, notification::Entity::find().filter(notification::Column::UserId.eq(user_id)), &[]).await?,
        "signed_in_sessions": rows(db, session::Entity::find().filter(session::Column::UserId.eq(user_id)), &["token_hash", "id"]).await?,
        "security_log": rows(db, audit_entry::Entity::find().filter(audit_entry::Column::ActorId.eq(user_id)).order_by_asc(audit_entry::Column::Seq), &["prev_hash", "hash", "id"]).await?,
    });
    audit::record(db, Event::new("privacy.export", Some(user_id), format!("user:{user_id}")).ip(ip), now).await?;
    Ok(doc)
}

/// Why this account cannot be erased right now, if it cannot.
pub async fn erase_blocked(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<String>, ServiceError> {
    let active = mentoring_match::Entity::find()
        .filter(either_side(user_id))
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .one(db)
        .await?;
    Ok(active.map(|m| {
        format!(
            "You have an active match (match {}). End it from your match page first, or ask us to, and then \
             you can delete your account.",
            m.id
        )
    }))
}

/// What erasure did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub rows_deleted: u64,
    pub cells_scrubbed: u64,
}

const ERASED: &str = "[erased]";

/// Tables whose text is never scrubbed: safeguarding records (statutory retention), the
/// audit chain (ids only), and the migration bookkeeping.
const KEEP: &[&str] = &["concerns", "concern_entries", "audit_log", "audit_head", "seaql_migrations"];

async fn text_columns(db: &impl ConnectionTrait) -> Result<Vec<(String, String)>, ServiceError> {
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    match backend {
        DbBackend::Postgres => {
            let sql = "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
                       WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')";
            for r in db.query_all_raw(Statement::from_string(backend, sql)).await? {
                out.push((r.try_get::<String>("", "t")?, r.try_get::<String>("", "c")?));
            }
        }
        _ => {
            let tables = db
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                ))
                .await?;
            for t in tables {
                let table: String = t.try_get("", "name")?;
                let cols = db
                    .query_all_raw(Statement::from_sql_and_values(
                        backend,
                        "SELECT name, type FROM pragma_table_info(?)",
                        [table.clone().into()],
                    ))
                    .await?;
                for c in cols {
                    let ty: String = c.try_get::<String>("", "type")?.to_uppercase();
                    if ty.contains("TEXT") || ty.contains("CHAR") || ty.contains("CLOB") {
                        out.push((table.clone(), c.try_get("", "name")?));
                    }
                }
            }
        }
    }
    out.retain(|(t, _)| !KEEP.contains(&t.as_str()));
    Ok(out)
}

/// Replaces `needle` in every scrubbed text column, restricted by `only` (an SQL condition
/// with no parameters) when given. Returns the cells changed.
async fn scrub(
    db: &impl ConnectionTrait,
    columns: &[(String, String)],
    needle: &str,
    only: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<u64, ServiceError> {
    if needle.trim().chars().count() < 2 {
        return Ok(0);
    }
    let backend = db.get_database_backend();
    let mut changed = 0;
    for (t, c) in columns {
        let Some(cond) = only(t) else { continue };
        let sql = match backend {
            DbBackend::Postgres => format!(
                "UPDATE \"{t}\" SET \"{c}\" = REPLACE(\"{c}\", $1, $2) WHERE strpos(\"{c}\", $1) > 0 AND ({cond})"
            ),
            _ => format!(
                "UPDATE \"{t}\" SET \"{c}\" = REPLACE(\"{c}\", ?1, ?2) WHERE instr(\"{c}\", ?1) > 0 AND ({cond})"
            ),
        };
        let r = db.execute_raw(Statement::from_sql_and_values(backend, sql, [needle.into(), ERASED.into()])).await?;
        changed += r.rows_affected();
    }
    Ok(changed)
}

/// Erases a person: their own records go, their name and email address are scrubbed from
/// everything else (except safeguarding records), and the account becomes an anonymous shell
/// that cannot sign in. Refused while they are in an active match.
pub async fn erase(
    db: &DatabaseConnection,
    user_id: i64,
    actor: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Erased, ServiceError> {
    let me = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if me.erased_at.is_some() {
        return Ok(Erased::default());
    }
    if let Some(why) = erase_blocked(db, user_id).await? {
        return Err(ServiceError::field("confirm", why));
    }
    let columns = text_columns(db).await?;
    let txn = db.begin().await?;
    let match_ids: Vec<i64> = mentoring_match::Entity::find()
        .select_only()
        .column(mentoring_match::Column::Id)
        .filter(either_side(user_id))
        .into_tuple()
        .all(&txn)
        .await?;
    let mut deleted = 0u64;
    macro_rules! delete_where {
        ($entity:ident, $cond:expr) => {
            deleted += $entity::Entity::delete_many().filter($cond).exec(&txn).await?.rows_affected;
        };
    }
    let eval_ids: Vec<i64> = evaluation::Entity::find()
        .select_only()
        .column(evaluation::Column::Id)
        .filter(evaluation::Column::UserId.eq(user_id))
        .into_tuple()
        .all(&txn)
        .await?;
    delete_where!(evaluation_answer, evaluation_answer::Column::EvaluationId.is_in(eval_ids));
    delete_where!(evaluation, evaluation::Column::UserId.eq(user_id));
    delete_where!(session, session::Column::UserId.eq(user_id));
    delete_where!(password_reset, password_reset::Column::UserId.eq(user_id));
    delete_where!(notification, notification::Column::UserId.eq(user_id));
    delete_where!(lesson_progress, lesson_progress::Column::UserId.eq(user_id));
    delete_where!(quiz_attempt, quiz_attempt::Column::UserId.eq(user_id));
    delete_where!(certificate, certificate::Column::UserId.eq(user_id));
    delete_where!(mentor_profile, mentor_profile::Column::UserId.eq(user_id));
    delete_where!(mentor_reference, mentor_reference::Column::UserId.eq(user_id));
    delete_where!(workshop_feedback, workshop_feedback::Column::UserId.eq(user_id));
    delete_where!(contact_consent, contact_consent::Column::UserId.eq(user_id));
    delete_where!(how_going_answer, how_going_answer::Column::UserId.eq(user_id));
    delete_where!(policy_acceptance, policy_acceptance::Column::UserId.eq(user_id));
    delete_where!(destination, destination::Column::UserId.eq(user_id));
    delete_where!(destination_followup, destination_followup::Column::UserId.eq(user_id));
    // How they joined, and the code their links carried (sign-ups they brought stay counted).
    delete_where!(referral, referral::Column::UserId.eq(user_id));
    delete_where!(equality_answer, equality_answer::Column::UserId.eq(user_id));
    // Opportunities they only saved or were recommended go; interest and take-up stay counted,
    // with no details shared and no note.
    delete_where!(
        opportunity_response,
        opportunity_response::Column::UserId
            .eq(user_id)
            .and(opportunity_response::Column::InterestedAt.is_null())
            .and(opportunity_response::Column::TakenUpAt.is_null())
    );
    opportunity_response::Entity::update_many()
        .col_expr(opportunity_response::Column::ShareContact, Expr::value(false))
        .col_expr(opportunity_response::Column::RecommendNote, Expr::value(Option::<String>::None))
        .filter(opportunity_response::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    opportunity_response::Entity::update_many()
        .col_expr(opportunity_response::Column::RecommendNote, Expr::value(Option::<String>::None))
        .filter(opportunity_response::Column::RecommendedBy.eq(user_id))
        .exec(&txn)
        .await?;
    delete_where!(referral_code, referral_code::Column::UserId.eq(user_id));
    // Their messages to the team, and any they sent before they had an account, with the replies.
    let theirs = enquiry::Column::UserId.eq(user_id).or(enquiry::Column::Email.eq(me.email.clone()));
    let enquiry_ids: Vec<i64> = enquiry::Entity::find()
        .select_only()
        .column(enquiry::Column::Id)
        .filter(theirs.clone())
        .into_tuple()
        .all(&txn)
        .await?;
    delete_where!(enquiry_message, enquiry_message::Column::EnquiryId.is_in(enquiry_ids));
    delete_where!(enquiry, theirs);
    delete_where!(outbox_email, outbox_email::Column::ToEmail.eq(me.email.clone()));
    delete_where!(login_attempt, login_attempt::Column::Key.eq(me.email.clone()));
    // What they wrote in shared records goes; the records (dates, counts) stay for the other side.
    message::Entity::update_many()
        .col_expr(message::Column::Body, Expr::value(ERASED))
        .filter(message::Column::SenderId.eq(user_id))
        .exec(&txn)
        .await?;
    mentoring_session::Entity::update_many()
        .col_expr(mentoring_session::Column::Discussed, Expr::value(ERASED))
        .col_expr(mentoring_session::Column::Progress, Expr::value(ERASED))
        .filter(mentoring_session::Column::LoggedBy.eq(user_id))
        .exec(&txn)
        .await?;
    checkin::Entity::update_many()
        .col_expr(checkin::Column::Flag, Expr::value(""))
        .filter(checkin::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    exit_survey::Entity::update_many()
        .col_expr(exit_survey::Column::Comment, Expr::value(""))
        .filter(exit_survey::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    yp_application::Entity::update_many()
        .col_expr(yp_application::Column::Accessibility, Expr::value(""))
        .filter(yp_application::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    // Their name and address, wherever they appear (notifications to others, emails, run notes).
    let mut cells = scrub(&txn, &columns, &me.name, &|_| Some("1=1".to_string())).await?;
    cells += scrub(&txn, &columns, &me.email, &|_| Some("1=1".to_string())).await?;
    // Their first name alone, where it refers to them: their matches' messages and timelines,
    // and what their match partners were told.
    let first = crate::people::first_name(&me.name).to_string();
    if !match_ids.is_empty() {
        let ids = match_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let partners: Vec<(i64, i64)> = mentoring_match::Entity::find()
            .select_only()
            .column(mentoring_match::Column::MentorId)
            .column(mentoring_match::Column::YoungPersonId)
            .filter(mentoring_match::Column::Id.is_in(match_ids.clone()))
            .into_tuple()
            .all(&txn)
            .await?;
        let people = partners.iter().flat_map(|(a, b)| [*a, *b]).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        cells += scrub(&txn, &columns, &first, &|t| match t {
            "messages" | "match_events" | "mentoring_sessions" | "planned_sessions" | "match_goals" | "gifts" => {
                Some(format!("match_id IN ({ids})"))
            }
            "notifications" => Some(format!("user_id IN ({people})")),
            "matches" | "match_run_pairs" => Some(format!("young_person_id IN ({people})")),
            _ => None,
        })
        .await?;
    }
    let birth_year = me.date_of_birth.map(|born| NaiveDate::from_ymd_opt(born.year(), 1, 1).unwrap_or(born));
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value("Erased account"))
        .col_expr(user::Column::Email, Expr::value(format!("erased-{user_id}@erased.invalid")))
        .col_expr(user::Column::PasswordHash, Expr::value("!erased"))
        .col_expr(user::Column::Disabled, Expr::value(true))
        .col_expr(user::Column::DateOfBirth, Expr::value(birth_year))
        .col_expr(user::Column::LastSignInAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(user::Column::ErasedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    audit::record(&txn, Event::new("privacy.erased", actor, format!("user:{user_id}")), now).await?;
    txn.commit().await?;
    clear_old_pages(db).await?;
    Ok(Erased { rows_deleted: deleted, cells_scrubbed: cells })
}

/// SQLite keeps old page images in the write-ahead log until a checkpoint; this copies the
/// log into the database (whose freed bytes `secure_delete` has zeroed) and empties it.
async fn clear_old_pages(db: &DatabaseConnection) -> Result<(), ServiceError> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await?;
    }
    Ok(())
}

/// What the retention job removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionRun {
    pub failed_sign_ins: u64,
    pub reset_links: u64,
    pub sent_emails: u64,
    pub read_notifications: u64,
    pub messages: u64,
    pub accounts_erased: u64,
    pub form_drafts: u64,
}

/// Applies the retention schedule as of `now`. Safe to run on every app server: each step is
/// a conditional delete, and erasure skips accounts already erased.
pub async fn retention(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<RetentionRun, ServiceError> {
    let days = Duration::days;
    let mut run = RetentionRun {
        failed_sign_ins: login_attempt::Entity::delete_many()
            .filter(login_attempt::Column::AttemptedAt.lt(now - days(FAILED_SIGN_INS_DAYS)))
            .exec(db)
            .await?
            .rows_affected,
        reset_links: password_reset::Entity::delete_many()
            .filter(password_reset::Column::CreatedAt.lt(now - days(RESET_LINKS_DAYS)))
            .exec(db)
            .await?
            .rows_affected,
        sent_emails: outbox_email::Entity::delete_many()
            .filter(outbox_email::Column::SentAt.lt(now - days(SENT_EMAILS_DAYS)))
            .exec(db)
            .await?
            .rows_affected,
        read_notifications: notification::Entity::delete_many()
            .filter(notification::Column::ReadAt.lt(now - days(READ_NOTIFICATIONS_DAYS)))
            .exec(db)
            .await?
            .rows_affected,
        ..Default::default()
    };
    let closed_long_ago = Query::select()
        .column(mentoring_match::Column::Id)
        .from(mentoring_match::Entity)
        .and_where(mentoring_match::Column::ClosedAt.lt(now - days(MESSAGES_AFTER_CLOSE_DAYS)))
        .to_owned();
    run.form_drafts = crate::form_drafts::sweep(db, now).await?;
    run.messages = message::Entity::delete_many()
        .filter(message::Column::MatchId.in_subquery(closed_long_ago))
        .exec(db)
        .await?
        .rows_affected;
    // Participants who have not signed in for the period (or never, since registering).
    let cutoff = now - days(INACTIVE_ACCOUNT_DAYS);
    let stale: Vec<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Role.is_in([Role::Mentor.as_str(), Role::YoungPerson.as_str()]))
        .filter(user::Column::ErasedAt.is_null())
        .filter(
            user::Column::LastSignInAt
                .lt(cutoff)
                .or(user::Column::LastSignInAt.is_null().and(user::Column::CreatedAt.lt(cutoff))),
        )
        .order_by_asc(user::Column::Id)
        .limit(500)
        .into_tuple()
        .all(db)
        .await?;
    for id in stale {
        if erase_blocked(db, id).await?.is_none() {
            erase(db, id, None, now).await?;
            run.accounts_erased += 1;
        }
    }
    Ok(run)
}

/// Whether the person may erase their own account from the app (participants only; staff,
/// coordinators and safeguarding leads are closed by staff).
pub fn may_erase_self(a: &crate::people::Account) -> bool {
    a.role.self_registrable()
}
