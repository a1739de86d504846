//! Evaluation instruments: Tandem's own questionnaire (in the code) and licensed ones staff
//! install as versioned item banks. New pre-evaluations use the active instrument; an end
//! evaluation always uses its pre-evaluation's version, so the two pair. An installed
//! version is never edited: a changed item is a new version.

use crate::ServiceError;
use crate::entities::{evaluation, evaluation_pair, instrument};
use chrono::{DateTime, Utc};
use domain::evaluations::{BankItem, INSTRUMENT_VERSION, Instrument, InstrumentInput, InstrumentSummary};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::Serialize;

fn from_row(r: instrument::Model) -> Result<Instrument, ServiceError> {
    let bad = |e: serde_json::Error| ServiceError::Internal(format!("instrument {}: {e}", r.version));
    let scale: Vec<String> = serde_json::from_str(&r.scale).map_err(bad)?;
    let items: Vec<BankItem> = serde_json::from_str(&r.items).map_err(bad)?;
    Ok(Instrument { version: r.version, name: r.name, licence: r.licence, attribution: r.attribution, scale, items })
}

/// The instrument of a version: Tandem's own, or an installed one.
pub async fn by_version(db: &impl ConnectionTrait, version: &str) -> Result<Instrument, ServiceError> {
    if version == INSTRUMENT_VERSION {
        return Ok(Instrument::builtin());
    }
    let row = instrument::Entity::find().filter(instrument::Column::Version.eq(version)).one(db).await?;
    from_row(row.ok_or(ServiceError::NotFound)?)
}

/// The instrument new pre-evaluations use.
pub async fn active(db: &impl ConnectionTrait) -> Result<Instrument, ServiceError> {
    match instrument::Entity::find().filter(instrument::Column::Active.eq(true)).one(db).await? {
        Some(r) => from_row(r),
        None => Ok(Instrument::builtin()),
    }
}

async fn summary(
    db: &impl ConnectionTrait,
    instrument: Instrument,
    active: bool,
    installed_at: Option<DateTime<Utc>>,
) -> Result<InstrumentSummary, ServiceError> {
    let evaluations =
        evaluation::Entity::find().filter(evaluation::Column::Version.eq(&instrument.version)).count(db).await?;
    let pairs = evaluation_pair::Entity::find()
        .filter(evaluation_pair::Column::Version.eq(&instrument.version))
        .count(db)
        .await?;
    let installed_at = installed_at.map(|t| t.format("%-d %B %Y").to_string());
    Ok(InstrumentSummary { instrument, active, installed_at, evaluations, pairs })
}

/// Every instrument, Tandem's own first, then installed ones newest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<InstrumentSummary>, ServiceError> {
    let rows = instrument::Entity::find().order_by_desc(instrument::Column::InstalledAt).all(db).await?;
    let none_active = !rows.iter().any(|r| r.active);
    let mut out = vec![summary(db, Instrument::builtin(), none_active, None).await?];
    for r in rows {
        let (active, at) = (r.active, r.installed_at);
        out.push(summary(db, from_row(r)?, active, Some(at)).await?);
    }
    Ok(out)
}

/// (version, name) of every instrument, Tandem's own first.
pub async fn versions(db: &impl ConnectionTrait) -> Result<Vec<(String, String)>, ServiceError> {
    let own = Instrument::builtin();
    let mut out = vec![(own.version, own.name)];
    let rows = instrument::Entity::find().order_by_desc(instrument::Column::InstalledAt).all(db).await?;
    out.extend(rows.into_iter().map(|r| (r.version, r.name)));
    Ok(out)
}

/// Installs a licensed instrument (not yet active). Its version must be new.
pub async fn install(
    db: &DatabaseConnection,
    staff_id: i64,
    input: &InstrumentInput,
    now: DateTime<Utc>,
) -> Result<Instrument, ServiceError> {
    let i = input.validate().map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    instrument::ActiveModel {
        version: Set(i.version.clone()),
        name: Set(i.name.clone()),
        licence: Set(i.licence.clone()),
        attribution: Set(i.attribution.clone()),
        scale: Set(to_json(&i.scale)?),
        items: Set(to_json(&i.items)?),
        active: Set(false),
        installed_by: Set(Some(staff_id)),
        installed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        crate::error::unique_to_field(
            e,
            "version",
            "That version is already installed: give the new items a new version",
        )
    })?;
    crate::audit::record(
        &txn,
        crate::audit::Event::new("instrument.install", Some(staff_id), format!("instrument:{}", i.version))
            .detail(format!("{} items", i.items.len())),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(i)
}

/// Makes `version` the instrument for new pre-evaluations (Tandem's own, or an installed
/// one). Evaluations already begun keep the version they began with.
pub async fn activate(
    db: &DatabaseConnection,
    staff_id: i64,
    version: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = db.begin().await?;
    let target = if version == INSTRUMENT_VERSION {
        None
    } else {
        let row = instrument::Entity::find().filter(instrument::Column::Version.eq(version)).one(&txn).await?;
        Some(row.ok_or(ServiceError::NotFound)?.id)
    };
    instrument::Entity::update_many()
        .col_expr(instrument::Column::Active, sea_orm::sea_query::Expr::value(false))
        .filter(instrument::Column::Active.eq(true))
        .exec(&txn)
        .await?;
    if let Some(id) = target {
        instrument::ActiveModel { id: Set(id), active: Set(true), ..Default::default() }.update(&txn).await?;
    }
    crate::audit::record(
        &txn,
        crate::audit::Event::new("instrument.activate", Some(staff_id), format!("instrument:{version}")),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A value for a JSON text column.
fn to_json<T: Serialize>(v: &T) -> Result<String, ServiceError> {
    serde_json::to_string(v).map_err(|e| ServiceError::Internal(e.to_string()))
}
