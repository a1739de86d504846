//! Sign-ups brought by sharing and by partners. Every person (and every partner
//! organisation) has a referral code, made the first time they share; the links they share
//! carry it (`/register?ref=CODE`). A sign-up records whose link brought it, and which
//! partner is credited: the one whose join code a young person used, whose own link it was,
//! or the organisation of the person who shared. Staff see the counts per person and per
//! partner; nobody else sees who brought whom.

use crate::ServiceError;
use crate::entities::{partner_organisation, referral, referral_code, user};
use crate::error::insert_if_absent;
use crate::people::Account;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::get_involved::{
    CODE_ALPHABET, CODE_LEN, PartnerReferralRow, ReferralReport, ReferrerRow, ShareLink, normalise_referral,
};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, Statement,
};
use std::collections::HashMap;

/// The most people the staff report lists (most sign-ups first).
pub const PEOPLE_LISTED: usize = 50;

fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..CODE_LEN).map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char).collect()
}

/// Whose code: a person's or a partner's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Person(i64),
    Partner(i64),
}

/// The owner's code, made the first time it is asked for.
pub async fn code_for(db: &impl ConnectionTrait, owner: Owner, now: DateTime<Utc>) -> Result<String, ServiceError> {
    let filter = match owner {
        Owner::Person(id) => referral_code::Column::UserId.eq(id),
        Owner::Partner(id) => referral_code::Column::PartnerId.eq(id),
    };
    if let Some(c) = referral_code::Entity::find().filter(filter.clone()).one(db).await? {
        return Ok(c.code);
    }
    // 32^8 codes: a clash is rare, and a second try all but certain to succeed. Two requests
    // making the owner's first code at once: the unique owner column keeps one, read back.
    for _ in 0..5 {
        let code = new_code();
        let row = referral_code::ActiveModel {
            code: Set(code.clone()),
            user_id: Set(match owner {
                Owner::Person(id) => Some(id),
                Owner::Partner(_) => None,
            }),
            partner_id: Set(match owner {
                Owner::Partner(id) => Some(id),
                Owner::Person(_) => None,
            }),
            created_at: Set(now),
        };
        if insert_if_absent(db, row).await?.is_some() {
            return Ok(code);
        }
        if let Some(c) = referral_code::Entity::find().filter(filter.clone()).one(db).await? {
            return Ok(c.code);
        }
    }
    Err(ServiceError::Internal("no free referral code after five tries".into()))
}

/// The links the signed-in person may share: their own, and their organisation's for a
/// Mentoring Coordinator (a school's, youth partner's or community group's coordinator, or an
/// employer's lead).
pub async fn links(
    db: &impl ConnectionTrait,
    me: &Account,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<Vec<ShareLink>, ServiceError> {
    let url = |code: String| format!("{base_url}/register?ref={code}");
    let mut out = vec![ShareLink { for_whom: "You".into(), url: url(code_for(db, Owner::Person(me.id), now).await?) }];
    if me.role == Role::Coordinator
        && let Some(p) = me.partner_id
    {
        let partner = crate::partners::find(db, p).await?;
        out.push(ShareLink { for_whom: partner.name, url: url(code_for(db, Owner::Partner(p), now).await?) });
    }
    Ok(out)
}

/// Records what brought a new account: the referral code its link carried (an unknown or
/// mangled code is ignored: the sign-up is not refused for it) and the partner whose join code
/// a young person used. Nothing is recorded for a sign-up that neither brought.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    new_user: i64,
    referral: Option<&str>,
    join_partner: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let code = match referral.and_then(normalise_referral) {
        Some(c) => referral_code::Entity::find_by_id(c).one(db).await?,
        None => None,
    };
    let referrer = code.as_ref().and_then(|c| c.user_id).filter(|r| *r != new_user);
    let referrer_partner = match referrer {
        Some(r) => user::Entity::find_by_id(r).one(db).await?.and_then(|u| u.partner_id),
        None => None,
    };
    let partner = join_partner.or(code.as_ref().and_then(|c| c.partner_id)).or(referrer_partner);
    if referrer.is_none() && partner.is_none() {
        return Ok(());
    }
    referral::ActiveModel {
        user_id: Set(new_user),
        referrer_id: Set(referrer),
        partner_id: Set(partner),
        joined_with_code: Set(join_partner.is_some()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

fn int(r: &sea_orm::QueryResult, col: &str) -> Result<u64, ServiceError> {
    // SUM is NULL over no rows; COUNT and SUM are 64-bit on both databases.
    Ok(r.try_get::<Option<i64>>("", col)?.unwrap_or(0).max(0) as u64)
}

/// Sign-ups brought by sharing and by partners, for staff: totals, the people whose links
/// brought the most (up to [`PEOPLE_LISTED`]) and every partner.
pub async fn report(db: &impl ConnectionTrait) -> Result<ReferralReport, ServiceError> {
    let backend = db.get_database_backend();
    let one = |sql: &str| Statement::from_string(backend, sql.to_owned());
    let sign_ups = user::Entity::find()
        .filter(user::Column::Role.is_in([Role::Mentor.as_str(), Role::YoungPerson.as_str()]))
        .count(db)
        .await?;
    let totals = db
        .query_one_raw(one("SELECT SUM(CASE WHEN joined_with_code THEN 1 ELSE 0 END) AS by_code, \
             SUM(CASE WHEN referrer_id IS NOT NULL OR NOT joined_with_code THEN 1 ELSE 0 END) AS by_link \
             FROM referrals"))
        .await?;
    let (through_join_codes, through_links) = match &totals {
        Some(r) => (int(r, "by_code")?, int(r, "by_link")?),
        None => (0, 0),
    };
    let mut people = Vec::new();
    let rows = db
        .query_all_raw(one(&format!(
            "SELECT r.referrer_id AS id, \
             SUM(CASE WHEN u.role = 'mentor' THEN 1 ELSE 0 END) AS mentors, \
             SUM(CASE WHEN u.role = 'young_person' THEN 1 ELSE 0 END) AS young, COUNT(*) AS n \
             FROM referrals r JOIN users u ON u.id = r.user_id WHERE r.referrer_id IS NOT NULL \
             GROUP BY r.referrer_id ORDER BY n DESC, r.referrer_id LIMIT {PEOPLE_LISTED}"
        )))
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<_, _>>()?;
    let who: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let partners: Vec<partner_organisation::Model> = partner_organisation::Entity::find().all(db).await?;
    let partner_name: HashMap<i64, &str> = partners.iter().map(|p| (p.id, p.name.as_str())).collect();
    for r in &rows {
        let Some(u) = who.get(&r.try_get::<i64>("", "id")?) else { continue };
        people.push(ReferrerRow {
            name: if u.erased_at.is_some() { "An erased account".into() } else { u.name.clone() },
            role: Role::parse(&u.role).map(Role::label).unwrap_or("Someone").into(),
            organisation: u.partner_id.and_then(|p| partner_name.get(&p)).map(|n| n.to_string()),
            mentors: int(r, "mentors")?,
            young_people: int(r, "young")?,
        });
    }
    let mut by_partner: HashMap<i64, (u64, u64)> = HashMap::new();
    for r in db
        .query_all_raw(one("SELECT partner_id AS id, SUM(CASE WHEN joined_with_code THEN 1 ELSE 0 END) AS by_code, \
             SUM(CASE WHEN joined_with_code THEN 0 ELSE 1 END) AS by_link \
             FROM referrals WHERE partner_id IS NOT NULL GROUP BY partner_id"))
        .await?
    {
        by_partner.insert(r.try_get::<i64>("", "id")?, (int(&r, "by_code")?, int(&r, "by_link")?));
    }
    let mut partners: Vec<PartnerReferralRow> = partners
        .into_iter()
        .map(|p| {
            let (join_code, links) = by_partner.get(&p.id).copied().unwrap_or_default();
            PartnerReferralRow {
                kind: crate::partners::PartnerKind::parse(&p.kind).map(|k| k.label()).unwrap_or("Partner").into(),
                name: p.name,
                join_code,
                links,
            }
        })
        .collect();
    partners.sort_by(|a, b| (b.join_code + b.links).cmp(&(a.join_code + a.links)).then(a.name.cmp(&b.name)));
    Ok(ReferralReport { sign_ups, through_links, through_join_codes, people, partners })
}

/// How the person joined, for their own download: whose link or which partner's code.
pub async fn how_joined(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<String>, ServiceError> {
    let Some(r) = referral::Entity::find_by_id(user_id).one(db).await? else { return Ok(None) };
    let referrer = match r.referrer_id {
        Some(id) => user::Entity::find_by_id(id).one(db).await?.filter(|u| u.erased_at.is_none()).map(|u| u.name),
        None => None,
    };
    let partner = match r.partner_id {
        Some(id) => partner_organisation::Entity::find_by_id(id).one(db).await?.map(|p| p.name),
        None => None,
    };
    Ok(Some(match (r.joined_with_code, referrer, partner) {
        (true, _, Some(p)) => format!("With the join code of {p}"),
        (_, Some(name), _) => format!("Through a link shared by {name}"),
        (_, None, Some(p)) => format!("Through a link shared by {p}"),
        _ => "Through a shared link".into(),
    }))
}
