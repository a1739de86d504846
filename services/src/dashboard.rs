//! Builds each role's dashboard ([`domain::dashboard::Dashboard`]) from their own data: the
//! mentor's and young person's journeys, the coordinator's cohort, the staff and
//! safeguarding overviews.

use crate::accounts;
use crate::people::Account;
use crate::{ServiceError, partners};
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use domain::approvals::MentorStatus;
use domain::dashboard::{Dashboard, EmployerCohort, JourneyStep, PartnerRow, PersonRow, StepState};
use sea_orm::DatabaseConnection;

fn step(title: &str, detail: &str, state: StepState) -> JourneyStep {
    JourneyStep { title: title.into(), detail: detail.into(), state, href: None }
}

/// The profile step of the mentor's journey, from their saved answers.
fn profile_step(p: &domain::profiles::Profile) -> JourneyStep {
    let total = domain::profiles::COUNTED.len();
    let (detail, state) = if p.complete() {
        ("All questions answered; you can update it at any time".to_string(), StepState::Done)
    } else {
        (
            format!("{} of {total} questions answered: your work, skills and when you are free", p.answered()),
            StepState::Next,
        )
    };
    JourneyStep { title: "Complete your profile".into(), detail, state, href: Some("/profile".into()) }
}

/// The training step of the mentor's journey, from their real progress.
/// The course's target is two weeks after joining (`domain::training::TARGET_DAYS`).
fn training_step(c: &domain::training::view::Course, joined: NaiveDate, today: NaiveDate) -> JourneyStep {
    let target = domain::training::target_date(joined).format("%-d %B %Y");
    let (detail, state) = if c.complete {
        ("All modules complete".to_string(), StepState::Done)
    } else {
        let when = if domain::training::overdue(joined, today, c.complete) {
            format!("We hoped you would finish by {target}: carry on when you can")
        } else {
            format!("Aim to finish by {target}")
        };
        (
            format!(
                "{} of {} lessons and {} of {} modules done; about {} minutes in all, saved as you go. {when}.",
                c.lessons_done,
                c.lessons_total,
                c.modules_done,
                c.modules.len(),
                c.total_minutes
            ),
            StepState::Next,
        )
    };
    JourneyStep { title: "Online training course".into(), detail, state, href: Some("/training".into()) }
}

fn linked(title: &str, detail: String, state: StepState, href: &str) -> JourneyStep {
    JourneyStep { title: title.into(), detail, state, href: Some(href.into()) }
}

async fn mentor_journey(
    db: &DatabaseConnection,
    me: &Account,
    joined: &str,
    status: MentorStatus,
    now: DateTime<Utc>,
) -> Result<Vec<JourneyStep>, ServiceError> {
    use domain::workshops::{BookingStatus, WorkshopKind};
    let course = crate::training::course(db, me.id).await?;
    let attended = crate::workshops::attended(db, me.id, WorkshopKind::MentorWorkshop).await?;
    let booking = crate::workshops::current_booking(db, me.id, WorkshopKind::MentorWorkshop, now).await?;
    let workshop = match (attended, &booking) {
        (true, _) => linked("Group workshop", "Attended".into(), StepState::Done, "/workshops"),
        (false, Some(w)) if w.mine == Some(BookingStatus::Waitlisted) => linked(
            "Group workshop",
            format!("On the waiting list for {} (number {})", w.when, w.position.unwrap_or(1)),
            StepState::Next,
            "/workshops",
        ),
        (false, Some(w)) => linked("Group workshop", format!("Booked for {}", w.when), StepState::Next, "/workshops"),
        (false, None) => linked(
            "Group workshop",
            "Book a 2-hour interactive session with other new mentors".into(),
            StepState::Next,
            "/workshops",
        ),
    };
    let cert = crate::certificates::issue_if_earned(db, me.id, course.complete, attended, now).await?;
    let certificate = match cert {
        Some(c) => {
            linked("Certificate of achievement", format!("Issued {}", c.issued), StepState::Done, "/certificate")
        }
        None => linked(
            "Certificate of achievement",
            "Issued automatically once your training and workshop are complete".into(),
            StepState::Later,
            "/certificate",
        ),
    };
    let approval = match status {
        MentorStatus::Approved => {
            step("Checks and approval", "Approved: DBS check and references complete", StepState::Done)
        }
        _ => step(
            "Checks and approval",
            "Our team records your enhanced DBS check and two references, then approves you",
            StepState::Later,
        ),
    };
    Ok(vec![
        step("Create your account", &format!("Done on {joined}"), StepState::Done),
        profile_step(&crate::profiles::get(db, me.id).await?),
        training_step(&course, me.created_at.date_naive(), now.date_naive()),
        policies_step(&crate::policies::accept_page(db, me.id).await?),
        workshop,
        certificate,
        approval,
    ]
    .into_iter()
    .chain(match crate::matching::my_match(db, me.id, now).await? {
        Some(m) => matched_steps(&m),
        None => vec![
            step("Get matched", "With a young person whose goals fit your experience", StepState::Later),
            step("Monthly sessions", "One hour a month, for up to twelve months", StepState::Later),
        ],
    })
    .collect())
}

/// The policies a mentor accepts before being matched, and again when one changes.
fn policies_step(page: &domain::policies::AcceptPage) -> JourneyStep {
    let title = "Accept our policies";
    if page.outstanding.is_empty() {
        return linked(
            title,
            "Accepted: safeguarding, code of conduct, gifts and hospitality".into(),
            StepState::Done,
            "/policies/accept",
        );
    }
    let names: Vec<String> = page.outstanding.iter().map(|p| p.policy.summary.title.clone()).collect();
    let again = page.outstanding.iter().any(|p| p.accepted_before.is_some());
    let detail = if again {
        format!("Updated, please read and accept again: {}", names.join(", "))
    } else {
        format!("Read and accept before you are matched: {}", names.join(", "))
    };
    linked(title, detail, StepState::Next, "/policies/accept")
}

/// Once matched, matching is done and the sessions are what comes next, on the match page.
fn matched_steps(m: &domain::matching::MyMatch) -> Vec<JourneyStep> {
    let overdue = if m.overdue > 0 {
        format!(" {} overdue.", domain::count(m.overdue, "session is", "sessions are"))
    } else {
        String::new()
    };
    vec![
        step("Get matched", &format!("Matched with {} on {}", m.with, m.start_date), StepState::Done),
        linked(
            &format!("Monthly sessions with {}", m.with),
            format!("One hour a month until {}.{overdue}", m.planned_end),
            StepState::Next,
            &format!("/match/{}", m.match_id),
        ),
    ]
}

fn young_person_journey(
    st: &domain::applications::YpStatus,
    joined: &str,
    course: &domain::training::view::Course,
    matched: Option<&domain::matching::MyMatch>,
) -> Vec<JourneyStep> {
    let done = |b: bool| if b { StepState::Done } else { StepState::Next };
    let mut steps = vec![
        step("Create your account", &format!("Done on {joined}"), StepState::Done),
        linked(
            "Apply: what you want from mentoring",
            if st.application.is_some() {
                "Sent. You can update it at any time".into()
            } else {
                "About five minutes".into()
            },
            done(st.application.is_some()),
            "/apply",
        ),
        linked(
            "Questionnaire about you",
            if st.pre_evaluation_done { "Complete".into() } else { "Twelve short statements; saved as you go".into() },
            done(st.pre_evaluation_done),
            "/evaluation/pre",
        ),
        linked(
            "Your course: getting ready for mentoring",
            if course.complete {
                "Complete".into()
            } else {
                format!(
                    "What mentoring is, setting goals and staying safe: about {} minutes, saved as you go. {} of {} lessons done.",
                    course.total_minutes, course.lessons_done, course.lessons_total
                )
            },
            done(course.complete),
            "/training",
        ),
    ];
    if st.under_18 {
        steps.push(step(
            "Confirmation by your Mentoring Coordinator",
            &match (&st.partner, st.confirmed) {
                (_, true) => "Confirmed".to_string(),
                (Some(p), false) => format!("Your coordinator at {p} confirms you once you have applied"),
                (None, false) => "Apply with the join code from your school or youth organisation".to_string(),
            },
            if st.confirmed { StepState::Done } else { StepState::Later },
        ));
        steps.push(linked(
            "Induction",
            format!("Required before you meet your mentor. {}", st.induction),
            done(st.induction_attended),
            "/workshops",
        ));
    } else {
        steps.push(linked(
            "Induction (optional)",
            if st.induction_attended { "Attended".into() } else { format!("Recommended. {}", st.induction) },
            if st.induction_attended { StepState::Done } else { StepState::Later },
            "/workshops",
        ));
    }
    if let Some(m) = matched {
        steps.extend(matched_steps(m));
        return steps;
    }
    steps.push(step(
        "Get matched",
        if st.ready_for_matching() {
            "Your application is complete: we are looking for the right mentor for you (usually 8 to 12 weeks)"
        } else {
            "We look for a mentor whose experience fits your goals (usually 8 to 12 weeks)"
        },
        if st.ready_for_matching() { StepState::Next } else { StepState::Later },
    ));
    steps.push(step(
        "Monthly sessions",
        "One hour a month with your mentor, for up to twelve months",
        StepState::Later,
    ));
    steps
}

async fn partner_rows(db: &DatabaseConnection) -> Result<Vec<PartnerRow>, ServiceError> {
    let mut coordinators = partners::coordinators(db).await?;
    Ok(partners::list(db)
        .await?
        .into_iter()
        .map(|p| PartnerRow {
            id: p.id,
            name: p.name,
            kind: p.kind.label().into(),
            join_code: p.join_code,
            has_young_people: p.kind != partners::PartnerKind::Employer,
            safeguarding_contact: p.safeguarding_contact_id,
            coordinators: coordinators.remove(&p.id).unwrap_or_default(),
        })
        .collect())
}

fn person_rows(list: Vec<Account>, today: Option<chrono::NaiveDate>) -> Vec<PersonRow> {
    list.into_iter()
        .map(|a| PersonRow {
            age: today.and_then(|t| a.age_on(t)),
            name: a.name,
            role: a.role.label().into(),
            joined: a.created_at.format("%-d %b %Y").to_string(),
        })
        .collect()
}

/// The signed-in person's dashboard, as their role shows it. `base_url` makes the
/// coordinator's join address; `throttle` says how many sign-ups a join code takes an hour.
pub async fn build(
    db: &DatabaseConnection,
    base_url: &str,
    throttle: crate::throttle::ThrottlePolicy,
    me: Account,
    after: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Dashboard, ServiceError> {
    let today = now.date_naive();
    let joined = me.created_at.format("%-d %B %Y").to_string();
    Ok(match me.role {
        Role::Mentor => {
            let outcome = crate::approvals::outcome(db, me.id).await?;
            let closed = outcome.status.closed().then(|| {
                let reason = outcome.reason.map(|r| format!(" The reason: {}.", r.label())).unwrap_or_default();
                match outcome.status {
                    MentorStatus::Declined => format!(
                        "Thank you for applying to mentor with Tandem. After reviewing your application on {}, we are not able to go ahead.{reason}",
                        outcome.at.clone().unwrap_or_default()
                    ),
                    _ => format!(
                        "Your role as a Tandem mentor ended on {}.{reason} Thank you for the time you gave.",
                        outcome.at.clone().unwrap_or_default()
                    ),
                }
            });
            let journey =
                if closed.is_some() { vec![] } else { mentor_journey(db, &me, &joined, outcome.status, now).await? };
            let card = crate::matching::match_card(db, me.id, now).await?;
            Dashboard::Mentor { name: me.name, joined, journey, closed, card }
        }
        Role::YoungPerson => {
            let age = me.age_on(today);
            let st = crate::applications::status(db, me.id, now).await?;
            let card = crate::matching::match_card(db, me.id, now).await?;
            let course = crate::training::course(db, me.id).await?;
            Dashboard::YoungPerson {
                name: me.name,
                age,
                under_18: st.under_18,
                partner: st.partner.clone(),
                journey: young_person_journey(&st, &joined, &course, card.current.as_ref()),
                card,
            }
        }
        Role::Coordinator => {
            let partner_id = me.partner_id.ok_or(ServiceError::Forbidden)?;
            let p = partners::find(db, partner_id).await?;
            let people: Vec<Account> =
                accounts::list_for_partner(db, partner_id, 200).await?.into_iter().filter(|a| a.id != me.id).collect();
            let page = domain::applications::COHORT_PAGE;
            let employer = if p.kind == partners::PartnerKind::Employer {
                let funnel = crate::programme::funnel_for(db, Some(partner_id), now).await?;
                let minutes = crate::programme::minutes_given(db, partner_id).await?;
                Some(EmployerCohort { steps: funnel.mentors, minutes })
            } else {
                None
            };
            let mut cohort = if p.kind == partners::PartnerKind::Employer {
                vec![]
            } else {
                crate::applications::cohort(db, partner_id, after, page + 1, now).await?
            };
            let cohort_next = (cohort.len() as u64 > page).then(|| {
                cohort.truncate(page as usize);
                cohort.last().map(|r| r.user_id).unwrap_or_default()
            });
            let join_code_use = partners::join_code_use(db, &p, throttle, now).await?.map(|u| (u.last_hour, u.limit));
            // The queue answers only the institution's safeguarding contact.
            let safeguarding_cases = match crate::safeguarding::queue(db, (&me).into(), false).await {
                Ok(open) => Some(open.len() as u64),
                Err(ServiceError::Forbidden) => None,
                Err(e) => return Err(e),
            };
            Dashboard::Coordinator {
                safeguarding_cases,
                cohort,
                cohort_next,
                employer,
                name: me.name,
                partner: p.name,
                partner_kind: p.kind.label().into(),
                join_address: p.join_code.as_ref().map(|c| format!("{}/register?code={c}", base_url)),
                join_code_use,
                join_code: p.join_code,
                people: person_rows(people, None),
            }
        }
        Role::Staff => {
            let counts =
                accounts::count_by_role(db).await?.into_iter().map(|(r, n)| (r.plural().to_string(), n)).collect();
            let recent = person_rows(accounts::list(db, None, None, None, 8).await?, Some(today));
            Dashboard::Staff { name: me.name, counts, recent, partners: partner_rows(db).await? }
        }
        Role::SafeguardingLead => {
            let (open_cases, immediate_cases) = crate::safeguarding::open_counts(db).await?;
            Dashboard::SafeguardingLead {
                name: me.name,
                open_cases,
                immediate_cases,
                under_18s: accounts::count_under_18(db, today).await?,
                partners: partner_rows(db).await?,
            }
        }
    })
}
