//! Sign-up, sign-in, sign-out and passwords.

use crate::error::{AppError, Form};
use domain::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person as the browser sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDto {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A coordinator who leads an employer's mentors (their employees) rather than a school's
    /// or youth partner's young people: no pupils, no messages to pass on.
    #[serde(default)]
    pub employer_lead: bool,
}

#[cfg(feature = "ssr")]
impl From<services::people::Account> for UserDto {
    fn from(a: services::people::Account) -> Self {
        UserDto { id: a.id, name: a.name, email: a.email, role: a.role, employer_lead: false }
    }
}

#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<UserDto>, AppError> {
    use crate::ssr::{Access, authorize};
    let visit = authorize(Access::Public).await?;
    let Some(me) = visit.account else { return Ok(None) };
    let employer_lead = match (me.role, me.partner_id) {
        (Role::Coordinator, Some(p)) => {
            services::partners::find(&visit.db, p).await?.kind == services::partners::PartnerKind::Employer
        }
        _ => false,
    };
    Ok(Some(UserDto { employer_lead, ..UserDto::from(me) }))
}

#[server(endpoint = "register")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    date_of_birth: String,
    // None when no radio button was chosen: reported as a field error, not a broken form.
    role: Option<String>,
    /// A school's or youth organisation's join code, for young people who have one.
    join_code: Option<String>,
    /// The referral code of the shared link that brought the person (`/register?ref=`).
    referral: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, authorize, client_ip, form, now, set_session_cookie};
    let visit = authorize(Access::Public).await?;
    form::<_, AppError>(
        async {
            let role = role.unwrap_or_default();
            let input = domain::RegistrationInput { name, email, password, date_of_birth, role };
            let code = join_code.unwrap_or_default();
            let throttle = visit.settings.sign_in.throttle;
            // Checked before the allowance is taken: a mistake does not use it up.
            let ip = client_ip();
            let referral = referral.as_deref();
            let account =
                services::accounts::join(&visit.db, &input, &code, referral, ip.as_deref(), throttle, now()).await?;
            // Signed in straight away: "create an account in under a minute".
            let token =
                services::sessions::create(&visit.db, account.id, client_ip(), visit.settings.sign_in.session, now())
                    .await?;
            set_session_cookie(&visit.settings, &token);
            leptos_axum::redirect("/dashboard");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, authorize, client_ip, form, now};
    let visit = authorize(Access::Public).await?;
    form::<_, AppError>(
        async {
            let mut errors = domain::FieldErrors::new();
            if email.trim().is_empty() {
                errors.add("email", "Enter your email address");
            }
            if password.is_empty() {
                errors.add("password", "Enter your password");
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let ip = client_ip();
            let step =
                services::accounts::sign_in(&visit.db, &email, &password, ip.as_deref(), visit.settings.sign_in, now())
                    .await?;
            match step {
                services::accounts::SignIn::Session(account, token) => {
                    start_session(&visit, &token).await?;
                    leptos_axum::redirect(landing(&visit.db, account.id).await?);
                }
                // The second step has its own page (a plain form: it works without JavaScript).
                services::accounts::SignIn::Challenge { ticket, .. } => {
                    leptos_axum::redirect(&format!("/login/verify?ticket={ticket}"));
                }
            }
            Ok(())
        }
        .await,
    )
}

/// Where a person lands after signing in: the dashboard, or first the policies page when a
/// new version of a policy they accepted asks them to accept it again.
#[cfg(feature = "ssr")]
async fn landing(db: &services::DatabaseConnection, account_id: i64) -> Result<&'static str, AppError> {
    let again = services::policies::asks_again(db, account_id).await?;
    Ok(if again { "/policies/accept" } else { "/dashboard" })
}

/// Rotation: whatever session this browser had before is ended; the new one is set.
#[cfg(feature = "ssr")]
async fn start_session(visit: &crate::ssr::Visit, token: &str) -> Result<(), AppError> {
    use crate::ssr::{session_token, set_session_cookie};
    if let Some(old) = session_token(&visit.settings) {
        services::sessions::revoke(&visit.db, visit.settings.sign_in.session, &old).await?;
    }
    set_session_cookie(&visit.settings, token);
    Ok(())
}

/// The second step of signing in, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeStep {
    /// While setting up two-step verification: the secret to type into an app.
    pub secret: Option<String>,
    /// ... and its QR code, an SVG drawn on the server.
    pub qr_svg: Option<String>,
}

#[server(endpoint = "login_challenge")]
pub async fn login_challenge(ticket: String) -> Result<CodeStep, AppError> {
    use crate::ssr::{Access, authorize, now};
    let visit = authorize(Access::Public).await?;
    let c = services::accounts::challenge(&visit.db, &ticket, now()).await?;
    let (secret, qr_svg) = c.setup.map(|(s, q)| (Some(s), Some(q))).unwrap_or((None, None));
    Ok(CodeStep { secret, qr_svg })
}

#[server(endpoint = "login_code")]
pub async fn login_code(ticket: String, code: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, authorize, client_ip, form, now};
    let visit = authorize(Access::Public).await?;
    form::<_, AppError>(
        async {
            let (account, token) = services::accounts::complete_sign_in(
                &visit.db,
                &ticket,
                &code,
                client_ip().as_deref(),
                visit.settings.sign_in,
                now(),
            )
            .await?;
            start_session(&visit, &token).await?;
            leptos_axum::redirect(landing(&visit.db, account.id).await?);
            Ok(())
        }
        .await,
    )
}

/// Two-step verification on the account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepState {
    pub on: bool,
    pub required: bool,
}

#[server(endpoint = "two_step_status")]
pub async fn two_step_status() -> Result<TwoStepState, AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::SignedIn).await?;
    Ok(TwoStepState {
        on: services::accounts::two_step_on(&me.db, me.id).await?,
        required: services::accounts::totp_required(me.role),
    })
}

/// A ticket, secret and QR code to set up two-step verification while signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepSetup {
    pub ticket: String,
    pub secret: String,
    pub qr_svg: String,
}

#[server(endpoint = "start_two_step")]
pub async fn start_two_step() -> Result<TwoStepSetup, AppError> {
    use crate::ssr::{Access, now, require};
    let me = require(Access::SignedIn).await?;
    let (ticket, c) = services::accounts::start_two_step(&me.db, me.id, now()).await?;
    let (secret, qr_svg) = c.setup.unwrap_or_default();
    Ok(TwoStepSetup { ticket, secret, qr_svg })
}

#[server(endpoint = "confirm_two_step")]
pub async fn confirm_two_step(ticket: String, code: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::SignedIn).await?;
    form(services::accounts::confirm_two_step(&me.db, me.id, &ticket, &code, now()).await)
}

#[server(endpoint = "disable_two_step")]
pub async fn disable_two_step(password: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::SignedIn).await?;
    form(services::accounts::disable_two_step(&me.db, me.id, &password, now()).await)
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{Access, authorize, clear_session_cookie, session_token};
    let visit = authorize(Access::Public).await?;
    if let Some(token) = session_token(&visit.settings) {
        services::sessions::revoke(&visit.db, visit.settings.sign_in.session, &token).await?;
    }
    clear_session_cookie(&visit.settings);
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require, session_token};
    let me = require(Access::SignedIn).await?;
    let keep = session_token(&me.settings);
    form(
        services::accounts::change_password(
            &me.db,
            me.settings.sign_in.session,
            me.id,
            &current_password,
            &new_password,
            keep.as_deref(),
            now(),
        )
        .await,
    )
}

#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, authorize, client_ip, form, now};
    let visit = authorize(Access::Public).await?;
    form::<_, AppError>(
        async {
            use services::throttle::{limit_address, scope};
            let limit = visit.settings.sign_in.throttle.resets_per_address_hour;
            let ip = client_ip();
            limit_address(&visit.db, scope::RESET_ADDRESS, ip.as_deref(), limit, domain::Limited::PasswordReset, now())
                .await?;
            Ok(services::accounts::request_password_reset(&visit.db, &email, &visit.settings.base_url, now()).await?)
        }
        .await,
    )
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, authorize, form, now};
    let visit = authorize(Access::Public).await?;
    let done = services::accounts::reset_password(&visit.db, &token, &password, now()).await.map_err(AppError::from);
    if done.is_ok() {
        leptos_axum::redirect("/login?reset=1");
    }
    form(done)
}

/// The signed-in person, shared by every page, and the sign-out action of the header.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<UserDto>, AppError>>,
    pub logout: ServerAction<Logout>,
}

/// Sign-in, sign-up and sign-out all end in a navigation, so the signed-in person is
/// re-read whenever the location changes.
pub fn provide_auth() {
    let location = leptos_router::hooks::use_location();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(
        move || (location.pathname.get(), location.search.get(), logout.version().get()),
        |_| current_user(),
    );
    provide_context(Auth { user, logout });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
