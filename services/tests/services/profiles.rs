//! Mentor profiles are saved answer by answer, validated, and private to their owner.

use chrono::{TimeZone, Utc};
use domain::RegistrationInput;
use domain::profiles::Profile;
use services::testing::TestDb;
use services::{ServiceError, accounts, profiles};

on_both!(saved_as_they_go_and_validated);

async fn saved_as_they_go_and_validated(t: TestDb) {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("time");
    let register = |email: &'static str| RegistrationInput {
        name: "Femi Adebayo".into(),
        email: email.into(),
        password: "lantern-meadow-42".into(),
        date_of_birth: "1983-07-09".into(),
        role: "mentor".into(),
    };
    let me = accounts::register(&t.db, &register("femi@example.org"), now).await.expect("register").id;
    let other = accounts::register(&t.db, &register("other@example.org"), now).await.expect("register").id;

    assert_eq!(profiles::get(&t.db, me).await.expect("get"), Profile::default());
    profiles::save_field(&t.db, me, "job_title", "  Structural engineer ", now).await.expect("save");
    let p = profiles::save_field(&t.db, me, "postcode_area", "ls6", now).await.expect("save");
    assert_eq!((p.job_title.as_str(), p.postcode_area.as_str()), ("Structural engineer", "LS6"));
    // A fresh read (another device) sees both answers.
    let again = profiles::get(&t.db, me).await.expect("get");
    assert_eq!(again.answered(), 2);
    assert!(matches!(
        profiles::save_field(&t.db, me, "region", "Atlantis", now).await,
        Err(ServiceError::Validation(e)) if e.get("region").is_some()
    ));
    assert!(matches!(
        profiles::save_field(&t.db, me, "password_hash", "x", now).await,
        Err(ServiceError::Validation(_))
    ));
    assert_eq!(profiles::get(&t.db, me).await.expect("get").region, "", "a refused answer is not stored");

    let mut full = again.clone();
    for (f, v) in [
        ("sector", "Engineering and manufacturing"),
        ("skills", "Apprenticeships, CV and interviews"),
        ("region", "Yorkshire and the Humber"),
        ("languages", "English, Polish"),
        ("format", "either"),
        ("availability", "Weekday evenings, Saturdays"),
        ("max_age_group", "22-25"),
        ("bio", "I design bridges and love explaining how they stand up."),
    ] {
        full.set(f, v.into());
    }
    let saved = profiles::save_all(&t.db, me, &full, now).await.expect("save all");
    assert!(saved.complete());
    assert_eq!(profiles::get(&t.db, other).await.expect("get"), Profile::default(), "profiles are per person");
}

on_both!(mentors_link_only_to_an_employer_partner);

async fn mentors_link_only_to_an_employer_partner(t: TestDb) {
    use services::partners::{self, PartnerKind};
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("time");
    let input = RegistrationInput {
        name: "Femi Adebayo".into(),
        email: "femi@example.org".into(),
        password: "lantern-meadow-42".into(),
        date_of_birth: "1983-07-09".into(),
        role: "mentor".into(),
    };
    let me = accounts::register(&t.db, &input, now).await.expect("register").id;
    let employer = partners::create(&t.db, "Brightwater", PartnerKind::Employer, None, now).await.expect("employer");
    let school = partners::create(&t.db, "Northfield", PartnerKind::School, Some("N-1"), now).await.expect("school");
    let refused = profiles::set_employer_partner(&t.db, me, Some(school.id), now).await;
    assert!(matches!(refused, Err(ServiceError::Validation(e)) if e.get("employer_partner").is_some()));
    profiles::set_employer_partner(&t.db, me, Some(employer.id), now).await.expect("link");
    assert_eq!(accounts::find(&t.db, me).await.expect("find").partner_id, Some(employer.id));
    let cohort = accounts::list_for_partner(&t.db, employer.id, 10).await.expect("cohort");
    assert_eq!(cohort.iter().map(|a| a.id).collect::<Vec<_>>(), vec![me]);
    profiles::set_employer_partner(&t.db, me, None, now).await.expect("unlink");
    assert_eq!(accounts::find(&t.db, me).await.expect("find").partner_id, None);
}
