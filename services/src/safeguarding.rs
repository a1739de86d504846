//! Safeguarding: anyone signed in reports a concern or a disclosure; the Designated
//! Safeguarding Lead and deputies (the `safeguarding_lead` role) are told at once, in the app
//! and by email, in the same transaction as the report. Cases come to a queue by urgency,
//! each with an append-only chronology; every opening of a case, and every refused attempt,
//! goes to the audit log. The DSL can suspend a match or a mentor's access at once.
//!
//! Tandem raises cases itself too: a held message or a check-in flag in an under-18's match,
//! and low wellbeing answers in an evaluation.

use crate::audit::{self, Event};
use crate::entities::{concern, concern_entry, mentoring_match, session, user};
use crate::notifications::{Notice, notify, tell};
use crate::people::when;
use crate::relationships::{self, Who};
use crate::{ServiceError, outbox};
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use domain::relationships::MatchStatus;
use domain::safeguarding::{
    CaseFile, CaseRow, CaseStatus, CaseView, Category, ChronologyEntry, ConcernInput, ConcernReceipt, EntryInput,
    EntryKind, LinkedPerson, MyConcern, Source, Urgency, next_steps, reference,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

fn is_team(who: &Who) -> bool {
    who.role == Role::SafeguardingLead
}

/// The safeguarding contact of the institution a young person belongs to (the programme's
/// FAQ: a young person's disclosure goes to the DSL or Mentoring Coordinator at their
/// institution): the institution's name and the contact, when it has named one who can act.
async fn institution_contact(
    db: &impl ConnectionTrait,
    young_person: Option<i64>,
) -> Result<Option<(String, user::Model)>, ServiceError> {
    use crate::entities::partner_organisation;
    let Some(young) = young_person else { return Ok(None) };
    let Some(partner_id) = user::Entity::find_by_id(young).one(db).await?.and_then(|u| u.partner_id) else {
        return Ok(None);
    };
    let Some(p) = partner_organisation::Entity::find_by_id(partner_id).one(db).await? else { return Ok(None) };
    let Some(contact) = p.safeguarding_contact_id else { return Ok(None) };
    let c = user::Entity::find_by_id(contact).one(db).await?;
    Ok(c.filter(|c| crate::partners::can_be_safeguarding_contact(c, partner_id)).map(|c| (p.name, c)))
}

/// Who may read and add to a case: the programme's safeguarding team, and the safeguarding
/// contact of the institution the young person it is about belongs to.
async fn may_handle(db: &impl ConnectionTrait, who: &Who, c: &concern::Model) -> Result<bool, ServiceError> {
    if is_team(who) {
        return Ok(true);
    }
    if who.role != Role::Coordinator {
        return Ok(false);
    }
    Ok(institution_contact(db, c.subject_id).await?.is_some_and(|(_, contact)| contact.id == who.id))
}

/// Tells whoever a case goes to, in the app and by email (the email says where to look,
/// never what was reported): the young person's institution's safeguarding contact when it
/// has one, else the programme's safeguarding team. Returns the chronology's words for it.
async fn alert<C: ConnectionTrait>(
    db: &C,
    case_id: i64,
    category: Category,
    urgency: Urgency,
    young_person: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (people, said) = match institution_contact(db, young_person).await? {
        Some((institution, contact)) => {
            let said = format!("Sent to {}, safeguarding contact at {institution}.", contact.name);
            (vec![contact], said)
        }
        None => (team(db).await?, "Sent to the programme's safeguarding team.".to_string()),
    };
    let r = reference(case_id);
    let link = format!("/safeguarding/cases/{case_id}");
    for person in people {
        let text = format!("New safeguarding case {r}: {} ({}).", category.label(), urgency.short());
        let notice = Notice { kind: "safeguarding", text: &text, link: &link };
        let mail = outbox::Mail::new(
            &person.email,
            &format!("[{}] New safeguarding case {r}", urgency.short()),
            &format!(
                "Hello {},\n\nA new safeguarding case ({r}, urgency: {}) is waiting for you in Tandem. \
                 Sign in to read it:\n\n{link}\n\nFor your eyes only: do not forward this email.",
                person.name,
                urgency.label()
            ),
        );
        tell(db, person.id, notice, mail.safeguarding(), now).await?;
    }
    Ok(said)
}

/// The DSL and deputies who can act now.
pub async fn team(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::SafeguardingLead.as_str()))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?)
}

/// A new case, before it is written.
pub struct NewCase {
    pub reporter: Option<i64>,
    pub source: Source,
    pub category: Category,
    pub urgency: Urgency,
    pub what: String,
    pub happened_on: NaiveDate,
    pub subject: Option<i64>,
    pub mentor: Option<i64>,
    pub match_id: Option<i64>,
}

/// Writes a case, its first chronology line and the team's notifications (in-app and
/// email), all on `db`: callers pass their transaction so nothing is half-written.
pub async fn raise<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    c: NewCase,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let case = concern::ActiveModel {
        reporter_id: Set(c.reporter),
        source: Set(c.source.as_str().into()),
        category: Set(c.category.as_str().into()),
        urgency: Set(c.urgency.as_str().into()),
        urgency_rank: Set(c.urgency.rank()),
        what: Set(c.what),
        happened_on: Set(c.happened_on),
        subject_id: Set(c.subject),
        mentor_id: Set(c.mentor),
        match_id: Set(c.match_id),
        status: Set(CaseStatus::New),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let sent = alert(db, case.id, c.category, c.urgency, c.subject, now).await?;
    let first = format!("{} ({}). {sent}", c.source.label(), c.urgency.short());
    entry(db, case.id, None, EntryKind::System, &first, "", now).await?;
    audit::record(
        db,
        Event::new("case.raised", c.reporter, format!("case:{}", case.id)).detail(c.source.as_str()),
        now,
    )
    .await?;
    Ok(case.id)
}

async fn entry(
    db: &impl ConnectionTrait,
    case_id: i64,
    author: Option<i64>,
    kind: EntryKind,
    text: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    concern_entry::ActiveModel {
        concern_id: Set(case_id),
        author_id: Set(author),
        kind: Set(kind.as_str().into()),
        text: Set(text.into()),
        reason: Set(reason.into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A person reports a concern. They may link a match they can see (the pair, the under-18's
/// coordinator, staff). The report cannot be changed afterwards.
pub async fn report(
    db: &DatabaseConnection,
    who: Who,
    input: &ConcernInput,
    now: DateTime<Utc>,
) -> Result<ConcernReceipt, ServiceError> {
    let v = input.validate(now.date_naive()).map_err(ServiceError::Validation)?;
    let (mut subject, mut mentor) = (None, None);
    if let Some(match_id) = v.match_id {
        let o = relationships::open(db, who, match_id, now)
            .await
            .map_err(|_| ServiceError::field("match_id", "You can only link a match you are part of"))?;
        subject = Some(o.young.id);
        mentor = Some(o.mentor.id);
    } else if who.role == Role::YoungPerson {
        subject = Some(who.id);
    }
    let txn = db.begin().await?;
    let id = raise(
        &txn,
        NewCase {
            reporter: Some(who.id),
            source: Source::Report,
            category: v.category,
            urgency: v.urgency,
            what: v.what,
            happened_on: v.happened_on,
            subject,
            mentor,
            match_id: v.match_id,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ConcernReceipt { reference: reference(id), next_steps: next_steps(v.urgency) })
}

/// The reporter's own reports: what they wrote, never what was done about it.
pub async fn my_reports(db: &impl ConnectionTrait, who: Who) -> Result<Vec<MyConcern>, ServiceError> {
    Ok(concern::Entity::find()
        .filter(concern::Column::ReporterId.eq(who.id))
        .order_by_desc(concern::Column::Id)
        .limit(50)
        .all(db)
        .await?
        .into_iter()
        .map(|c| MyConcern {
            reference: reference(c.id),
            category: Category::parse(&c.category).map(|x| x.label().to_string()).unwrap_or(c.category),
            reported_at: when(c.created_at),
            what: c.what,
        })
        .collect())
}

async fn names(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<HashMap<i64, user::Model>, ServiceError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| (u.id, u)).collect())
}

/// The institution whose safeguarding contact `who` is, if any.
async fn contact_for(
    db: &impl ConnectionTrait,
    who: &Who,
) -> Result<Option<crate::entities::partner_organisation::Model>, ServiceError> {
    use crate::entities::partner_organisation;
    if who.role != Role::Coordinator {
        return Ok(None);
    }
    Ok(partner_organisation::Entity::find()
        .filter(partner_organisation::Column::SafeguardingContactId.eq(who.id))
        .one(db)
        .await?
        .filter(|p| Some(p.id) == who.partner_id))
}

/// The case queue: open cases first, by urgency, oldest first within an urgency. The
/// programme's team sees every case; an institution's safeguarding contact the cases about
/// its own young people.
pub async fn queue(db: &impl ConnectionTrait, who: Who, closed: bool) -> Result<Vec<CaseRow>, ServiceError> {
    let mut cases = concern::Entity::find();
    if !is_team(&who) {
        let Some(p) = contact_for(db, &who).await? else { return Err(ServiceError::Forbidden) };
        use sea_orm::QueryTrait;
        let own = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::PartnerId.eq(p.id))
            .into_query();
        cases = cases.filter(concern::Column::SubjectId.in_subquery(own));
    }
    let status = if closed {
        concern::Column::Status.eq(CaseStatus::Closed)
    } else {
        concern::Column::Status.ne(CaseStatus::Closed)
    };
    let cases = cases
        .filter(status)
        .order_by_asc(concern::Column::UrgencyRank)
        .order_by_asc(concern::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let people = names(db, cases.iter().filter_map(|c| c.subject_id).collect()).await?;
    Ok(cases
        .into_iter()
        .map(|c| {
            let summary: String = c.what.chars().take(120).collect();
            CaseRow {
                id: c.id,
                reference: reference(c.id),
                urgency: Urgency::parse(&c.urgency).unwrap_or(Urgency::Immediate),
                category: Category::parse(&c.category).map(|x| x.label().to_string()).unwrap_or(c.category),
                source: Source::parse(&c.source).map(|x| x.label().to_string()).unwrap_or(c.source),
                status: c.status,
                reported_at: when(c.created_at),
                about: c.subject_id.and_then(|s| people.get(&s)).map(|u| u.name.clone()),
                summary: if summary.len() < c.what.len() { format!("{summary}…") } else { summary },
            }
        })
        .collect())
}

/// Open cases, and how many of them are immediate (the DSL's dashboard).
pub async fn open_counts(db: &impl ConnectionTrait) -> Result<(u64, u64), ServiceError> {
    use sea_orm::PaginatorTrait;
    let open = concern::Entity::find().filter(concern::Column::Status.ne(CaseStatus::Closed));
    let immediate = open.clone().filter(concern::Column::UrgencyRank.eq(Urgency::Immediate.rank())).count(db).await?;
    Ok((open.count(db).await?, immediate))
}

/// Opens a case. Only the safeguarding team may; every refused attempt is written to the
/// audit log, and every opening once per person per signed-in session (`session`: a digest
/// of it), so a reload does not add a line to "who has opened this case".
pub async fn open_case(
    db: &DatabaseConnection,
    who: Who,
    case_id: i64,
    ip: Option<&str>,
    session: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CaseFile, ServiceError> {
    let subject = format!("case:{case_id}");
    let found = concern::Entity::find_by_id(case_id).one(db).await?;
    let allowed = match &found {
        Some(c) => may_handle(db, &who, c).await?,
        None => is_team(&who),
    };
    if !allowed {
        // Refused alike whether or not the case exists: nobody learns which cases there are.
        audit::record(db, Event::new("case.view_denied", Some(who.id), subject).detail(who.role.as_str()).ip(ip), now)
            .await?;
        return Err(ServiceError::Forbidden);
    }
    let c = found.ok_or(ServiceError::NotFound)?;
    let visit = session.map(|s| format!("visit {}", &s[..s.len().min(16)])).unwrap_or_default();
    let mut log = audit::about(db, &subject).await?;
    let seen = !visit.is_empty()
        && log.iter().any(|e| e.event == "case.viewed" && e.actor_id == Some(who.id) && e.detail == visit);
    if !seen {
        audit::record(db, Event::new("case.viewed", Some(who.id), subject.clone()).detail(visit).ip(ip), now).await?;
        log = audit::about(db, &subject).await?;
    }
    let entries = concern_entry::Entity::find()
        .filter(concern_entry::Column::ConcernId.eq(case_id))
        .order_by_asc(concern_entry::Column::Id)
        .all(db)
        .await?;
    let m = match c.match_id {
        Some(id) => mentoring_match::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let mut ids: Vec<i64> = [c.reporter_id, c.subject_id, c.mentor_id].into_iter().flatten().collect();
    ids.extend(entries.iter().filter_map(|e| e.author_id));
    ids.extend(log.iter().filter_map(|e| e.actor_id));
    let people = names(db, ids).await?;
    let name = |id: Option<i64>| match id.and_then(|i| people.get(&i)) {
        Some(u) => u.name.clone(),
        None if id.is_none() => "Tandem".to_string(),
        None => format!("Account {}", id.unwrap_or_default()),
    };
    let mut linked = Vec::new();
    for (id, relation) in [(c.reporter_id, "Reported by"), (c.subject_id, "Young person"), (c.mentor_id, "Mentor")] {
        if let Some(u) = id.and_then(|i| people.get(&i)) {
            linked.push(LinkedPerson {
                id: u.id,
                name: u.name.clone(),
                role: Role::parse(&u.role).map(|r| r.label().to_string()).unwrap_or_default(),
                relation: relation.to_string(),
                suspended: u.suspended_at.is_some(),
            });
        }
    }
    Ok(CaseFile {
        programme_team: is_team(&who),
        id: c.id,
        reference: reference(c.id),
        urgency: Urgency::parse(&c.urgency).unwrap_or(Urgency::Immediate),
        category: Category::parse(&c.category).map(|x| x.label().to_string()).unwrap_or(c.category),
        source: Source::parse(&c.source).map(|x| x.label().to_string()).unwrap_or(c.source),
        status: c.status,
        reported_at: when(c.created_at),
        happened_on: c.happened_on.format("%-d %B %Y").to_string(),
        what: c.what,
        people: linked,
        match_id: c.match_id,
        match_suspended: m.as_ref().is_some_and(|m| m.suspended_at.is_some()),
        chronology: entries
            .into_iter()
            .map(|e| ChronologyEntry {
                at: when(e.created_at),
                by: name(e.author_id),
                kind: EntryKind::parse(&e.kind).map(|k| k.label().to_string()).unwrap_or(e.kind),
                text: e.text,
                reason: e.reason,
            })
            .collect(),
        views: log
            .into_iter()
            .filter(|e| e.event.starts_with("case.view"))
            .map(|e| CaseView {
                at: when(e.at),
                by: format!(
                    "{}{}",
                    name(e.actor_id),
                    if e.event == "case.view_denied" { " (refused: not on the safeguarding team)" } else { "" }
                ),
            })
            .collect(),
    })
}

async fn team_case(db: &impl ConnectionTrait, who: Who, case_id: i64) -> Result<concern::Model, ServiceError> {
    if !is_team(&who) {
        return Err(ServiceError::Forbidden);
    }
    concern::Entity::find_by_id(case_id).one(db).await?.ok_or(ServiceError::NotFound)
}

/// A case `who` may add to: the team's, or one about the young people of the institution
/// whose safeguarding contact they are.
async fn handled_case(db: &impl ConnectionTrait, who: Who, case_id: i64) -> Result<concern::Model, ServiceError> {
    let c = concern::Entity::find_by_id(case_id).one(db).await?;
    match c {
        Some(c) if may_handle(db, &who, &c).await? => Ok(c),
        Some(_) => Err(ServiceError::Forbidden),
        None if is_team(&who) => Err(ServiceError::NotFound),
        None => Err(ServiceError::Forbidden),
    }
}

/// Adds a line to the chronology, and changes the status when asked (recorded as its own line).
pub async fn add_entry(
    db: &DatabaseConnection,
    who: Who,
    case_id: i64,
    input: &EntryInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let c = handled_case(db, who, case_id).await?;
    let v = input.validate().map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    entry(&txn, case_id, Some(who.id), v.kind, &v.text, &v.reason, now).await?;
    let old = c.status;
    // Anything written moves a new case to open, unless a status was chosen.
    let new = v.status.or((old == CaseStatus::New).then_some(CaseStatus::Open));
    if let Some(new) = new.filter(|n| *n != old) {
        concern::ActiveModel { id: Set(case_id), status: Set(new), updated_at: Set(now), ..Default::default() }
            .update(&txn)
            .await?;
        entry(
            &txn,
            case_id,
            Some(who.id),
            EntryKind::System,
            &format!("Status: {} → {}.", old.label(), new.label()),
            "",
            now,
        )
        .await?;
    }
    audit::record(&txn, Event::new("case.entry", Some(who.id), format!("case:{case_id}")).detail(v.kind.as_str()), now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The safeguarding team links a case to the person it is about, found by their email
/// address: a young person (with their current or latest match and its mentor) or a mentor
/// (with theirs). Recorded in the chronology; the report itself is never changed.
pub async fn link_case(
    db: &DatabaseConnection,
    who: Who,
    case_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    team_case(db, who, case_id).await?;
    let email = email.trim().to_lowercase();
    if email.is_empty() {
        return Err(ServiceError::field("email", "Enter the email address of the young person or mentor"));
    }
    let Some(person) = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await? else {
        return Err(ServiceError::field("email", "Nobody on Tandem has that email address"));
    };
    let role = Role::parse(&person.role);
    let side = match role {
        Some(Role::YoungPerson) => mentoring_match::Column::YoungPersonId,
        Some(Role::Mentor) => mentoring_match::Column::MentorId,
        _ => return Err(ServiceError::field("email", "Link a young person or a mentor")),
    };
    let m = mentoring_match::Entity::find()
        .filter(side.eq(person.id))
        .order_by_desc(mentoring_match::Column::Id)
        .one(db)
        .await?;
    let (subject, mentor) = match (role, &m) {
        (Some(Role::YoungPerson), m) => (Some(person.id), m.as_ref().map(|m| m.mentor_id)),
        (_, m) => (m.as_ref().map(|m| m.young_person_id), Some(person.id)),
    };
    let txn = db.begin().await?;
    concern::ActiveModel {
        id: Set(case_id),
        subject_id: Set(subject),
        mentor_id: Set(mentor),
        match_id: Set(m.as_ref().map(|m| m.id)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let role_label = role.map(|r| r.label().to_lowercase()).unwrap_or_default();
    let text = match &m {
        Some(m) => format!("Linked to {} ({role_label}) and their match {}.", person.name, m.id),
        None => format!("Linked to {} ({role_label}), who has no match.", person.name),
    };
    entry(&txn, case_id, Some(who.id), EntryKind::System, &text, "", now).await?;
    // A young person's institution's safeguarding contact hears of it now.
    let c = concern::Entity::find_by_id(case_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if let (Some(category), Some(urgency)) = (Category::parse(&c.category), Urgency::parse(&c.urgency))
        && institution_contact(&txn, subject).await?.is_some()
    {
        let sent = alert(&txn, case_id, category, urgency, subject, now).await?;
        entry(&txn, case_id, None, EntryKind::System, &sent, "", now).await?;
    }
    audit::record(&txn, Event::new("case.entry", Some(who.id), format!("case:{case_id}")).detail("linked"), now)
        .await?;
    txn.commit().await?;
    Ok(text)
}

/// What the DSL can suspend, or lift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suspension {
    Match,
    Mentor,
}

/// Suspends (or lifts the suspension of) the case's match or mentor, at once, with a reason.
/// A suspended mentor is signed out everywhere and cannot sign in; their active matches
/// pause too. A suspended match allows no sessions or messages.
pub async fn suspend(
    db: &DatabaseConnection,
    who: Who,
    case_id: i64,
    what: Suspension,
    lift: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let c = team_case(db, who, case_id).await?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::field("reason", "Give the reason: it goes in the chronology"));
    }
    let txn = db.begin().await?;
    let at = (!lift).then_some(now);
    let text = match what {
        Suspension::Match => {
            let match_id =
                c.match_id.ok_or_else(|| ServiceError::field("reason", "This case is not linked to a match"))?;
            let m = mentoring_match::Entity::find_by_id(match_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
            pause_match(&txn, &m, at, now).await?;
            audit::record(
                &txn,
                Event::new(
                    if lift { "match.resumed" } else { "match.suspended" },
                    Some(who.id),
                    format!("match:{match_id}"),
                )
                .detail(format!("case:{case_id}")),
                now,
            )
            .await?;
            if lift { format!("Match {match_id} resumed.") } else { format!("Match {match_id} suspended.") }
        }
        Suspension::Mentor => {
            let mentor_id = c.mentor_id.ok_or_else(|| ServiceError::field("reason", "This case names no mentor"))?;
            let u = user::Entity::find_by_id(mentor_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
            if u.erased_at.is_some() {
                return Err(ServiceError::field("reason", "This account has been erased"));
            }
            user::ActiveModel {
                id: Set(mentor_id),
                disabled: Set(!lift),
                suspended_at: Set(at),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            if !lift {
                session::Entity::delete_many().filter(session::Column::UserId.eq(mentor_id)).exec(&txn).await?;
            }
            for m in mentoring_match::Entity::find()
                .filter(mentoring_match::Column::MentorId.eq(mentor_id))
                .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
                .all(&txn)
                .await?
            {
                pause_match(&txn, &m, at, now).await?;
            }
            audit::record(
                &txn,
                Event::new(
                    if lift { "user.reinstated" } else { "user.suspended" },
                    Some(who.id),
                    format!("user:{mentor_id}"),
                )
                .detail(format!("case:{case_id}")),
                now,
            )
            .await?;
            if lift {
                format!("{}'s access restored.", u.name)
            } else {
                format!("{}'s access suspended: signed out everywhere, cannot sign in.", u.name)
            }
        }
    };
    entry(&txn, case_id, Some(who.id), EntryKind::System, &text, reason, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Pauses or resumes a match, telling both sides in neutral words.
async fn pause_match(
    db: &impl ConnectionTrait,
    m: &mentoring_match::Model,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if m.suspended_at.is_some() == at.is_some() {
        return Ok(());
    }
    mentoring_match::ActiveModel { id: Set(m.id), suspended_at: Set(at), ..Default::default() }.update(db).await?;
    let text = if at.is_some() {
        "Your mentoring is paused by the Tandem team for now. Sessions and messages are on hold; we will be in touch."
    } else {
        "Your mentoring can carry on: the pause has been lifted."
    };
    for person in [m.mentor_id, m.young_person_id] {
        notify(db, person, "match", text, &format!("/match/{}", m.id), now).await?;
    }
    relationships::event(
        db,
        m.id,
        None,
        if at.is_some() { "Paused by the Tandem team." } else { "Pause lifted." },
        now,
    )
    .await?;
    Ok(())
}
