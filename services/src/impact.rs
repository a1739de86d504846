//! Impact: pairing a young person's pre and end evaluations, and the reports (per theme and
//! per item, what young people want, workshop feedback and NPS). Every figure is aggregated in
//! the database (sums and counts over one row per pair); the statistics are then computed
//! from those sums by `domain::stats`.

use crate::ServiceError;
use crate::entities::{evaluation, evaluation_pair, user, yp_application};
use chrono::{DateTime, Datelike, TimeZone, Utc};
use domain::application::GOALS;
use domain::evaluation::{EvaluationKind, Theme};
use domain::impact::{ImpactReport, ImpactRow, MIN_GROUP, ValidFilter, WorkshopSummary, age_group};
use domain::stats::{PairedSums, nps, paired};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Set,
    Statement, Value,
};

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

/// Column `i` of an aggregate row as a number: SQL gives NULL for a sum over no rows.
pub(crate) fn number(row: &sea_orm::QueryResult, i: usize) -> Result<f64, ServiceError> {
    Ok(row.try_get_by_index::<Option<f64>>(i)?.unwrap_or(0.0))
}

/// Builds parameterised SQL for either backend ($1.. for PostgreSQL, ? for SQLite).
pub(crate) struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub(crate) fn new(backend: DbBackend) -> Sql {
        Sql { backend, text: String::new(), values: Vec::new() }
    }

    pub(crate) fn push(&mut self, s: &str) -> &mut Sql {
        self.text.push_str(s);
        self
    }

    pub(crate) fn bind(&mut self, v: impl Into<Value>) -> &mut Sql {
        self.values.push(v.into());
        if self.backend == DbBackend::Postgres {
            let n = self.values.len();
            self.text.push_str(&format!("${n}"));
        } else {
            self.text.push('?');
        }
        self
    }

    pub(crate) fn statement(&self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text.clone(), self.values.clone())
    }
}

/// The sums of one before/after column pair, as SQL select expressions (7 values). A pair
/// row always has both answers of a position or neither, so COUNT of one counts the pairs.
/// SQLite sums comparisons directly (they are 0 or 1), which is much cheaper than CASE.
fn sums_sql(backend: DbBackend, b: &str, a: &str) -> String {
    let d = format!("({a} - {b})");
    let (up, down) = match backend {
        DbBackend::Postgres => {
            (format!("CASE WHEN {a} > {b} THEN 1 ELSE 0 END"), format!("CASE WHEN {a} < {b} THEN 1 ELSE 0 END"))
        }
        _ => (format!("{a} > {b}"), format!("{a} < {b}")),
    };
    format!(
        "CAST(COUNT({a}) AS DOUBLE PRECISION), \
         CAST(SUM({b}) AS DOUBLE PRECISION), CAST(SUM({a}) AS DOUBLE PRECISION), CAST(SUM({d}) AS DOUBLE PRECISION), \
         CAST(SUM({d} * {d}) AS DOUBLE PRECISION), CAST(SUM({up}) AS DOUBLE PRECISION), \
         CAST(SUM({down}) AS DOUBLE PRECISION)"
    )
}

/// The young people an employer's employees have mentored (ids are numbers, never request
/// text, so they go into the SQL as they are).
fn mentored_by_employees(employer: i64) -> String {
    format!(
        "(SELECT young_person_id FROM matches WHERE mentor_id IN \
         (SELECT id FROM users WHERE role = 'mentor' AND partner_id = {employer}))"
    )
}

/// Whose pairs a partner's report covers: a school's or youth partner's own young people, or
/// for an employer the young people its employees mentored.
#[derive(Clone, Copy)]
pub(crate) enum Scope {
    Everyone,
    Partner(i64),
    Employer(i64),
}

/// The scope of a report limited to `partner_scope` (a coordinator's view), or everyone.
pub(crate) async fn scope_of(db: &impl ConnectionTrait, partner_scope: Option<i64>) -> Result<Scope, ServiceError> {
    Ok(match partner_scope {
        None => Scope::Everyone,
        Some(p) => match crate::partners::find(db, p).await?.kind {
            crate::partners::PartnerKind::Employer => Scope::Employer(p),
            _ => Scope::Partner(p),
        },
    })
}

fn where_clause(sql: &mut Sql, version: &str, f: &ValidFilter, scope: Scope) {
    sql.push(" WHERE version = ").bind(version);
    filters(sql, f, scope);
}

/// The report's filters and scope as `AND` conditions on a table with the columns of a pair's
/// place (`year`, `cohort`, `region`, `partner_id`, `age_group`, `user_id`).
pub(crate) fn filters(sql: &mut Sql, f: &ValidFilter, scope: Scope) {
    if let Some(y) = f.year {
        sql.push(" AND year = ").bind(y);
    }
    if let Some(c) = f.cohort {
        sql.push(" AND cohort = ").bind(c);
    }
    if let Some(r) = &f.region {
        sql.push(" AND region = ").bind(r.clone());
    }
    match (scope, f.partner) {
        (Scope::Employer(p), _) => {
            sql.push(" AND user_id IN ").push(&mentored_by_employees(p));
        }
        (Scope::Partner(p), _) | (Scope::Everyone, Some(p)) => {
            sql.push(" AND partner_id = ").bind(p);
        }
        (Scope::Everyone, None) => {}
    }
    if let Some(a) = &f.age_group {
        sql.push(" AND age_group = ").bind(a.clone());
    }
}

fn year_range(y: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single().unwrap_or_default();
    let end = Utc.with_ymd_and_hms(y + 1, 1, 1, 0, 0, 0).single().unwrap_or_default();
    (start, end)
}

/// The impact report. `partner_scope` limits it to one partner's young people (a
/// coordinator's view), and then a group smaller than [`MIN_GROUP`] shows nothing.
pub async fn report(
    db: &impl ConnectionTrait,
    f: &ValidFilter,
    partner_scope: Option<i64>,
    scope: &str,
) -> Result<ImpactReport, ServiceError> {
    let backend = db.get_database_backend();
    // One instrument version at a time: pairs of different versions never mix.
    let instrument = match &f.instrument {
        Some(v) => crate::instruments::by_version(db, v).await.map_err(|e| match e {
            ServiceError::NotFound => ServiceError::field("instrument", "Choose a questionnaire from the list"),
            e => e,
        })?,
        None => crate::instruments::active(db).await?,
    };
    let version = instrument.version.as_str();
    let covers = scope_of(db, partner_scope).await?;
    let mut cols: Vec<String> =
        (1..=3).map(|t| sums_sql(backend, &format!("theme{t}_before"), &format!("theme{t}_after"))).collect();
    for pos in 1..=instrument.items.len() {
        cols.push(sums_sql(backend, &format!("b{pos}"), &format!("a{pos}")));
    }
    // The sums in two halves and the goals in a third query, run at once: on a pooled
    // database each goes to its own connection (and core).
    let first_half = cols.len().div_ceil(2);
    let mut first = Sql::new(backend);
    first.push("SELECT CAST(COUNT(*) AS DOUBLE PRECISION), ").push(&cols[..first_half].join(", "));
    first.push(" FROM evaluation_pairs");
    where_clause(&mut first, version, f, covers);
    let mut second = Sql::new(backend);
    second.push("SELECT ").push(&cols[first_half..].join(", ")).push(" FROM evaluation_pairs");
    where_clause(&mut second, version, f, covers);

    // What young people want: share of applications choosing each goal.
    let mut w = Sql::new(backend);
    w.push("SELECT CAST(COUNT(*) AS DOUBLE PRECISION)");
    for g in GOALS {
        w.push(", CAST(SUM(CASE WHEN a.goals LIKE ")
            .bind(format!("%{g}%"))
            .push(" THEN 1 ELSE 0 END) AS DOUBLE PRECISION)");
    }
    w.push(" FROM yp_applications a JOIN users u ON u.id = a.user_id WHERE 1 = 1");
    if let Some(y) = f.year {
        let (from, to) = year_range(y);
        w.push(" AND a.submitted_at >= ").bind(from).push(" AND a.submitted_at < ").bind(to);
    }
    match (covers, f.partner) {
        (Scope::Employer(p), _) => {
            w.push(" AND a.user_id IN ").push(&mentored_by_employees(p));
        }
        (Scope::Partner(p), _) | (Scope::Everyone, Some(p)) => {
            w.push(" AND u.partner_id = ").bind(p);
        }
        (Scope::Everyone, None) => {}
    }
    let started = std::time::Instant::now();
    let (a, b, wrow) = tokio::join!(
        db.query_one_raw(first.statement()),
        db.query_one_raw(second.statement()),
        db.query_one_raw(w.statement())
    );
    if std::env::var_os("TANDEM_REPORT_TIMING").is_some() {
        eprintln!("report: aggregates {:.3} s", started.elapsed().as_secs_f64());
    }
    let (a, b) = (a?.ok_or(ServiceError::NotFound)?, b?.ok_or(ServiceError::NotFound)?);
    let wrow = wrow?.ok_or(ServiceError::NotFound)?;
    // Column i of the whole result: the count, then 7 per block across the two halves.
    let get = |i: usize| -> Result<f64, ServiceError> {
        let split = 1 + first_half * 7;
        if i < split { number(&a, i) } else { number(&b, i - split) }
    };
    let pairs = get(0)? as u64;
    let sums = |block: usize| -> Result<PairedSums, ServiceError> {
        let base = 1 + block * 7;
        let n = get(base)? as u64;
        let (improved, worse) = (get(base + 5)? as u64, get(base + 6)? as u64);
        Ok(PairedSums {
            n,
            sum_before: get(base + 1)?,
            sum_after: get(base + 2)?,
            sum_change: get(base + 3)?,
            sum_change_sq: get(base + 4)?,
            improved,
            unchanged: n.saturating_sub(improved + worse),
            worse,
        })
    };
    let suppressed = partner_scope.is_some() && pairs < MIN_GROUP;
    let mut themes = Vec::new();
    for (i, t) in Theme::ALL.into_iter().enumerate() {
        let result = if suppressed { None } else { paired(&sums(i)?) };
        themes.push(ImpactRow { label: t.label().into(), theme: t.label().into(), result });
    }
    let mut items = Vec::new();
    for (i, it) in instrument.items.iter().enumerate() {
        let result = if suppressed { None } else { paired(&sums(3 + i)?) };
        let label = if it.reverse { format!("{} (reverse-scored)", it.text) } else { it.text.clone() };
        items.push(ImpactRow { label, theme: it.theme.label().into(), result });
    }
    let wget = |i: usize| number(&wrow, i);
    let applications = wget(0)? as u64;
    let small = partner_scope.is_some() && applications < MIN_GROUP;
    let mut wants = Vec::new();
    if applications > 0 && !small {
        for (i, g) in GOALS.iter().enumerate() {
            wants.push((g.to_string(), 100.0 * wget(i + 1)? / applications as f64));
        }
    }

    // Programme NPS from exit surveys, and workshop feedback (staff only: partners' groups
    // are reported through their young people's evaluations).
    let (nps_result, workshops) = if partner_scope.is_some() {
        (None, None)
    } else {
        let mut n = Sql::new(backend);
        n.push("SELECT nps, CAST(COUNT(*) AS DOUBLE PRECISION) FROM exit_surveys GROUP BY nps");
        let mut counts = [0u64; 11];
        for r in db.query_all_raw(n.statement()).await? {
            let score: i32 = r.try_get_by_index(0)?;
            let c: f64 = r.try_get_by_index(1)?;
            if let Some(slot) = counts.get_mut(score.clamp(0, 10) as usize) {
                *slot += c as u64;
            }
        }
        let mut wf = Sql::new(backend);
        wf.push(
            "SELECT CAST(COUNT(*) AS DOUBLE PRECISION), \
             CAST(SUM(CASE WHEN rating >= 3 THEN 1 ELSE 0 END) AS DOUBLE PRECISION), \
             CAST(SUM(CASE WHEN would_recommend THEN 1 ELSE 0 END) AS DOUBLE PRECISION) FROM workshop_feedback",
        );
        let wr = db.query_one_raw(wf.statement()).await?.ok_or(ServiceError::NotFound)?;
        let g = |i: usize| number(&wr, i);
        let total = g(0)?;
        let workshops = (total > 0.0).then(|| WorkshopSummary {
            n: total as u64,
            good_to_excellent_pct: 100.0 * g(1).unwrap_or(0.0) / total,
            would_recommend_pct: 100.0 * g(2).unwrap_or(0.0) / total,
        });
        (nps(&counts), workshops)
    };
    Ok(ImpactReport {
        scope: scope.to_string(),
        version: instrument.version.clone(),
        instrument: instrument.name.clone(),
        points: instrument.points(),
        instruments: crate::instruments::versions(db).await?,
        pairs: if suppressed { 0 } else { pairs },
        suppressed,
        themes,
        items,
        wants,
        applications,
        nps: nps_result,
        workshops,
        funnel: None,
        destinations: crate::destinations::report_in(db, f, covers).await?,
        opportunities: None,
    })
}

/// Evaluations completed of each kind (for the report's header).
pub async fn completed_count(db: &impl ConnectionTrait, kind: EvaluationKind) -> Result<u64, ServiceError> {
    use sea_orm::PaginatorTrait;
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::Kind.eq(kind.as_str()))
        .filter(evaluation::Column::CompletedAt.is_not_null())
        .count(db)
        .await?)
}

/// The report as `role` may see it: staff everything; a coordinator (or employer lead) their
/// own organisation only, whatever partner filter they send.
pub async fn scoped_report(
    db: &impl ConnectionTrait,
    role: domain::Role,
    partner_id: Option<i64>,
    f: &ValidFilter,
    now: DateTime<Utc>,
) -> Result<ImpactReport, ServiceError> {
    match role {
        domain::Role::Staff => {
            let scope = match f.partner {
                Some(p) => crate::entities::partner_organisation::Entity::find_by_id(p)
                    .one(db)
                    .await?
                    .map(|p| p.name)
                    .unwrap_or_else(|| "an unknown partner".into()),
                None => "Everyone".to_string(),
            };
            let mut r = report(db, f, None, &f.heading(&scope)).await?;
            r.funnel = Some(crate::figures::mentor_funnel(db, now).await?);
            r.opportunities = Some(crate::opportunities::report_for(db, f.partner).await?);
            Ok(r)
        }
        domain::Role::Coordinator => {
            let p = partner_id.ok_or(ServiceError::Forbidden)?;
            let name = crate::entities::partner_organisation::Entity::find_by_id(p)
                .one(db)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            let own = ValidFilter { partner: None, ..f.clone() };
            let mut r = report(db, &own, Some(p), &own.heading(&name)).await?;
            // An employer's lead sees their own posts' take-up.
            if let Some(org) = crate::entities::partner_organisation::Entity::find_by_id(p).one(db).await?
                && crate::partners::PartnerKind::parse(&org.kind) == Some(crate::partners::PartnerKind::Employer)
            {
                r.opportunities = Some(crate::opportunities::report_for(db, Some(p)).await?);
            }
            Ok(r)
        }
        _ => Err(ServiceError::Forbidden),
    }
}

pub(crate) async fn count(db: &impl ConnectionTrait, sql: &str) -> Result<u64, ServiceError> {
    let backend = db.get_database_backend();
    let row =
        db.query_one_raw(Statement::from_string(backend, sql.to_string())).await?.ok_or(ServiceError::NotFound)?;
    Ok(number(&row, 0)? as u64)
}

/// The mentor funnel and the young people's wait for a first meeting. Staff only.
pub async fn funnel(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<domain::impact::Funnel, ServiceError> {
    funnel_for(db, None, now).await
}

/// The funnel for every mentor, or for one employer's employees who mentor.
pub async fn funnel_for(
    db: &impl ConnectionTrait,
    employer: Option<i64>,
    now: DateTime<Utc>,
) -> Result<domain::impact::Funnel, ServiceError> {
    // The employer's mentors, as a filter on a mentor-id column (ids are numbers, never text
    // from a request, so they go into the SQL as they are).
    let only = |col: &str| match employer {
        Some(p) => format!(" AND {col} IN (SELECT id FROM users WHERE role = 'mentor' AND partner_id = {p})"),
        None => String::new(),
    };
    let mentor = match employer {
        Some(p) => format!("(SELECT id FROM users WHERE role = 'mentor' AND partner_id = {p})"),
        None => "(SELECT id FROM users WHERE role = 'mentor')".to_string(),
    };
    let steps = [
        (
            "Registered",
            format!("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM users WHERE role = 'mentor'{}", only("id")),
        ),
        (
            "Trained",
            format!(
                "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM (SELECT q.user_id FROM quiz_attempts q WHERE q.passed \
                 AND q.user_id IN {mentor} GROUP BY q.user_id \
                 HAVING COUNT(DISTINCT q.module_id) >= (SELECT COUNT(*) FROM training_modules)) t"
            ),
        ),
        (
            "Workshop attended",
            format!(
                "SELECT CAST(COUNT(DISTINCT b.user_id) AS DOUBLE PRECISION) FROM workshop_bookings b \
                 JOIN workshops w ON w.id = b.workshop_id WHERE w.kind = 'mentor_workshop' AND b.status = 'attended'{}",
                only("b.user_id")
            ),
        ),
        (
            "Approved",
            format!(
                "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM mentor_checks WHERE status = 'approved'{}",
                only("user_id")
            ),
        ),
        (
            "Matched",
            format!(
                "SELECT CAST(COUNT(DISTINCT mentor_id) AS DOUBLE PRECISION) FROM matches WHERE 1 = 1{}",
                only("mentor_id")
            ),
        ),
        (
            "Active",
            format!(
                "SELECT CAST(COUNT(DISTINCT mentor_id) AS DOUBLE PRECISION) FROM matches WHERE status = 'active'{}",
                only("mentor_id")
            ),
        ),
        (
            "Completed a mentoring",
            format!(
                "SELECT CAST(COUNT(DISTINCT mentor_id) AS DOUBLE PRECISION) FROM matches WHERE status = 'closed' \
                 AND closed_reason IN ('completed', 'goals_met'){}",
                only("mentor_id")
            ),
        ),
    ];
    let mut mentors = Vec::new();
    for (label, sql) in steps {
        mentors.push((label.to_string(), count(db, &sql).await?));
    }
    // Joined more than two weeks ago and not trained (the course's target).
    let mut late = user::Entity::find()
        .filter(user::Column::Role.eq(domain::Role::Mentor.as_str()))
        .filter(user::Column::CreatedAt.lt(now - chrono::Duration::days(domain::training::TARGET_DAYS)))
        .filter(sea_orm::sea_query::Expr::cust(
            "users.id NOT IN (SELECT q.user_id FROM quiz_attempts q WHERE q.passed GROUP BY q.user_id \
             HAVING COUNT(DISTINCT q.module_id) >= (SELECT COUNT(*) FROM training_modules))",
        ));
    if let Some(p) = employer {
        late = late.filter(user::Column::PartnerId.eq(p));
    }
    let training_overdue = late.count(db).await?;
    // Days from a young person's sign-up to their first logged session, as a histogram built
    // in the database (one row per distinct number of days), from which the median follows.
    let days = match db.get_database_backend() {
        DbBackend::Postgres => "(MIN(s.held_on) - CAST(MIN(u.created_at) AS DATE))",
        _ => "CAST(julianday(MIN(s.held_on)) - julianday(date(MIN(u.created_at))) AS INTEGER)",
    };
    let sql = format!(
        "SELECT d, CAST(COUNT(*) AS DOUBLE PRECISION) FROM (SELECT {days} AS d FROM matches m \
         JOIN users u ON u.id = m.young_person_id JOIN mentoring_sessions s ON s.match_id = m.id \
         WHERE 1 = 1{} GROUP BY m.young_person_id) t GROUP BY d ORDER BY d",
        only("m.mentor_id")
    );
    let mut histogram: Vec<(i64, u64)> = Vec::new();
    for r in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
        let d: i64 = r.try_get_by_index::<Option<i32>>(0)?.map(i64::from).unwrap_or(0);
        let c: f64 = r.try_get_by_index(1)?;
        histogram.push((d, c as u64));
    }
    Ok(domain::impact::Funnel {
        mentors,
        median_days_to_first_meeting: domain::impact::median_of_histogram(&histogram),
        young_people_met: histogram.iter().map(|h| h.1).sum(),
        training_overdue,
        as_of: None,
    })
}

/// Minutes of mentoring an employer's employees have given: confirmed sessions only.
pub async fn minutes_given(db: &impl ConnectionTrait, employer: i64) -> Result<u64, ServiceError> {
    let sql = format!(
        "SELECT CAST(SUM(s.minutes) AS DOUBLE PRECISION) FROM mentoring_sessions s JOIN matches m ON m.id = s.match_id \
         WHERE s.confirmed_at IS NOT NULL AND m.mentor_id IN \
         (SELECT id FROM users WHERE role = 'mentor' AND partner_id = {employer})"
    );
    let backend = db.get_database_backend();
    let row = db.query_one_raw(Statement::from_string(backend, sql)).await?.ok_or(ServiceError::NotFound)?;
    Ok(number(&row, 0)? as u64)
}
