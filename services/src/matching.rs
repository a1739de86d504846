//! Matching young people with mentors: who is waiting, who can be matched, candidates with
//! reasons for one young person, matching runs over a pool (draft, pin, veto, publish), the
//! participant's match card, and rematch requests. The optimisation itself is the `matching`
//! crate; what a match is once made (who may open it, whether it ended for good) is
//! [`crate::relationships`].

use crate::entities::{
    certificate, evaluation, match_run, match_run_pair, match_veto, matching_weights, mentor_check, mentor_profile,
    mentoring_match, partner_organisation, rematch_request, user, workshop, workshop_booking, yp_application,
};
use crate::notifications::{Notice, notifications, notify, tell};
use crate::people::{day, first_name};
use crate::relationships::{active_for, finished_young_people, sync_placed};
use crate::{ServiceError, outbox};
use chrono::{DateTime, Months, Utc};
use domain::Role;
use domain::applications::PoolFacts;
use domain::approvals::MentorStatus;
use domain::evaluations::EvaluationKind;
use domain::matching::{
    Candidate, GOAL_SKILLS, MatchWeights, MyMatch, RematchInput, RunPairRow, RunScope, RunStatus, RunSummary,
    WaitingRow, WeightsInput,
};
use domain::profiles::{AVAILABILITY, LANGUAGES, REGIONS, SECTORS, SKILLS, split_list};
use domain::relationships::{MatchStatus, REMATCH, planned_end};
use domain::workshops::{BookingStatus, WorkshopKind};
use matching::model::{self, IN_PERSON, ONLINE};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

fn bits(list: &str, names: &[&str]) -> u32 {
    split_list(list).iter().filter_map(|x| names.iter().position(|n| n == x)).fold(0, |acc, i| acc | 1 << i)
}

fn goal_bits(goals: &str) -> u32 {
    split_list(goals)
        .iter()
        .filter_map(|g| GOAL_SKILLS.iter().find(|(goal, _)| goal == g))
        .filter_map(|(_, skill)| SKILLS.iter().position(|s| s == skill))
        .fold(0, |acc, i| acc | 1 << i)
}

fn formats(f: &str) -> u8 {
    match f {
        "online" => ONLINE,
        "in_person" => IN_PERSON,
        _ => ONLINE | IN_PERSON,
    }
}

fn index_of(x: &str, names: &[&str]) -> u8 {
    names.iter().position(|n| *n == x).map(|i| i as u8).unwrap_or(u8::MAX - 1)
}

fn max_age(group: &str) -> u8 {
    match group {
        "14-17" => 17,
        "18-21" => 21,
        _ => 25,
    }
}

// ---------------------------------------------------------------------------------------
// Weights

pub async fn weights(db: &impl ConnectionTrait) -> Result<MatchWeights, ServiceError> {
    Ok(matching_weights::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|w| MatchWeights {
            goals: w.goals as u32,
            sector: w.sector as u32,
            availability: w.availability as u32,
            format: w.format as u32,
            language: w.language as u32,
            waiting: w.waiting as u32,
        })
        .unwrap_or_default())
}

pub async fn save_weights(
    db: &impl ConnectionTrait,
    staff_id: i64,
    input: &WeightsInput,
    now: DateTime<Utc>,
) -> Result<MatchWeights, ServiceError> {
    let w = input.validate().map_err(ServiceError::Validation)?;
    let row = matching_weights::ActiveModel {
        id: Set(1),
        goals: Set(w.goals as i32),
        sector: Set(w.sector as i32),
        availability: Set(w.availability as i32),
        format: Set(w.format as i32),
        language: Set(w.language as i32),
        waiting: Set(w.waiting as i32),
        updated_by: Set(Some(staff_id)),
        updated_at: Set(now),
    };
    if matching_weights::Entity::find_by_id(1).one(db).await?.is_some() {
        row.update(db).await?;
    } else {
        row.insert(db).await?;
    }
    Ok(w)
}

fn engine_weights(w: MatchWeights) -> model::Weights {
    model::Weights {
        goals: w.goals,
        sector: w.sector,
        availability: w.availability,
        format: w.format,
        language: w.language,
        waiting: w.waiting,
    }
}

// ---------------------------------------------------------------------------------------
// The pool

/// A young person who can be matched now.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub user_id: i64,
    pub name: String,
    pub partner_id: Option<i64>,
    pub under_18: bool,
    pub application: yp_application::Model,
    pub person: model::YoungPerson,
}

/// A mentor who can take another young person now.
#[derive(Debug, Clone)]
pub struct Available {
    pub name: String,
    pub profile: mentor_profile::Model,
    pub mentor: model::Mentor,
}

/// Users (by role) with a completed evaluation, an attended workshop of a kind, or an
/// active match: each loaded whole (never as a huge IN list).
async fn ids_with_attended(db: &impl ConnectionTrait, kind: WorkshopKind) -> Result<HashSet<i64>, ServiceError> {
    let ids: Vec<i64> = workshop_booking::Entity::find()
        .select_only()
        .column(workshop_booking::Column::UserId)
        .filter(workshop_booking::Column::Status.eq(BookingStatus::Attended))
        .inner_join(workshop::Entity)
        .filter(workshop::Column::Kind.eq(kind.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// Active matches per young person and per mentor.
async fn active_matches(db: &impl ConnectionTrait) -> Result<(HashSet<i64>, HashMap<i64, u32>), ServiceError> {
    let rows: Vec<(i64, i64)> = mentoring_match::Entity::find()
        .select_only()
        .column(mentoring_match::Column::YoungPersonId)
        .column(mentoring_match::Column::MentorId)
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .into_tuple()
        .all(db)
        .await?;
    let mut load = HashMap::new();
    let mut yps = HashSet::new();
    for (y, m) in rows {
        yps.insert(y);
        *load.entry(m).or_insert(0) += 1;
    }
    Ok((yps, load))
}

/// The waiting pool's rule ([`domain::applications::PoolFacts::waiting`]) as SQL on the
/// applications table as `a` and the users table as `u` (table names or aliases), for the
/// staff pages that count and page the pool in the database. It leads with the `placed` flag, so a page
/// in application order walks the pool's index (placed, submitted_at, user_id) instead of
/// every matched application; the whole rule is still checked after it.
pub(crate) fn pool_clause(now: DateTime<Utc>, a: &str, u: &str) -> String {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SqliteQueryBuilder};
    let today = now.date_naive();
    let adult_born_by = today.checked_sub_months(Months::new(18 * 12)).unwrap_or(today);
    // The matches that keep someone out, from the one condition the rest of the code uses
    // (plain literals and double-quoted names: the same text on SQLite and PostgreSQL).
    let kept_out = Query::select()
        .expr(Expr::val(1))
        .from(mentoring_match::Entity)
        .and_where(
            Expr::col((mentoring_match::Entity, mentoring_match::Column::YoungPersonId))
                .equals((Alias::new(u), Alias::new("id"))),
        )
        .cond_where(crate::relationships::keeps_out_of_pool_condition())
        .to_string(SqliteQueryBuilder);
    format!(
        "{a}.placed = false AND {u}.role = 'young_person' AND {u}.disabled = false \
         AND EXISTS (SELECT 1 FROM evaluations e WHERE e.user_id = {u}.id AND e.kind = '{pre}' AND e.completed_at IS NOT NULL) \
         AND NOT EXISTS ({kept_out}) \
         AND {u}.date_of_birth IS NOT NULL \
         AND ({u}.date_of_birth <= '{adult_born_by}' OR ({a}.confirmed_at IS NOT NULL AND EXISTS ( \
             SELECT 1 FROM workshop_bookings b JOIN workshops w ON w.id = b.workshop_id \
             WHERE b.user_id = {u}.id AND w.kind = '{induction}' AND b.status = '{attended}')))",
        pre = EvaluationKind::Pre.as_str(),
        induction = WorkshopKind::MenteeInduction.as_str(),
        attended = BookingStatus::Attended.as_str(),
    )
}

/// Everyone waiting for a mentor: an application and a completed pre-evaluation; under-18s
/// also confirmed by their coordinator and inducted; no active match. `only` narrows the
/// load to one young person.
pub async fn waiting(
    db: &impl ConnectionTrait,
    scope: &RunScope,
    only: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<Waiting>, ServiceError> {
    let today = now.date_naive();
    let mut q = yp_application::Entity::find().find_also_related(user::Entity);
    if let Some(id) = only {
        q = q.filter(yp_application::Column::UserId.eq(id));
    }
    if let RunScope::Region(r) = scope {
        q = q.filter(yp_application::Column::Region.eq(r.as_str()));
    }
    if let RunScope::Partner(p) = scope {
        q = q.filter(user::Column::PartnerId.eq(*p));
    }
    let rows = q.order_by_asc(yp_application::Column::UserId).all(db).await?;
    let mut pre = evaluation::Entity::find()
        .select_only()
        .column(evaluation::Column::UserId)
        .filter(evaluation::Column::Kind.eq(EvaluationKind::Pre.as_str()))
        .filter(evaluation::Column::CompletedAt.is_not_null());
    if let Some(id) = only {
        pre = pre.filter(evaluation::Column::UserId.eq(id));
    }
    let pre: HashSet<i64> = pre.into_tuple::<i64>().all(db).await?.into_iter().collect();
    let inducted = ids_with_attended(db, WorkshopKind::MenteeInduction).await?;
    let (mut matched, _) = active_matches(db).await?;
    matched.extend(finished_young_people(db).await?);
    let mut out = Vec::new();
    for (a, u) in rows {
        let Some(u) = u else { continue };
        let facts = PoolFacts {
            open_young_person: !u.disabled && u.role == Role::YoungPerson.as_str(),
            applied: true,
            pre_evaluation_done: pre.contains(&u.id),
            age: u.age_on(today),
            confirmed: a.confirmed_at.is_some(),
            inducted: inducted.contains(&u.id),
            placed: matched.contains(&u.id),
        };
        // Young people give their date of birth when they register.
        let (true, Some(age)) = (facts.waiting(), facts.age) else { continue };
        let under_18 = age < 18;
        let person = model::YoungPerson {
            key: u.id,
            goals: goal_bits(&a.goals),
            interests: bits(&a.interests, SECTORS),
            region: index_of(&a.region, REGIONS),
            formats: formats(&a.format),
            availability: bits(&a.availability, AVAILABILITY) as u8,
            languages: bits(&a.languages, LANGUAGES),
            age: age.clamp(0, 255) as u8,
            waited_days: (now - a.submitted_at).num_days().max(0) as u32,
        };
        out.push(Waiting { user_id: u.id, name: u.name, partner_id: u.partner_id, under_18, application: a, person });
    }
    Ok(out)
}

/// Mentors who can be matched for a relationship starting today: approved, a DBS check
/// valid past the planned end, training and workshop complete (their certificate), a
/// profile, and capacity left. `only` narrows the load to one mentor.
pub async fn available(
    db: &impl ConnectionTrait,
    only: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<Available>, ServiceError> {
    let until = planned_end(now.date_naive());
    let mut q = mentor_check::Entity::find()
        .filter(mentor_check::Column::Status.eq(MentorStatus::Approved))
        .filter(mentor_check::Column::DbsRecheckDate.gt(until))
        // A mentor resting after a match waits until they say yes to a new one.
        .filter(mentor_check::Column::Paused.eq(false));
    if let Some(id) = only {
        q = q.filter(mentor_check::Column::UserId.eq(id));
    }
    let checks = q.all(db).await?;
    let mut certified = certificate::Entity::find().select_only().column(certificate::Column::UserId);
    let mut profiles = mentor_profile::Entity::find();
    let mut users = user::Entity::find().filter(user::Column::Role.eq(Role::Mentor.as_str()));
    if let Some(id) = only {
        certified = certified.filter(certificate::Column::UserId.eq(id));
        profiles = profiles.filter(mentor_profile::Column::UserId.eq(id));
        users = users.filter(user::Column::Id.eq(id));
    }
    let certified: HashSet<i64> = certified.into_tuple::<i64>().all(db).await?.into_iter().collect();
    let mut profiles: HashMap<i64, mentor_profile::Model> =
        profiles.all(db).await?.into_iter().map(|p| (p.user_id, p)).collect();
    let users: HashMap<i64, user::Model> = users.all(db).await?.into_iter().map(|u| (u.id, u)).collect();
    // A mentor is offered only once they have accepted the current policies.
    let accepted = crate::policies::accepted_all_among(db, only).await?;
    let (_, load) = active_matches(db).await?;
    let mut out = Vec::new();
    for c in checks {
        let Some(u) = users.get(&c.user_id) else { continue };
        if u.disabled || !certified.contains(&c.user_id) || !accepted.contains(&c.user_id) {
            continue;
        }
        let Some(p) = profiles.remove(&c.user_id) else { continue };
        let left = (c.capacity.max(0) as u32).saturating_sub(load.get(&c.user_id).copied().unwrap_or(0));
        if left == 0 {
            continue;
        }
        let mentor = model::Mentor {
            key: c.user_id,
            skills: bits(&p.skills, SKILLS),
            sector: index_of(&p.sector, SECTORS),
            region: index_of(&p.region, REGIONS),
            formats: formats(&p.format),
            availability: bits(&p.availability, AVAILABILITY) as u8,
            languages: bits(&p.languages, LANGUAGES),
            max_age: max_age(&p.max_age_group),
            capacity: left,
        };
        out.push(Available { name: u.name.clone(), profile: p, mentor });
    }
    out.sort_by_key(|a| a.mentor.key);
    Ok(out)
}

/// Pairs never to propose: vetoed by staff, or matched before (closed pairs never return).
pub async fn excluded_pairs(db: &impl ConnectionTrait) -> Result<HashSet<(i64, i64)>, ServiceError> {
    let vetoes: Vec<(i64, i64)> = match_veto::Entity::find()
        .select_only()
        .column(match_veto::Column::YoungPersonId)
        .column(match_veto::Column::MentorId)
        .into_tuple()
        .all(db)
        .await?;
    let before: Vec<(i64, i64)> = mentoring_match::Entity::find()
        .select_only()
        .column(mentoring_match::Column::YoungPersonId)
        .column(mentoring_match::Column::MentorId)
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Closed))
        .into_tuple()
        .all(db)
        .await?;
    Ok(vetoes.into_iter().chain(before).collect())
}

/// The reasons for a pair's score, in words, strongest first.
pub fn reasons(b: &model::Breakdown, y: &Waiting, m: &Available) -> Vec<String> {
    let mut out = Vec::new();
    let goals: Vec<&str> = split_list(&y.application.goals)
        .into_iter()
        .filter(|g| {
            GOAL_SKILLS
                .iter()
                .find(|(goal, _)| goal == g)
                .is_some_and(|(_, skill)| split_list(&m.profile.skills).contains(skill))
        })
        .collect();
    if goals.is_empty() {
        out.push("Covers none of the young person's goals".to_string());
    } else {
        out.push(format!("Covers {} of {} goals: {}", b.goals_covered, b.goals_total, goals.join(", ")));
    }
    if b.sector_match {
        out.push(format!("Works in {}, a sector they are curious about", m.profile.sector));
    }
    let shared: Vec<&str> = AVAILABILITY
        .iter()
        .enumerate()
        .filter(|(i, _)| b.shared_availability & (1 << i) != 0)
        .map(|(_, a)| *a)
        .collect();
    out.push(format!("Both free: {}", shared.join(", ")));
    out.push(match b.meeting {
        model::Meeting::InPerson => format!("Can meet in person in {}", y.application.region),
        model::Meeting::Online if b.format_points == 100 => "Both prefer meeting online".to_string(),
        model::Meeting::Online => "Can meet online (not in person: different regions)".to_string(),
    });
    if b.shared_languages != 0 {
        let shared: Vec<&str> =
            LANGUAGES.iter().enumerate().filter(|(i, _)| b.shared_languages & (1 << i) != 0).map(|(_, l)| *l).collect();
        out.push(format!("Both speak {}", shared.join(", ")));
    } else if b.language_points == 0 {
        out.push(format!("Does not speak {}", y.application.languages));
    }
    let days = b.waited_days;
    out.push(format!("Waiting {days} day{}", if days == 1 { "" } else { "s" }));
    out
}

/// One line of [`reasons`] (written for staff) as the young person reads it about their
/// own match: in the second person, and without the engine's bookkeeping (how long they
/// waited, what the mentor does not cover). `None` for a line they need not see.
pub fn reason_for_young_person(line: &str) -> Option<String> {
    let rest = |p: &str| line.strip_prefix(p).map(str::to_string);
    if line.starts_with("Waiting ") || line.starts_with("Covers none") || line.starts_with("Does not speak") {
        return None;
    }
    if let Some(covered) = rest("Covers ") {
        return Some(match line.split_once(": ") {
            Some((_, goals)) => format!("Their experience fits your goals: {goals}"),
            None => format!("Their experience fits your goal: {covered}"),
        });
    }
    if let Some(s) = rest("Works in ") {
        return Some(format!(
            "Works in {}",
            s.replace("a sector they are curious about", "a sector you are curious about")
        ));
    }
    if let Some(s) = rest("Both free: ") {
        return Some(format!("You are both free: {s}"));
    }
    if let Some(s) = rest("Can meet in person in ") {
        return Some(format!("You can meet in person in {s}"));
    }
    if line == "Both prefer meeting online" {
        return Some("You both prefer meeting online".into());
    }
    if line.starts_with("Can meet online") {
        return Some("You can meet online, as you live in different regions".into());
    }
    if let Some(s) = rest("Both speak ") {
        return Some(format!("You both speak {s}"));
    }
    Some(line.to_string())
}

// ---------------------------------------------------------------------------------------
// Pages for staff

/// Everyone waiting, longest wait first, paged by (application time, id): a keyset page
/// in the database, with the pool's rule as SQL ([`pool_clause`], checked
/// against [`waiting`] by the tests), so a page costs the same however long the pool is.
pub async fn waiting_page(
    db: &impl ConnectionTrait,
    after: Option<i64>,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<(Vec<WaitingRow>, Option<i64>), ServiceError> {
    use sea_orm::sea_query::Expr;
    let clause = pool_clause(now, "yp_applications", "users");
    let mut q = yp_application::Entity::find().find_also_related(user::Entity).filter(Expr::cust(clause));
    if let Some(id) = after {
        // The cursor is a user id; its application time comes from the database.
        q = q.filter(Expr::cust(format!(
            "(yp_applications.submitted_at, yp_applications.user_id) > \
             (SELECT c.submitted_at, c.user_id FROM yp_applications c WHERE c.user_id = {id})"
        )));
    }
    let rows = q
        .order_by_asc(yp_application::Column::SubmittedAt)
        .order_by_asc(yp_application::Column::UserId)
        .limit(limit as u64 + 1)
        .all(db)
        .await?;
    let partners = partner_names(db).await?;
    let today = now.date_naive();
    let mut rows: Vec<WaitingRow> = rows
        .into_iter()
        .filter_map(|(a, u)| {
            let u = u?;
            Some(WaitingRow {
                age: u.age_on(today)?,
                user_id: u.id,
                name: u.name,
                region: a.region.clone(),
                format: a.format.replace('_', " "),
                goals: a.goals.clone(),
                partner: u.partner_id.and_then(|p| partners.get(&p).cloned()),
                waited_days: (today - a.submitted_at.date_naive()).num_days(),
            })
        })
        .collect();
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows.last().map(|r| r.user_id).unwrap_or_default()
    });
    Ok((rows, next))
}

/// How many young people are waiting: the pool's rule counted in the database (the staff
/// pages read it through `figures::waiting_total`).
pub async fn waiting_count(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    use sea_orm::sea_query::Expr;
    let clause = pool_clause(now, "yp_applications", "users");
    Ok(yp_application::Entity::find().inner_join(user::Entity).filter(Expr::cust(clause)).count(db).await? as usize)
}

async fn partner_names(db: &impl ConnectionTrait) -> Result<HashMap<i64, String>, ServiceError> {
    Ok(partner_organisation::Entity::find().all(db).await?.into_iter().map(|p| (p.id, p.name)).collect())
}

/// The young person waiting, and their best candidates with reasons.
pub async fn candidates_for(
    db: &impl ConnectionTrait,
    young_person_id: i64,
    k: usize,
    now: DateTime<Utc>,
) -> Result<(WaitingRow, Vec<Candidate>), ServiceError> {
    let y = waiting(db, &RunScope::Everyone, Some(young_person_id), now)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound)?;
    let mentors = available(db, None, now).await?;
    let w = engine_weights(weights(db).await?);
    let excluded = excluded_pairs(db).await?;
    let people: Vec<model::Mentor> = mentors.iter().map(|m| m.mentor.clone()).collect();
    let ranked = matching::rank(&y.person, &people, &w, k, &excluded);
    let partners = partner_names(db).await?;
    let row = WaitingRow {
        user_id: y.user_id,
        name: y.name.clone(),
        age: y.person.age as i32,
        region: y.application.region.clone(),
        format: y.application.format.replace('_', " "),
        goals: y.application.goals.clone(),
        partner: y.partner_id.and_then(|p| partners.get(&p).cloned()),
        waited_days: y.person.waited_days as i64,
    };
    let candidates = ranked
        .into_iter()
        .map(|(j, b)| {
            let m = &mentors[j];
            Candidate {
                mentor_id: m.mentor.key,
                name: m.name.clone(),
                job_title: m.profile.job_title.clone(),
                sector: m.profile.sector.clone(),
                region: m.profile.region.clone(),
                score: b.score,
                max_score: w.max_score(),
                reasons: reasons(&b, &y, m),
            }
        })
        .collect();
    Ok((row, candidates))
}

// ---------------------------------------------------------------------------------------
// Making matches

/// Writes a match and tells both sides (and an under-18's coordinator), in `db`'s
/// transaction. Checks nothing: callers have.
#[allow(clippy::too_many_arguments)]
async fn write_match(
    db: &impl ConnectionTrait,
    y: &Waiting,
    m: &Available,
    score: i64,
    reasons: &[String],
    source: &str,
    run_id: Option<i64>,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let today = now.date_naive();
    let row = mentoring_match::ActiveModel {
        young_person_id: Set(y.user_id),
        mentor_id: Set(m.mentor.key),
        status: Set(MatchStatus::Active),
        source: Set(source.into()),
        run_id: Set(run_id),
        score: Set(score),
        reasons: Set(reasons.join("\n")),
        start_date: Set(today),
        planned_end: Set(planned_end(today)),
        created_by: Set(Some(staff_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    sync_placed(db, y.user_id).await?;
    crate::relationships::start(db, row.id, y.user_id, now).await?;
    let link = format!("/match/{}", row.id);
    let yp_first = first_name(&y.name);
    let mentor_first = first_name(&m.name);
    let via = if y.under_18 { " Your Mentoring Coordinator will arrange your first meeting." } else { "" };
    let emails: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Email)
        .filter(user::Column::Id.is_in([y.user_id, m.mentor.key]))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let told = [
        (
            m.mentor.key,
            format!("You have been matched with {yp_first}. Your first meeting is the next step: see your match."),
            format!(
                "Hello {mentor_first},\n\nYou have been matched with {yp_first}. Thank you for mentoring.\n\nTandem"
            ),
        ),
        (
            y.user_id,
            format!("You have a mentor: {mentor_first}, {}.{via}", m.profile.job_title),
            format!(
                "Hello {yp_first},\n\nWe have found you a mentor: {mentor_first}, {}.{via}\n\nTandem",
                m.profile.job_title
            ),
        ),
    ];
    for (id, text, body) in told {
        let email = emails.get(&id).ok_or(ServiceError::NotFound)?;
        let notice = Notice { kind: "match", text: &text, link: &link };
        tell(db, id, notice, outbox::Mail::new(email, "Your Tandem match", &body), now).await?;
    }
    if y.under_18
        && let Some(partner) = y.partner_id
    {
        for c in crate::people::coordinators(db, Some(partner)).await? {
            let text = format!("{} has been matched with a mentor, {mentor_first} ({}).", y.name, m.profile.job_title);
            let body = format!(
                "Hello {},\n\n{} has been matched with {mentor_first}, {}. Please arrange their first meeting at \
                 your premises.\n\nTandem",
                first_name(&c.name),
                y.name,
                m.profile.job_title
            );
            let mail = outbox::Mail::new(&c.email, "A young person in your cohort has a mentor", &body);
            tell(db, c.id, Notice { kind: "match", text: &text, link: "/" }, mail, now).await?;
        }
    }
    Ok(row.id)
}

/// Checks one pair against every hard constraint, as of now, inside `db`'s transaction.
async fn check_pair(
    db: &impl ConnectionTrait,
    young_person_id: i64,
    mentor_id: i64,
    now: DateTime<Utc>,
) -> Result<(Waiting, Available), ServiceError> {
    let y = waiting(db, &RunScope::Everyone, Some(young_person_id), now)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ServiceError::field("form", "This young person is not waiting for a match any more"))?;
    let m = available(db, Some(mentor_id), now)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ServiceError::field("form", "This mentor cannot take a young person now"))?;
    if excluded_pairs(db).await?.contains(&(young_person_id, mentor_id)) {
        return Err(ServiceError::field("form", "This pair was vetoed or matched before and cannot be matched"));
    }
    if !model::eligible(&y.person, &m.mentor) {
        return Err(ServiceError::field("form", "This pair does not meet the matching rules"));
    }
    Ok((y, m))
}

/// Staff confirm one pair by hand.
pub async fn confirm(
    db: &DatabaseConnection,
    staff_id: i64,
    young_person_id: i64,
    mentor_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let txn = db.begin().await?;
    // Serialise matches for this mentor and young person: touch both rows first.
    lock_people(&txn, &[young_person_id, mentor_id], now).await?;
    let (y, m) = check_pair(&txn, young_person_id, mentor_id, now).await?;
    let w = engine_weights(weights(&txn).await?);
    let b = model::score(&w, &y.person, &m.mentor);
    let id = write_match(&txn, &y, &m, b.score, &reasons(&b, &y, &m), "manual", None, staff_id, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// Writes the people's rows so that concurrent matching of the same people runs one at a
/// time (SQLite serialises writers; PostgreSQL takes the row locks).
async fn lock_people(db: &impl ConnectionTrait, ids: &[i64], now: DateTime<Utc>) -> Result<(), ServiceError> {
    user::Entity::update_many()
        .col_expr(user::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(user::Column::Id.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Matching runs

fn scope_label(kind: &str, value: &str, partners: &HashMap<i64, String>) -> String {
    match kind {
        "region" => format!("Everyone waiting in {value}"),
        "partner" => {
            let name = value.parse::<i64>().ok().and_then(|p| partners.get(&p).cloned()).unwrap_or_default();
            format!("Everyone waiting from {name}")
        }
        _ => "Everyone waiting".to_string(),
    }
}

fn summary(r: match_run::Model, partners: &HashMap<i64, String>) -> RunSummary {
    RunSummary {
        id: r.id,
        scope: scope_label(&r.scope_kind, &r.scope_value, partners),
        status: r.status,
        phase: r.phase,
        done: r.done,
        total: r.total,
        pool_size: r.pool_size,
        mentors: r.mentors,
        matched: r.matched,
        total_score: r.total_score,
        certified: r.certified,
        score_gap: r.score_gap,
        rounds: r.rounds,
        candidate_pairs: r.candidate_pairs,
        message: r.message,
        created: r.created_at.format("%-d %B %Y, %H:%M").to_string(),
        vetoed: 0,
    }
}

/// Who an earlier run covered, for running it again.
pub async fn run_scope(db: &impl ConnectionTrait, run_id: i64) -> Result<RunScope, ServiceError> {
    let r = match_run::Entity::find_by_id(run_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    RunScope::parse(&r.scope_kind, &r.scope_value).map_err(ServiceError::Validation)
}

/// Records a new run; `execute_run` does the work.
pub async fn create_run(
    db: &impl ConnectionTrait,
    staff_id: i64,
    scope: &RunScope,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    if let RunScope::Partner(p) = scope
        && partner_organisation::Entity::find_by_id(*p).one(db).await?.is_none()
    {
        return Err(ServiceError::field("partner", "Choose a partner organisation"));
    }
    // A run whose server stopped mid-way never finishes: after half an hour it counts as
    // interrupted, so it cannot block matching for good.
    match_run::Entity::update_many()
        .col_expr(match_run::Column::Status, sea_orm::sea_query::Expr::value(RunStatus::Failed))
        .col_expr(
            match_run::Column::Message,
            sea_orm::sea_query::Expr::value("Interrupted: the run did not finish. Start a new one."),
        )
        .filter(match_run::Column::Status.eq(RunStatus::Running))
        .filter(match_run::Column::CreatedAt.lt(now - chrono::Duration::minutes(30)))
        .exec(db)
        .await?;
    let running = match_run::Entity::find().filter(match_run::Column::Status.eq(RunStatus::Running)).count(db).await?;
    if running > 0 {
        return Err(ServiceError::field("scope", "A matching run is already in progress: wait for it to finish"));
    }
    let r = match_run::ActiveModel {
        scope_kind: Set(scope.kind().into()),
        scope_value: Set(scope.value()),
        status: Set(RunStatus::Running),
        phase: Set("Waiting to start".into()),
        created_by: Set(Some(staff_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(r.id)
}

async fn set_phase(
    db: &impl ConnectionTrait,
    run_id: i64,
    phase: &str,
    done: i64,
    total: i64,
) -> Result<(), ServiceError> {
    match_run::Entity::update_many()
        .col_expr(match_run::Column::Phase, sea_orm::sea_query::Expr::value(phase))
        .col_expr(match_run::Column::Done, sea_orm::sea_query::Expr::value(done))
        .col_expr(match_run::Column::Total, sea_orm::sea_query::Expr::value(total))
        .filter(match_run::Column::Id.eq(run_id))
        .exec(db)
        .await?;
    Ok(())
}

/// How many draft pairs go into one transaction.
pub const WRITE_BATCH: usize = 2000;

/// Loads the pool, solves it (showing progress on the run), writes the draft in batched
/// transactions. Pinned pairs of `keep_from` (an earlier draft) are kept as they are.
pub async fn execute_run(
    db: &DatabaseConnection,
    run_id: i64,
    keep_from: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if let Some(from) = keep_from {
        match_run::Entity::update_many()
            .col_expr(match_run::Column::RerunOf, sea_orm::sea_query::Expr::value(from))
            .filter(match_run::Column::Id.eq(run_id))
            .exec(db)
            .await?;
    }
    let result = execute(db, run_id, keep_from, now).await;
    if let Err(e) = &result {
        tracing::error!("matching run {run_id} failed: {e}");
        match_run::Entity::update_many()
            .col_expr(match_run::Column::Status, sea_orm::sea_query::Expr::value(RunStatus::Failed))
            .col_expr(match_run::Column::Message, sea_orm::sea_query::Expr::value(e.to_string()))
            .filter(match_run::Column::Id.eq(run_id))
            .exec(db)
            .await?;
    }
    result
}

async fn execute(
    db: &DatabaseConnection,
    run_id: i64,
    keep_from: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let run = match_run::Entity::find_by_id(run_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let scope = RunScope::parse(&run.scope_kind, &run.scope_value).map_err(ServiceError::Validation)?;
    let started = std::time::Instant::now();
    set_phase(db, run_id, "Loading who is waiting and who can mentor", 0, 0).await?;
    let mut yps = waiting(db, &scope, None, now).await?;
    let mut mentors = available(db, None, now).await?;
    let excluded = excluded_pairs(db).await?;
    let w = engine_weights(weights(db).await?);
    // Pinned pairs from the earlier draft stay: take them out of the pool first.
    let mut pinned: Vec<(i64, i64)> = Vec::new();
    if let Some(from) = keep_from {
        pinned = match_run_pair::Entity::find()
            .filter(match_run_pair::Column::RunId.eq(from))
            .filter(match_run_pair::Column::Pinned.eq(true))
            .filter(match_run_pair::Column::Vetoed.eq(false))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.young_person_id, p.mentor_id))
            .collect();
    }
    let mut kept: Vec<(Waiting, Available)> = Vec::new();
    for (y_id, m_id) in &pinned {
        let (Some(yi), Some(mi)) =
            (yps.iter().position(|y| y.user_id == *y_id), mentors.iter().position(|m| m.mentor.key == *m_id))
        else {
            continue;
        };
        if mentors[mi].mentor.capacity == 0 {
            continue;
        }
        let y = yps.swap_remove(yi);
        mentors[mi].mentor.capacity -= 1;
        kept.push((y, mentors[mi].clone()));
    }
    let loaded = started.elapsed();
    let people: Vec<model::YoungPerson> = yps.iter().map(|y| y.person.clone()).collect();
    let engine: Vec<model::Mentor> = mentors.iter().map(|m| m.mentor.clone()).collect();
    let opts = matching::RunOptions { weights: w, excluded, ..matching::RunOptions::default() };
    // The solver runs on a blocking thread; its progress is written to the run as it goes.
    let (tx, mut rx) = tokio::sync::watch::channel(matching::Progress::Candidates { done: 0, total: people.len() });
    let solve = tokio::task::spawn_blocking(move || {
        let result = matching::run(&people, &engine, &opts, &mut |p| {
            let _ = tx.send(p);
        });
        (result, people, engine)
    });
    tokio::pin!(solve);
    let outcome = loop {
        tokio::select! {
            done = &mut solve => break done.map_err(|e| ServiceError::Internal(e.to_string()))?,
            changed = rx.changed() => {
                if changed.is_err() {
                    continue;
                }
                let p = *rx.borrow_and_update();
                let (phase, done, total) = match p {
                    matching::Progress::Candidates { done, total } => ("Finding candidates".to_string(), done, total),
                    matching::Progress::Solving { round } => (format!("Solving to optimum (round {round})"), 0, 0),
                    matching::Progress::Certifying { round, done, total } =>
                        (format!("Checking every eligible pair (round {round})"), done, total),
                };
                set_phase(db, run_id, &phase, done as i64, total as i64).await?;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        }
    };
    let (result, _people, _engine) = outcome;
    let result = result.map_err(|e| ServiceError::Internal(format!("the matching engine refused the pool: {e}")))?;
    let solved = started.elapsed();
    let total_pairs = result.pairs.len() + kept.len();
    set_phase(db, run_id, "Writing the draft", 0, total_pairs as i64).await?;
    let mut rows: Vec<match_run_pair::ActiveModel> = Vec::with_capacity(total_pairs);
    for (y, m) in &kept {
        let b = model::score(&w, &y.person, &m.mentor);
        rows.push(pair_row(run_id, y, m, &b, true));
    }
    for p in &result.pairs {
        let (y, m) = (&yps[p.young_person], &mentors[p.mentor]);
        rows.push(pair_row(run_id, y, m, &p.breakdown, false));
    }
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(WRITE_BATCH).collect();
        let n = batch.len();
        let txn = db.begin().await?;
        match_run_pair::Entity::insert_many(batch).exec(&txn).await?;
        txn.commit().await?;
        written += n;
        set_phase(db, run_id, "Writing the draft", written as i64, total_pairs as i64).await?;
    }
    if std::env::var_os("TANDEM_SOLVER_STATS").is_some() {
        eprintln!(
            "run {run_id}: loaded the pool in {loaded:.2?}, matched in {:.2?}, wrote the draft in {:.2?}",
            solved - loaded,
            started.elapsed() - solved
        );
    }
    let total_score = result.total_score + rows_score(&kept, &w);
    match_run::ActiveModel {
        id: Set(run_id),
        status: Set(RunStatus::Draft),
        phase: Set("Ready for review".into()),
        done: Set(total_pairs as i64),
        total: Set(total_pairs as i64),
        pool_size: Set((yps.len() + kept.len()) as i64),
        mentors: Set(mentors.len() as i64),
        matched: Set(total_pairs as i64),
        total_score: Set(total_score),
        certified: Set(result.certified),
        score_gap: Set(result.score_gap()),
        rounds: Set(result.stats.rounds as i32),
        candidate_pairs: Set(result.problem.edges() as i64),
        finished_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

fn rows_score(kept: &[(Waiting, Available)], w: &model::Weights) -> i64 {
    kept.iter().map(|(y, m)| model::score(w, &y.person, &m.mentor).score).sum()
}

fn pair_row(
    run_id: i64,
    y: &Waiting,
    m: &Available,
    b: &model::Breakdown,
    pinned: bool,
) -> match_run_pair::ActiveModel {
    match_run_pair::ActiveModel {
        run_id: Set(run_id),
        young_person_id: Set(y.user_id),
        mentor_id: Set(m.mentor.key),
        score: Set(b.score),
        reasons: Set(reasons(b, y, m).join("\n")),
        pinned: Set(pinned),
        vetoed: Set(false),
        ..Default::default()
    }
}

/// A run with one page of its pairs (by id).
pub async fn run_view(
    db: &impl ConnectionTrait,
    run_id: i64,
    after: Option<i64>,
    limit: u64,
) -> Result<(RunSummary, Vec<RunPairRow>, Option<i64>), ServiceError> {
    let run = match_run::Entity::find_by_id(run_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let partners = partner_names(db).await?;
    let mut q = match_run_pair::Entity::find().filter(match_run_pair::Column::RunId.eq(run_id));
    if let Some(a) = after {
        q = q.filter(match_run_pair::Column::Id.gt(a));
    }
    let mut pairs = q.order_by_asc(match_run_pair::Column::Id).limit(limit + 1).all(db).await?;
    let next = (pairs.len() as u64 > limit).then(|| {
        pairs.truncate(limit as usize);
        pairs.last().map(|p| p.id).unwrap_or_default()
    });
    let ids: Vec<i64> = pairs.iter().flat_map(|p| [p.young_person_id, p.mentor_id]).collect();
    let names: HashMap<i64, (String, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .column(user::Column::Email)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, email)| (id, (name, email)))
        .collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let vetoed = match_run_pair::Entity::find()
        .filter(match_run_pair::Column::RunId.eq(run_id))
        .filter(match_run_pair::Column::Vetoed.eq(true))
        .count(db)
        .await? as i64;
    let rows = pairs
        .into_iter()
        .map(|p| RunPairRow {
            id: p.id,
            young_person_id: p.young_person_id,
            young_person: name(p.young_person_id).0,
            young_person_email: name(p.young_person_id).1,
            mentor_id: p.mentor_id,
            mentor: name(p.mentor_id).0,
            mentor_email: name(p.mentor_id).1,
            score: p.score,
            reasons: p.reasons.lines().map(str::to_string).collect(),
            pinned: p.pinned,
            vetoed: p.vetoed,
        })
        .collect();
    Ok((RunSummary { vetoed, ..summary(run, &partners) }, rows, next))
}

/// For a run made again from an earlier draft: that draft's id, and the young people it
/// proposed (vetoed or not) whom this run no longer pairs, by name.
pub async fn dropped_since(db: &impl ConnectionTrait, run_id: i64) -> Result<Option<(i64, Vec<String>)>, ServiceError> {
    let run = match_run::Entity::find_by_id(run_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let Some(earlier) = run.rerun_of else { return Ok(None) };
    let young = |id: i64, vetoed: Option<bool>| {
        let mut q = match_run_pair::Entity::find()
            .select_only()
            .column(match_run_pair::Column::YoungPersonId)
            .filter(match_run_pair::Column::RunId.eq(id));
        if let Some(v) = vetoed {
            q = q.filter(match_run_pair::Column::Vetoed.eq(v));
        }
        q.into_tuple::<i64>().all(db)
    };
    let now_paired: HashSet<i64> = young(run_id, Some(false)).await?.into_iter().collect();
    let gone: Vec<i64> = young(earlier, None).await?.into_iter().filter(|y| !now_paired.contains(y)).collect();
    let names = crate::people::names(db, &gone).await?;
    let mut out: Vec<String> = gone.iter().filter_map(|id| names.get(id).cloned()).collect();
    out.sort();
    Ok(Some((earlier, out)))
}

/// The young people a draft leaves waiting, longest wait first (up to `limit`), each with
/// why: nobody in the pool fits them, everyone who fits was vetoed for them (or mentored them
/// before), or the mentors who fit were all needed by others.
pub async fn left_waiting(
    db: &impl ConnectionTrait,
    run_id: i64,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<Vec<domain::matching::LeftWaiting>, ServiceError> {
    let scope = run_scope(db, run_id).await?;
    let paired: HashSet<i64> = match_run_pair::Entity::find()
        .select_only()
        .column(match_run_pair::Column::YoungPersonId)
        .filter(match_run_pair::Column::RunId.eq(run_id))
        .filter(match_run_pair::Column::Vetoed.eq(false))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut left: Vec<Waiting> =
        waiting(db, &scope, None, now).await?.into_iter().filter(|y| !paired.contains(&y.user_id)).collect();
    if left.is_empty() {
        return Ok(Vec::new());
    }
    left.sort_by_key(|y| (std::cmp::Reverse(y.person.waited_days), y.user_id));
    left.truncate(limit);
    let mentors = available(db, None, now).await?;
    let excluded = excluded_pairs(db).await?;
    Ok(left
        .into_iter()
        .map(|y| {
            let fits: Vec<&Available> = mentors.iter().filter(|m| model::eligible(&y.person, &m.mentor)).collect();
            let why = if fits.is_empty() {
                "No mentor in the pool fits: their age, how they want to meet, their region and the times they are free"
            } else if fits.iter().all(|m| excluded.contains(&(y.user_id, m.mentor.key))) {
                "Every mentor who fits was vetoed for them, or has mentored them before"
            } else {
                "Not enough places: the mentors who fit were matched with people who had waited longer or fitted better"
            };
            domain::matching::LeftWaiting {
                user_id: y.user_id,
                name: y.name,
                waited_days: y.person.waited_days,
                why: why.to_string(),
            }
        })
        .collect())
}

pub async fn recent_runs(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<RunSummary>, ServiceError> {
    let partners = partner_names(db).await?;
    Ok(match_run::Entity::find()
        .order_by_desc(match_run::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|r| summary(r, &partners))
        .collect())
}

async fn draft(db: &impl ConnectionTrait, run_id: i64) -> Result<match_run::Model, ServiceError> {
    let run = match_run::Entity::find_by_id(run_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if run.status != RunStatus::Draft {
        let why = if run.status == RunStatus::Superseded {
            "A later run has been published, so this draft can no longer be changed"
        } else {
            "Only a draft can be changed"
        };
        return Err(ServiceError::field("form", why));
    }
    Ok(run)
}

/// Pins, unpins or vetoes one draft pair. A veto is kept for every future run.
pub async fn flag_pair(
    db: &DatabaseConnection,
    staff_id: i64,
    run_id: i64,
    pair_id: i64,
    action: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = db.begin().await?;
    draft(&txn, run_id).await?;
    let pair = match_run_pair::Entity::find_by_id(pair_id)
        .one(&txn)
        .await?
        .filter(|p| p.run_id == run_id)
        .ok_or(ServiceError::NotFound)?;
    let mut m: match_run_pair::ActiveModel = pair.clone().into();
    match action {
        "pin" => m.pinned = Set(true),
        "unpin" => m.pinned = Set(false),
        "veto" => {
            m.vetoed = Set(true);
            m.pinned = Set(false);
            let exists = match_veto::Entity::find()
                .filter(match_veto::Column::YoungPersonId.eq(pair.young_person_id))
                .filter(match_veto::Column::MentorId.eq(pair.mentor_id))
                .one(&txn)
                .await?;
            if exists.is_none() {
                match_veto::ActiveModel {
                    young_person_id: Set(pair.young_person_id),
                    mentor_id: Set(pair.mentor_id),
                    reason: Set(format!("Vetoed in matching run {run_id}")),
                    created_by: Set(Some(staff_id)),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        _ => return Err(ServiceError::field("form", "Choose pin, unpin or veto")),
    }
    m.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes a draft: every pair not vetoed becomes a match (pairs whose people are no longer
/// available are skipped), in batched transactions. Returns (published, skipped).
pub async fn publish(
    db: &DatabaseConnection,
    staff_id: i64,
    run_id: i64,
    now: DateTime<Utc>,
) -> Result<(usize, usize), ServiceError> {
    // Claim the draft first, so that two publishers cannot both publish it.
    let claimed = match_run::Entity::update_many()
        .col_expr(match_run::Column::Status, sea_orm::sea_query::Expr::value(RunStatus::Published))
        .col_expr(match_run::Column::PublishedAt, sea_orm::sea_query::Expr::value(now))
        .filter(match_run::Column::Id.eq(run_id))
        .filter(match_run::Column::Status.eq(RunStatus::Draft))
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        let run = match_run::Entity::find_by_id(run_id).one(db).await?.ok_or(ServiceError::NotFound)?;
        if run.status == RunStatus::Superseded {
            return Err(ServiceError::field(
                "form",
                "A later run has been published since this draft was made, so it can no longer be published. Start a new run",
            ));
        }
        return Err(ServiceError::field("form", "Only a draft can be published"));
    }
    // Every other draft was drawn from a pool this publication changes: none may be published.
    match_run::Entity::update_many()
        .col_expr(match_run::Column::Status, sea_orm::sea_query::Expr::value(RunStatus::Superseded))
        .col_expr(match_run::Column::Message, sea_orm::sea_query::Expr::value(format!("Run {run_id} was published")))
        .filter(match_run::Column::Id.ne(run_id))
        .filter(match_run::Column::Status.eq(RunStatus::Draft))
        .exec(db)
        .await?;
    let pairs = match_run_pair::Entity::find()
        .filter(match_run_pair::Column::RunId.eq(run_id))
        .filter(match_run_pair::Column::Vetoed.eq(false))
        .order_by_asc(match_run_pair::Column::Id)
        .all(db)
        .await?;
    let w = engine_weights(weights(db).await?);
    let mut ys: HashMap<i64, Waiting> =
        waiting(db, &RunScope::Everyone, None, now).await?.into_iter().map(|y| (y.user_id, y)).collect();
    let mut ms: HashMap<i64, Available> =
        available(db, None, now).await?.into_iter().map(|m| (m.mentor.key, m)).collect();
    let excluded = excluded_pairs(db).await?;
    let (mut published, mut skipped) = (0, 0);
    let (_, load_at_start) = active_matches(db).await?;
    let mut ours: HashMap<i64, u32> = HashMap::new();
    for chunk in pairs.chunks(WRITE_BATCH / 4) {
        let txn = db.begin().await?;
        // Matches made by hand since the pool was read: lock this chunk's people, then read
        // their active matches again, so nobody is matched twice.
        let ids: Vec<i64> = chunk.iter().flat_map(|p| [p.young_person_id, p.mentor_id]).collect();
        lock_people(&txn, &ids, now).await?;
        let now_active: Vec<(i64, i64)> = mentoring_match::Entity::find()
            .select_only()
            .column(mentoring_match::Column::YoungPersonId)
            .column(mentoring_match::Column::MentorId)
            .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
            .filter(
                Condition::any()
                    .add(mentoring_match::Column::YoungPersonId.is_in(ids.clone()))
                    .add(mentoring_match::Column::MentorId.is_in(ids.clone())),
            )
            .into_tuple()
            .all(&txn)
            .await?;
        let taken: HashSet<i64> = now_active.iter().map(|(y, _)| *y).collect();
        let mut load_now: HashMap<i64, u32> = HashMap::new();
        for (_, m) in &now_active {
            *load_now.entry(*m).or_insert(0) += 1;
        }
        // Others' new matches for a mentor: what is active now, less what was active at the
        // start and what this publication added.
        let others = |m: i64, load_now: &HashMap<i64, u32>, ours: &HashMap<i64, u32>| {
            load_now
                .get(&m)
                .copied()
                .unwrap_or(0)
                .saturating_sub(load_at_start.get(&m).copied().unwrap_or(0) + ours.get(&m).copied().unwrap_or(0))
        };
        for p in chunk {
            let ok = ys.contains_key(&p.young_person_id)
                && !taken.contains(&p.young_person_id)
                && ms.get(&p.mentor_id).is_some_and(|m| m.mentor.capacity > others(p.mentor_id, &load_now, &ours))
                && !excluded.contains(&(p.young_person_id, p.mentor_id));
            if !ok {
                skipped += 1;
                continue;
            }
            let (Some(y), Some(m)) = (ys.remove(&p.young_person_id), ms.get_mut(&p.mentor_id)) else { continue };
            let b = model::score(&w, &y.person, &m.mentor);
            write_match(&txn, &y, m, b.score, &reasons(&b, &y, m), "run", Some(run_id), staff_id, now).await?;
            m.mentor.capacity -= 1;
            *ours.entry(p.mentor_id).or_insert(0) += 1;
            published += 1;
        }
        txn.commit().await?;
    }
    // Mentors who stay in the pool hear why, kindly.
    let unmatched: Vec<i64> = ms.values().filter(|m| m.mentor.capacity > 0).map(|m| m.mentor.key).collect();
    for chunk in unmatched.chunks(WRITE_BATCH / 4) {
        let txn = db.begin().await?;
        for id in chunk {
            notify(
                &txn,
                *id,
                "pool",
                "No match for you this time. You stay in the pool: you could be the best match for the next \
                 young person who joins. Thank you for your patience.",
                "/",
                now,
            )
            .await?;
        }
        txn.commit().await?;
    }
    match_run::Entity::update_many()
        .col_expr(
            match_run::Column::Message,
            sea_orm::sea_query::Expr::value(format!(
                "Published {published} matches{}",
                if skipped > 0 {
                    format!("; {skipped} pairs skipped because someone was no longer available")
                } else {
                    String::new()
                }
            )),
        )
        .filter(match_run::Column::Id.eq(run_id))
        .exec(db)
        .await?;
    Ok((published, skipped))
}

/// Discards a draft.
pub async fn discard(db: &impl ConnectionTrait, run_id: i64) -> Result<(), ServiceError> {
    let r = match_run::Entity::update_many()
        .col_expr(match_run::Column::Status, sea_orm::sea_query::Expr::value(RunStatus::Discarded))
        .filter(match_run::Column::Id.eq(run_id))
        .filter(match_run::Column::Status.eq(RunStatus::Draft))
        .exec(db)
        .await?;
    if r.rows_affected == 0 {
        return Err(ServiceError::field("form", "Only a draft can be discarded"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The match, for participants

/// The person's current match, if any.
pub async fn my_match(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<MyMatch>, ServiceError> {
    let Some(m) = active_for(db, user_id).await? else { return Ok(None) };
    let mentor_side = m.mentor_id == user_id;
    let other_id = if mentor_side { m.young_person_id } else { m.mentor_id };
    let other = user::Entity::find_by_id(other_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let young = if mentor_side {
        other.clone()
    } else {
        user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?
    };
    let about = if mentor_side {
        let a = yp_application::Entity::find().filter(yp_application::Column::UserId.eq(other_id)).one(db).await?;
        a.map(|a| format!("Wants help with: {}", a.goals)).unwrap_or_default()
    } else {
        let p = mentor_profile::Entity::find().filter(mentor_profile::Column::UserId.eq(other_id)).one(db).await?;
        p.map(|p| format!("{}, {}", p.job_title, p.sector)).unwrap_or_default()
    };
    let via_coordinator = if young.under_18_on(now.date_naive()) {
        match young.partner_id {
            Some(p) => partner_organisation::Entity::find_by_id(p).one(db).await?.map(|p| p.name),
            None => None,
        }
    } else {
        None
    };
    let overdue = crate::relationships::overdue_for(db, &m, now).await?;
    Ok(Some(MyMatch {
        match_id: m.id,
        overdue,
        with: first_name(&other.name),
        about,
        start_date: day(m.start_date),
        planned_end: day(m.planned_end),
        reasons: if mentor_side { Vec::new() } else { m.reasons.lines().filter_map(reason_for_young_person).collect() },
        via_coordinator,
    }))
}

/// The participant's match and latest notifications, for their dashboard.
pub async fn match_card(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<domain::matching::MatchCard, ServiceError> {
    let current = my_match(db, user_id, now).await?;
    let offer_new_match = current.is_none() && crate::relationships::mentor_resting(db, user_id).await?;
    Ok(domain::matching::MatchCard {
        current,
        notifications: notifications(db, user_id, 5).await?,
        last_match: crate::relationships::match_of(db, user_id).await?,
        offer_new_match,
    })
}

/// Either side (or staff) asks to end the match and be matched again. The match closes at
/// once; the pair is never proposed again; the young person returns to the waiting pool and
/// the mentor's place frees up.
pub async fn request_rematch(
    db: &DatabaseConnection,
    requester: i64,
    is_staff: bool,
    match_id: i64,
    input: &RematchInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let (reason, note) = input.validate().map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    let m = mentoring_match::Entity::find_by_id(match_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if !is_staff && m.young_person_id != requester && m.mentor_id != requester {
        return Err(ServiceError::NotFound);
    }
    let closed = mentoring_match::Entity::update_many()
        .col_expr(mentoring_match::Column::Status, sea_orm::sea_query::Expr::value(MatchStatus::Closed))
        .col_expr(mentoring_match::Column::ClosedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(mentoring_match::Column::ClosedReason, sea_orm::sea_query::Expr::value(REMATCH))
        .filter(mentoring_match::Column::Id.eq(match_id))
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .exec(&txn)
        .await?;
    if closed.rows_affected == 0 {
        return Err(ServiceError::field("form", "This match has already ended"));
    }
    sync_placed(&txn, m.young_person_id).await?;
    rematch_request::ActiveModel {
        match_id: Set(match_id),
        requested_by: Set(Some(requester)),
        reason: Set(reason.as_str().into()),
        note: Set(note),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (who, text) in [
        (
            m.young_person_id,
            "Your match has ended so that we can find you a new mentor. You are back in the queue, and your time waiting counts.",
        ),
        (
            m.mentor_id,
            "Your match has ended at a request for a new match. Thank you for your time: you are back in the pool for the next young person.",
        ),
    ] {
        notify(&txn, who, "rematch", text, "/", now).await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::reason_for_young_person as yp;

    #[test]
    fn a_young_person_reads_why_in_their_own_words() {
        assert_eq!(yp("Waiting 0 days"), None);
        assert_eq!(yp("Covers none of the young person's goals"), None);
        assert_eq!(
            yp("Covers 1 of 2 goals: CV and interviews").as_deref(),
            Some("Their experience fits your goals: CV and interviews")
        );
        assert_eq!(
            yp("Works in Technology, a sector they are curious about").as_deref(),
            Some("Works in Technology, a sector you are curious about")
        );
        assert_eq!(yp("Both free: Weekday evenings").as_deref(), Some("You are both free: Weekday evenings"));
        assert_eq!(yp("Can meet in person in London").as_deref(), Some("You can meet in person in London"));
        assert_eq!(yp("Both speak Welsh").as_deref(), Some("You both speak Welsh"));
        assert_eq!(yp("Covers Build confidence").as_deref(), Some("Their experience fits your goal: Build confidence"));
    }
}

#[cfg(test)]
mod pool_tests {
    use super::*;
    use crate::testing::{Backend, TestDb, match_row};
    use rand::{Rng, SeedableRng};
    use std::collections::BTreeSet;

    /// Young people of every shape the pool's rule reads (account, age or none, coordinator's
    /// confirmation, induction, pre-evaluation, each kind of match), drawn at random: the SQL
    /// the staff pages count and page the pool with picks exactly the people the matching
    /// pool (the Rust rule) does.
    async fn the_sql_pool_is_the_rust_pool(t: TestDb) {
        let db = &t.db;
        let now = Utc::now();
        let today = now.date_naive();
        let mut rng = rand::rngs::StdRng::seed_from_u64(29);
        let induction = workshop::ActiveModel {
            kind: Set(WorkshopKind::MenteeInduction.as_str().into()),
            title: Set("Induction".into()),
            starts_at: Set(now.naive_utc() - chrono::Duration::days(3)),
            minutes: Set(60),
            online: Set(true),
            location: Set(String::new()),
            capacity: Set(500),
            booked: Set(0),
            cancelled: Set(false),
            created_by: Set(None),
            created_at: Set(now),
            audience: Set(None),
            partner_id: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("induction");
        let mentor = user::ActiveModel {
            email: Set("mentor@pool.example".into()),
            name: Set("Mentor".into()),
            role: Set(Role::Mentor.as_str().into()),
            password_hash: Set(String::new()),
            disabled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("mentor");
        for i in 0..160 {
            let age: Option<u32> = match rng.gen_range(0..5) {
                0 => None,
                1 | 2 => Some(rng.gen_range(14..18)),
                _ => Some(rng.gen_range(18..26)),
            };
            let role = if rng.gen_ratio(1, 12) { Role::Mentor } else { Role::YoungPerson };
            let u = user::ActiveModel {
                email: Set(format!("young{i}@pool.example")),
                name: Set(format!("Young {i}")),
                date_of_birth: Set(age.and_then(|a| today.checked_sub_months(Months::new(a * 12 + 1)))),
                role: Set(role.as_str().into()),
                password_hash: Set(String::new()),
                disabled: Set(rng.gen_ratio(1, 12)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("young person");
            yp_application::ActiveModel {
                user_id: Set(u.id),
                goals: Set("Build confidence".into()),
                interests: Set(String::new()),
                region: Set("London".into()),
                format: Set("online".into()),
                availability: Set(String::new()),
                accessibility: Set(String::new()),
                languages: Set(String::new()),
                submitted_at: Set(now - chrono::Duration::days(i64::from(i))),
                confirmed_at: Set(rng.gen_bool(0.5).then_some(now)),
                confirmed_by: Set(None),
                placed: Set(false),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("application");
            if rng.gen_ratio(4, 5) {
                evaluation::ActiveModel {
                    user_id: Set(u.id),
                    kind: Set(EvaluationKind::Pre.as_str().into()),
                    version: Set("v1".into()),
                    started_at: Set(now),
                    completed_at: Set(rng.gen_ratio(7, 8).then_some(now)),
                    ..Default::default()
                }
                .insert(db)
                .await
                .expect("pre-evaluation");
            }
            if rng.gen_bool(0.5) {
                let status = if rng.gen_ratio(3, 4) { BookingStatus::Attended } else { BookingStatus::Booked };
                workshop_booking::ActiveModel {
                    workshop_id: Set(induction.id),
                    user_id: Set(u.id),
                    status: Set(status),
                    queued_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await
                .expect("booking");
            }
            let (status, reason) = match rng.gen_range(0..8) {
                0 => (MatchStatus::Active, None),
                1 => (MatchStatus::Closed, Some(REMATCH)),
                2 => (MatchStatus::Closed, Some("completed")),
                _ => continue,
            };
            match_row(u.id, mentor.id, status, reason, now).insert(db).await.expect("match");
            sync_placed(db, u.id).await.expect("placed");
        }
        let by_rust: BTreeSet<i64> =
            waiting(db, &RunScope::Everyone, None, now).await.expect("pool").iter().map(|w| w.user_id).collect();
        let (page, more) = waiting_page(db, None, 1_000, now).await.expect("page");
        assert!(more.is_none());
        let by_sql: BTreeSet<i64> = page.iter().map(|r| r.user_id).collect();
        assert_eq!(by_sql, by_rust);
        assert_eq!(waiting_count(db, now).await.expect("count"), by_rust.len());
        // The SQL checks the matches itself too, not only the `placed` flag that leads it:
        // with every flag cleared it still picks the same people.
        yp_application::Entity::update_many()
            .col_expr(yp_application::Column::Placed, sea_orm::sea_query::Expr::value(false))
            .exec(db)
            .await
            .expect("clear the flags");
        let (page, _) = waiting_page(db, None, 1_000, now).await.expect("page");
        assert_eq!(page.iter().map(|r| r.user_id).collect::<BTreeSet<i64>>(), by_rust, "without the placed flag");
        // The draw covers both sides of the rule: some wait, most do not.
        assert!(by_rust.len() >= 10 && by_rust.len() <= 100, "{} waiting of 160", by_rust.len());
    }

    #[tokio::test]
    async fn the_sql_pool_is_the_rust_pool_on_sqlite() {
        the_sql_pool_is_the_rust_pool(TestDb::new(Backend::Sqlite).await.expect("sqlite")).await;
    }

    #[tokio::test]
    async fn the_sql_pool_is_the_rust_pool_on_postgres() {
        the_sql_pool_is_the_rust_pool(TestDb::new(Backend::Postgres).await.expect("PostgreSQL must be running")).await;
    }
}
