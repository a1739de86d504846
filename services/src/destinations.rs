//! Where young people go next: their answers at the end of mentoring (beside the end
//! evaluation) and six months later (a one-click link by email, no sign-in needed), and the
//! report of both, in aggregate only and never for fewer than five people.

use crate::ServiceError;
use crate::entities::{destination, destination_followup, partner_organisation, user};
use crate::notifications::Notice;
use crate::partners::PartnerKind;
use chrono::{DateTime, Months, Utc};
use domain::destinations::{ACTIVITIES, Destination, DestinationForm, DestinationInput, OUTCOMES, Stage, StageReport};
use domain::impact::{MIN_GROUP, ValidFilter};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// How long after the end answers the follow-up is asked.
pub const FOLLOW_UP_MONTHS: u32 = 6;

async fn young_person(db: &impl ConnectionTrait, user_id: i64) -> Result<user::Model, ServiceError> {
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if domain::Role::parse(&u.role) != Some(domain::Role::YoungPerson) {
        return Err(ServiceError::Forbidden);
    }
    Ok(u)
}

/// A pupil: a young person who belongs to a school.
async fn is_pupil(db: &impl ConnectionTrait, u: &user::Model) -> Result<bool, ServiceError> {
    let Some(p) = u.partner_id else { return Ok(false) };
    let kind = partner_organisation::Entity::find_by_id(p).one(db).await?.map(|p| p.kind);
    Ok(kind.as_deref() == Some(PartnerKind::School.as_str()))
}

fn from_row(r: destination::Model) -> Destination {
    Destination {
        activity: r.activity,
        outcomes: vec![r.college, r.apprenticeship, r.job, r.scholarship],
        attendance: r.attendance,
        grades: r.grades,
    }
}

async fn saved(db: &impl ConnectionTrait, user_id: i64, stage: Stage) -> Result<Option<Destination>, ServiceError> {
    Ok(destination::Entity::find()
        .filter(destination::Column::UserId.eq(user_id))
        .filter(destination::Column::Stage.eq(stage.as_str()))
        .one(db)
        .await?
        .map(from_row))
}

/// The section for a young person at `stage`.
pub async fn form(db: &impl ConnectionTrait, user_id: i64, stage: Stage) -> Result<DestinationForm, ServiceError> {
    let u = young_person(db, user_id).await?;
    let first_name = crate::people::first_name(&u.name);
    Ok(DestinationForm { stage, pupil: is_pupil(db, &u).await?, saved: saved(db, user_id, stage).await?, first_name })
}

/// Keeps a young person's answers for `stage` (answering again replaces them). The end
/// answers open once the end evaluation does, and schedule the six-month follow-up.
pub async fn save(
    db: &impl ConnectionTrait,
    user_id: i64,
    stage: Stage,
    input: &DestinationInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let u = young_person(db, user_id).await?;
    if stage == Stage::End && !crate::relationships::end_evaluation_open(db, user_id, now).await? {
        return Err(ServiceError::field("form", "These questions open when your mentoring ends"));
    }
    let d = input.validate(is_pupil(db, &u).await?).map_err(ServiceError::Validation)?;
    let place = crate::evaluations::place_of(db, &u, now).await?;
    let o = |i: usize| d.outcomes.get(i).cloned().unwrap_or_else(|| "no".into());
    destination::Entity::insert(destination::ActiveModel {
        user_id: Set(user_id),
        stage: Set(stage.as_str().into()),
        activity: Set(d.activity.clone()),
        college: Set(o(0)),
        apprenticeship: Set(o(1)),
        job: Set(o(2)),
        scholarship: Set(o(3)),
        attendance: Set(d.attendance.clone()),
        grades: Set(d.grades.clone()),
        year: Set(place.year),
        cohort: Set(place.cohort),
        region: Set(place.region),
        partner_id: Set(place.partner_id),
        age_group: Set(place.age_group),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([destination::Column::UserId, destination::Column::Stage])
            .update_columns([
                destination::Column::Activity,
                destination::Column::College,
                destination::Column::Apprenticeship,
                destination::Column::Job,
                destination::Column::Scholarship,
                destination::Column::Attendance,
                destination::Column::Grades,
                destination::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    match stage {
        Stage::End => {
            // The follow-up's token is made when it is sent; until then it holds a hash no
            // link matches.
            let due = now.checked_add_months(Months::new(FOLLOW_UP_MONTHS)).unwrap_or(now);
            destination_followup::Entity::insert(destination_followup::ActiveModel {
                user_id: Set(user_id),
                due_at: Set(due),
                token_hash: Set(crate::tokens::digest(&crate::tokens::new_token())),
                sent_at: Set(None),
                answered_at: Set(None),
            })
            .on_conflict(OnConflict::column(destination_followup::Column::UserId).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
        }
        Stage::SixMonths => {
            destination_followup::Entity::update_many()
                .col_expr(destination_followup::Column::AnsweredAt, sea_orm::sea_query::Expr::value(now))
                .filter(destination_followup::Column::UserId.eq(user_id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// The young person a sent follow-up belongs to, while it is unanswered.
fn unanswered(f: destination_followup::Model) -> Result<i64, ServiceError> {
    if f.answered_at.is_some() {
        return Err(ServiceError::field("form", "You have already answered: thank you. There is nothing more to do."));
    }
    Ok(f.user_id)
}

/// The young person a follow-up link belongs to, while it is unanswered.
pub async fn by_token(db: &impl ConnectionTrait, token: &str) -> Result<i64, ServiceError> {
    let f = destination_followup::Entity::find()
        .filter(destination_followup::Column::TokenHash.eq(crate::tokens::digest(token.trim())))
        .filter(destination_followup::Column::SentAt.is_not_null())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    unanswered(f)
}

/// A signed-in young person's own follow-up, once it has been sent (the in-app notice links
/// to the page without the email's token).
pub async fn pending_for(db: &impl ConnectionTrait, user_id: i64) -> Result<i64, ServiceError> {
    let f = destination_followup::Entity::find_by_id(user_id)
        .filter(destination_followup::Column::SentAt.is_not_null())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    unanswered(f)
}

/// Sends the follow-ups that are due: a new one-click link for each, by email (it is a
/// questionnaire reminder, so it respects the person's email choices) and in the app.
/// Each is sent once, whichever app server gets there first.
pub async fn send_followups(
    db: &impl ConnectionTrait,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let due = destination_followup::Entity::find()
        .filter(destination_followup::Column::DueAt.lte(now))
        .filter(destination_followup::Column::SentAt.is_null())
        .all(db)
        .await?;
    let mut sent = 0;
    for f in due {
        let token = crate::tokens::new_token();
        // Claim it: only the server whose update changes the row sends it.
        let claimed = destination_followup::Entity::update_many()
            .col_expr(destination_followup::Column::SentAt, sea_orm::sea_query::Expr::value(now))
            .col_expr(
                destination_followup::Column::TokenHash,
                sea_orm::sea_query::Expr::value(crate::tokens::digest(&token)),
            )
            .filter(destination_followup::Column::UserId.eq(f.user_id))
            .filter(destination_followup::Column::SentAt.is_null())
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let Some(u) = user::Entity::find_by_id(f.user_id).one(db).await? else { continue };
        if u.disabled || u.erased_at.is_some() {
            continue;
        }
        let link = format!("{}/next-steps?token={token}", base_url.trim_end_matches('/'));
        let first = crate::people::first_name(&u.name);
        let text = "Six months on from your mentoring: where are you now? Two minutes, four questions.";
        let body = format!(
            "Hello {first},\n\nIt is six months since your mentoring with Tandem ended. We would love to know \
             where you are now: what you are doing, and anything you applied for or got. It takes two minutes \
             and helps us show what mentoring does for young people.\n\n{link}\n\nThe link works once, without \
             signing in. Your answers are only ever reported in groups of five or more.\n\nTandem"
        );
        let mail = crate::outbox::Mail::new(&u.email, "Where are you now? Six months after your mentoring", &body)
            .category(domain::mail::Category::Reminders);
        let notice = Notice { kind: "destinations_six_months", text, link: "/next-steps" };
        crate::notifications::tell(db, u.id, notice, mail, now).await?;
        sent += 1;
    }
    Ok(sent)
}

/// The destinations report at the end and at six months, with the impact report's filters;
/// `partner` limits it to one organisation's young people (a coordinator's view).
pub async fn report(
    db: &impl ConnectionTrait,
    f: &ValidFilter,
    partner: Option<i64>,
) -> Result<Vec<StageReport>, ServiceError> {
    report_in(db, f, crate::reporting::scope_of(db, partner).await?).await
}

/// [`report`] for a scope the impact report has already worked out.
pub(crate) async fn report_in(
    db: &impl ConnectionTrait,
    f: &ValidFilter,
    scope: crate::reporting::Scope,
) -> Result<Vec<StageReport>, ServiceError> {
    let mut sql = crate::reporting::Sql::new(db.get_database_backend());
    sql.push("SELECT stage, CAST(COUNT(*) AS DOUBLE PRECISION)");
    for (key, _) in ACTIVITIES {
        sql.push(&format!(", CAST(SUM(CASE WHEN activity = '{key}' THEN 1 ELSE 0 END) AS DOUBLE PRECISION)"));
    }
    // The outcome keys are the columns' names.
    for (col, _) in OUTCOMES {
        for v in ["got", "applied"] {
            sql.push(&format!(", CAST(SUM(CASE WHEN {col} = '{v}' THEN 1 ELSE 0 END) AS DOUBLE PRECISION)"));
        }
    }
    sql.push(
        ", CAST(SUM(CASE WHEN attendance IS NULL THEN 0 ELSE 1 END) AS DOUBLE PRECISION), \
         CAST(SUM(CASE WHEN attendance = 'better' THEN 1 ELSE 0 END) AS DOUBLE PRECISION), \
         CAST(SUM(CASE WHEN grades = 'better' THEN 1 ELSE 0 END) AS DOUBLE PRECISION) FROM destinations WHERE 1 = 1",
    );
    crate::reporting::filters(&mut sql, f, scope);
    sql.push(" GROUP BY stage");
    let rows = db.query_all_raw(sql.statement()).await?;
    let mut out = Vec::new();
    for stage in Stage::ALL {
        let Some(r) = rows.iter().find(|r| r.try_get_by_index::<String>(0).ok().as_deref() == Some(stage.as_str()))
        else {
            out.push(StageReport {
                stage,
                n: 0,
                activities: Vec::new(),
                outcomes: Vec::new(),
                pupils: 0,
                attendance_better: None,
                grades_better: None,
            });
            continue;
        };
        let get = |i: usize| crate::reporting::number(r, i);
        let n = get(1)? as u64;
        let shown = n >= MIN_GROUP;
        let pct = |x: f64| 100.0 * x / n.max(1) as f64;
        let mut activities = Vec::new();
        let mut outcomes = Vec::new();
        let mut i = 2;
        for (_, label) in ACTIVITIES {
            if shown {
                activities.push((label.to_string(), pct(get(i)?)));
            }
            i += 1;
        }
        for (_, label) in OUTCOMES {
            if shown {
                outcomes.push((label.to_string(), pct(get(i)?), pct(get(i + 1)?)));
            }
            i += 2;
        }
        let pupils = get(i)? as u64;
        let pupil_pct = |x: f64| (shown && pupils >= MIN_GROUP).then(|| 100.0 * x / pupils as f64);
        out.push(StageReport {
            stage,
            n,
            activities,
            outcomes,
            pupils,
            attendance_better: pupil_pct(get(i + 1)?),
            grades_better: pupil_pct(get(i + 2)?),
        });
    }
    Ok(out)
}
