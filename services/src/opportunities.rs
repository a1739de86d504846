//! The opportunities board. Who may post: staff (published at once), and an employer
//! partner's lead and its employees who mentor (their posts wait for staff). Who sees a post:
//! everyone signed in once it is published; before that, or after it was declined or
//! withdrawn, only its poster, their organisation's lead and staff. Young people save posts
//! and say they are interested: an adult chooses whether the poster sees their name and email
//! address; an under-18's interest goes to their Mentoring Coordinator only. A mentor
//! recommends a post to their current mentee. Take-up is counted per partner and overall.

use crate::ServiceError;
use crate::entities::{mentoring_match, opportunity, opportunity_response, partner_organisation, user, yp_application};
use crate::notifications::{Notice, notify, tell};
use crate::outbox::Mail;
use crate::partners::PartnerKind;
use crate::people::{Account, day, first_name};
use crate::workshops::local_now;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use domain::opportunities::{
    Board, CoordinatorRequest, InterestedPerson, OpportunityAdmin, OpportunityCard, OpportunityInput, OpportunityPage,
    OpportunityStatus, PartnerApproval, PostedRow, TakeUp, TakeUpReport, YourResponse, ages_label, fit, kind_label,
    place_label, validate_decision, validate_note,
};
use domain::profiles::split_list;
use domain::relationships::MatchStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// The most posts a list shows.
const LIST_LIMIT: u64 = 300;

/// The name the programme's own posts carry.
pub const PROGRAMME: &str = "Tandem";

/// Who may post, and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poster {
    Staff,
    /// An employer partner's lead or employee mentor.
    Partner {
        partner_id: i64,
        under_18: bool,
    },
}

/// Whether (and as whom) this person may post opportunities.
pub async fn poster(db: &impl ConnectionTrait, me: &Account) -> Result<Option<Poster>, ServiceError> {
    if me.role == Role::Staff {
        return Ok(Some(Poster::Staff));
    }
    if !matches!(me.role, Role::Coordinator | Role::Mentor) {
        return Ok(None);
    }
    let Some(pid) = me.partner_id else { return Ok(None) };
    let Some(p) = partner_organisation::Entity::find_by_id(pid).one(db).await? else { return Ok(None) };
    Ok((PartnerKind::parse(&p.kind) == Some(PartnerKind::Employer))
        .then_some(Poster::Partner { partner_id: p.id, under_18: p.under_18_opportunities }))
}

fn status(o: &opportunity::Model) -> OpportunityStatus {
    o.status
}

/// The poster, their organisation's lead, or staff.
fn manages(me: &Account, o: &opportunity::Model) -> bool {
    me.role == Role::Staff
        || o.posted_by == Some(me.id)
        || (me.role == Role::Coordinator && o.partner_id.is_some() && o.partner_id == me.partner_id)
}

async fn load(db: &impl ConnectionTrait, me: &Account, id: i64) -> Result<opportunity::Model, ServiceError> {
    let o = opportunity::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if status(&o) == OpportunityStatus::Published || manages(me, &o) { Ok(o) } else { Err(ServiceError::NotFound) }
}

async fn partner_names(db: &impl ConnectionTrait) -> Result<HashMap<i64, String>, ServiceError> {
    Ok(partner_organisation::Entity::find().all(db).await?.into_iter().map(|p| (p.id, p.name)).collect())
}

fn organisation(names: &HashMap<i64, String>, o: &opportunity::Model) -> String {
    o.partner_id.and_then(|p| names.get(&p).cloned()).unwrap_or_else(|| PROGRAMME.to_string())
}

fn card(
    o: &opportunity::Model,
    names: &HashMap<i64, String>,
    today: NaiveDate,
    mine: Option<&opportunity_response::Model>,
    recommender: Option<String>,
) -> OpportunityCard {
    OpportunityCard {
        id: o.id,
        title: o.title.clone(),
        kind: kind_label(&o.kind).to_string(),
        organisation: organisation(names, o),
        place: place_label(o.region.as_deref(), o.online),
        ages: ages_label(o.min_age, o.max_age),
        closes: if o.closes_on < today {
            format!("Closed on {}", day(o.closes_on))
        } else {
            format!("Closes on {}", day(o.closes_on))
        },
        closes_on: day(o.closes_on),
        closed: o.closes_on < today,
        why: Vec::new(),
        saved: mine.is_some_and(|r| r.saved),
        interested: mine.is_some_and(|r| r.interested_at.is_some()),
        taken_up: mine.is_some_and(|r| r.taken_up_at.is_some()),
        recommended_by: recommender,
        status: status(o),
    }
}

fn today(now: DateTime<Utc>) -> NaiveDate {
    local_now(now).date()
}

/// Posts an opportunity: staff's are published at once, a partner's wait for staff, who are
/// told in the app.
pub async fn post(
    db: &impl ConnectionTrait,
    me: &Account,
    input: &OpportunityInput,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let who = poster(db, me).await?.ok_or(ServiceError::Forbidden)?;
    let (partner_id, under_18) = match who {
        Poster::Staff => (None, true),
        Poster::Partner { partner_id, under_18 } => (Some(partner_id), under_18),
    };
    let o = input.validate(under_18, today(now)).map_err(ServiceError::Validation)?;
    let published = partner_id.is_none();
    let row = opportunity::ActiveModel {
        title: Set(o.title.clone()),
        kind: Set(o.kind.into()),
        description: Set(o.description),
        partner_id: Set(partner_id),
        posted_by: Set(Some(me.id)),
        region: Set(o.region),
        online: Set(o.online),
        min_age: Set(o.min_age),
        max_age: Set(o.max_age),
        closes_on: Set(o.closes_on),
        link: Set(o.link),
        goals: Set(o.goals.join(", ")),
        status: Set(if published { OpportunityStatus::Published } else { OpportunityStatus::Pending }),
        decline_reason: Set(None),
        decided_by: Set(published.then_some(me.id)),
        decided_at: Set(published.then_some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !published {
        let text = format!("{} posted an opportunity to approve: \u{201c}{}\u{201d}", me.name, o.title);
        crate::notifications::notify_staff(db, "opportunity_to_approve", &text, "/admin/opportunities", now).await?;
    }
    Ok(row.id)
}

/// Staff approve a partner's post, or decline it with a reason the poster sees.
pub async fn decide(
    db: &impl ConnectionTrait,
    me: &Account,
    id: i64,
    approve: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if me.role != Role::Staff {
        return Err(ServiceError::Forbidden);
    }
    validate_decision(approve, reason).map_err(ServiceError::Validation)?;
    let o = opportunity::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if status(&o) != OpportunityStatus::Pending {
        return Err(ServiceError::field("reason", "This opportunity has already been decided"));
    }
    let (title, poster) = (o.title.clone(), o.posted_by);
    let mut am: opportunity::ActiveModel = o.into();
    am.status = Set(if approve { OpportunityStatus::Published } else { OpportunityStatus::Declined });
    am.decline_reason = Set((!approve).then(|| reason.trim().to_string()));
    am.decided_by = Set(Some(me.id));
    am.decided_at = Set(Some(now));
    am.update(db).await?;
    if let Some(p) = poster {
        let text = if approve {
            format!("Your opportunity \u{201c}{title}\u{201d} is published: young people can see it now")
        } else {
            format!("Your opportunity \u{201c}{title}\u{201d} was not approved: see why")
        };
        notify(db, p, "opportunity_decided", &text, &format!("/opportunities/{id}"), now).await?;
    }
    Ok(())
}

/// The poster, their organisation's lead or staff take a post down.
pub async fn withdraw(db: &impl ConnectionTrait, me: &Account, id: i64) -> Result<(), ServiceError> {
    let o = load(db, me, id).await?;
    if !manages(me, &o) {
        return Err(ServiceError::Forbidden);
    }
    if matches!(status(&o), OpportunityStatus::Withdrawn | OpportunityStatus::Declined) {
        return Ok(());
    }
    let mut am: opportunity::ActiveModel = o.into();
    am.status = Set(OpportunityStatus::Withdrawn);
    am.update(db).await?;
    Ok(())
}

/// What a young person tells the board about one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Save(bool),
    /// `share`: an adult lets the poster see their name and email address.
    Interested {
        share: bool,
    },
    NotInterested,
    TakenUp(bool),
}

async fn response_of(
    db: &impl ConnectionTrait,
    opportunity_id: i64,
    user_id: i64,
) -> Result<Option<opportunity_response::Model>, ServiceError> {
    Ok(opportunity_response::Entity::find_by_id((opportunity_id, user_id)).one(db).await?)
}

async fn store(
    db: &impl ConnectionTrait,
    before: Option<opportunity_response::Model>,
    row: opportunity_response::Model,
) -> Result<(), ServiceError> {
    let mut am: opportunity_response::ActiveModel = row.into();
    if before.is_some() {
        // Every column is written again.
        for c in [
            opportunity_response::Column::Saved,
            opportunity_response::Column::InterestedAt,
            opportunity_response::Column::ShareContact,
            opportunity_response::Column::ViaCoordinator,
            opportunity_response::Column::TakenUpAt,
            opportunity_response::Column::RecommendedBy,
            opportunity_response::Column::RecommendedAt,
            opportunity_response::Column::RecommendNote,
            opportunity_response::Column::UpdatedAt,
        ] {
            am.reset(c);
        }
        am.update(db).await?;
    } else {
        am.insert(db).await?;
    }
    Ok(())
}

fn blank(opportunity_id: i64, user_id: i64, now: DateTime<Utc>) -> opportunity_response::Model {
    opportunity_response::Model {
        opportunity_id,
        user_id,
        saved: false,
        interested_at: None,
        share_contact: false,
        via_coordinator: false,
        taken_up_at: None,
        recommended_by: None,
        recommended_at: None,
        recommend_note: None,
        updated_at: now,
    }
}

/// The coordinators of a young person's partner.
async fn coordinators_of(db: &impl ConnectionTrait, partner_id: i64) -> Result<Vec<user::Model>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Coordinator.as_str()))
        .filter(user::Column::PartnerId.eq(partner_id))
        .filter(user::Column::Disabled.eq(false))
        .all(db)
        .await?)
}

/// A young person saves a post, says they are interested (or no longer), or that they took
/// it up. Interest needs an open post whose age range includes them.
pub async fn respond(
    db: &DatabaseConnection,
    me: &Account,
    id: i64,
    what: Response,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if me.role != Role::YoungPerson {
        return Err(ServiceError::Forbidden);
    }
    let o = load(db, me, id).await?;
    if status(&o) != OpportunityStatus::Published {
        return Err(ServiceError::NotFound);
    }
    let today = today(now);
    let txn = db.begin().await?;
    let before = response_of(&txn, id, me.id).await?;
    let mut row = before.clone().unwrap_or_else(|| blank(id, me.id, now));
    row.updated_at = now;
    let under_18 = me.under_18_on(today);
    match what {
        Response::Save(s) => row.saved = s,
        Response::Interested { share } => {
            if o.closes_on < today {
                return Err(ServiceError::field("interest", "This opportunity has closed"));
            }
            if me.age_on(today).is_some_and(|a| !(o.min_age..=o.max_age).contains(&a)) {
                return Err(ServiceError::field("interest", "This opportunity is for a different age group"));
            }
            let first_time = row.interested_at.is_none();
            if under_18 {
                let Some(pid) = me.partner_id else {
                    return Err(ServiceError::field(
                        "interest",
                        "Your interest goes to your school or youth organisation's Mentoring Coordinator, and you are not linked to one yet: ask the programme team",
                    ));
                };
                row.via_coordinator = true;
                row.share_contact = false;
                if first_time {
                    let from = organisation(&partner_names(&txn).await?, &o);
                    for c in coordinators_of(&txn, pid).await? {
                        let text = format!(
                            "{} is interested in \u{201c}{}\u{201d} from {}: pass it on if it suits them",
                            me.name, o.title, from
                        );
                        let notice =
                            Notice { kind: "opportunity_request", text: &text, link: "/opportunities#requests" };
                        let body = format!(
                            "Hello {},\n\n{text}.\n\nYou can see the opportunity and how to reach the employer on your opportunities page. Young people under 18 are never put in touch with an employer directly.\n",
                            first_name(&c.name)
                        );
                        let mail = Mail::new(&c.email, "A young person is interested in an opportunity", &body);
                        tell(&txn, c.id, notice, mail, now).await?;
                    }
                }
            } else {
                row.via_coordinator = false;
                row.share_contact = share;
                if share
                    && (first_time || before.as_ref().is_some_and(|b| !b.share_contact))
                    && let Some(p) = o.posted_by
                {
                    let text = format!("{} is interested in \u{201c}{}\u{201d}", me.name, o.title);
                    notify(&txn, p, "opportunity_interest", &text, &format!("/opportunities/{id}"), now).await?;
                }
            }
            if first_time {
                row.interested_at = Some(now);
            }
        }
        Response::NotInterested => {
            row.interested_at = None;
            row.share_contact = false;
            row.via_coordinator = false;
            row.taken_up_at = None;
        }
        Response::TakenUp(t) => {
            if row.interested_at.is_none() {
                return Err(ServiceError::field("interest", "Say you are interested first"));
            }
            row.taken_up_at = t.then_some(now);
        }
    }
    store(&txn, before, row).await?;
    txn.commit().await?;
    Ok(())
}

/// The mentor's current mentee, if they are mentoring now.
async fn current_mentee(db: &impl ConnectionTrait, mentor_id: i64) -> Result<Option<user::Model>, ServiceError> {
    let Some(m) = mentoring_match::Entity::find()
        .filter(mentoring_match::Column::MentorId.eq(mentor_id))
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .filter(mentoring_match::Column::SuspendedAt.is_null())
        .order_by_desc(mentoring_match::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(user::Entity::find_by_id(m.young_person_id).one(db).await?)
}

/// A mentor recommends a published, open post to their current mentee, with an optional note.
pub async fn recommend(
    db: &impl ConnectionTrait,
    me: &Account,
    id: i64,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if me.role != Role::Mentor {
        return Err(ServiceError::Forbidden);
    }
    validate_note(note).map_err(ServiceError::Validation)?;
    let o = load(db, me, id).await?;
    let today = today(now);
    if status(&o) != OpportunityStatus::Published || o.closes_on < today {
        return Err(ServiceError::field("note", "This opportunity is not open"));
    }
    let mentee = current_mentee(db, me.id).await?.ok_or(ServiceError::Forbidden)?;
    if mentee.age_on(today).is_some_and(|a| !(o.min_age..=o.max_age).contains(&a)) {
        return Err(ServiceError::field(
            "note",
            format!("This opportunity is for a different age group from {}", first_name(&mentee.name)),
        ));
    }
    let before = response_of(db, id, mentee.id).await?;
    let mut row = before.clone().unwrap_or_else(|| blank(id, mentee.id, now));
    row.recommended_by = Some(me.id);
    row.recommended_at = Some(now);
    row.recommend_note = Some(note.trim().to_string()).filter(|n| !n.is_empty());
    row.updated_at = now;
    store(db, before, row).await?;
    let text = format!("Your mentor {} recommends an opportunity: \u{201c}{}\u{201d}", first_name(&me.name), o.title);
    notify(db, mentee.id, "opportunity_recommended", &text, &format!("/opportunities/{id}"), now).await?;
    Ok(())
}

/// A young person's interest was taken up (or not): marked by their coordinator (an
/// under-18's), or by the poster, their lead or staff (an adult who shared their details).
pub async fn mark_taken_up(
    db: &impl ConnectionTrait,
    me: &Account,
    id: i64,
    young_person_id: i64,
    taken: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let o = opportunity::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let before = response_of(db, id, young_person_id).await?.filter(|r| r.interested_at.is_some());
    let Some(r) = before.clone() else { return Err(ServiceError::NotFound) };
    let allowed = if r.via_coordinator {
        let yp = user::Entity::find_by_id(young_person_id).one(db).await?.ok_or(ServiceError::NotFound)?;
        me.role == Role::Staff
            || (me.role == Role::Coordinator && me.partner_id.is_some() && yp.partner_id == me.partner_id)
    } else {
        me.role == Role::Staff || (r.share_contact && manages(me, &o))
    };
    if !allowed {
        return Err(ServiceError::NotFound);
    }
    let mut row = r;
    row.taken_up_at = taken.then_some(now);
    row.updated_at = now;
    store(db, before, row).await
}

fn count(rows: &[&opportunity_response::Model]) -> TakeUp {
    TakeUp {
        posted: 0,
        published: 0,
        saved: rows.iter().filter(|r| r.saved).count() as u64,
        interested: rows.iter().filter(|r| r.interested_at.is_some()).count() as u64,
        through_coordinators: rows.iter().filter(|r| r.interested_at.is_some() && r.via_coordinator).count() as u64,
        taken_up: rows.iter().filter(|r| r.taken_up_at.is_some()).count() as u64,
    }
}

async fn responses_to(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<HashMap<i64, Vec<opportunity_response::Model>>, ServiceError> {
    let mut out: HashMap<i64, Vec<opportunity_response::Model>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for r in opportunity_response::Entity::find()
        .filter(opportunity_response::Column::OpportunityId.is_in(ids))
        .all(db)
        .await?
    {
        out.entry(r.opportunity_id).or_default().push(r);
    }
    Ok(out)
}

async fn posted_rows(
    db: &impl ConnectionTrait,
    posts: Vec<opportunity::Model>,
    names: &HashMap<i64, String>,
    today: NaiveDate,
) -> Result<Vec<PostedRow>, ServiceError> {
    let responses = responses_to(db, posts.iter().map(|o| o.id).collect()).await?;
    Ok(posts
        .into_iter()
        .map(|o| {
            let rs: Vec<&opportunity_response::Model> =
                responses.get(&o.id).map(|v| v.iter().collect()).unwrap_or_default();
            PostedRow {
                card: card(&o, names, today, None, None),
                counts: count(&rs),
                decline_reason: o.decline_reason.clone(),
            }
        })
        .collect())
}

async fn names_of(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<HashMap<i64, user::Model>, ServiceError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| (u.id, u)).collect())
}

/// A post the young person saved, chose or was recommended: listed among their own.
fn theirs(r: &opportunity_response::Model) -> bool {
    r.saved || r.interested_at.is_some() || r.recommended_by.is_some()
}

/// The board as this person sees it.
pub async fn board(db: &impl ConnectionTrait, me: &Account, now: DateTime<Utc>) -> Result<Board, ServiceError> {
    let today = today(now);
    let names = partner_names(db).await?;
    let open = opportunity::Entity::find()
        .filter(opportunity::Column::Status.eq(OpportunityStatus::Published))
        .filter(opportunity::Column::ClosesOn.gte(today))
        .order_by_asc(opportunity::Column::ClosesOn)
        .order_by_asc(opportunity::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let who = poster(db, me).await?;
    let mut b = Board {
        may_post: who.is_some(),
        may_offer_under_18: matches!(who, Some(Poster::Staff | Poster::Partner { under_18: true, .. })),
        is_young_person: me.role == Role::YoungPerson,
        is_staff: me.role == Role::Staff,
        ..Default::default()
    };
    if me.role == Role::YoungPerson {
        b.under_18 = me.under_18_on(today);
        let app = yp_application::Entity::find().filter(yp_application::Column::UserId.eq(me.id)).one(db).await?;
        let (region, goals) = app.map(|a| (Some(a.region), a.goals)).unwrap_or((None, String::new()));
        let mine: HashMap<i64, opportunity_response::Model> = opportunity_response::Entity::find()
            .filter(opportunity_response::Column::UserId.eq(me.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.opportunity_id, r))
            .collect();
        let recommenders = names_of(db, mine.values().filter_map(|r| r.recommended_by).collect()).await?;
        let who = |r: Option<&opportunity_response::Model>| {
            r.and_then(|r| r.recommended_by).and_then(|m| recommenders.get(&m)).map(|u| first_name(&u.name))
        };
        let age = me.age_on(today);
        // Those already in "yours" are not listed twice.
        let listed = |id: i64| mine.get(&id).is_some_and(theirs);
        for o in open.iter().filter(|o| !listed(o.id)) {
            let f =
                fit((o.min_age, o.max_age, o.region.as_deref(), o.online, &o.goals), age, region.as_deref(), &goals);
            if !f.eligible {
                continue;
            }
            let r = mine.get(&o.id);
            let mut c = card(o, &names, today, r, who(r));
            if f.suggested(&split_list(&o.goals)) {
                if o.region.is_some() && o.region == region {
                    c.why.push(format!("In {}", o.region.clone().unwrap_or_default()));
                } else if o.online {
                    c.why.push("Online".into());
                }
                c.why.extend(f.goals);
                b.suggested.push(c);
            } else {
                b.more.push(c);
            }
        }
        let ids: Vec<i64> = mine.values().filter(|r| theirs(r)).map(|r| r.opportunity_id).collect();
        if !ids.is_empty() {
            for o in opportunity::Entity::find()
                .filter(opportunity::Column::Id.is_in(ids))
                .filter(opportunity::Column::Status.eq(OpportunityStatus::Published))
                .order_by_asc(opportunity::Column::ClosesOn)
                .all(db)
                .await?
            {
                let r = mine.get(&o.id);
                b.yours.push(card(&o, &names, today, r, who(r)));
            }
        }
        return Ok(b);
    }
    b.more = open.iter().map(|o| card(o, &names, today, None, None)).collect();
    // What they (or their organisation, or for staff the programme) posted.
    let mut theirs = opportunity::Entity::find().order_by_desc(opportunity::Column::Id).limit(LIST_LIMIT);
    theirs = match (me.role, me.partner_id) {
        (Role::Staff, _) => theirs.filter(opportunity::Column::PartnerId.is_null()),
        (Role::Coordinator, Some(p)) => theirs.filter(opportunity::Column::PartnerId.eq(p)),
        _ => theirs.filter(opportunity::Column::PostedBy.eq(me.id)),
    };
    if b.may_post {
        b.posted = posted_rows(db, theirs.all(db).await?, &names, today).await?;
    }
    if me.role == Role::Staff {
        b.waiting = opportunity::Entity::find()
            .filter(opportunity::Column::Status.eq(OpportunityStatus::Pending))
            .count(db)
            .await?;
    }
    if me.role == Role::Coordinator
        && let Some(pid) = me.partner_id
    {
        b.requests = requests(db, pid, &names).await?;
    }
    Ok(b)
}

async fn requests(
    db: &impl ConnectionTrait,
    partner_id: i64,
    names: &HashMap<i64, String>,
) -> Result<Vec<CoordinatorRequest>, ServiceError> {
    let pupils: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::PartnerId.eq(partner_id))
        .filter(user::Column::Role.eq(Role::YoungPerson.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    if pupils.is_empty() {
        return Ok(Vec::new());
    }
    let rows = opportunity_response::Entity::find()
        .filter(opportunity_response::Column::UserId.is_in(pupils.keys().copied().collect::<Vec<_>>()))
        .filter(opportunity_response::Column::InterestedAt.is_not_null())
        .filter(opportunity_response::Column::ViaCoordinator.eq(true))
        .order_by_desc(opportunity_response::Column::InterestedAt)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let posts: HashMap<i64, opportunity::Model> = opportunity::Entity::find()
        .filter(opportunity::Column::Id.is_in(rows.iter().map(|r| r.opportunity_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let posters = names_of(db, posts.values().filter_map(|o| o.posted_by).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let o = posts.get(&r.opportunity_id)?;
            let yp = pupils.get(&r.user_id)?;
            let contact = o
                .link
                .clone()
                .or_else(|| o.posted_by.and_then(|p| posters.get(&p)).map(|u| u.email.clone()))
                .unwrap_or_default();
            Some(CoordinatorRequest {
                opportunity_id: o.id,
                title: o.title.clone(),
                organisation: organisation(names, o),
                contact,
                young_person_id: yp.id,
                young_person: yp.name.clone(),
                at: r.interested_at.map(|t| day(t.date_naive())).unwrap_or_default(),
                taken_up: r.taken_up_at.is_some(),
            })
        })
        .collect())
}

/// One post's page.
pub async fn page(
    db: &impl ConnectionTrait,
    me: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<OpportunityPage, ServiceError> {
    let today = today(now);
    let o = load(db, me, id).await?;
    let names = partner_names(db).await?;
    let mut you = None;
    let mut mine = None;
    let mut recommender = None;
    if me.role == Role::YoungPerson {
        mine = response_of(db, id, me.id).await?;
        if let Some(m) = mine.as_ref().and_then(|r| r.recommended_by) {
            recommender = user::Entity::find_by_id(m).one(db).await?.map(|u| first_name(&u.name));
        }
        let r = mine.clone();
        you = Some(YourResponse {
            saved: r.as_ref().is_some_and(|r| r.saved),
            interested: r.as_ref().is_some_and(|r| r.interested_at.is_some()),
            shared: r.as_ref().is_some_and(|r| r.share_contact),
            via_coordinator: r.as_ref().is_some_and(|r| r.via_coordinator),
            taken_up: r.as_ref().is_some_and(|r| r.taken_up_at.is_some()),
            under_18: me.under_18_on(today),
            not_eligible: me.age_on(today).is_some_and(|a| !(o.min_age..=o.max_age).contains(&a)),
            recommended_by: recommender.clone(),
            recommend_note: r.and_then(|r| r.recommend_note),
        });
    }
    let mut mentee = None;
    if me.role == Role::Mentor
        && let Some(yp) = current_mentee(db, me.id).await?
    {
        let already = response_of(db, id, yp.id).await?.is_some_and(|r| r.recommended_by == Some(me.id));
        mentee = Some((first_name(&yp.name), already));
    }
    let interest = if manages(me, &o) {
        let rows = responses_to(db, vec![id]).await?.remove(&id).unwrap_or_default();
        let counts = count(&rows.iter().collect::<Vec<_>>());
        let shared: Vec<&opportunity_response::Model> =
            rows.iter().filter(|r| r.interested_at.is_some() && r.share_contact && !r.via_coordinator).collect();
        let people = names_of(db, shared.iter().map(|r| r.user_id).collect()).await?;
        let list = shared
            .into_iter()
            .filter_map(|r| {
                let u = people.get(&r.user_id)?;
                Some(InterestedPerson {
                    user_id: u.id,
                    name: u.name.clone(),
                    email: u.email.clone(),
                    at: r.interested_at.map(|t| day(t.date_naive())).unwrap_or_default(),
                    taken_up: r.taken_up_at.is_some(),
                })
            })
            .collect();
        Some((counts, list))
    } else {
        None
    };
    let st = status(&o);
    Ok(OpportunityPage {
        card: card(&o, &names, today, mine.as_ref(), recommender),
        description: o.description.clone(),
        link: o.link.clone(),
        goals: split_list(&o.goals).into_iter().map(str::to_owned).collect(),
        decline_reason: o.decline_reason.clone(),
        you,
        mentee,
        interest,
        may_withdraw: manages(me, &o) && matches!(st, OpportunityStatus::Pending | OpportunityStatus::Published),
        may_decide: me.role == Role::Staff && st == OpportunityStatus::Pending,
    })
}

/// Take-up, overall and per partner (the programme's own posts under [`PROGRAMME`]).
pub async fn report(db: &impl ConnectionTrait) -> Result<TakeUpReport, ServiceError> {
    report_for(db, None).await
}

/// [`report`], or one partner's posts only.
pub async fn report_for(db: &impl ConnectionTrait, partner: Option<i64>) -> Result<TakeUpReport, ServiceError> {
    let backend = db.get_database_backend();
    let n = |c: &str| format!("CAST(SUM(CASE WHEN {c} THEN 1 ELSE 0 END) AS BIGINT)");
    let posts = format!(
        "SELECT partner_id, CAST(COUNT(*) AS BIGINT), {} FROM opportunities WHERE status <> 'declined' GROUP BY partner_id",
        n("status = 'published'")
    );
    let took = format!(
        "SELECT o.partner_id, {}, {}, {}, {} FROM opportunity_responses r JOIN opportunities o ON o.id = r.opportunity_id GROUP BY o.partner_id",
        n("r.saved"),
        n("r.interested_at IS NOT NULL"),
        n("r.interested_at IS NOT NULL AND r.via_coordinator"),
        n("r.taken_up_at IS NOT NULL")
    );
    let mut by: HashMap<Option<i64>, TakeUp> = HashMap::new();
    for r in db.query_all_raw(sea_orm::Statement::from_string(backend, posts)).await? {
        let t = by.entry(r.try_get_by_index::<Option<i64>>(0)?).or_default();
        t.posted = r.try_get_by_index::<i64>(1)?.max(0) as u64;
        t.published = r.try_get_by_index::<Option<i64>>(2)?.unwrap_or(0).max(0) as u64;
    }
    for r in db.query_all_raw(sea_orm::Statement::from_string(backend, took)).await? {
        let t = by.entry(r.try_get_by_index::<Option<i64>>(0)?).or_default();
        let v = |i: usize| r.try_get_by_index::<Option<i64>>(i).map(|v| v.unwrap_or(0).max(0) as u64);
        t.saved = v(1)?;
        t.interested = v(2)?;
        t.through_coordinators = v(3)?;
        t.taken_up = v(4)?;
    }
    if let Some(p) = partner {
        by.retain(|k, _| *k == Some(p));
        by.entry(Some(p)).or_default();
    }
    let names = partner_names(db).await?;
    let mut report = TakeUpReport::default();
    for t in by.values() {
        report.overall.posted += t.posted;
        report.overall.published += t.published;
        report.overall.saved += t.saved;
        report.overall.interested += t.interested;
        report.overall.through_coordinators += t.through_coordinators;
        report.overall.taken_up += t.taken_up;
    }
    let mut rows: Vec<(String, TakeUp)> = by
        .into_iter()
        .map(|(p, t)| (p.and_then(|p| names.get(&p).cloned()).unwrap_or_else(|| PROGRAMME.to_string()), t))
        .collect();
    rows.sort_by(|a, b| (a.0 != PROGRAMME, &a.0).cmp(&(b.0 != PROGRAMME, &b.0)));
    report.partners = rows;
    Ok(report)
}

/// The staff page: posts waiting for a decision, take-up, and employer partners' approval
/// to offer opportunities to under-18s.
pub async fn admin(
    db: &impl ConnectionTrait,
    me: &Account,
    now: DateTime<Utc>,
) -> Result<OpportunityAdmin, ServiceError> {
    if me.role != Role::Staff {
        return Err(ServiceError::Forbidden);
    }
    let names = partner_names(db).await?;
    let waiting = opportunity::Entity::find()
        .filter(opportunity::Column::Status.eq(OpportunityStatus::Pending))
        .order_by_asc(opportunity::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let partners = partner_organisation::Entity::find()
        .filter(partner_organisation::Column::Kind.eq(PartnerKind::Employer.as_str()))
        .order_by_asc(partner_organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| PartnerApproval { partner_id: p.id, name: p.name, under_18: p.under_18_opportunities })
        .collect();
    Ok(OpportunityAdmin {
        waiting: posted_rows(db, waiting, &names, today(now)).await?,
        report: report(db).await?,
        partners,
    })
}

/// Staff approve an employer partner to offer opportunities to under-18s (or take it back).
pub async fn set_under_18(
    db: &impl ConnectionTrait,
    me: &Account,
    partner_id: i64,
    allowed: bool,
) -> Result<(), ServiceError> {
    if me.role != Role::Staff {
        return Err(ServiceError::Forbidden);
    }
    let p = partner_organisation::Entity::find_by_id(partner_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if PartnerKind::parse(&p.kind) != Some(PartnerKind::Employer) {
        return Err(ServiceError::NotFound);
    }
    let mut am: partner_organisation::ActiveModel = p.into();
    am.under_18_opportunities = Set(allowed);
    am.update(db).await?;
    Ok(())
}
