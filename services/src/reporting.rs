//! What every report is built from: parameterised SQL for either backend, the report's
//! filters and a partner's scope as conditions, and reading aggregate rows. The impact
//! report, destinations, equality monitoring and the programme's figures share them.

use crate::ServiceError;
use crate::partners::{self, PartnerKind};
use domain::impact::ValidFilter;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

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

/// The young people an employer's employees have mentored (ids are numbers, never request
/// text, so they go into the SQL as they are).
pub(crate) fn mentored_by_employees(employer: i64) -> String {
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
        Some(p) => match partners::find(db, p).await?.kind {
            PartnerKind::Employer => Scope::Employer(p),
            _ => Scope::Partner(p),
        },
    })
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

/// The single number a counting query returns.
pub(crate) async fn count(db: &impl ConnectionTrait, sql: &str) -> Result<u64, ServiceError> {
    let backend = db.get_database_backend();
    let row =
        db.query_one_raw(Statement::from_string(backend, sql.to_string())).await?.ok_or(ServiceError::NotFound)?;
    Ok(number(&row, 0)? as u64)
}
