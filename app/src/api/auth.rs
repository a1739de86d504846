//! Sign-up, sign-in, sign-out and passwords.

use crate::error::AppError;
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
}

#[cfg(feature = "ssr")]
impl From<services::accounts::Account> for UserDto {
    fn from(a: services::accounts::Account) -> Self {
        UserDto { id: a.id, name: a.name, email: a.email, role: a.role }
    }
}

#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<UserDto>, AppError> {
    use crate::ssr::{Access, authorize};
    Ok(authorize(Access::Public).await?.map(UserDto::from))
}

#[server(endpoint = "register")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    date_of_birth: String,
    role: String,
) -> Result<(), AppError> {
    use crate::ssr::{Access, authorize, fail, now, set_session_cookie, state};
    authorize(Access::Public).await?;
    let st = state()?;
    let input = domain::RegistrationInput { name, email, password, date_of_birth, role };
    let account = services::accounts::register(&st.db, &input, now()).await.map_err(fail)?;
    // Signed in straight away: "create an account in under a minute".
    let token =
        services::sessions::create(&st.db, account.id, crate::ssr::client_ip(), st.settings.sign_in.session, now())
            .await
            .map_err(fail)?;
    set_session_cookie(&st.settings, &token);
    leptos_axum::redirect("/dashboard");
    Ok(())
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::ssr::{Access, authorize, client_ip, fail, now, session_token, set_session_cookie, state};
    authorize(Access::Public).await?;
    let st = state()?;
    let mut errors = domain::FieldErrors::new();
    if email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return Err(fail(services::ServiceError::Validation(errors)));
    }
    let ip = client_ip();
    let (_, token) = services::accounts::sign_in(&st.db, &email, &password, ip.as_deref(), st.settings.sign_in, now())
        .await
        .map_err(fail)?;
    // Rotation: whatever session this browser had before is ended.
    if let Some(old) = session_token(&st.settings) {
        services::sessions::revoke(&st.db, st.settings.sign_in.session, &old).await.map_err(fail)?;
    }
    set_session_cookie(&st.settings, &token);
    leptos_axum::redirect("/dashboard");
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{Access, authorize, clear_session_cookie, fail, session_token, state};
    authorize(Access::Public).await?;
    let st = state()?;
    if let Some(token) = session_token(&st.settings) {
        services::sessions::revoke(&st.db, st.settings.sign_in.session, &token).await.map_err(fail)?;
    }
    clear_session_cookie(&st.settings);
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::ssr::{Access, fail, now, require, session_token, state};
    let me = require(Access::SignedIn).await?;
    let st = state()?;
    let keep = session_token(&st.settings);
    services::accounts::change_password(
        &st.db,
        st.settings.sign_in.session,
        me.id,
        &current_password,
        &new_password,
        keep.as_deref(),
        now(),
    )
    .await
    .map_err(fail)
}

#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::ssr::{Access, authorize, fail, now, state};
    authorize(Access::Public).await?;
    let st = state()?;
    services::accounts::request_password_reset(&st.db, &email, &st.settings.base_url, now()).await.map_err(fail)
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::ssr::{Access, authorize, fail, now, state};
    authorize(Access::Public).await?;
    let st = state()?;
    services::accounts::reset_password(&st.db, &token, &password, now()).await.map_err(fail)?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

/// The signed-in person and the actions that change who that is, shared by every page.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<UserDto>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub register: ServerAction<Register>,
}

pub fn provide_auth() {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let register = ServerAction::<Register>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let user = Resource::new(
        move || (login.version().get(), logout.version().get(), register.version().get(), reset.version().get()),
        |_| current_user(),
    );
    provide_context(Auth { user, login, logout, register });
    provide_context(reset);
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
