//! Equality monitoring answers. This module is the only reader of `equality_answers`: the
//! person's own answers (their form and download), saving them, and the staff report's
//! counts per group, each hidden below 5 people. No view of one person (a profile, an
//! application, a match, a cohort, the People list) is built from it, and matching never
//! reads it.

use crate::ServiceError;
use crate::entities::equality_answer;
use crate::people::Account;
use crate::reporting::Sql;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::equality::{
    EqualityAnswers, EqualityReport, QUESTIONS, Question, ReachRow, ReachTable, SplitRow, SplitTable, shown,
};
use domain::evaluations::Theme;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use std::collections::HashMap;

fn answers_of(m: &equality_answer::Model) -> EqualityAnswers {
    let all = [
        ("ethnic_group", &m.ethnic_group),
        ("sex", &m.sex),
        ("gender_same", &m.gender_same),
        ("disability", &m.disability),
        ("free_school_meals", &m.free_school_meals),
        ("first_in_family", &m.first_in_family),
        ("employment", &m.employment),
        ("work_sector", &m.work_sector),
    ];
    EqualityAnswers(all.into_iter().filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v))).collect())
}

/// The person's own answers (empty when they have given none).
pub async fn mine(db: &impl ConnectionTrait, user_id: i64) -> Result<EqualityAnswers, ServiceError> {
    Ok(equality_answer::Entity::find_by_id(user_id).one(db).await?.map(|m| answers_of(&m)).unwrap_or_default())
}

/// Saves the person's answers (question name, chosen key; empty is unanswered): only young
/// people and mentors are asked. Leaving every question unanswered removes the record.
pub async fn save(
    db: &impl ConnectionTrait,
    me: &Account,
    sent: &[(&str, Option<String>)],
    now: DateTime<Utc>,
) -> Result<EqualityAnswers, ServiceError> {
    if !matches!(me.role, Role::YoungPerson | Role::Mentor) {
        return Err(ServiceError::Forbidden);
    }
    let answers = EqualityAnswers::parse(me.role, sent).map_err(ServiceError::Validation)?;
    let existing = equality_answer::Entity::find_by_id(me.id).one(db).await?;
    if answers.is_empty() {
        if existing.is_some() {
            equality_answer::Entity::delete_by_id(me.id).exec(db).await?;
        }
        return Ok(answers);
    }
    let a = |k: &str| Set(answers.get(k).map(str::to_owned));
    let row = equality_answer::ActiveModel {
        user_id: Set(me.id),
        ethnic_group: a("ethnic_group"),
        sex: a("sex"),
        gender_same: a("gender_same"),
        disability: a("disability"),
        free_school_meals: a("free_school_meals"),
        first_in_family: a("first_in_family"),
        employment: a("employment"),
        work_sector: a("work_sector"),
        updated_at: Set(now),
    };
    if existing.is_some() {
        row.update(db).await?;
    } else {
        row.insert(db).await?;
    }
    Ok(answers)
}

/// Counts per answer of one question (the key, or none for unanswered), summed into the
/// question's report groups, in order, each count shown from 5.
fn by_group(q: &Question, raw: &[(Option<String>, Vec<u64>)], width: usize) -> Vec<(&'static str, Vec<u64>)> {
    let mut sums: HashMap<&'static str, Vec<u64>> = HashMap::new();
    for (key, counts) in raw {
        let g = sums.entry(q.group_of(key.as_deref())).or_insert_with(|| vec![0; width]);
        for (s, c) in g.iter_mut().zip(counts) {
            *s += c;
        }
    }
    q.groups().into_iter().map(|g| (g, sums.remove(g).unwrap_or_else(|| vec![0; width]))).collect()
}

async fn counts(
    db: &impl ConnectionTrait,
    sql: &Sql,
    width: usize,
) -> Result<Vec<(Option<String>, Vec<u64>)>, ServiceError> {
    let mut out = Vec::new();
    for r in db.query_all_raw(sql.statement()).await? {
        let key = r.try_get_by_index::<Option<String>>(0)?;
        let mut c = Vec::with_capacity(width);
        for i in 1..=width {
            c.push(crate::reporting::number(&r, i)?.max(0.0) as u64);
        }
        out.push((key, c));
    }
    Ok(out)
}

fn count(expr: &str) -> String {
    format!("CAST(SUM(CASE WHEN {expr} THEN 1 ELSE 0 END) AS DOUBLE PRECISION)")
}

/// Whom the programme reaches (young people who applied, were matched and finished; mentors
/// who signed up, were approved and were matched) and the share of young people whose theme
/// scores went up, by each question's groups. Every count below 5 is hidden.
pub async fn report(db: &impl ConnectionTrait) -> Result<EqualityReport, ServiceError> {
    let backend = db.get_database_backend();
    let version = crate::instruments::active(db).await?.version;
    let mut report = EqualityReport::default();
    for q in QUESTIONS {
        let col = q.name;
        if q.asked.includes(Role::YoungPerson) {
            let mut sql = Sql::new(backend);
            sql.push(&format!(
                "SELECT e.{col}, CAST(COUNT(*) AS DOUBLE PRECISION), {}, {} FROM yp_applications a \
                 LEFT JOIN equality_answers e ON e.user_id = a.user_id GROUP BY e.{col}",
                count("EXISTS (SELECT 1 FROM matches m WHERE m.young_person_id = a.user_id)"),
                count(
                    "EXISTS (SELECT 1 FROM matches m WHERE m.young_person_id = a.user_id \
                     AND m.status = 'closed' AND m.closed_reason = 'completed')"
                ),
            ));
            let raw = counts(db, &sql, 3).await?;
            report.young_people.push(reach(&q, &raw, &["Applied", "Matched", "Finished mentoring"]));

            let mut sql = Sql::new(backend);
            sql.push(&format!(
                "SELECT e.{col}, CAST(COUNT(*) AS DOUBLE PRECISION), {}, {}, {} FROM evaluation_pairs p \
                 LEFT JOIN equality_answers e ON e.user_id = p.user_id WHERE p.version = ",
                count("p.theme1_after > p.theme1_before"),
                count("p.theme2_after > p.theme2_before"),
                count("p.theme3_after > p.theme3_before"),
            ));
            sql.bind(version.clone()).push(&format!(" GROUP BY e.{col}"));
            let raw = counts(db, &sql, 4).await?;
            report.impact.push(SplitTable {
                question: q.short.into(),
                themes: Theme::ALL.iter().map(|t| t.label().to_string()).collect(),
                rows: by_group(&q, &raw, 4)
                    .into_iter()
                    .map(|(g, c)| {
                        let pairs = shown(c[0]);
                        SplitRow {
                            group: g.into(),
                            pairs,
                            improved: c[1..].iter().map(|up| pairs.map(|n| *up as f64 * 100.0 / n as f64)).collect(),
                        }
                    })
                    .collect(),
            });
        }
        if q.asked.includes(Role::Mentor) {
            let mut sql = Sql::new(backend);
            sql.push(&format!(
                "SELECT e.{col}, CAST(COUNT(*) AS DOUBLE PRECISION), {}, {} FROM users u \
                 LEFT JOIN equality_answers e ON e.user_id = u.id \
                 WHERE u.role = 'mentor' AND u.erased_at IS NULL GROUP BY e.{col}",
                count("EXISTS (SELECT 1 FROM mentor_decisions d WHERE d.user_id = u.id AND d.decision = 'approve')"),
                count("EXISTS (SELECT 1 FROM matches m WHERE m.mentor_id = u.id)"),
            ));
            let raw = counts(db, &sql, 3).await?;
            report.mentors.push(reach(&q, &raw, &["Signed up", "Approved", "Matched"]));
        }
    }
    Ok(report)
}

fn reach(q: &Question, raw: &[(Option<String>, Vec<u64>)], stages: &[&str]) -> ReachTable {
    ReachTable {
        question: q.short.into(),
        stages: stages.iter().map(|s| s.to_string()).collect(),
        rows: by_group(q, raw, stages.len())
            .into_iter()
            .map(|(g, c)| ReachRow { group: g.into(), counts: c.into_iter().map(shown).collect() })
            .collect(),
    }
}
