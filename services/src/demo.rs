//! Realistic demo data for a first start on an empty database: a school partner with a
//! Mentoring Coordinator, an employer with a lead and employee mentors, staff, a
//! Designated Safeguarding Lead, a few dozen mentors and young people.

use crate::entities::user;
use crate::partners::{self, PartnerKind};
use crate::{ServiceError, passwords};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use domain::Role;
use domain::relationships::MatchStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// Every demo login uses this password (documented in the README). Demo only.
pub const DEMO_PASSWORD: &str = "tandem-demo-2026";

/// The two-step secret of every demo staff, safeguarding and coordinator login (documented in
/// the README; add it to an authenticator app, or compute codes from it in tests). Demo only.
pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The current code for the demo secret, one step ahead when `ahead` (tests use it when the
/// current code was just used).
pub fn demo_code(now: chrono::DateTime<Utc>, ahead: i64) -> String {
    let secret = crate::totp::base32_decode(DEMO_TOTP_SECRET).unwrap_or_default();
    format!("{:06}", crate::totp::code(&secret, crate::totp::step_at(now.timestamp()) + ahead))
}

/// The named demo logins: (email, role, what it shows).
pub const DEMO_LOGINS: [(&str, Role, &str); 12] = [
    ("staff@tandem.example", Role::Staff, "Programme staff: admin views, creating accounts"),
    ("dsl@tandem.example", Role::SafeguardingLead, "Designated Safeguarding Lead: the case queue"),
    ("deputy.dsl@tandem.example", Role::SafeguardingLead, "Deputy Designated Safeguarding Lead"),
    ("coordinator@northfield.example", Role::Coordinator, "Mentoring Coordinator at Northfield Academy (school)"),
    ("lead@brightwater.example", Role::Coordinator, "Employer lead at Brightwater Engineering"),
    ("amara.okafor@example.org", Role::Mentor, "A mentor"),
    ("jordan.ellis@example.org", Role::YoungPerson, "A young person aged 19"),
    ("maya.patel@northfield.example", Role::YoungPerson, "A 16-year-old pupil at Northfield Academy"),
    ("marcus.lee@example.org", Role::Mentor, "A mentor two months into mentoring Leah"),
    ("leah.carter@example.net", Role::YoungPerson, "A young person aged 20, mentored by Marcus"),
    ("ruth.bennett@example.org", Role::Mentor, "A mentor of Kofi, a pupil: messages go through his coordinator"),
    ("kofi.asante@northfield.example", Role::YoungPerson, "A 16-year-old Northfield pupil, mentored by Ruth"),
];

const FIRST: [&str; 30] = [
    "Amara", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hana", "Isaac", "Jade", "Kwame", "Lucy", "Mohammed",
    "Niamh", "Oliver", "Priya", "Quentin", "Rosa", "Samuel", "Tara", "Usman", "Vera", "William", "Xin", "Yusuf",
    "Zara", "Aled", "Bethan", "Callum", "Deborah",
];
const LAST: [&str; 30] = [
    "Okafor", "Hughes", "Nowak", "Adeyemi", "Clarke", "Hussain", "Evans", "Kowalski", "Brown", "Murphy", "Mensah",
    "Taylor", "Rahman", "Byrne", "Wright", "Sharma", "Dubois", "Silva", "Jones", "Campbell", "Ali", "Ivanova",
    "Roberts", "Chen", "Demir", "Ahmed", "Price", "Morgan", "Fraser", "Osei",
];

fn years_ago(today: NaiveDate, years: i32, day_offset: i64) -> NaiveDate {
    let d = NaiveDate::from_ymd_opt(today.year() - years, today.month(), 1).unwrap_or(today);
    d - Duration::days(day_offset)
}

/// How the demo's people joined: the school's young people with its join code, and two
/// through links others shared (Jordan through Leah's, Amara through the Brightwater lead's,
/// which counts for Brightwater too).
async fn record_how_people_joined(db: &impl sea_orm::ConnectionTrait, now: DateTime<Utc>) -> Result<(), ServiceError> {
    use crate::referrals::{self, Owner};
    for u in user::Entity::find()
        .filter(user::Column::Role.eq(Role::YoungPerson.as_str()))
        .filter(user::Column::PartnerId.is_not_null())
        .all(db)
        .await?
    {
        referrals::record(db, u.id, None, u.partner_id, u.created_at).await?;
    }
    for (joined, through) in [
        ("jordan.ellis@example.org", "leah.carter@example.net"),
        ("amara.okafor@example.org", "lead@brightwater.example"),
    ] {
        let find = |email: &'static str| user::Entity::find().filter(user::Column::Email.eq(email)).one(db);
        let (Some(joined), Some(through)) = (find(joined).await?, find(through).await?) else { continue };
        let code = referrals::code_for(db, Owner::Person(through.id), now).await?;
        referrals::record(db, joined.id, Some(&code), None, joined.created_at).await?;
    }
    Ok(())
}

/// Loads the demo programme if the database has no accounts yet. Returns whether it did.
pub async fn load_if_empty(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    // One hash for every demo account keeps first start fast; real accounts each get their own salt.
    let hash = passwords::hash(DEMO_PASSWORD.into()).await?;
    let today = now.date_naive();
    let txn = db.begin().await?;
    let school = partners::create(&txn, "Northfield Academy", PartnerKind::School, Some("NORTHFIELD-26"), now).await?;
    let employer = partners::create(&txn, "Brightwater Engineering", PartnerKind::Employer, None, now).await?;
    partners::create(&txn, "Riverside Youth Trust", PartnerKind::YouthPartner, Some("RIVERSIDE-26"), now).await?;
    partners::create(&txn, "Eastgate Community Hub", PartnerKind::CommunityGroup, Some("EASTGATE-26"), now).await?;

    let mut people: Vec<(String, String, Role, Option<i64>, NaiveDate)> = vec![
        ("Sam Whitfield".into(), "staff@tandem.example".into(), Role::Staff, None, years_ago(today, 41, 12)),
        ("Grace Adebayo".into(), "dsl@tandem.example".into(), Role::SafeguardingLead, None, years_ago(today, 47, 3)),
        (
            "Ravi Kapoor".into(),
            "deputy.dsl@tandem.example".into(),
            Role::SafeguardingLead,
            None,
            years_ago(today, 39, 17),
        ),
        (
            "Helen Marsh".into(),
            "coordinator@northfield.example".into(),
            Role::Coordinator,
            Some(school.id),
            years_ago(today, 38, 40),
        ),
        (
            "Tom Reeve".into(),
            "lead@brightwater.example".into(),
            Role::Coordinator,
            Some(employer.id),
            years_ago(today, 44, 90),
        ),
        ("Amara Okafor".into(), "amara.okafor@example.org".into(), Role::Mentor, None, years_ago(today, 36, 20)),
        ("Jordan Ellis".into(), "jordan.ellis@example.org".into(), Role::YoungPerson, None, years_ago(today, 19, 45)),
        (
            "Maya Patel".into(),
            "maya.patel@northfield.example".into(),
            Role::YoungPerson,
            Some(school.id),
            years_ago(today, 16, 60),
        ),
    ];
    // Walks the first-name x surname grid, skipping names already in use, so no two demo
    // people share a name.
    let mut used: std::collections::HashSet<String> = people.iter().map(|p| p.0.clone()).collect();
    let mut cursor = 0usize;
    let mut next_name = move || loop {
        let (f, l) = (FIRST[cursor % 30], LAST[(cursor * 7 + cursor / 30) % 30]);
        cursor += 1;
        if used.insert(format!("{f} {l}")) {
            return (f, l);
        }
    };
    // 36 more mentors, a third of them Brightwater employees.
    for i in 0..36usize {
        let (f, l) = next_name();
        let partner = (i % 3 == 0).then_some(employer.id);
        let domain = if partner.is_some() { "brightwater.example" } else { "example.org" };
        people.push((
            format!("{f} {l}"),
            format!("{}.{}{}@{domain}", f.to_lowercase(), l.to_lowercase(), i),
            Role::Mentor,
            partner,
            years_ago(today, 25 + (i as i32 * 3) % 40, i as i64 * 5),
        ));
    }
    // 36 more young people: the school's pupils are 15-17, the rest 18-25.
    for i in 0..36usize {
        let (f, l) = next_name();
        let pupil = i % 3 == 0;
        let (age, partner, domain) = if pupil {
            (15 + ((i / 3) as i32 % 3), Some(school.id), "northfield.example")
        } else {
            (18 + (i as i32 % 8), None, "example.net")
        };
        people.push((
            format!("{f} {l}"),
            format!("{}.{}{}@{domain}", f.to_lowercase(), l.to_lowercase(), i),
            Role::YoungPerson,
            partner,
            years_ago(today, age, 10 + i as i64 * 3),
        ));
    }
    // Two pairs already mentoring (added last, so the generated people keep their places):
    // an adult pair, and a pupil whose contact goes through the school's coordinator.
    for (name, email, role, partner, age, offset) in [
        ("Marcus Lee", "marcus.lee@example.org", Role::Mentor, None, 34, 11),
        ("Ruth Bennett", "ruth.bennett@example.org", Role::Mentor, None, 45, 23),
        ("Leah Carter", "leah.carter@example.net", Role::YoungPerson, None, 20, 70),
        ("Kofi Asante", "kofi.asante@northfield.example", Role::YoungPerson, Some(school.id), 16, 95),
    ] {
        people.push((name.into(), email.into(), role, partner, years_ago(today, age, offset)));
    }
    for (k, (name, email, role, partner_id, dob)) in people.into_iter().enumerate() {
        // Spread sign-up dates over the past months so dashboards have history.
        let mut joined = now - Duration::days((k as i64 * 5) % 200);
        if PAIR_PEOPLE.contains(&email.as_str()) {
            joined = now - Duration::days(150); // they joined before their mentoring began
        }
        user::ActiveModel {
            email: Set(email),
            name: Set(name),
            date_of_birth: Set(Some(dob)),
            role: Set(role.as_str().into()),
            partner_id: Set(partner_id),
            password_hash: Set(hash.clone()),
            disabled: Set(false),
            created_at: Set(joined),
            updated_at: Set(joined),
            // Staff, safeguarding and coordinator logins need two-step codes: the demo's
            // all come from one published secret.
            totp_secret: Set(crate::accounts::totp_required(role).then(|| DEMO_TOTP_SECRET.to_string())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    crate::approvals::open_missing(&txn, now).await?;
    record_how_people_joined(&txn, now).await?;
    let staff = user::Entity::find().filter(user::Column::Role.eq(Role::Staff.as_str())).one(&txn).await?;
    let staff_id = staff.map(|s| s.id).unwrap_or_default();
    let day = |days: i64, h: u32, m: u32| {
        (today + Duration::days(days))
            .and_hms_opt(h, m, 0)
            .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default()
    };
    for (kind, title, starts, minutes, mode, location, capacity, audience, partner) in [
        (
            "mentor_workshop",
            "New mentor workshop (online)",
            day(10, 18, 0),
            "120",
            "online",
            "https://meet.tandem.example/workshop-online",
            "12",
            "",
            None,
        ),
        (
            "mentor_workshop",
            "New mentor workshop, Leeds",
            day(24, 10, 0),
            "120",
            "venue",
            "Brightwater Engineering, 12 Wellington Street, Leeds LS1 4DL",
            "16",
            "",
            None,
        ),
        (
            "mentee_induction",
            "Induction at Northfield Academy",
            day(7, 15, 30),
            "60",
            "venue",
            "Northfield Academy, Library, Northfield Road",
            "30",
            "under_18",
            Some(school.id),
        ),
        (
            "mentee_induction",
            "Online induction for 18 to 25 year olds",
            day(12, 17, 0),
            "60",
            "online",
            "https://meet.tandem.example/induction",
            "40",
            "18_25",
            None,
        ),
    ] {
        let input = domain::workshops::WorkshopInput {
            kind: kind.into(),
            title: title.into(),
            starts_at: starts,
            minutes: minutes.into(),
            mode: mode.into(),
            location: location.into(),
            capacity: capacity.into(),
            audience: audience.into(),
            partner: partner.map(|p: i64| p.to_string()).unwrap_or_default(),
        };
        crate::workshops::schedule(&txn, staff_id, &input, now).await?;
    }
    txn.commit().await?;
    // Some Northfield pupils have applied and wait for their coordinator's confirmation.
    let pupils = user::Entity::find()
        .filter(user::Column::Role.eq(Role::YoungPerson.as_str()))
        .filter(user::Column::PartnerId.eq(school.id))
        .filter(user::Column::Email.ne("kofi.asante@northfield.example"))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    for (i, p) in pupils.iter().take(3).enumerate() {
        let a = domain::applications::Application {
            goals: ["Build confidence, Career advice and guidance", "CV and interviews", "Applying to university"][i]
                .into(),
            interests: ["Technology", "Health and social care", "Law"][i].into(),
            region: "Yorkshire and the Humber".into(),
            format: "in_person".into(),
            availability: "Weekday afternoons".into(),
            accessibility: String::new(),
            languages: String::new(),
            join_code: "NORTHFIELD-26".into(),
        };
        crate::applications::submit(db, p.id, &a, now).await?;
    }
    // A few mentors are already through their checks and approved: six ready to match,
    // and the two of the pairs already mentoring.
    let mentors = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Mentor.as_str()))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    let mut approved: Vec<user::Model> = mentors.iter().skip(1).take(6).cloned().collect();
    approved.extend(mentors.iter().filter(|m| PAIR_MENTORS.contains(&m.email.as_str())).cloned());
    for m in &approved {
        let dbs = domain::approvals::DbsInput {
            certificate_number: format!("00{:010}", 1_234_500 + m.id),
            issue_date: (today - Duration::days(40)).format("%Y-%m-%d").to_string(),
            update_service: Some("yes".into()),
            recheck_date: (today + Duration::days(3 * 365)).format("%Y-%m-%d").to_string(),
        };
        crate::approvals::record_dbs(db, m.id, &dbs, now).await?;
        for (referee, relationship) in [("Claire Dawson", "Line manager"), ("Reverend Paul Ade", "Known for ten years")]
        {
            let r = domain::approvals::ReferenceInput {
                referee: referee.into(),
                relationship: relationship.into(),
                outcome: Some("satisfactory".into()),
            };
            crate::approvals::add_reference(db, staff_id, m.id, &r, now).await?;
        }
        let d = domain::approvals::DecisionInput { decision: "approve".into(), reason: None, note: String::new() };
        crate::approvals::decide(db, staff_id, m.id, &d, now).await?;
    }
    // They accepted the programme's policies as they went through training.
    let ids: Vec<i64> = approved.iter().map(|m| m.id).collect();
    crate::policies::accept_all_for(db, &ids, now - Duration::days(44)).await?;
    ready_for_matching(db, &approved, now).await?;
    pairs_mentoring(db, school.id, now).await?;
    library_and_network(db, staff_id, &approved, now).await?;
    opportunities_board(db, staff_id, employer.id, now).await?;
    Ok(true)
}

/// The opportunities board: an event from the programme, two posts from Brightwater
/// Engineering (approved for under-18s) that staff published, and one from one of its
/// employees waiting for staff. Kofi (16) asked his coordinator about the insight day, Leah
/// saved the careers fair and Marcus recommended her the internship.
async fn opportunities_board(
    db: &DatabaseConnection,
    staff_id: i64,
    employer_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use crate::opportunities::{self as board, Response};
    use domain::opportunities::OpportunityInput;
    let account = |email: &'static str| async move {
        let u =
            user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.ok_or(ServiceError::NotFound)?;
        crate::accounts::find(db, u.id).await
    };
    crate::opportunities::set_under_18(db, &crate::accounts::find(db, staff_id).await?, employer_id, true).await?;
    let staff = crate::accounts::find(db, staff_id).await?;
    let lead = account("lead@brightwater.example").await?;
    let employee = crate::accounts::find(
        db,
        user::Entity::find()
            .filter(user::Column::PartnerId.eq(employer_id))
            .filter(user::Column::Role.eq(Role::Mentor.as_str()))
            .order_by_asc(user::Column::Id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?
            .id,
    )
    .await?;
    let today = now.date_naive();
    let post = |title: &str,
                kind: &str,
                text: &str,
                region: Option<&str>,
                online: bool,
                ages: (i32, i32),
                days: i64,
                link: &str,
                goals: &[&str]| OpportunityInput {
        title: title.into(),
        kind: Some(kind.into()),
        description: text.into(),
        region: region.map(str::to_owned),
        online,
        min_age: ages.0.to_string(),
        max_age: ages.1.to_string(),
        closes_on: (today + Duration::days(days)).format("%Y-%m-%d").to_string(),
        link: link.into(),
        goals: goals.iter().map(|g| g.to_string()).collect(),
    };
    let fair = board::post(db, &staff, &post(
        "Online careers fair: meet 30 employers",
        "event",
        "Talk to people from thirty employers about what their work is like and how they recruit school and college leavers and graduates. Join from your phone or computer; come with a question or two.",
        None, true, (14, 25), 45, "", &["Career advice and guidance", "Meet people from different professional backgrounds"],
    ), now).await?;
    let insight = board::post(db, &lead, &post(
        "Engineering insight day",
        "insight_day",
        "Spend a day with our design and site teams in Leeds: see how a bridge is planned, try our modelling software and ask our apprentices what their first year was like. Lunch and travel costs are covered.",
        Some("Yorkshire and the Humber"), false, (15, 18), 30, "", &["Apprenticeships", "Career advice and guidance"],
    ), now).await?;
    let internship = board::post(db, &lead, &post(
        "Summer internship in civil engineering",
        "internship",
        "Eight paid weeks in our Leeds office working on real projects with a graduate engineer as your buddy. For students and graduates of any degree with an interest in how things are built.",
        Some("Yorkshire and the Humber"), true, (18, 25), 60, "https://careers.brightwater.example/internships", &["Career advice and guidance", "CV and interviews"],
    ), now).await?;
    board::post(db, &employee, &post(
        "Apprenticeship open evening",
        "event",
        "Meet our apprentices and their managers, hear how our Level 3 and degree apprenticeships work, and get help with your application.",
        Some("Yorkshire and the Humber"), false, (16, 25), 50, "", &["Apprenticeships"],
    ), now).await?;
    for id in [insight, internship] {
        board::decide(db, &staff, id, true, "", now).await?;
    }
    let kofi = account("kofi.asante@northfield.example").await?;
    board::respond(db, &kofi, insight, Response::Interested { share: false }, now).await?;
    let leah = account("leah.carter@example.net").await?;
    board::respond(db, &leah, fair, Response::Save(true), now).await?;
    let marcus = account(PAIR_MENTORS[0]).await?;
    board::recommend(
        db,
        &marcus,
        internship,
        "You said you wanted to see what engineering is really like: this looks like a good way in.",
        now,
    )
    .await?;
    Ok(())
}

/// The resource library's first guides and skill-builders, and four approved mentors who
/// chose to be listed in the mentor network.
async fn library_and_network(
    db: &DatabaseConnection,
    staff_id: i64,
    approved: &[user::Model],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let resources: [(&str, &str, &str, &str, &str, &str, &str); 7] = [
        (
            "Your first session",
            "What to expect when you meet your mentee for the first time.",
            "Agree how you will meet and how you will keep in touch through Tandem. Ask what they hope to get from mentoring, and share a little about your own path.\n\nEnd by agreeing one small thing each of you will do before next month.",
            "getting_started",
            "guide",
            "mentors",
            "15",
        ),
        (
            "Listening without fixing",
            "A 10-minute exercise in open questions and reflecting back.",
            "With a friend or colleague, ask three open questions (what, how, tell me about) and only reflect back what you heard, without advice.\n\nNotice when you wanted to fix things, and what happened when you did not.",
            "listening",
            "skill_builder",
            "mentors",
            "10",
        ),
        (
            "Setting goals together",
            "Turn a hope into a goal with one small step for next month.",
            "Write the hope in one sentence. Ask: what would be different in a year? Then choose one step small enough to do this month.\n\nWrite the step down and look at it together next session.",
            "goals",
            "skill_builder",
            "everyone",
            "20",
        ),
        (
            "Reading a job advert",
            "Spot what an employer really asks for, and how to show it.",
            "Underline what the advert says you must have, and circle what would be nice to have. For each, write one thing you have done that shows it.",
            "careers",
            "guide",
            "young_people",
            "15",
        ),
        (
            "Practice interview questions",
            "Ten common questions, and a way to prepare a short answer to each.",
            "For each question, note the situation, what you did and how it turned out, in three lines. Say the answers out loud once: it gets easier every time.",
            "careers",
            "skill_builder",
            "everyone",
            "30",
        ),
        (
            "Boundaries and safeguarding",
            "What to do if a young person tells you something worrying.",
            "Listen, stay calm and do not promise to keep it secret. Write down what was said in their words and report it the same day with Report a concern.",
            "safeguarding",
            "guide",
            "mentors",
            "10",
        ),
        (
            "When you feel stuck",
            "Small things that help on a hard day, and who to talk to.",
            "Take a short walk, message someone you trust, or write down three things you managed today, however small.\n\nIf you feel unsafe, tell your coordinator, your mentor or call 999.",
            "wellbeing",
            "guide",
            "young_people",
            "10",
        ),
    ];
    for (i, (title, summary, body, topic, kind, audience, minutes)) in resources.into_iter().enumerate() {
        let input = domain::library::ResourceInput {
            title: title.into(),
            summary: summary.into(),
            body: body.into(),
            link: String::new(),
            topic: Some(topic.into()),
            kind: Some(kind.into()),
            audience: Some(audience.into()),
            minutes: minutes.into(),
        };
        crate::library::publish(db, staff_id, &input, now - Duration::days(30 - i as i64)).await?;
    }
    let notes = [
        "Happy to share what worked in my first months of mentoring.",
        "Engineer in Leeds; glad to swap ideas on careers conversations.",
        "I mentor a pupil through his school's coordinator: ask me how that works.",
        "Up for a coffee (online) with new mentors.",
    ];
    let listed = approved.iter().take(2).chain(approved.iter().filter(|m| PAIR_MENTORS.contains(&m.email.as_str())));
    for (m, note) in listed.zip(notes) {
        crate::library::set_listing(db, m.id, &domain::library::ListingInput { listed: true, note: note.into() })
            .await?;
    }
    Ok(())
}

const PAIR_MENTORS: [&str; 2] = ["marcus.lee@example.org", "ruth.bennett@example.org"];
const PAIR_PEOPLE: [&str; 4] =
    ["marcus.lee@example.org", "ruth.bennett@example.org", "leah.carter@example.net", "kofi.asante@northfield.example"];

/// The demo's two active pairs: Marcus mentors Leah (20) and Ruth mentors Kofi (16, a
/// Northfield pupil: confirmed by his coordinator, inducted, sessions at school).
async fn pairs_mentoring(db: &DatabaseConnection, school_id: i64, now: DateTime<Utc>) -> Result<(), ServiceError> {
    use crate::entities::{mentoring_match, mentoring_session, workshop, workshop_booking};
    let by_email = |email: &'static str| async move {
        user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.ok_or(ServiceError::NotFound)
    };
    let (marcus, ruth) = (by_email(PAIR_MENTORS[0]).await?, by_email(PAIR_MENTORS[1]).await?);
    let (leah, kofi) = (by_email("leah.carter@example.net").await?, by_email("kofi.asante@northfield.example").await?);
    let coordinator = by_email("coordinator@northfield.example").await?;
    let items: Vec<(String, i32)> = domain::evaluations::ITEMS.iter().map(|i| (i.key.to_string(), 3)).collect();
    let today = now.date_naive();
    let txn = db.begin().await?;
    for (y, goals, format, join_code) in [
        (&leah, "Career advice and guidance, Build confidence", "online", ""),
        (&kofi, "Build confidence, Apprenticeships", "in_person", "NORTHFIELD-26"),
    ] {
        let a = domain::applications::Application {
            goals: goals.into(),
            interests: "Health and social care".into(),
            region: "Yorkshire and the Humber".into(),
            format: format.into(),
            availability: "Weekday evenings, Weekday afternoons".into(),
            accessibility: String::new(),
            languages: String::new(),
            join_code: join_code.into(),
        };
        crate::applications::submit(&txn, y.id, &a, now - Duration::days(120)).await?;
        crate::evaluations::submit(
            &txn,
            y.id,
            domain::evaluations::EvaluationKind::Pre,
            &items,
            now - Duration::days(119),
        )
        .await?;
    }
    crate::applications::confirm(&txn, coordinator.id, Some(school_id), kofi.id, now - Duration::days(110)).await?;
    if let Some(induction) =
        workshop::Entity::find().filter(workshop::Column::Kind.eq("mentee_induction")).one(&txn).await?
    {
        workshop_booking::ActiveModel {
            workshop_id: Set(induction.id),
            user_id: Set(kofi.id),
            status: Set(domain::workshops::BookingStatus::Attended),
            queued_at: Set(now - Duration::days(100)),
            updated_at: Set(now - Duration::days(100)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for (mentor, young, days_ago) in [(&marcus, &leah, 70i64), (&ruth, &kofi, 40)] {
        let start = today - Duration::days(days_ago);
        let started = now - Duration::days(days_ago);
        let m = mentoring_match::ActiveModel {
            young_person_id: Set(young.id),
            mentor_id: Set(mentor.id),
            status: Set(MatchStatus::Active),
            source: Set("manual".into()),
            run_id: Set(None),
            score: Set(70),
            reasons: Set("Covers Build confidence\nBoth free on weekday evenings".into()),
            start_date: Set(start),
            planned_end: Set(domain::relationships::planned_end(start)),
            created_by: Set(None),
            created_at: Set(started),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        crate::relationships::sync_placed(&txn, young.id).await?;
        crate::relationships::start(&txn, m.id, young.id, started).await?;
        if young.id == kofi.id {
            let held = start + Duration::days(6);
            mentoring_session::ActiveModel {
                match_id: Set(m.id),
                held_on: Set(held),
                minutes: Set(60),
                mode: Set("in_person".into()),
                place: Set("Northfield Academy (partner premises)".into()),
                discussed: Set("Getting to know each other; what Kofi hopes for from this year.".into()),
                progress: Set(String::new()),
                logged_by: Set(mentor.id),
                logged_at: Set(started + Duration::days(6)),
                confirmed_by: Set(Some(young.id)),
                confirmed_at: Set(Some(started + Duration::days(7))),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Demo mentor profiles, in the order of the approved mentors.
const MENTOR_PROFILES: [(&str, &str, &str, &str, &str, &str, &str); 8] = [
    (
        "Software engineer",
        "Technology",
        "Career advice and guidance, CV and interviews, Digital and tech skills",
        "Yorkshire and the Humber",
        "either",
        "Weekday evenings, Saturdays",
        "22-25",
    ),
    (
        "Staff nurse",
        "Health and social care",
        "Building confidence, Health and care careers, Wellbeing and resilience",
        "Yorkshire and the Humber",
        "in_person",
        "Weekday afternoons, Weekday evenings",
        "14-17",
    ),
    (
        "Solicitor",
        "Law",
        "Applying to university, Law and public service, Public speaking",
        "London",
        "online",
        "Weekday evenings, Sundays",
        "22-25",
    ),
    (
        "Apprentice engineer",
        "Engineering and manufacturing",
        "Apprenticeships, Engineering and manufacturing, Building confidence",
        "North West",
        "either",
        "Saturdays, Sundays",
        "18-21",
    ),
    (
        "Accountant",
        "Business and finance",
        "Finance and accounting, Starting a business, Networking",
        "London",
        "online",
        "Weekday mornings, Weekday evenings",
        "22-25",
    ),
    (
        "Marketing manager",
        "Creative arts and media",
        "Creative industries, Networking, CV and interviews",
        "Yorkshire and the Humber",
        "either",
        "Weekday afternoons, Saturdays",
        "22-25",
    ),
    (
        "Project manager",
        "Business and finance",
        "Career advice and guidance, Building confidence, CV and interviews",
        "Yorkshire and the Humber",
        "either",
        "Weekday evenings",
        "18-21",
    ),
    (
        "Paramedic",
        "Health and social care",
        "Building confidence, Health and care careers, Wellbeing and resilience",
        "Yorkshire and the Humber",
        "in_person",
        "Weekday afternoons",
        "14-17",
    ),
];

/// Makes the approved demo mentors ready to match (profile, training, a workshop attended
/// last month, certificate) and puts some adult young people in the waiting pool
/// (application and pre-evaluation done), so staff can match straight away.
async fn ready_for_matching(
    db: &DatabaseConnection,
    mentors: &[user::Model],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use crate::entities::{
        lesson_progress, quiz_attempt, quiz_question, training_lesson, workshop, workshop_booking, yp_application,
    };
    let txn = db.begin().await?;
    let held = workshop::ActiveModel {
        kind: Set("mentor_workshop".into()),
        title: Set("New mentor workshop (held last month)".into()),
        starts_at: Set((now - Duration::days(30)).naive_utc()),
        minutes: Set(120),
        online: Set(true),
        location: Set("https://meet.tandem.example/workshop-online".into()),
        capacity: Set(12),
        booked: Set(mentors.len() as i32),
        cancelled: Set(false),
        created_by: Set(None),
        created_at: Set(now - Duration::days(60)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let lessons = training_lesson::Entity::find().all(&txn).await?;
    let questions = quiz_question::Entity::find().all(&txn).await?;
    let mut modules: Vec<i64> = questions.iter().map(|q| q.module_id).collect();
    modules.sort_unstable();
    modules.dedup();
    for (m, p) in mentors.iter().zip(MENTOR_PROFILES) {
        let profile = domain::profiles::Profile {
            job_title: p.0.into(),
            sector: p.1.into(),
            employer: String::new(),
            skills: p.2.into(),
            region: p.3.into(),
            postcode_area: "LS1".into(),
            languages: "English".into(),
            format: p.4.into(),
            availability: p.5.into(),
            max_age_group: p.6.into(),
            bio: "I volunteer because someone once did the same for me.".into(),
        };
        crate::profiles::save_all(&txn, m.id, &profile, now).await?;
        for l in &lessons {
            lesson_progress::ActiveModel {
                user_id: Set(m.id),
                lesson_id: Set(l.id),
                completed_at: Set(now - Duration::days(45)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for module in &modules {
            let total = questions.iter().filter(|q| q.module_id == *module).count() as i32;
            quiz_attempt::ActiveModel {
                user_id: Set(m.id),
                module_id: Set(*module),
                score: Set(total),
                total: Set(total),
                passed: Set(true),
                attempted_at: Set(now - Duration::days(44)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        workshop_booking::ActiveModel {
            workshop_id: Set(held.id),
            user_id: Set(m.id),
            status: Set(domain::workshops::BookingStatus::Attended),
            queued_at: Set(now - Duration::days(40)),
            updated_at: Set(now - Duration::days(30)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        crate::certificates::issue_if_eligible(&txn, m.id, now - Duration::days(30)).await?;
    }
    // Adults waiting for a mentor, skipping Jordan (whose journey the demo leaves to you).
    let adults: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::Role.eq(Role::YoungPerson.as_str()))
        .filter(user::Column::PartnerId.is_null())
        .filter(user::Column::Email.is_not_in(["jordan.ellis@example.org", "leah.carter@example.net"]))
        .order_by_asc(user::Column::Id)
        .all(&txn)
        .await?;
    let goals = [
        "Career advice and guidance, CV and interviews",
        "Build confidence, Wellbeing and resilience",
        "Applying to university",
        "Apprenticeships, Build confidence",
        "Meet people from different professional backgrounds, Starting a business",
        "CV and interviews",
    ];
    let regions = ["Yorkshire and the Humber", "London", "North West", "Yorkshire and the Humber", "London", "Wales"];
    let items: Vec<String> = domain::evaluations::ITEMS.iter().map(|i| i.key.to_string()).collect();
    for (i, y) in adults.iter().take(6).enumerate() {
        let a = domain::applications::Application {
            goals: goals[i].into(),
            interests: [
                "Technology",
                "Health and social care",
                "Law",
                "Engineering and manufacturing",
                "Business and finance",
                "Education",
            ][i]
                .into(),
            region: regions[i].into(),
            format: ["either", "in_person", "online", "either", "online", "online"][i].into(),
            availability: [
                "Weekday evenings, Saturdays",
                "Weekday afternoons",
                "Weekday evenings, Sundays",
                "Saturdays",
                "Weekday evenings",
                "Weekday afternoons, Saturdays",
            ][i]
                .into(),
            accessibility: String::new(),
            languages: ["", "", "Polish", "", "", "Welsh"][i].into(),
            join_code: String::new(),
        };
        crate::applications::submit(&txn, y.id, &a, now).await?;
        // They applied weeks ago: the time waited counts in matching.
        let applied = now - Duration::days(20 + 9 * i as i64);
        yp_application::Entity::update_many()
            .col_expr(yp_application::Column::SubmittedAt, sea_orm::sea_query::Expr::value(applied))
            .filter(yp_application::Column::UserId.eq(y.id))
            .exec(&txn)
            .await?;
        let answers: Vec<(String, i32)> =
            items.iter().enumerate().map(|(k, key)| (key.clone(), 2 + ((k + i) % 3) as i32)).collect();
        crate::evaluations::submit(&txn, y.id, domain::evaluations::EvaluationKind::Pre, &answers, applied).await?;
    }
    txn.commit().await?;
    Ok(())
}
