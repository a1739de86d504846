use sea_orm::entity::prelude::*;

/// A message thread with the programme team, from the contact form.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enquiries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub topic: String,
    pub status: domain::enquiries::EnquiryStatus,
    /// The match a thread is about, when it began from "How is it going?".
    pub match_id: Option<i64>,
    /// An offer's organisation (the get-involved page's forms).
    pub organisation: Option<String>,
    pub organisation_kind: Option<String>,
    pub organisation_size: Option<String>,
    pub region: Option<String>,
    /// What is offered in kind, comma-separated keys.
    pub offers: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
