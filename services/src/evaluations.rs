//! Evaluations: the pre-evaluation every young person completes with their application and
//! the end-of-mentoring evaluation, on the same instrument so answers pair. Each answer is
//! saved as it is given, so nothing is lost when a tab closes.

use crate::ServiceError;
use crate::entities::{evaluation, evaluation_answer};
use chrono::{DateTime, Utc};
use domain::evaluation::{EvaluationKind, EvaluationView, Instrument};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

async fn row(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: EvaluationKind,
) -> Result<Option<evaluation::Model>, ServiceError> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::UserId.eq(user_id))
        .filter(evaluation::Column::Kind.eq(kind.as_str()))
        .one(db)
        .await?)
}

/// The instrument for a person's evaluation of this kind: the version it began with; for
/// one not yet begun, the pre-evaluation's version for an end evaluation (so they pair),
/// else the instrument new pre-evaluations use.
async fn instrument_for(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: EvaluationKind,
    begun: Option<&evaluation::Model>,
) -> Result<Instrument, ServiceError> {
    if let Some(r) = begun {
        return crate::instruments::by_version(db, &r.version).await;
    }
    if kind == EvaluationKind::End
        && let Some(pre) = row(db, user_id, EvaluationKind::Pre).await?
    {
        return crate::instruments::by_version(db, &pre.version).await;
    }
    crate::instruments::active(db).await
}

async fn start(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: EvaluationKind,
    instrument: &Instrument,
    now: DateTime<Utc>,
) -> Result<evaluation::Model, ServiceError> {
    if let Some(r) = row(db, user_id, kind).await? {
        return Ok(r);
    }
    let inserted = evaluation::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.as_str().into()),
        version: Set(instrument.version.clone()),
        started_at: Set(now),
        completed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(m) => Ok(m),
        // Started at the same moment in another tab.
        Err(e) if crate::error::is_unique_violation(&e) => row(db, user_id, kind).await?.ok_or(ServiceError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// The person's evaluation of this kind with the answers given so far (empty if not begun).
pub async fn get(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: EvaluationKind,
) -> Result<EvaluationView, ServiceError> {
    let begun = row(db, user_id, kind).await?;
    let instrument = instrument_for(db, user_id, kind, begun.as_ref()).await?;
    let Some(r) = begun else {
        return Ok(EvaluationView { kind, instrument, answers: vec![], completed: false });
    };
    let answers = evaluation_answer::Entity::find()
        .filter(evaluation_answer::Column::EvaluationId.eq(r.id))
        .order_by_asc(evaluation_answer::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.item_key, a.value))
        .collect();
    Ok(EvaluationView { kind, instrument, answers, completed: r.completed_at.is_some() })
}

pub async fn is_complete(db: &impl ConnectionTrait, user_id: i64, kind: EvaluationKind) -> Result<bool, ServiceError> {
    Ok(row(db, user_id, kind).await?.is_some_and(|r| r.completed_at.is_some()))
}

/// The end evaluation opens only once the person's mentoring has ended (or reached its ninth
/// month): the one place that rule is kept, so no caller can answer it earlier.
async fn ensure_open(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: EvaluationKind,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if kind == EvaluationKind::End && !crate::mentoring::end_evaluation_open(db, user_id, now).await? {
        return Err(ServiceError::field("form", domain::evaluation::END_NOT_OPEN));
    }
    Ok(())
}

/// Saves one answer (autosave). A completed evaluation is final.
pub async fn save_answer(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: EvaluationKind,
    item_key: &str,
    value: i32,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    ensure_open(db, user_id, kind, now).await?;
    let begun = row(db, user_id, kind).await?;
    let instrument = instrument_for(db, user_id, kind, begun.as_ref()).await?;
    instrument.check_answer(item_key, value).map_err(|m| ServiceError::field(item_key, m))?;
    let e = match begun {
        Some(e) => e,
        None => start(db, user_id, kind, &instrument, now).await?,
    };
    if e.completed_at.is_some() {
        return Err(ServiceError::field("form", "You have already sent this questionnaire"));
    }
    let existing = evaluation_answer::Entity::find()
        .filter(evaluation_answer::Column::EvaluationId.eq(e.id))
        .filter(evaluation_answer::Column::ItemKey.eq(item_key))
        .one(db)
        .await?;
    match existing {
        Some(a) => {
            evaluation_answer::ActiveModel {
                id: Set(a.id),
                value: Set(value),
                answered_at: Set(now),
                ..Default::default()
            }
            .update(db)
            .await?;
        }
        None => {
            evaluation_answer::ActiveModel {
                evaluation_id: Set(e.id),
                item_key: Set(item_key.into()),
                value: Set(value),
                answered_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Saves any answers sent with the form, then completes the evaluation if every question
/// is answered; otherwise says which are missing.
pub async fn submit<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    user_id: i64,
    kind: EvaluationKind,
    answers: &[(String, i32)],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if is_complete(db, user_id, kind).await? {
        return Ok(());
    }
    ensure_open(db, user_id, kind, now).await?;
    for (k, v) in answers {
        save_answer(db, user_id, kind, k, *v, now).await?;
    }
    let view = get(db, user_id, kind).await?;
    let mut errors = domain::FieldErrors::new();
    for item in view.unanswered() {
        errors.add(&item.key, view.instrument.unanswered_message(&item.key));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let e = start(db, user_id, kind, &view.instrument, now).await?;
    evaluation::ActiveModel { id: Set(e.id), completed_at: Set(Some(now)), ..Default::default() }.update(db).await?;
    if kind == EvaluationKind::End {
        // The end evaluation pairs with the first one for impact reports.
        crate::impact::pair(db, user_id, now).await?;
    }
    let wellbeing = view
        .instrument
        .theme_means(&view.answers)
        .into_iter()
        .find(|(t, _)| *t == domain::evaluation::Theme::Wellbeing)
        .and_then(|(_, m)| m);
    let points = view.instrument.points();
    if let Some(mean) = wellbeing.filter(|m| *m <= view.instrument.low_mean()) {
        use domain::safeguarding::{Category, Source, Urgency};
        let which = if kind == EvaluationKind::End { "end-of-mentoring" } else { "pre-mentoring" };
        crate::safeguarding::raise(
            db,
            crate::safeguarding::NewCase {
                reporter: None,
                source: Source::Wellbeing,
                category: Category::Other,
                urgency: Urgency::Routine,
                what: format!(
                    "The {which} evaluation's wellbeing answers average {mean:.1} out of {points} (low). \
                     A check on how this young person is doing may be needed."
                ),
                happened_on: now.date_naive(),
                subject: Some(user_id),
                mentor: None,
                match_id: None,
            },
            now,
        )
        .await?;
    }
    Ok(())
}
