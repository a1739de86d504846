use sea_orm::entity::prelude::*;

/// A mentoring relationship: one young person, one mentor.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub young_person_id: i64,
    pub mentor_id: i64,
    pub status: domain::relationships::MatchStatus,
    pub source: String,
    pub run_id: Option<i64>,
    pub score: i64,
    pub reasons: String,
    pub start_date: Date,
    pub planned_end: Date,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_reason: Option<String>,
    pub suspended_at: Option<DateTimeUtc>,
    /// The room name on the programme's video service (made when first needed).
    pub video_room: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
