use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "match_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub scope_kind: String,
    pub scope_value: String,
    pub status: domain::matching::RunStatus,
    pub phase: String,
    pub done: i64,
    pub total: i64,
    pub pool_size: i64,
    pub mentors: i64,
    pub matched: i64,
    pub total_score: i64,
    pub certified: bool,
    /// See the migration `m20261203_000015_run_gap`.
    pub score_gap: Option<i64>,
    pub rounds: i32,
    pub candidate_pairs: i64,
    pub message: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    /// The earlier draft this run was made again from (keeping its pinned pairs).
    pub rerun_of: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
