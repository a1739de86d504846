use sea_orm::entity::prelude::*;

/// One young person's pre and end evaluations side by side (scored), for impact reports.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_pairs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub version: String,
    pub paired_at: DateTimeUtc,
    pub year: i32,
    pub cohort: i32,
    pub region: String,
    pub partner_id: Option<i64>,
    pub age_group: String,
    pub theme1_before: f64,
    pub theme1_after: f64,
    pub theme2_before: f64,
    pub theme2_after: f64,
    pub theme3_before: f64,
    pub theme3_after: f64,
    pub b1: Option<i32>,
    pub a1: Option<i32>,
    pub b2: Option<i32>,
    pub a2: Option<i32>,
    pub b3: Option<i32>,
    pub a3: Option<i32>,
    pub b4: Option<i32>,
    pub a4: Option<i32>,
    pub b5: Option<i32>,
    pub a5: Option<i32>,
    pub b6: Option<i32>,
    pub a6: Option<i32>,
    pub b7: Option<i32>,
    pub a7: Option<i32>,
    pub b8: Option<i32>,
    pub a8: Option<i32>,
    pub b9: Option<i32>,
    pub a9: Option<i32>,
    pub b10: Option<i32>,
    pub a10: Option<i32>,
    pub b11: Option<i32>,
    pub a11: Option<i32>,
    pub b12: Option<i32>,
    pub a12: Option<i32>,
    pub b13: Option<i32>,
    pub a13: Option<i32>,
    pub b14: Option<i32>,
    pub a14: Option<i32>,
    pub b15: Option<i32>,
    pub a15: Option<i32>,
    pub b16: Option<i32>,
    pub a16: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
