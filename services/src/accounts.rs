//! Accounts: registration, sign-in, password change and reset, staff-created accounts.

use crate::audit::{self, Event};
use crate::entities::{login_challenge, partner_organisation, password_reset, user};
use crate::error::unique_to_field;
use crate::people::Account;
use crate::people::account_from;
use crate::sessions::{self, SessionPolicy};
use crate::throttle::{self, ThrottlePolicy};
use crate::{ServiceError, outbox, passwords, tokens};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use domain::{Email, FieldErrors, PersonName, RegistrationInput, Role, password};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// How long a reset link works.
pub const RESET_VALID_FOR: Duration = Duration::hours(1);
/// How long the "set your password" link for a staff-created account works.
pub const INVITE_VALID_FOR: Duration = Duration::days(7);
/// At most this many reset emails per account per hour, so the form cannot flood an inbox.
const RESETS_PER_HOUR: u64 = 3;

const DUPLICATE_EMAIL: &str = "An account with this email address already exists. Sign in, or reset your password";

#[tracing::instrument(skip(db, input), fields(email = %input.email), err)]
pub async fn register(
    db: &DatabaseConnection,
    input: &RegistrationInput,
    now: DateTime<Utc>,
) -> Result<Account, ServiceError> {
    let valid = input.validate(now.date_naive()).map_err(ServiceError::Validation)?;
    insert_registration(db, valid, None, now).await
}

/// Registration from the join page, within its allowance. A young person may bring the join
/// code their school or youth organisation gave them: they join that institution's cohort
/// (their coordinator still confirms them), and the sign-up counts against the code's and
/// the institution's hourly allowance instead of the network address's, so a whole class can
/// join from a school's one address. Without a code it counts against `address`. `referral`
/// is the referral code of the shared link that brought the person, if any
/// ([`crate::referrals`]).
pub async fn join(
    db: &DatabaseConnection,
    input: &RegistrationInput,
    join_code: &str,
    referral: Option<&str>,
    address: Option<&str>,
    policy: ThrottlePolicy,
    now: DateTime<Utc>,
) -> Result<Account, ServiceError> {
    use throttle::scope;
    let checked = input.validate(now.date_naive());
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    let code = domain::applications::normalise_join_code(join_code);
    let partner = if code.is_empty() {
        None
    } else if Role::parse(&input.role).is_some_and(|r| r != Role::YoungPerson) {
        errors.add("join_code", "Join codes are for young people joining through their school or youth organisation");
        None
    } else {
        let found = crate::partners::find_by_join_code(db, &code).await?;
        if found.is_none() {
            errors.add("join_code", "We do not recognise this join code: check it with your Mentoring Coordinator");
        }
        found
    };
    let valid = match checked {
        Ok(valid) if errors.is_empty() => valid,
        _ => return Err(ServiceError::Validation(errors)),
    };
    match &partner {
        Some(p) => {
            let limit = policy.registrations_per_code_hour;
            throttle::take_hourly(db, scope::REGISTER_CODE, &code, limit, domain::Limited::JoinCode, now).await?;
            let institution = p.id.to_string();
            throttle::take_hourly(db, scope::REGISTER_INSTITUTION, &institution, limit, domain::Limited::JoinCode, now)
                .await?;
        }
        None => {
            let limit = policy.registrations_per_address_hour;
            throttle::limit_address(db, scope::REGISTER_ADDRESS, address, limit, domain::Limited::Registration, now)
                .await?;
        }
    }
    let partner_id = partner.map(|p| p.id);
    let account = insert_registration(db, valid, partner_id, now).await?;
    crate::referrals::record(db, account.id, referral, partner_id, now).await?;
    Ok(account)
}

async fn insert_registration(
    db: &DatabaseConnection,
    valid: domain::ValidRegistration,
    partner_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Account, ServiceError> {
    let hash = passwords::hash(valid.password.clone()).await?;
    let model = user::ActiveModel {
        email: Set(valid.email.as_str().into()),
        name: Set(valid.name.as_str().into()),
        date_of_birth: Set(Some(valid.date_of_birth)),
        role: Set(valid.role.as_str().into()),
        partner_id: Set(partner_id),
        password_hash: Set(hash),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| unique_to_field(e, "email", DUPLICATE_EMAIL))?;
    if valid.role == Role::Mentor {
        crate::approvals::open_application(db, model.id, now).await?;
    }
    Ok(account_from(model))
}

/// The throttling key for an email as typed: normalised, whether or not it is valid or known.
fn email_key(raw: &str) -> String {
    raw.trim().to_lowercase()
}

#[derive(Debug, Clone, Copy)]
pub struct SignInPolicy {
    pub session: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// Staff, safeguarding leads and coordinators must use two-step verification.
    pub require_totp: bool,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        SignInPolicy { session: SessionPolicy::default(), throttle: ThrottlePolicy::default(), require_totp: true }
    }
}

/// Roles that must use two-step verification (they see many people's data); others may.
pub fn totp_required(role: Role) -> bool {
    matches!(role, Role::Staff | Role::SafeguardingLead | Role::Coordinator)
}

/// How long a sign-in may wait for its second step.
pub const CHALLENGE_VALID_FOR: Duration = Duration::minutes(10);
/// Wrong codes allowed per challenge before the person must start again.
const CHALLENGE_ATTEMPTS: i32 = 5;

/// What a correct password leads to.
#[derive(Debug)]
pub enum SignIn {
    /// Signed in: the account and the new session token.
    Session(Account, String),
    /// A code from the authenticator app is needed next (`setup`: the account must first
    /// set up two-step verification). The ticket names this sign-in attempt.
    Challenge { ticket: String, setup: bool },
}

impl SignIn {
    /// The session, for accounts without two-step verification (`Forbidden` otherwise).
    pub fn session(self) -> Result<(Account, String), ServiceError> {
        match self {
            SignIn::Session(a, t) => Ok((a, t)),
            SignIn::Challenge { .. } => Err(ServiceError::Forbidden),
        }
    }
}

/// Checks the credentials and starts a new session (a fresh token every time: rotation).
#[tracing::instrument(skip(db, password, policy), err(level = "info"))]
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    ip: Option<&str>,
    policy: SignInPolicy,
    now: DateTime<Utc>,
) -> Result<SignIn, ServiceError> {
    let key = email_key(email);
    throttle::check(db, policy.throttle, &key, ip, now).await?;
    let found = user::Entity::find().filter(user::Column::Email.eq(&key)).one(db).await?;
    let ok = match &found {
        Some(u) => passwords::verify(password.to_owned(), u.password_hash.clone()).await? && !u.disabled,
        None => {
            passwords::dummy_verify(password.to_owned()).await;
            false
        }
    };
    match (ok, found) {
        (true, Some(u)) => {
            throttle::clear_account(db, &key).await?;
            let role = Role::parse(&u.role).unwrap_or(Role::YoungPerson);
            let setup = u.totp_secret.is_none();
            if !setup || (policy.require_totp && totp_required(role)) {
                let secret = if setup { crate::totp::new_secret() } else { String::new() };
                let ticket = new_challenge(db, u.id, secret, now).await?;
                return Ok(SignIn::Challenge { ticket, setup });
            }
            let token = start_session(db, &u, ip, policy, "password", now).await?;
            Ok(SignIn::Session(account_from(u), token))
        }
        (_, found) => {
            throttle::record_failure(db, &key, ip, now).await?;
            // The log keeps account numbers, never addresses: an unknown address is kept as a digest.
            let subject = match &found {
                Some(u) => format!("user:{}", u.id),
                None => format!("email:{}", &tokens::digest(&key)[..16]),
            };
            let why = match found {
                Some(u) if u.disabled => "account disabled",
                Some(_) => "wrong password",
                None => "unknown account",
            };
            audit::record(db, Event::new("login.failure", None, subject).detail(why).ip(ip), now).await?;
            Err(ServiceError::InvalidCredentials)
        }
    }
}

async fn start_session<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    u: &user::Model,
    ip: Option<&str>,
    policy: SignInPolicy,
    how: &str,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let token = sessions::create(db, u.id, ip.map(str::to_owned), policy.session, now).await?;
    user::ActiveModel { id: Set(u.id), last_sign_in_at: Set(Some(now)), ..Default::default() }.update(db).await?;
    audit::record(db, Event::new("login.success", Some(u.id), format!("user:{}", u.id)).detail(how).ip(ip), now)
        .await?;
    Ok(token)
}

/// Stores a challenge (with `secret` while setting up, empty otherwise) and returns its ticket;
/// only the ticket's digest is kept.
async fn new_challenge(
    db: &impl ConnectionTrait,
    user_id: i64,
    secret: String,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let ticket = tokens::new_token();
    login_challenge::ActiveModel {
        token_hash: Set(tokens::digest(&ticket)),
        user_id: Set(user_id),
        secret: Set(secret),
        attempts: Set(0),
        expires_at: Set(now + CHALLENGE_VALID_FOR),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(ticket)
}

/// A sign-in waiting for its second step, as the code page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// While setting up: the secret to type into an app, and its QR code (SVG).
    pub setup: Option<(String, String)>,
}

async fn live_challenge(
    db: &impl ConnectionTrait,
    ticket: &str,
    now: DateTime<Utc>,
) -> Result<(login_challenge::Model, user::Model), ServiceError> {
    let expired = || ServiceError::field("code", "This sign-in has expired. Please sign in again");
    let c = login_challenge::Entity::find()
        .filter(login_challenge::Column::TokenHash.eq(tokens::digest(ticket)))
        .one(db)
        .await?
        .filter(|c| c.expires_at > now && c.attempts < CHALLENGE_ATTEMPTS)
        .ok_or_else(expired)?;
    let u = user::Entity::find_by_id(c.user_id).one(db).await?.filter(|u| !u.disabled).ok_or_else(expired)?;
    Ok((c, u))
}

pub async fn challenge(db: &impl ConnectionTrait, ticket: &str, now: DateTime<Utc>) -> Result<Challenge, ServiceError> {
    let (c, u) = live_challenge(db, ticket, now).await?;
    Ok(Challenge {
        setup: (!c.secret.is_empty()).then(|| {
            let uri = crate::totp::otpauth_uri(&c.secret, &u.email);
            (c.secret.clone(), crate::totp::qr_svg(&uri))
        }),
    })
}

/// Checks a code and marks its step used, atomically: of two requests with the same code,
/// one wins.
async fn use_code(
    db: &impl ConnectionTrait,
    u: &user::Model,
    secret: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), crate::totp::TotpError> {
    let step = crate::totp::verify(secret, code, now.timestamp(), u.totp_last_step)?;
    let won = user::Entity::update_many()
        .col_expr(user::Column::TotpLastStep, sea_orm::sea_query::Expr::value(step))
        .filter(user::Column::Id.eq(u.id))
        .filter(
            sea_orm::Condition::any()
                .add(user::Column::TotpLastStep.is_null())
                .add(user::Column::TotpLastStep.lt(step)),
        )
        .exec(db)
        .await
        .map(|r| r.rows_affected == 1)
        .unwrap_or(false);
    if won { Ok(()) } else { Err(crate::totp::TotpError::Used) }
}

/// Counts a wrong code against the challenge and logs it.
async fn wrong_code(
    db: &DatabaseConnection,
    c: &login_challenge::Model,
    e: crate::totp::TotpError,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ServiceError, ServiceError> {
    login_challenge::ActiveModel { id: Set(c.id), attempts: Set(c.attempts + 1), ..Default::default() }
        .update(db)
        .await?;
    // Wrong codes count as failed sign-ins: starting new attempts with a known password does
    // not give an unlimited number of guesses at the code. (A right code used twice, or a
    // typo that is not six digits, is no guess.)
    if e == crate::totp::TotpError::Wrong
        && let Some(u) = user::Entity::find_by_id(c.user_id).one(db).await?
    {
        throttle::record_failure(db, &email_key(&u.email), ip, now).await?;
    }
    audit::record(
        db,
        Event::new("login.failure", None, format!("user:{}", c.user_id)).detail(format!("second step: {e:?}")).ip(ip),
        now,
    )
    .await?;
    Ok(ServiceError::field("code", e.message()))
}

/// The second step: the code from the app (setting up two-step verification on the way if
/// needed). Starts the session.
pub async fn complete_sign_in(
    db: &DatabaseConnection,
    ticket: &str,
    code: &str,
    ip: Option<&str>,
    policy: SignInPolicy,
    now: DateTime<Utc>,
) -> Result<(Account, String), ServiceError> {
    let (c, u) = live_challenge(db, ticket, now).await?;
    let setup = !c.secret.is_empty();
    let secret = if setup { c.secret.clone() } else { u.totp_secret.clone().unwrap_or_default() };
    let txn = db.begin().await?;
    if let Err(e) = use_code(&txn, &u, &secret, code, now).await {
        txn.rollback().await?;
        return Err(wrong_code(db, &c, e, ip, now).await?);
    }
    if setup {
        user::ActiveModel { id: Set(u.id), totp_secret: Set(Some(secret)), ..Default::default() }.update(&txn).await?;
    }
    login_challenge::Entity::delete_by_id(c.id).exec(&txn).await?;
    let how = if setup { "password and code (two-step set up)" } else { "password and code" };
    let token = start_session(&txn, &u, ip, policy, how, now).await?;
    txn.commit().await?;
    Ok((find(db, u.id).await?, token))
}

/// Starts optional two-step set-up for a signed-in person: a new secret to scan, confirmed
/// with [`confirm_two_step`]. Returns the ticket and what to show.
pub async fn start_two_step(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(String, Challenge), ServiceError> {
    let ticket = new_challenge(db, user_id, crate::totp::new_secret(), now).await?;
    let c = challenge(db, &ticket, now).await?;
    Ok((ticket, c))
}

/// Turns two-step verification on once the person proves their app makes the right codes.
pub async fn confirm_two_step(
    db: &DatabaseConnection,
    user_id: i64,
    ticket: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let (c, u) = live_challenge(db, ticket, now).await?;
    if u.id != user_id || c.secret.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let txn = db.begin().await?;
    if let Err(e) = use_code(&txn, &u, &c.secret, code, now).await {
        txn.rollback().await?;
        return Err(wrong_code(db, &c, e, None, now).await?);
    }
    user::ActiveModel { id: Set(u.id), totp_secret: Set(Some(c.secret.clone())), ..Default::default() }
        .update(&txn)
        .await?;
    login_challenge::Entity::delete_by_id(c.id).exec(&txn).await?;
    audit::record(&txn, Event::new("two_step.enabled", Some(u.id), format!("user:{}", u.id)), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Turns optional two-step verification off (never for roles that require it).
pub async fn disable_two_step(
    db: &DatabaseConnection,
    user_id: i64,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let a = find(db, user_id).await?;
    if totp_required(a.role) {
        return Err(ServiceError::field("password", "Two-step verification is required for your role"));
    }
    if !check_password(db, user_id, password).await? {
        return Err(ServiceError::field("password", "Your password is not correct"));
    }
    let txn = db.begin().await?;
    user::ActiveModel { id: Set(user_id), totp_secret: Set(None), totp_last_step: Set(None), ..Default::default() }
        .update(&txn)
        .await?;
    audit::record(&txn, Event::new("two_step.disabled", Some(user_id), format!("user:{user_id}")), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the person has two-step verification on.
pub async fn two_step_on(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, ServiceError> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.is_some_and(|u| u.totp_secret.is_some()))
}

/// Whether `password` is the person's current password (to confirm a serious step).
pub async fn check_password(db: &impl ConnectionTrait, id: i64, password: &str) -> Result<bool, ServiceError> {
    let u = user::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if password.is_empty() {
        return Ok(false);
    }
    passwords::verify(password.to_owned(), u.password_hash).await
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Account, ServiceError> {
    user::Entity::find_by_id(id).one(db).await?.map(account_from).ok_or(ServiceError::NotFound)
}

/// Changes the password after checking the current one; every other session of the
/// person is signed out, the one making the change (`keep_token`) stays.
pub async fn change_password(
    db: &DatabaseConnection,
    session: SessionPolicy,
    user_id: i64,
    current: &str,
    new: &str,
    keep_token: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let mut errors = FieldErrors::new();
    if current.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else if !passwords::verify(current.to_owned(), u.password_hash.clone()).await? {
        errors.add("current_password", "Your current password is not correct");
    }
    errors.check("new_password", password::check(new, &[&u.name, &u.email]));
    if errors.get("new_password").is_none() && new == current {
        errors.add("new_password", "Choose a password different from your current one");
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let hash = passwords::hash(new.to_owned()).await?;
    let txn = db.begin().await?;
    user::ActiveModel { id: Set(u.id), password_hash: Set(hash), updated_at: Set(now), ..Default::default() }
        .update(&txn)
        .await?;
    match keep_token {
        Some(keep) => sessions::revoke_others(&txn, session, u.id, keep).await?,
        None => sessions::revoke_all_for_user(&txn, u.id).await?,
    };
    audit::record(&txn, Event::new("password.changed", Some(u.id), format!("user:{}", u.id)), now).await?;
    txn.commit().await?;
    Ok(())
}

async fn issue_reset_link(
    db: &impl ConnectionTrait,
    u: &user::Model,
    base_url: &str,
    valid_for: Duration,
    subject: &str,
    intro: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let token = tokens::new_token();
    password_reset::ActiveModel {
        user_id: Set(u.id),
        token_hash: Set(tokens::digest(&token)),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let hours = valid_for.num_hours();
    let validity = match hours {
        1 => "one hour".to_string(),
        h if h % 24 == 0 => format!("{} days", h / 24),
        h => format!("{h} hours"),
    };
    let body = format!(
        "Hello {name},\n\n{intro}\n\n{base_url}/reset-password?token={token}\n\n\
         The link works once, for {validity}. If you did not ask for this, you can ignore this email.\n\n\
         The Tandem mentoring team",
        name = u.name,
    );
    outbox::enqueue(db, &u.email, subject, &body, now).await
}

/// Always succeeds for a well-formed address, whether or not an account exists, so the
/// form reveals nothing about who is registered.
#[tracing::instrument(skip(db, base_url), err)]
pub async fn request_password_reset(
    db: &DatabaseConnection,
    email: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let email = Email::parse(email).map_err(|e| ServiceError::field("email", e.to_string()))?;
    let Some(u) = user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(db).await? else {
        return Ok(());
    };
    if u.disabled {
        return Ok(());
    }
    let recent = password_reset::Entity::find()
        .filter(password_reset::Column::UserId.eq(u.id))
        .filter(password_reset::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(db)
        .await?;
    if recent >= RESETS_PER_HOUR {
        tracing::warn!(user_id = u.id, "password reset requests throttled");
        return Ok(());
    }
    let txn = db.begin().await?;
    issue_reset_link(
        &txn,
        &u,
        base_url,
        RESET_VALID_FOR,
        "Reset your Tandem password",
        "Someone (hopefully you) asked to reset the password for your Tandem account. Choose a new password here:",
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

const BAD_LINK: &str = "This link has expired or has already been used. Ask for a new one";

/// Sets a new password from an emailed link, and signs the person out everywhere.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let reset = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(tokens::digest(token)))
        .one(db)
        .await?
        .filter(|r| r.used_at.is_none() && r.expires_at > now)
        .ok_or_else(|| ServiceError::field("token", BAD_LINK))?;
    let u = user::Entity::find_by_id(reset.user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    password::check(new_password, &[&u.name, &u.email]).map_err(|e| ServiceError::field("password", e.to_string()))?;
    let hash = passwords::hash(new_password.to_owned()).await?;
    let txn = db.begin().await?;
    // Marking the link used is conditional, so two simultaneous submissions cannot both win.
    let used = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(password_reset::Column::Id.eq(reset.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(ServiceError::field("token", BAD_LINK));
    }
    user::ActiveModel { id: Set(u.id), password_hash: Set(hash), updated_at: Set(now), ..Default::default() }
        .update(&txn)
        .await?;
    sessions::revoke_all_for_user(&txn, u.id).await?;
    audit::record(&txn, Event::new("password.reset", Some(u.id), format!("user:{}", u.id)), now).await?;
    txn.commit().await?;
    Ok(())
}

/// What staff type to create a coordinator, staff or safeguarding account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAccountInput {
    pub name: String,
    pub email: String,
    pub role: String,
    pub partner_id: Option<i64>,
    pub date_of_birth: String,
}

/// Staff create the privileged roles; the new person chooses their own password through
/// an emailed link, so staff never know it.
#[tracing::instrument(skip(db, input, base_url), fields(email = %input.email, role = %input.role), err)]
pub async fn create_account(
    db: &DatabaseConnection,
    actor: Option<i64>,
    input: &NewAccountInput,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<Account, ServiceError> {
    let mut e = FieldErrors::new();
    let name = e.check("name", PersonName::parse(&input.name));
    let email = e.check("email", Email::parse(&input.email));
    let role = match Role::parse(&input.role) {
        Some(r) if r.staff_created() => Some(r),
        _ => {
            e.add("role", "Choose coordinator, staff or safeguarding lead");
            None
        }
    };
    // Optional: the age rules concern young people and mentors. Given, it must be an adult's.
    let typed = input.date_of_birth.trim();
    let dob = match NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
        _ if typed.is_empty() => Some(None),
        Ok(d) if domain::age_on(d, now.date_naive()) >= 18 => Some(Some(d)),
        Ok(_) => {
            e.add("date_of_birth", "Staff, coordinators and safeguarding leads must be 18 or over");
            None
        }
        Err(_) => {
            e.add("date_of_birth", "Enter a date of birth, for example 1980-04-21, or leave it empty");
            None
        }
    };
    let partner_id = match (role, input.partner_id) {
        (Some(Role::Coordinator), None) => {
            e.add("partner_id", "Choose the partner organisation this coordinator works for");
            None
        }
        (Some(Role::Coordinator), Some(pid)) => {
            if partner_organisation::Entity::find_by_id(pid).one(db).await?.is_none() {
                e.add("partner_id", "Choose a partner organisation from the list");
            }
            Some(pid)
        }
        _ => None,
    };
    let (Some(name), Some(email), Some(role), Some(dob)) = (name, email, role, dob) else {
        return Err(ServiceError::Validation(e));
    };
    if !e.is_empty() {
        return Err(ServiceError::Validation(e));
    }
    // Unusable until the person sets a password through the link.
    let placeholder = passwords::hash(tokens::new_token()).await?;
    let txn = db.begin().await?;
    let u = user::ActiveModel {
        email: Set(email.as_str().into()),
        name: Set(name.as_str().into()),
        date_of_birth: Set(dob),
        role: Set(role.as_str().into()),
        partner_id: Set(partner_id),
        password_hash: Set(placeholder),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_to_field(e, "email", DUPLICATE_EMAIL))?;
    issue_reset_link(
        &txn,
        &u,
        base_url,
        INVITE_VALID_FOR,
        "Your Tandem account",
        &format!(
            "The Tandem programme team has created a {} account for you. Choose your password here:",
            role.label()
        ),
        now,
    )
    .await?;
    audit::record(
        &txn,
        Event::new("account.created", actor, format!("user:{}", u.id)).detail(format!("role {}", role.as_str())),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(account_from(u))
}

/// One page of accounts, newest first (by when each was created), optionally of one role and
/// whose name contains `name` (any case); keyset pagination on (created, id) after the
/// account `before_id`.
pub async fn list(
    db: &impl ConnectionTrait,
    role: Option<Role>,
    name: Option<&str>,
    before_id: Option<i64>,
    limit: u64,
) -> Result<Vec<Account>, ServiceError> {
    let mut q =
        user::Entity::find().order_by_desc(user::Column::CreatedAt).order_by_desc(user::Column::Id).limit(limit);
    if let Some(r) = role {
        q = q.filter(user::Column::Role.eq(r.as_str()));
    }
    if let Some(matches) = crate::db::name_contains(name) {
        q = q.filter(matches);
    }
    if let Some(b) = before_id
        && let Some(cursor) = user::Entity::find_by_id(b).one(db).await?
    {
        q = q.filter(
            Condition::any()
                .add(user::Column::CreatedAt.lt(cursor.created_at))
                .add(Condition::all().add(user::Column::CreatedAt.eq(cursor.created_at)).add(user::Column::Id.lt(b))),
        );
    }
    Ok(q.all(db).await?.into_iter().map(account_from).collect())
}

/// Number of accounts for each role, for the staff dashboard.
pub async fn count_by_role(db: &impl ConnectionTrait) -> Result<Vec<(Role, u64)>, ServiceError> {
    let mut out = Vec::new();
    for r in Role::ALL {
        let n = user::Entity::find().filter(user::Column::Role.eq(r.as_str())).count(db).await?;
        out.push((r, n));
    }
    Ok(out)
}

/// Accounts belonging to one partner organisation (a coordinator's own people).
pub async fn list_for_partner(
    db: &impl ConnectionTrait,
    partner_id: i64,
    limit: u64,
) -> Result<Vec<Account>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::PartnerId.eq(partner_id))
        .order_by_asc(user::Column::Name)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(account_from)
        .collect())
}

/// Young people who are under 18 today: their contact is routed through their institution.
pub async fn count_under_18(db: &impl ConnectionTrait, today: NaiveDate) -> Result<u64, ServiceError> {
    // 29 February has no twin 18 years back: the day before stands in.
    let cutoff = today
        .with_year(today.year() - 18)
        .or_else(|| (today - Duration::days(1)).with_year(today.year() - 18))
        .unwrap_or(today);
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::YoungPerson.as_str()))
        .filter(user::Column::DateOfBirth.gt(cutoff))
        .count(db)
        .await?)
}
