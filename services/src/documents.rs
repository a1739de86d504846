//! The help centre's answers and the programme's policies: read by anyone, edited by staff. An edit never overwrites: it
//! adds a version naming who wrote it and when, and the highest version is the one shown.

use crate::ServiceError;
use crate::entities::{document, document_version};
use chrono::{DateTime, Utc};
use domain::documents::{
    DocumentEdit, DocumentInput, DocumentRow, DocumentVersionRow, HelpAnswer, HelpCentre, HelpSection, clean_query,
    matches,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

/// The kind of document the help centre holds.
pub const HELP: &str = "help";

/// The latest version of each of these documents.
async fn current_versions(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, document_version::Model>, ServiceError> {
    let mut latest: HashMap<i64, document_version::Model> = HashMap::new();
    for v in document_version::Entity::find()
        .filter(document_version::Column::DocumentId.is_in(ids.iter().copied()))
        .all(db)
        .await?
    {
        if latest.get(&v.document_id).is_none_or(|l| l.version < v.version) {
            latest.insert(v.document_id, v);
        }
    }
    Ok(latest)
}

async fn documents_of(db: &impl ConnectionTrait, kind: &str) -> Result<Vec<document::Model>, ServiceError> {
    Ok(document::Entity::find()
        .filter(document::Column::Kind.eq(kind))
        .order_by_asc(document::Column::Position)
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?)
}

/// The help centre, or the answers that match `query`, grouped under their headings in order.
pub async fn help_centre(db: &impl ConnectionTrait, query: &str) -> Result<HelpCentre, ServiceError> {
    let query = clean_query(query);
    let docs = documents_of(db, HELP).await?;
    let mut current = current_versions(db, &docs.iter().map(|d| d.id).collect::<Vec<_>>()).await?;
    let mut sections: Vec<HelpSection> = Vec::new();
    let mut total = 0;
    for d in docs {
        let Some(v) = current.remove(&d.id) else { continue };
        total += 1;
        if !matches(&query, &v.title, &v.body) {
            continue;
        }
        let answer = HelpAnswer { slug: d.slug, question: v.title, body: v.body };
        match sections.iter_mut().find(|s| s.title == d.section) {
            Some(s) => s.answers.push(answer),
            None => sections.push(HelpSection { title: d.section, answers: vec![answer] }),
        }
    }
    Ok(HelpCentre { query, sections, total })
}

fn changed_by(names: &HashMap<i64, String>, id: Option<i64>) -> String {
    match id {
        None => "Tandem (as first published)".into(),
        Some(id) => names.get(&id).cloned().unwrap_or_else(|| "A former staff member".into()),
    }
}

fn day(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y").to_string()
}

/// Every text of a kind ([`HELP`] or [`crate::policies::POLICY`]) with its current
/// version, for staff.
pub async fn admin_list(db: &impl ConnectionTrait, kind: &str) -> Result<Vec<DocumentRow>, ServiceError> {
    let docs = documents_of(db, kind).await?;
    let current = current_versions(db, &docs.iter().map(|d| d.id).collect::<Vec<_>>()).await?;
    let editors: Vec<i64> = current.values().filter_map(|v| v.changed_by).collect();
    let names = crate::people::names(db, &editors).await?;
    Ok(docs
        .into_iter()
        .filter_map(|d| {
            let v = current.get(&d.id)?;
            Some(DocumentRow {
                id: d.id,
                section: d.section,
                title: v.title.clone(),
                version: v.version,
                changed_by: changed_by(&names, v.changed_by),
                changed_on: day(v.changed_at),
            })
        })
        .collect())
}

/// One text with its history, for staff to edit.
pub async fn admin_document(db: &impl ConnectionTrait, id: i64) -> Result<DocumentEdit, ServiceError> {
    let d = document::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let versions = document_version::Entity::find()
        .filter(document_version::Column::DocumentId.eq(id))
        .order_by_desc(document_version::Column::Version)
        .all(db)
        .await?;
    let current = versions.first().ok_or(ServiceError::NotFound)?.clone();
    let editors: Vec<i64> = versions.iter().filter_map(|v| v.changed_by).collect();
    let names = crate::people::names(db, &editors).await?;
    Ok(DocumentEdit {
        id: d.id,
        kind: d.kind,
        slug: d.slug,
        section: d.section,
        title: current.title,
        body: current.body,
        version: current.version,
        history: versions
            .into_iter()
            .map(|v| DocumentVersionRow {
                version: v.version,
                title: v.title,
                changed_by: changed_by(&names, v.changed_by),
                changed_on: day(v.changed_at),
                asks_again: v.asks_again || v.version == 1,
            })
            .collect(),
    })
}

/// Staff save a new version of a text; returns its version number. Saving the text exactly
/// as it is adds no version. `seen` is the version the editor started from: if someone else
/// saved in the meantime, the edit is refused rather than silently replacing theirs.
/// `asks_again` (policies): whether everyone who accepted an earlier version must accept
/// this one; off for a correction that changes nothing people agreed to.
pub async fn edit(
    db: &impl ConnectionTrait,
    staff_id: i64,
    id: i64,
    seen: i32,
    input: &DocumentInput,
    asks_again: bool,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    let (title, body) = input.validate().map_err(ServiceError::Validation)?;
    let current = admin_document(db, id).await?;
    if current.version != seen {
        return Err(ServiceError::field(
            "body",
            format!(
                "Someone saved a newer version (version {}) while you were editing. Copy your changes, reload the page and make them again.",
                current.version
            ),
        ));
    }
    if current.title == title && current.body == body {
        return Ok(current.version);
    }
    let version = current.version + 1;
    document_version::ActiveModel {
        document_id: Set(id),
        version: Set(version),
        title: Set(title),
        body: Set(body),
        changed_by: Set(Some(staff_id)),
        changed_at: Set(now),
        asks_again: Set(asks_again),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        crate::error::unique_to_field(
            e,
            "body",
            "Someone saved a newer version while you were editing. Copy your changes, reload the page and make them again.",
        )
    })?;
    Ok(version)
}
