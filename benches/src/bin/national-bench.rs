//! A national-scale programme in a real database, and the list pages timed on it.
//!
//! Fills a fresh SQLite file and/or PostgreSQL database with 1,000,000 young people and
//! 1,000,000 mentors (by default) and their journeys: partner schools and employers; mentor
//! profiles, checks and decisions, passed training quizzes, attended workshops, certificates
//! and opt-in directory listings; applications and pre-evaluations; matches (active and
//! completed) with their logged sessions, end evaluations and evaluation pairs. A progress
//! bar shows how far it is. Then it times the app's own list and dashboard services on that
//! data: first pages and pages deep in the list (keyset cursors), median of three.
//!
//!     cargo run --release -p services --bin national-bench -- \
//!         [--young 1000000] [--mentors 1000000] [--backends sqlite,postgres] [--skip-fill]
//!
//! The SQLite file is `target/national.db`, the PostgreSQL database `tandem_national` on the
//! local server (override with TANDEM_TEST_PG_URL's server); both are left in place, so the
//! app can be started on them. `--skip-fill` times an existing database again.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use domain::Role;
use domain::approvals::{MentorStatus, QueueFilter};
use domain::evaluations::INSTRUMENT_VERSION;
use domain::impact::{AGE_GROUPS, ImpactFilter};
use domain::profiles::{AVAILABILITY, LANGUAGES, REGIONS, SECTORS, SKILLS};
use domain::relationships::MatchStatus;
use matching::generate::{Rng, Shape, generate};
use matching::model::{IN_PERSON, ONLINE};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, TransactionTrait};
use services::entities::{
    certificate, evaluation, evaluation_pair, mentor_check, mentor_profile, mentoring_match, mentoring_session,
    partner_organisation, quiz_attempt, training_module, user, workshop, workshop_booking, yp_application,
};
use services::testing::{PairPlace, generated_pair};
use std::io::Write;
use std::time::Instant;

const BATCH: usize = 1000;
const SCHOOLS: i64 = 2000;
const EMPLOYERS: i64 = 500;

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

type Res<T> = Result<T, String>;

fn err(e: sea_orm::DbErr) -> String {
    e.to_string()
}

/// A one-line progress bar on stderr.
struct Progress {
    total: u64,
    done: u64,
    started: Instant,
    what: &'static str,
}

impl Progress {
    fn new(total: u64, what: &'static str) -> Progress {
        Progress { total, done: 0, started: Instant::now(), what }
    }

    fn add(&mut self, n: u64) {
        self.done += n;
        let frac = self.done as f64 / self.total.max(1) as f64;
        let width = 30;
        let filled = (frac * width as f64).round() as usize;
        let secs = self.started.elapsed().as_secs_f64();
        let eta = if frac > 0.0 { secs / frac - secs } else { 0.0 };
        eprint!(
            "\r  [{}{}] {:>3.0}% {} of {} {} · {:.0} s · about {:.0} s left   ",
            "#".repeat(filled),
            " ".repeat(width - filled),
            frac * 100.0,
            self.done,
            self.total,
            self.what,
            secs,
            eta
        );
        let _ = std::io::stderr().flush();
        if self.done >= self.total {
            eprintln!();
        }
    }
}

/// A user row with the fields every generated person shares.
fn person(
    id: i64,
    email: String,
    name: String,
    born: NaiveDate,
    role: Role,
    partner: Option<i64>,
    at: DateTime<Utc>,
) -> user::ActiveModel {
    user::ActiveModel {
        id: Set(id),
        email: Set(email),
        name: Set(name),
        date_of_birth: Set(Some(born)),
        role: Set(role.as_str().into()),
        partner_id: Set(partner),
        // Nobody signs in as a generated person: not a hash of any password.
        password_hash: Set("!generated".into()),
        disabled: Set(false),
        created_at: Set(at),
        updated_at: Set(at),
        suspended_at: Set(None),
        last_sign_in_at: Set(None),
        erased_at: Set(None),
        totp_secret: Set(None),
        totp_last_step: Set(None),
    }
}

const FIRST: [&str; 16] = [
    "Amara", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hana", "Isaac", "Jade", "Kwame", "Lucy", "Niamh",
    "Priya", "Samuel", "Zara",
];
const LAST: [&str; 16] = [
    "Okafor", "Hughes", "Nowak", "Adeyemi", "Clarke", "Hussain", "Evans", "Brown", "Murphy", "Mensah", "Taylor",
    "Rahman", "Byrne", "Sharma", "Silva", "Chen",
];

fn full_name(id: i64) -> String {
    format!("{} {}", FIRST[(id % 16) as usize], LAST[((id / 16) % 16) as usize])
}

/// Approved mentors are those with `j % 20 < 16` (80%); this is the k-th of them.
fn approved_mentor(k: i64) -> i64 {
    (k / 16) * 20 + k % 16 + 1
}

async fn fill(db: &DatabaseConnection, young: usize, mentors: usize) -> Res<()> {
    let now = Utc::now();
    let today = now.date_naive();
    let (yps, ms) = generate(&Shape { young_people: young, mentors, seed: 2026 });
    let mut rng = Rng::new(7);
    let modules: Vec<i64> = training_module::Entity::find()
        .order_by_asc(training_module::Column::Id)
        .all(db)
        .await
        .map_err(err)?
        .into_iter()
        .map(|m| m.id)
        .collect();

    // Partners: schools and youth partners, then employers.
    let partners: Vec<partner_organisation::ActiveModel> = (1..=SCHOOLS + EMPLOYERS)
        .map(|p| partner_organisation::ActiveModel {
            id: Set(p),
            name: Set(if p <= SCHOOLS { format!("School {p}") } else { format!("Employer {}", p - SCHOOLS) }),
            kind: Set(if p <= SCHOOLS { "school".into() } else { "employer".into() }),
            join_code: Set((p <= SCHOOLS).then(|| format!("SCHOOL-{p:05}"))),
            safeguarding_contact_id: Set(None),
            under_18_opportunities: Set(false),
            created_at: Set(now),
        })
        .collect();
    for chunk in partners.chunks(BATCH) {
        partner_organisation::Entity::insert_many(chunk.to_vec()).exec(db).await.map_err(err)?;
    }
    // Past mentor workshops, 20 seats each, every seat attended.
    let workshops = mentors.div_ceil(20) as i64;
    let mut rows = Vec::new();
    for w in 1..=workshops {
        rows.push(workshop::ActiveModel {
            id: Set(w),
            kind: Set("mentor_workshop".into()),
            title: Set("New mentor workshop (online)".into()),
            starts_at: Set((now - Duration::days(30 + w % 700)).naive_utc()),
            minutes: Set(120),
            online: Set(true),
            location: Set(String::new()),
            capacity: Set(20),
            booked: Set(20),
            cancelled: Set(false),
            created_by: Set(None),
            created_at: Set(now),
            audience: Set(None),
            partner_id: Set(None),
        });
        if rows.len() == BATCH || w == workshops {
            workshop::Entity::insert_many(std::mem::take(&mut rows)).exec(db).await.map_err(err)?;
        }
    }

    let mut bar = Progress::new((young + mentors) as u64, "people");
    for (c, chunk) in ms.chunks(BATCH).enumerate() {
        let txn = db.begin().await.map_err(err)?;
        let (mut users, mut profiles, mut checks, mut certs, mut quizzes, mut bookings) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut certs_for = Vec::new();
        for (i, m) in chunk.iter().enumerate() {
            let j = (c * BATCH + i) as i64;
            let id = j + 1;
            let joined = now - Duration::days(60 + rng.below(1400) as i64);
            let employer = (j % 5 == 0).then(|| SCHOOLS + 1 + (j / 5) % EMPLOYERS);
            let born = today - Duration::days((25 + rng.below(40) as i64) * 365);
            users.push(person(
                id,
                format!("m{id}@national.example"),
                full_name(id),
                born,
                Role::Mentor,
                employer,
                joined,
            ));
            let approved = j % 20 < 16;
            let status = if approved {
                MentorStatus::Approved
            } else if j % 20 < 19 {
                MentorStatus::Applied
            } else {
                MentorStatus::Declined
            };
            profiles.push(mentor_profile::ActiveModel {
                user_id: Set(id),
                job_title: Set("Volunteer professional".into()),
                sector: Set(SECTORS[(m.sector as usize).min(SECTORS.len() - 1)].into()),
                employer: Set(employer.map(|e| format!("Employer {}", e - SCHOOLS)).unwrap_or_default()),
                skills: Set(names(m.skills, SKILLS)),
                region: Set(REGIONS[m.region as usize].into()),
                postcode_area: Set("LS1".into()),
                languages: Set(names(m.languages | 1, LANGUAGES)),
                format: Set(format_of(m.formats).into()),
                availability: Set(names(m.availability as u32, AVAILABILITY)),
                max_age_group: Set(match m.max_age {
                    17 => "14-17",
                    21 => "18-21",
                    _ => "22-25",
                }
                .into()),
                bio: Set(String::new()),
                updated_at: Set(joined),
                in_directory: Set(approved && j % 10 == 0),
                network_note: Set(if approved && j % 10 == 0 { "Happy to swap ideas.".into() } else { String::new() }),
                ..Default::default()
            });
            checks.push(mentor_check::ActiveModel {
                user_id: Set(id),
                status: Set(status),
                dbs_number: Set(approved.then(|| format!("{id:012}"))),
                dbs_issue_date: Set(approved.then_some(today - Duration::days(30))),
                dbs_update_service: Set(approved),
                dbs_recheck_date: Set(approved.then_some(today + Duration::days(3 * 365))),
                updated_at: Set(joined),
                capacity: Set(1),
                paused: Set(false),
                ..Default::default()
            });
            if approved {
                certs_for.push(id);
                certs.push(certificate::ActiveModel {
                    user_id: Set(id),
                    code: Set(format!("NAT{id:010}")),
                    issued_at: Set(joined + Duration::days(20)),
                    ..Default::default()
                });
                for module in &modules {
                    quizzes.push(quiz_attempt::ActiveModel {
                        user_id: Set(id),
                        module_id: Set(*module),
                        score: Set(5),
                        total: Set(5),
                        passed: Set(true),
                        attempted_at: Set(joined + Duration::days(10)),
                        ..Default::default()
                    });
                }
                bookings.push(workshop_booking::ActiveModel {
                    workshop_id: Set(j / 20 + 1),
                    user_id: Set(id),
                    status: Set(domain::workshops::BookingStatus::Attended),
                    queued_at: Set(joined),
                    updated_at: Set(joined),
                    ..Default::default()
                });
            }
        }
        user::Entity::insert_many(users).exec(&txn).await.map_err(err)?;
        mentor_profile::Entity::insert_many(profiles).exec(&txn).await.map_err(err)?;
        mentor_check::Entity::insert_many(checks).exec(&txn).await.map_err(err)?;
        if !certs.is_empty() {
            certificate::Entity::insert_many(certs).exec(&txn).await.map_err(err)?;
            for q in quizzes.chunks(BATCH) {
                quiz_attempt::Entity::insert_many(q.to_vec()).exec(&txn).await.map_err(err)?;
            }
            workshop_booking::Entity::insert_many(bookings).exec(&txn).await.map_err(err)?;
            services::policies::accept_all_for(&txn, &certs_for, now).await.map_err(|e| e.to_string())?;
        }
        txn.commit().await.map_err(err)?;
        bar.add(chunk.len() as u64);
    }

    // Young people: 40% mentored to the end, 10% in an active match, 50% waiting or not yet
    // ready. Active matches each take their own approved mentor; finished ones reuse mentors.
    let approved_total = (mentors as i64 / 20) * 16 + (mentors as i64 % 20).min(16);
    let (mut match_id, mut active_seen, mut closed_seen) = (0i64, 0i64, 0i64);
    for (c, chunk) in yps.chunks(BATCH).enumerate() {
        let txn = db.begin().await.map_err(err)?;
        let (mut users, mut apps, mut evals, mut matches, mut sessions, mut pairs) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, y) in chunk.iter().enumerate() {
            let k = (c * BATCH + i) as i64;
            let id = mentors as i64 + k + 1;
            let state = k % 10;
            let applied_days_ago = match state {
                0..=3 => 420 + rng.below(1000) as i64,
                4 => 90 + rng.below(200) as i64,
                _ => y.waited_days as i64,
            };
            let applied = now - Duration::days(applied_days_ago);
            let age = i64::from(y.age);
            let born = today - Duration::days(age * 365 + 40);
            let school = (age < 18).then(|| 1 + k % SCHOOLS);
            users.push(person(
                id,
                format!("y{id}@national.example"),
                full_name(id),
                born,
                Role::YoungPerson,
                school,
                applied - Duration::days(3),
            ));
            apps.push(yp_application::ActiveModel {
                user_id: Set(id),
                goals: Set("Explore careers, Build confidence".into()),
                interests: Set(names(y.interests, SECTORS)),
                region: Set(REGIONS[y.region as usize].into()),
                format: Set(format_of(y.formats).into()),
                availability: Set(names(y.availability as u32, AVAILABILITY)),
                accessibility: Set(String::new()),
                languages: Set(String::new()),
                submitted_at: Set(applied),
                confirmed_at: Set(school.map(|_| applied + Duration::days(2))),
                confirmed_by: Set(None),
                // States 0 to 4 get a match below (closed for good, or active).
                placed: Set(state <= 4),
                ..Default::default()
            });
            evals.push(evaluation::ActiveModel {
                user_id: Set(id),
                kind: Set("pre".into()),
                version: Set(INSTRUMENT_VERSION.into()),
                started_at: Set(applied),
                completed_at: Set(Some(applied + Duration::hours(1))),
                ..Default::default()
            });
            if state > 4 {
                continue;
            }
            match_id += 1;
            let active = state == 4;
            let mentor = if active {
                active_seen += 1;
                approved_mentor((active_seen - 1) % approved_total.max(1))
            } else {
                closed_seen += 1;
                approved_mentor((closed_seen * 7919) % approved_total.max(1))
            };
            let start = (applied + Duration::days(60)).date_naive();
            let planned_end = start.checked_add_months(Months::new(12)).unwrap_or(start);
            let closed_at = (!active).then(|| applied + Duration::days(60 + 300));
            matches.push(mentoring_match::ActiveModel {
                id: Set(match_id),
                young_person_id: Set(id),
                mentor_id: Set(mentor),
                status: Set(if active { MatchStatus::Active } else { MatchStatus::Closed }),
                source: Set("run".into()),
                run_id: Set(None),
                score: Set(60),
                reasons: Set("Skills match their goals".into()),
                start_date: Set(start),
                planned_end: Set(planned_end),
                created_by: Set(None),
                created_at: Set(applied + Duration::days(55)),
                closed_at: Set(closed_at),
                closed_reason: Set((!active).then(|| "completed".into())),
                suspended_at: Set(None),
                video_room: Set(None),
            });
            let held = if active { ((today - start).num_days() / 30).clamp(0, 3) } else { 6 };
            for s in 0..held {
                let on = start + Duration::days(s * 30 + 3);
                sessions.push(mentoring_session::ActiveModel {
                    match_id: Set(match_id),
                    held_on: Set(on),
                    minutes: Set(60),
                    mode: Set("online".into()),
                    place: Set(String::new()),
                    discussed: Set("Goals and next steps".into()),
                    progress: Set(String::new()),
                    logged_by: Set(mentor),
                    logged_at: Set(now),
                    confirmed_by: Set(Some(id)),
                    confirmed_at: Set(Some(now)),
                    ..Default::default()
                });
            }
            if let Some(closed) = closed_at {
                evals.push(evaluation::ActiveModel {
                    user_id: Set(id),
                    kind: Set("end".into()),
                    version: Set(INSTRUMENT_VERSION.into()),
                    started_at: Set(closed),
                    completed_at: Set(Some(closed + Duration::hours(1))),
                    ..Default::default()
                });
                let place = PairPlace {
                    user_id: id,
                    paired_at: closed,
                    year: chrono::Datelike::year(&closed.date_naive()),
                    cohort: chrono::Datelike::year(&applied.date_naive()),
                    region: REGIONS[y.region as usize].into(),
                    partner_id: school,
                    age_group: AGE_GROUPS[if age < 18 {
                        0
                    } else if age < 22 {
                        1
                    } else {
                        2
                    }]
                    .0
                    .into(),
                };
                pairs.push(generated_pair(place, |n| rng.below(n as u32) as u64));
            }
        }
        user::Entity::insert_many(users).exec(&txn).await.map_err(err)?;
        yp_application::Entity::insert_many(apps).exec(&txn).await.map_err(err)?;
        for e in evals.chunks(BATCH) {
            evaluation::Entity::insert_many(e.to_vec()).exec(&txn).await.map_err(err)?;
        }
        if !matches.is_empty() {
            mentoring_match::Entity::insert_many(matches).exec(&txn).await.map_err(err)?;
        }
        for s in sessions.chunks(BATCH) {
            mentoring_session::Entity::insert_many(s.to_vec()).exec(&txn).await.map_err(err)?;
        }
        for p in pairs.chunks(200) {
            evaluation_pair::Entity::insert_many(p.to_vec()).exec(&txn).await.map_err(err)?;
        }
        txn.commit().await.map_err(err)?;
        bar.add(chunk.len() as u64);
    }
    // Rows were written with their ids: PostgreSQL's sequences move past them so the app's
    // own inserts carry on from there.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        for table in ["users", "partner_organisations", "workshops", "matches"] {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .await
            .map_err(err)?;
        }
        db.execute_unprepared("ANALYZE").await.map_err(err)?;
    } else {
        db.execute_unprepared("ANALYZE").await.map_err(err)?;
    }
    Ok(())
}

async fn count(db: &DatabaseConnection, table: &str) -> Res<i64> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) FROM {table}"),
        ))
        .await
        .map_err(err)?
        .ok_or("no row")?;
    row.try_get_by_index::<i64>(0).map_err(err)
}

/// Median of three runs, in milliseconds, and the size of what it returned.
macro_rules! timed {
    ($label:expr, $e:expr) => {{
        let mut times = Vec::new();
        let mut size = 0usize;
        for _ in 0..3 {
            let t = Instant::now();
            let out = $e.await.map_err(|e| format!("{}: {e:?}", $label))?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            size = out;
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!("  {:<58} {:>10.1} ms {:>8} rows", $label, times[1], size);
    }};
}

async fn time_pages(db: &DatabaseConnection, mentors: i64) -> Res<()> {
    let now = Utc::now();
    let deep_user = mentors; // a cursor in the middle of the users table
    let staff = 0i64;
    println!("  {:<58} {:>13} {:>13}", "page (service call)", "median of 3", "returned");
    timed!("People, first page (accounts::list)", async {
        services::accounts::list(db, None, None, None, 25).await.map(|v| v.len())
    });
    timed!("People, deep page (keyset before the middle id)", async {
        services::accounts::list(db, None, None, Some(deep_user), 25).await.map(|v| v.len())
    });
    timed!("People, mentors only, deep page", async {
        services::accounts::list(db, Some(Role::Mentor), None, Some(deep_user / 2), 25).await.map(|v| v.len())
    });
    timed!("Mentor applications to review, first page", async {
        services::approvals::queue(db, QueueFilter::ToReview, None, None, 25, chrono::Utc::now()).await.map(|v| v.len())
    });
    timed!("Mentor applications to review, deep page", async {
        services::approvals::queue(db, QueueFilter::ToReview, None, Some(deep_user / 2), 25, chrono::Utc::now())
            .await
            .map(|v| v.len())
    });
    timed!("Approved mentors, deep page", async {
        services::approvals::queue(db, QueueFilter::Approved, None, Some(deep_user / 2), 25, chrono::Utc::now())
            .await
            .map(|v| v.len())
    });
    timed!("Mentor queue counts (5 counts)", async { services::approvals::counts(db).await.map(|v| v.len()) });
    timed!("A school's cohort, first page (applications::cohort)", async {
        services::applications::cohort(db, 7, None, 25, now).await.map(|v| v.len())
    });
    timed!("Mentor network directory, first page", async {
        services::library::network(db, staff, Role::Staff, None, None, 20).await.map(|p| p.entries.len())
    });
    timed!("Mentor network directory, deep page", async {
        services::library::network(db, staff, Role::Staff, None, Some(deep_user / 2), 20).await.map(|p| p.entries.len())
    });
    timed!("Mentor network directory, one region", async {
        services::library::network(db, staff, Role::Staff, Some("Wales"), None, 20).await.map(|p| p.entries.len())
    });
    timed!("Bulletin, first page", async {
        services::community::page(db, Role::Mentor, None, 10).await.map(|p| p.posts.len())
    });
    timed!("Resource library, first page", async {
        services::library::page(db, 1, Role::Mentor, None, None, 10).await.map(|p| p.resources.len())
    });
    timed!("Workshops, upcoming (workshops::staff_list)", async {
        services::workshops::staff_list(db, None, None, false, 25, now).await.map(|v| v.len())
    });
    timed!("Staff dashboard counts by role", async { services::accounts::count_by_role(db).await.map(|v| v.len()) });
    // Whole-programme figures: what the background job costs to count each one (once), then
    // what a view costs once the figure is a snapshot (counting took over LIVE_LIMIT_MS).
    for figure in services::figures::Figure::ALL {
        let t = Instant::now();
        let body =
            services::figures::recount(db, figure, now).await.map_err(|e| format!("{}: {e:?}", figure.name()))?;
        println!(
            "  {:<58} {:>10.1} ms {:>8} bytes",
            format!("Count {} (figures::recount, once)", figure.name()),
            t.elapsed().as_secs_f64() * 1000.0,
            body.len()
        );
    }
    timed!("Impact report, everyone (funnel from its snapshot)", async {
        let f = ImpactFilter::default().validate().map_err(services::ServiceError::Validation)?;
        services::impact::scoped_report(db, Role::Staff, None, &f, now).await.map(|r| r.themes.len())
    });
    timed!("Programme dashboard (figures::programme)", async {
        services::figures::programme(db, now).await.map(|o| o.waiting.len())
    });
    timed!("Waiting pool, first page (matching::waiting_page)", async {
        services::matching::waiting_page(db, None, 25, now).await.map(|(rows, _)| rows.len())
    });
    timed!("Waiting pool, deep page", async {
        services::matching::waiting_page(db, Some(mentors + 500_001), 25, now).await.map(|(rows, _)| rows.len())
    });
    timed!("Waiting total and mentors available (figures)", async {
        let w = services::figures::waiting_total(db, now).await?;
        services::figures::mentors_available(db, now).await.map(|m| usize::from(!w.live && !m.live))
    });
    timed!("Relationships at risk (figures::relationships)", async {
        services::figures::relationships(db, now).await.map(|r| r.value.len())
    });
    Ok(())
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

#[tokio::main]
async fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let young: usize =
        arg(&args, "--young").map(|v| v.parse().map_err(|_| "--young N")).transpose()?.unwrap_or(1_000_000);
    let mentors: usize =
        arg(&args, "--mentors").map(|v| v.parse().map_err(|_| "--mentors N")).transpose()?.unwrap_or(1_000_000);
    let backends = arg(&args, "--backends").unwrap_or_else(|| "sqlite,postgres".into());
    let skip_fill = args.iter().any(|a| a == "--skip-fill");
    for b in backends.split(',') {
        let url = match b {
            "sqlite" => {
                std::fs::create_dir_all("target").map_err(|e| e.to_string())?;
                if !skip_fill {
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("target/national.db{suffix}"));
                    }
                }
                "sqlite://target/national.db?mode=rwc".to_string()
            }
            "postgres" => {
                let admin_url = std::env::var("TANDEM_TEST_PG_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
                let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin_url.clone());
                if !skip_fill {
                    let admin = sea_orm::Database::connect(&admin_url).await.map_err(err)?;
                    admin.execute_unprepared("DROP DATABASE IF EXISTS tandem_national").await.map_err(err)?;
                    admin.execute_unprepared("CREATE DATABASE tandem_national").await.map_err(err)?;
                    admin.close().await.map_err(err)?;
                }
                format!("{base}/tandem_national")
            }
            other => return Err(format!("unknown backend {other}")),
        };
        println!("\n== {b}: {url}");
        let db = services::db::connect(&url).await.map_err(err)?;
        if !skip_fill {
            println!("  filling {young} young people and {mentors} mentors with their journeys");
            let t = Instant::now();
            fill(&db, young, mentors).await?;
            println!("  filled in {:.0} s", t.elapsed().as_secs_f64());
        }
        let mut rows = Vec::new();
        for table in [
            "users",
            "mentor_profiles",
            "quiz_attempts",
            "workshop_bookings",
            "yp_applications",
            "evaluations",
            "matches",
            "mentoring_sessions",
            "evaluation_pairs",
        ] {
            rows.push(format!("{table} {}", count(&db, table).await?));
        }
        println!("  rows: {}", rows.join(", "));
        time_pages(&db, mentors as i64).await?;
    }
    Ok(())
}
