//! Evaluations: the pre-evaluation every young person completes with their application and
//! the end-of-mentoring evaluation, on the same instrument so answers pair. Each answer is
//! saved as it is given, so nothing is lost when a tab closes.

use crate::ServiceError;
use crate::entities::{evaluation, evaluation_answer, evaluation_pair, user, yp_application};
use crate::error::insert_if_absent;
use chrono::{DateTime, Datelike, Utc};
use domain::evaluations::{EvaluationKind, EvaluationView, Instrument, Theme};
use domain::impact::age_group;
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
    let row_to_write = evaluation::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.as_str().into()),
        version: Set(instrument.version.clone()),
        started_at: Set(now),
        completed_at: Set(None),
        ..Default::default()
    };
    match insert_if_absent(db, row_to_write).await? {
        Some(m) => Ok(m),
        // Started at the same moment in another tab.
        None => row(db, user_id, kind).await?.ok_or(ServiceError::NotFound),
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
    if kind == EvaluationKind::End && !crate::relationships::end_evaluation_open(db, user_id, now).await? {
        return Err(ServiceError::field("form", domain::evaluations::END_NOT_OPEN));
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
        pair(db, user_id, now).await?;
    }
    let wellbeing = view
        .instrument
        .theme_means(&view.answers)
        .into_iter()
        .find(|(t, _)| *t == domain::evaluations::Theme::Wellbeing)
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

/// Where a pair falls in the report's filters.
pub struct PairPlace {
    pub user_id: i64,
    pub paired_at: DateTime<Utc>,
    pub year: i32,
    pub cohort: i32,
    pub region: String,
    pub partner_id: Option<i64>,
    pub age_group: String,
}

/// A pair's row with its three theme means before and after; the item positions are set
/// afterwards with [`set_position`].
pub(crate) fn pair_row(
    place: PairPlace,
    version: &str,
    before: [f64; 3],
    after: [f64; 3],
) -> evaluation_pair::ActiveModel {
    evaluation_pair::ActiveModel {
        user_id: Set(place.user_id),
        version: Set(version.to_string()),
        paired_at: Set(place.paired_at),
        year: Set(place.year),
        cohort: Set(place.cohort),
        region: Set(place.region),
        partner_id: Set(place.partner_id),
        age_group: Set(place.age_group),
        theme1_before: Set(before[0]),
        theme1_after: Set(after[0]),
        theme2_before: Set(before[1]),
        theme2_after: Set(after[1]),
        theme3_before: Set(before[2]),
        theme3_after: Set(after[2]),
        ..Default::default()
    }
}

/// Where a young person's answers given `now` fall in the report's filters: the year, their
/// application's year (cohort) and region, their organisation and their age group.
pub(crate) async fn place_of(
    db: &impl ConnectionTrait,
    u: &user::Model,
    now: DateTime<Utc>,
) -> Result<PairPlace, ServiceError> {
    let app = yp_application::Entity::find().filter(yp_application::Column::UserId.eq(u.id)).one(db).await?;
    Ok(PairPlace {
        user_id: u.id,
        paired_at: now,
        year: now.year(),
        cohort: app.as_ref().map(|a| a.submitted_at.year()).unwrap_or(now.year()),
        region: app.map(|a| a.region).unwrap_or_default(),
        partner_id: u.partner_id,
        // Young people give their date of birth when they register.
        age_group: u.age_on(now.date_naive()).map_or("not_given", age_group).into(),
    })
}

/// Writes (or rewrites) the young person's pair once both evaluations are complete on the
/// same instrument version. Called when the end evaluation is sent.
pub async fn pair(db: &impl ConnectionTrait, user_id: i64, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let pre = crate::evaluations::get(db, user_id, EvaluationKind::Pre).await?;
    let end = crate::evaluations::get(db, user_id, EvaluationKind::End).await?;
    if !(pre.completed && end.completed) || pre.instrument.version != end.instrument.version {
        return Ok(false);
    }
    let instrument = &end.instrument;
    let before = instrument.theme_means(&pre.answers);
    let after = instrument.theme_means(&end.answers);
    let theme = |v: &[(Theme, Option<f64>)], i: usize| v.get(i).and_then(|t| t.1).unwrap_or(0.0);
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let place = place_of(db, &u, now).await?;
    let mut row =
        pair_row(place, &instrument.version, [0, 1, 2].map(|t| theme(&before, t)), [0, 1, 2].map(|t| theme(&after, t)));
    let scored_of = |answers: &[(String, i32)], key: &str| {
        answers.iter().find(|(k, _)| k == key).and_then(|(k, v)| instrument.item(k).map(|i| instrument.scored(i, *v)))
    };
    for (pos, it) in instrument.items.iter().enumerate() {
        let (b, a) = (scored_of(&pre.answers, &it.key), scored_of(&end.answers, &it.key));
        set_position(&mut row, pos + 1, b, a);
    }
    evaluation_pair::Entity::delete_many()
        .filter(evaluation_pair::Column::UserId.eq(user_id))
        .filter(evaluation_pair::Column::Version.eq(&instrument.version))
        .exec(db)
        .await?;
    row.insert(db).await?;
    Ok(true)
}

/// Sets the scored answers at item position `pos` (1-16).
pub fn set_position(row: &mut evaluation_pair::ActiveModel, pos: usize, b: Option<i32>, a: Option<i32>) {
    macro_rules! set {
        ($($n:literal => $b:ident, $a:ident;)*) => {
            match pos {
                $($n => { row.$b = Set(b); row.$a = Set(a); })*
                _ => {}
            }
        };
    }
    set! {
        1 => b1, a1; 2 => b2, a2; 3 => b3, a3; 4 => b4, a4; 5 => b5, a5; 6 => b6, a6; 7 => b7, a7; 8 => b8, a8;
        9 => b9, a9; 10 => b10, a10; 11 => b11, a11; 12 => b12, a12; 13 => b13, a13; 14 => b14, a14;
        15 => b15, a15; 16 => b16, a16;
    }
}
