//! A matching run through the app's own service, on SQLite and PostgreSQL: fills a fresh
//! database with N waiting young people and M mentors ready to match (seeded, realistic),
//! then times `create_run` + `execute_run` (load the pool, solve, certify, write the draft in
//! batched transactions) and prints the figures.
//!
//!     cargo run --release -p services --bin matching-app-bench -- [--sizes 10000x8000] [--backends sqlite,postgres]

use chrono::{Duration, Utc};
use domain::Role;
use domain::matching::{GOAL_SKILLS, RunScope};
use domain::profiles::{AVAILABILITY, LANGUAGES, REGIONS, SECTORS, SKILLS};
use matching::generate::{Shape, generate};
use matching::model::{IN_PERSON, ONLINE};
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use services::entities::{certificate, evaluation, mentor_check, mentor_profile, user, yp_application};
use services::testing::{Backend, TestDb};
use std::time::Instant;

fn names(bits: u32, list: &[&str]) -> String {
    list.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
}

fn format_of(f: u8) -> &'static str {
    match f {
        ONLINE => "online",
        IN_PERSON => "in_person",
        _ => "either",
    }
}

const BATCH: usize = 2000;

async fn fill(db: &sea_orm::DatabaseConnection, young: usize, mentors: usize) -> Result<(), String> {
    let (yps, ms) = generate(&Shape { young_people: young, mentors, seed: 2026 });
    let now = Utc::now();
    let today = now.date_naive();
    let err = |e: sea_orm::DbErr| e.to_string();
    // Goal names from skill bits (the generator speaks in skill bits).
    let goal_of_skill = |bit: usize| GOAL_SKILLS.iter().find(|(_, s)| SKILLS.get(bit) == Some(s)).map(|(g, _)| *g);
    let mut id = 1_000_000i64;
    for chunk in yps.chunks(BATCH) {
        let txn = db.begin().await.map_err(err)?;
        let mut users = Vec::new();
        let mut apps = Vec::new();
        let mut evals = Vec::new();
        for y in chunk {
            id += 1;
            let age = y.age.max(18) as i64; // adults: under-18s need coordinators and inductions
            users.push(user::ActiveModel {
                id: Set(id),
                email: Set(format!("yp{id}@bench.example")),
                name: Set(format!("Young Person {id}")),
                date_of_birth: Set(Some(today - Duration::days(age * 365 + 40))),
                role: Set(Role::YoungPerson.as_str().into()),
                partner_id: Set(None),
                password_hash: Set("bench".into()),
                disabled: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                suspended_at: Set(None),
                last_sign_in_at: Set(None),
                erased_at: Set(None),
                totp_secret: Set(None),
                totp_last_step: Set(None),
            });
            let goals: Vec<&str> = (0..32).filter(|b| y.goals & (1 << b) != 0).filter_map(goal_of_skill).collect();
            apps.push(yp_application::ActiveModel {
                user_id: Set(id),
                goals: Set(goals.join(", ")),
                interests: Set(names(y.interests, SECTORS)),
                region: Set(REGIONS[y.region as usize].into()),
                format: Set(format_of(y.formats).into()),
                availability: Set(names(y.availability as u32, AVAILABILITY)),
                accessibility: Set(String::new()),
                submitted_at: Set(now - Duration::days(y.waited_days as i64)),
                confirmed_at: Set(None),
                confirmed_by: Set(None),
                ..Default::default()
            });
            evals.push(evaluation::ActiveModel {
                user_id: Set(id),
                kind: Set("pre".into()),
                version: Set(domain::evaluations::INSTRUMENT_VERSION.into()),
                started_at: Set(now),
                completed_at: Set(Some(now)),
                ..Default::default()
            });
        }
        user::Entity::insert_many(users).exec(&txn).await.map_err(err)?;
        yp_application::Entity::insert_many(apps).exec(&txn).await.map_err(err)?;
        evaluation::Entity::insert_many(evals).exec(&txn).await.map_err(err)?;
        txn.commit().await.map_err(err)?;
    }
    for chunk in ms.chunks(BATCH) {
        let txn = db.begin().await.map_err(err)?;
        let (mut users, mut checks, mut certs, mut profiles) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for m in chunk {
            id += 1;
            users.push(user::ActiveModel {
                id: Set(id),
                email: Set(format!("m{id}@bench.example")),
                name: Set(format!("Mentor {id}")),
                date_of_birth: Set(Some(today - Duration::days(40 * 365))),
                role: Set(Role::Mentor.as_str().into()),
                partner_id: Set(None),
                password_hash: Set("bench".into()),
                disabled: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                suspended_at: Set(None),
                last_sign_in_at: Set(None),
                erased_at: Set(None),
                totp_secret: Set(None),
                totp_last_step: Set(None),
            });
            checks.push(mentor_check::ActiveModel {
                user_id: Set(id),
                status: Set(domain::approvals::MentorStatus::Approved),
                dbs_number: Set(Some(format!("{id:012}"))),
                dbs_issue_date: Set(Some(today)),
                dbs_update_service: Set(true),
                dbs_recheck_date: Set(Some(today + Duration::days(3 * 365))),
                updated_at: Set(now),
                capacity: Set(m.capacity as i32),
                ..Default::default()
            });
            certs.push(certificate::ActiveModel {
                user_id: Set(id),
                code: Set(format!("BENCH{id}")),
                issued_at: Set(now),
                ..Default::default()
            });
            let age_group = match m.max_age {
                17 => "14-17",
                21 => "18-21",
                _ => "22-25",
            };
            profiles.push(mentor_profile::ActiveModel {
                user_id: Set(id),
                job_title: Set("Volunteer professional".into()),
                sector: Set(SECTORS[(m.sector as usize).min(SECTORS.len() - 1)].into()),
                employer: Set(String::new()),
                skills: Set(names(m.skills, SKILLS)),
                region: Set(REGIONS[m.region as usize].into()),
                postcode_area: Set("LS1".into()),
                languages: Set(names(m.languages | 1, LANGUAGES)),
                format: Set(format_of(m.formats).into()),
                availability: Set(names(m.availability as u32, AVAILABILITY)),
                max_age_group: Set(age_group.into()),
                bio: Set(String::new()),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        user::Entity::insert_many(users).exec(&txn).await.map_err(err)?;
        mentor_check::Entity::insert_many(checks).exec(&txn).await.map_err(err)?;
        certificate::Entity::insert_many(certs).exec(&txn).await.map_err(err)?;
        mentor_profile::Entity::insert_many(profiles).exec(&txn).await.map_err(err)?;
        let ids: Vec<i64> = ((id - chunk.len() as i64 + 1)..=id).collect();
        services::policies::accept_all_for(&txn, &ids, now).await.map_err(|e| e.to_string())?;
        txn.commit().await.map_err(err)?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sizes = vec![(10_000usize, 8_000usize)];
    let mut backends = vec!["sqlite".to_string(), "postgres".to_string()];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match (a.as_str(), it.next()) {
            ("--sizes", Some(v)) => {
                sizes = v
                    .split(',')
                    .filter_map(|s| {
                        let (a, b) = s.split_once('x')?;
                        Some((a.parse().ok()?, b.parse().ok()?))
                    })
                    .collect()
            }
            ("--backends", Some(v)) => backends = v.split(',').map(str::to_string).collect(),
            _ => return Err("usage: matching-app-bench [--sizes 10000x8000] [--backends sqlite,postgres]".into()),
        }
    }
    println!(
        "| database | young people x mentors | fill | run (load, solve, certify, write draft) | matched | pairs in draft | certified | rounds |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (young, mentors) in sizes {
        for b in &backends {
            let backend = if b == "postgres" { Backend::Postgres } else { Backend::SqliteFile };
            let t = TestDb::new(backend).await.map_err(|e| e.to_string())?;
            let started = Instant::now();
            fill(&t.db, young, mentors).await?;
            let filled = started.elapsed();
            let started = Instant::now();
            let run = services::matching::create_run(&t.db, 1, &RunScope::Everyone, Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            services::matching::execute_run(&t.db, run, None, Utc::now()).await.map_err(|e| e.to_string())?;
            let took = started.elapsed();
            let (s, _, _) = services::matching::run_view(&t.db, run, None, 1).await.map_err(|e| e.to_string())?;
            println!(
                "| {b} | {young} x {mentors} | {:.1} s | {:.1} s | {} of {} | {} | {} | {} |",
                filled.as_secs_f64(),
                took.as_secs_f64(),
                s.matched,
                s.pool_size,
                s.matched,
                s.certified,
                s.rounds
            );
        }
    }
    Ok(())
}
