//! Impact: the reports (per theme and
//! per item, what young people want, workshop feedback and NPS). Every figure is aggregated in
//! the database (sums and counts over one row per pair); the statistics are then computed
//! from those sums by `domain::stats`.

use crate::ServiceError;
use crate::entities::evaluation;
use crate::reporting::{Scope, Sql, filters, mentored_by_employees, number, scope_of};
use chrono::{DateTime, TimeZone, Utc};
use domain::applications::GOALS;
use domain::evaluations::{EvaluationKind, Theme};
use domain::impact::{ImpactReport, ImpactRow, MIN_GROUP, ValidFilter, WorkshopSummary};
use domain::stats::{PairedSums, nps, paired};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter};

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

fn where_clause(sql: &mut Sql, version: &str, f: &ValidFilter, scope: Scope) {
    sql.push(" WHERE version = ").bind(version);
    filters(sql, f, scope);
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

fn year_range(y: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single().unwrap_or_default();
    let end = Utc.with_ymd_and_hms(y + 1, 1, 1, 0, 0, 0).single().unwrap_or_default();
    (start, end)
}
