//! The impact report at national scale, on SQLite and PostgreSQL: fills a fresh database
//! with N paired evaluations (each pair is a pre and an end evaluation, so 500,000 pairs stand
//! for 1,000,000 evaluations) and N applications, spread over years, regions, partners and
//! age groups, then times the report (aggregated in the database) with different filters and
//! prints the figures.
//!
//!     cargo run --release -p services --bin impact-bench -- [--pairs 500000] [--backends sqlite,postgres]

use chrono::{TimeZone, Utc};
use domain::Role;
use domain::impact::{AGE_GROUPS, ImpactFilter};
use domain::profiles::REGIONS;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use services::entities::{evaluation_pair, partner_organisation, user, yp_application};
use services::testing::{Backend, PairPlace, TestDb, generated_pair};
use std::time::Instant;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

const PARTNERS: i64 = 40;

async fn fill(db: &sea_orm::DatabaseConnection, pairs: usize) -> Result<(), String> {
    let err = |e: sea_orm::DbErr| e.to_string();
    let now = Utc::now();
    let txn = db.begin().await.map_err(err)?;
    for p in 1..=PARTNERS {
        partner_organisation::Entity::insert(partner_organisation::ActiveModel {
            id: Set(p),
            name: Set(format!("Partner {p}")),
            kind: Set("school".into()),
            join_code: Set(Some(format!("BENCH-{p}"))),
            safeguarding_contact_id: Set(None),
            under_18_opportunities: Set(false),
            created_at: Set(now),
        })
        .exec(&txn)
        .await
        .map_err(err)?;
    }
    txn.commit().await.map_err(err)?;
    let mut rng = Rng(2026);
    let batch = 600;
    let mut done = 0;
    let started = Instant::now();
    while done < pairs {
        let n = batch.min(pairs - done);
        let txn = db.begin().await.map_err(err)?;
        let mut users = Vec::with_capacity(n);
        let mut apps = Vec::with_capacity(n);
        let mut rows = Vec::with_capacity(n);
        for k in 0..n {
            let id = 10_000_000 + (done + k) as i64;
            let partner = (rng.below(3) == 0).then(|| 1 + rng.below(PARTNERS as u64) as i64);
            let year = 2023 + rng.below(4) as i32;
            let submitted = Utc
                .with_ymd_and_hms(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32, 12, 0, 0)
                .single()
                .unwrap_or(now);
            users.push(user::ActiveModel {
                id: Set(id),
                email: Set(format!("pair{id}@bench.example")),
                name: Set(format!("Young Person {id}")),
                date_of_birth: Set(Some(chrono::NaiveDate::from_ymd_opt(2005, 1, 1).unwrap_or_default())),
                role: Set(Role::YoungPerson.as_str().into()),
                partner_id: Set(partner),
                password_hash: Set("bench".into()),
                disabled: Set(false),
                created_at: Set(submitted),
                updated_at: Set(submitted),
                suspended_at: Set(None),
                last_sign_in_at: Set(None),
                erased_at: Set(None),
                totp_secret: Set(None),
                totp_last_step: Set(None),
            });
            let goals: Vec<&str> = domain::applications::GOALS.iter().copied().filter(|_| rng.below(3) == 0).collect();
            let region = REGIONS[rng.below(REGIONS.len() as u64) as usize];
            apps.push(yp_application::ActiveModel {
                user_id: Set(id),
                goals: Set(if goals.is_empty() { "Build confidence".into() } else { goals.join(", ") }),
                interests: Set(String::new()),
                region: Set(region.into()),
                format: Set("online".into()),
                availability: Set("Weekday evenings".into()),
                accessibility: Set(String::new()),
                languages: Set(String::new()),
                submitted_at: Set(submitted),
                confirmed_at: Set(None),
                confirmed_by: Set(None),
                ..Default::default()
            });
            let age_group = AGE_GROUPS[rng.below(3) as usize].0.into();
            let place = PairPlace {
                user_id: id,
                paired_at: now,
                year: (year + 1).min(2026),
                cohort: year,
                region: region.into(),
                partner_id: partner,
                age_group,
            };
            rows.push(generated_pair(place, |n| rng.below(n)));
        }
        user::Entity::insert_many(users).exec(&txn).await.map_err(err)?;
        yp_application::Entity::insert_many(apps).exec(&txn).await.map_err(err)?;
        evaluation_pair::Entity::insert_many(rows).exec(&txn).await.map_err(err)?;
        txn.commit().await.map_err(err)?;
        done += n;
        if done % 50_000 < batch {
            eprintln!("  filled {done} of {pairs} pairs ({:.0} s)", started.elapsed().as_secs_f64());
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pairs = 500_000usize;
    let mut backends = vec!["sqlite".to_string(), "postgres".to_string()];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match (a.as_str(), it.next()) {
            ("--pairs", Some(v)) => pairs = v.parse().map_err(|_| "--pairs N")?,
            ("--backends", Some(v)) => backends = v.split(',').map(str::to_string).collect(),
            _ => return Err("usage: impact-bench [--pairs 500000] [--backends sqlite,postgres]".into()),
        }
    }
    println!("| database | pairs (evaluations) | fill | report | filter | pairs in report | time (median of 3) |");
    println!("|---|---|---|---|---|---|---|");
    for b in backends {
        let backend = if b == "postgres" { Backend::Postgres } else { Backend::SqliteFile };
        let t = TestDb::new(backend).await.map_err(|e| e.to_string())?;
        let started = Instant::now();
        fill(&t.db, pairs).await?;
        let fill_time = started.elapsed().as_secs_f64();
        let cases: Vec<(&str, Role, Option<i64>, ImpactFilter)> = vec![
            ("staff", Role::Staff, None, ImpactFilter::default()),
            ("staff", Role::Staff, None, ImpactFilter { year: Some("2025".into()), ..Default::default() }),
            ("staff", Role::Staff, None, ImpactFilter { region: Some("London".into()), ..Default::default() }),
            ("staff", Role::Staff, None, ImpactFilter { age_group: Some("under_18".into()), ..Default::default() }),
            ("staff", Role::Staff, None, ImpactFilter { partner: Some("7".into()), ..Default::default() }),
            ("coordinator", Role::Coordinator, Some(7), ImpactFilter::default()),
        ];
        for (who, role, partner, f) in cases {
            let valid = f.validate().map_err(|e| e.to_string())?;
            let mut times = Vec::new();
            let mut n = 0;
            for _ in 0..3 {
                let s = Instant::now();
                let r = services::impact::scoped_report(&t.db, role, partner, &valid, chrono::Utc::now())
                    .await
                    .map_err(|e| e.to_string())?;
                times.push(s.elapsed().as_secs_f64());
                n = r.pairs;
            }
            times.sort_by(f64::total_cmp);
            let label = [("year", &f.year), ("region", &f.region), ("age", &f.age_group), ("partner", &f.partner)]
                .iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
                .collect::<Vec<_>>()
                .join(", ");
            println!(
                "| {b} | {pairs} ({}) | {fill_time:.0} s | {who} | {} | {n} | {:.3} s |",
                pairs * 2,
                if label.is_empty() { "none".to_string() } else { label },
                times[1]
            );
        }
    }
    Ok(())
}
