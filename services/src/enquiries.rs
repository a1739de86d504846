//! Messages to the programme team. Anyone may write (signed in, or giving a name and an
//! email address); staff answer from a queue (open, answered, closed); every message either
//! way is kept as the thread's history, and the person is told of an answer by email and,
//! with an account, in the app.

use crate::ServiceError;
use crate::entities::{enquiry, enquiry_message};
use crate::outbox::{self, Mail};
use crate::people::Account;
use crate::throttle;
use chrono::{DateTime, Utc};
use domain::Limited;
use domain::enquiries::{
    EnquiryInput, EnquiryMessage, EnquiryQueue, EnquiryRow, EnquiryStatus, EnquiryThread, preview, topic_label,
    validate_reply,
};
use domain::get_involved::{OfferInput, OfferKind, OrganisationDetails, organisation_kind_label};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use std::collections::HashMap;

/// Messages a network address may send in an hour (a school or library shares one).
pub const PER_ADDRESS_HOUR: u64 = 30;
/// Messages one sender (an account, or a visitor's email address) may send in an hour.
pub const PER_SENDER_HOUR: u64 = 5;
const SCOPE_ADDRESS: &str = "enquiry_ip";
const SCOPE_SENDER: &str = "enquiry_sender";

/// UK wall-clock time, as people in the programme read it.
fn when(at: DateTime<Utc>) -> String {
    domain::calendar::london_time(at).format("%-d %b %Y, %H:%M").to_string()
}

/// Who writes: the signed-in account, or the visitor's checked name and address.
fn writer(
    me: Option<&Account>,
    visitor: Option<(String, String)>,
) -> Result<(Option<i64>, String, String), ServiceError> {
    match (me, visitor) {
        (Some(a), _) => Ok((Some(a.id), a.name.clone(), a.email.clone())),
        (None, Some((name, email))) => Ok((None, name, email)),
        (None, None) => Err(ServiceError::field("email", "Enter your email address")),
    }
}

/// Sends a message to the team; returns the thread's id. `me` is the signed-in sender, if
/// any; `address` the client's network address.
pub async fn send(
    db: &sea_orm::DatabaseConnection,
    me: Option<&Account>,
    input: &EnquiryInput,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let valid = input.validate(me.is_some()).map_err(ServiceError::Validation)?;
    let (user_id, name, email) = writer(me, valid.sender)?;
    let txn = db.begin().await?;
    throttle::limit_address(&txn, SCOPE_ADDRESS, address, PER_ADDRESS_HOUR, Limited::Enquiry, now).await?;
    let id = start_thread(&txn, user_id, &name, &email, valid.topic, None, valid.message, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// An offer from the get-involved page (partnering with the programme, or something in
/// kind) goes to the team's queue with the organisation's details; returns the thread's id.
pub async fn offer(
    db: &sea_orm::DatabaseConnection,
    me: Option<&Account>,
    input: &OfferInput,
    what: OfferKind,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let valid = input.validate(what, me.is_some()).map_err(ServiceError::Validation)?;
    let (user_id, name, email) = writer(me, valid.sender)?;
    let txn = db.begin().await?;
    throttle::limit_address(&txn, SCOPE_ADDRESS, address, PER_ADDRESS_HOUR, Limited::Enquiry, now).await?;
    let id = start_thread(&txn, user_id, &name, &email, what.topic(), None, valid.message, now).await?;
    let d = valid.details;
    enquiry::ActiveModel {
        id: Set(id),
        organisation: Set(d.organisation),
        organisation_kind: Set(d.kind),
        organisation_size: Set(d.size),
        region: Set(d.region),
        offers: Set((!d.offers.is_empty()).then(|| d.offers.join(","))),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The organisation's details a thread carries.
fn details(e: &enquiry::Model) -> OrganisationDetails {
    OrganisationDetails {
        organisation: e.organisation.clone(),
        kind: e.organisation_kind.clone(),
        size: e.organisation_size.clone(),
        region: e.region.clone(),
        offers: e.offers.as_deref().map(|o| o.split(',').map(str::to_owned).collect()).unwrap_or_default(),
    }
}

/// Starts a thread with the person's first message (counted against their hourly allowance);
/// `match_id` links a thread about a match. Returns the thread's id.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn start_thread(
    db: &impl ConnectionTrait,
    user_id: Option<i64>,
    name: &str,
    email: &str,
    topic: &str,
    match_id: Option<i64>,
    message: String,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    throttle::take_hourly(db, SCOPE_SENDER, email, PER_SENDER_HOUR, Limited::Enquiry, now).await?;
    let thread = enquiry::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        email: Set(email.to_owned()),
        topic: Set(topic.into()),
        status: Set(EnquiryStatus::Open),
        match_id: Set(match_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    add_message(db, thread.id, None, message, now).await?;
    Ok(thread.id)
}

/// The person adds a message to their thread (counted against their hourly allowance); it
/// goes back to the team's open list.
pub(crate) async fn add_to_thread(
    db: &impl ConnectionTrait,
    e: &enquiry::Model,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    throttle::take_hourly(db, SCOPE_SENDER, &e.email, PER_SENDER_HOUR, Limited::Enquiry, now).await?;
    add_message(db, e.id, None, body, now).await?;
    set_status(db, e, EnquiryStatus::Open, now).await
}

/// A thread about a match as a line: for staff with the writer's name, for the person as "You".
pub(crate) fn advice_thread(e: &enquiry::Model, for_staff: bool) -> domain::how_going::AdviceThread {
    let status = e.status;
    domain::how_going::AdviceThread {
        id: e.id,
        from: if for_staff { e.name.clone() } else { "You".into() },
        status: status.label().into(),
        started: when(e.created_at),
    }
}

async fn add_message(
    db: &impl ConnectionTrait,
    enquiry_id: i64,
    staff_id: Option<i64>,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    enquiry_message::ActiveModel {
        enquiry_id: Set(enquiry_id),
        staff_id: Set(staff_id),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn set_status(
    db: &impl ConnectionTrait,
    e: &enquiry::Model,
    status: EnquiryStatus,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    enquiry::ActiveModel { id: Set(e.id), status: Set(status), updated_at: Set(now), ..Default::default() }
        .update(db)
        .await?;
    Ok(())
}

async fn thread(db: &impl ConnectionTrait, e: enquiry::Model, for_staff: bool) -> Result<EnquiryThread, ServiceError> {
    let messages = enquiry_message::Entity::find()
        .filter(enquiry_message::Column::EnquiryId.eq(e.id))
        .order_by_asc(enquiry_message::Column::CreatedAt)
        .order_by_asc(enquiry_message::Column::Id)
        .all(db)
        .await?;
    let staff_ids: Vec<i64> = messages.iter().filter_map(|m| m.staff_id).collect();
    let staff = crate::people::names(db, &staff_ids).await?;
    let team = |id: Option<i64>| match id.and_then(|id| staff.get(&id)) {
        Some(name) => format!("{} from the Tandem team", crate::people::first_name(name)),
        None => "The Tandem team".to_string(),
    };
    Ok(EnquiryThread {
        id: e.id,
        name: e.name.clone(),
        email: if for_staff { e.email.clone() } else { String::new() },
        topic: topic_label(&e.topic).into(),
        status: e.status,
        started: when(e.created_at),
        match_id: if for_staff { e.match_id } else { None },
        details: details(&e),
        messages: messages
            .into_iter()
            .map(|m| EnquiryMessage {
                from: match (m.staff_id.is_some(), for_staff) {
                    (true, _) => team(m.staff_id),
                    (false, true) => e.name.clone(),
                    (false, false) => "You".into(),
                },
                from_team: m.staff_id.is_some(),
                body: m.body,
                at: when(m.created_at),
            })
            .collect(),
    })
}

/// The signed-in person's own threads, newest first.
pub async fn mine(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<EnquiryThread>, ServiceError> {
    let mut out = Vec::new();
    for e in enquiry::Entity::find()
        .filter(enquiry::Column::UserId.eq(user_id))
        .order_by_desc(enquiry::Column::UpdatedAt)
        .order_by_desc(enquiry::Column::Id)
        .all(db)
        .await?
    {
        out.push(thread(db, e, false).await?);
    }
    Ok(out)
}

/// The person adds to their own thread; it goes back to the team's open list.
pub async fn follow_up(
    db: &sea_orm::DatabaseConnection,
    user_id: i64,
    id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let body = validate_reply(body).map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    let e = enquiry::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if e.user_id != Some(user_id) {
        return Err(ServiceError::NotFound);
    }
    add_to_thread(&txn, &e, body, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The staff queue: threads with `status`, the longest waiting first, and every status's count.
pub async fn queue(db: &impl ConnectionTrait, status: EnquiryStatus) -> Result<EnquiryQueue, ServiceError> {
    let mut counts = Vec::new();
    for s in EnquiryStatus::ALL {
        counts.push((s, enquiry::Entity::find().filter(enquiry::Column::Status.eq(s)).count(db).await?));
    }
    let threads = enquiry::Entity::find()
        .filter(enquiry::Column::Status.eq(status))
        .order_by_asc(enquiry::Column::UpdatedAt)
        .order_by_asc(enquiry::Column::Id)
        .all(db)
        .await?;
    let mut latest: HashMap<i64, enquiry_message::Model> = HashMap::new();
    for m in enquiry_message::Entity::find()
        .filter(enquiry_message::Column::EnquiryId.is_in(threads.iter().map(|t| t.id)))
        .all(db)
        .await?
    {
        if latest.get(&m.enquiry_id).is_none_or(|l| (l.created_at, l.id) < (m.created_at, m.id)) {
            latest.insert(m.enquiry_id, m);
        }
    }
    let rows = threads
        .into_iter()
        .map(|t| EnquiryRow {
            organisation: {
                let d = details(&t);
                [d.organisation, d.kind.as_deref().map(organisation_kind_label).map(str::to_owned), d.region]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            id: t.id,
            name: t.name,
            topic: topic_label(&t.topic).into(),
            preview: latest.get(&t.id).map(|m| preview(&m.body, 80)).unwrap_or_default(),
            status,
            updated: when(t.updated_at),
            has_account: t.user_id.is_some(),
        })
        .collect();
    Ok(EnquiryQueue { status, counts, rows })
}

/// One thread, for staff.
pub async fn for_staff(db: &impl ConnectionTrait, id: i64) -> Result<EnquiryThread, ServiceError> {
    let e = enquiry::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    thread(db, e, true).await
}

/// Staff answer a thread (and may close it at once). The person is told by email, and in
/// the app when they have an account; `base_url` makes the email's link.
pub async fn reply(
    db: &sea_orm::DatabaseConnection,
    staff_id: i64,
    id: i64,
    body: &str,
    close: bool,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let body = validate_reply(body).map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    let e = enquiry::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    add_message(&txn, id, Some(staff_id), body.clone(), now).await?;
    set_status(&txn, &e, if close { EnquiryStatus::Closed } else { EnquiryStatus::Answered }, now).await?;
    let topic = topic_label(&e.topic);
    let text = match e.user_id {
        Some(_) => format!(
            "Hello {},\n\nThe Tandem team has answered your message about “{topic}”:\n\n{body}\n\nRead the whole conversation or reply: {base_url}/contact#enquiry-{id}\n",
            e.name
        ),
        None => format!(
            "Hello {},\n\nThe Tandem team has answered your message about “{topic}”:\n\n{body}\n\nTo write back, reply to this email or use the contact form: {base_url}/contact\n",
            e.name
        ),
    };
    let mail = Mail::new(&e.email, "The Tandem team has answered your message", &text);
    match e.user_id {
        Some(user_id) => {
            let said = format!("The Tandem team answered your message about “{topic}”.");
            let link = format!("/contact#enquiry-{id}");
            let notice = crate::notifications::Notice { kind: "enquiry.answered", text: &said, link: &link };
            crate::notifications::tell(&txn, user_id, notice, mail, now).await?;
        }
        None => {
            outbox::send(&txn, mail, now).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Staff close a thread without answering (or open it again).
pub async fn set_closed(
    db: &impl ConnectionTrait,
    id: i64,
    closed: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let e = enquiry::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    set_status(db, &e, if closed { EnquiryStatus::Closed } else { EnquiryStatus::Open }, now).await
}
