//! The privacy page's data and a participant erasing their own account.

use crate::error::{AppError, Form};
use domain::privacy::PrivacyPage;
use leptos::prelude::*;

#[server(endpoint = "privacy_settings")]
pub async fn privacy_settings() -> Result<PrivacyPage, AppError> {
    use crate::ssr::{Access, now, require};
    let me = require(Access::SignedIn).await?;
    let blocked = services::privacy::erase_blocked(&me.db, me.id).await?;
    Ok(PrivacyPage {
        under_18: me.under_18_on(now().date_naive()),
        can_erase: services::privacy::may_erase_self(&me) && blocked.is_none(),
        erase_blocked: if services::privacy::may_erase_self(&me) {
            blocked
        } else {
            Some("Staff, coordinator and safeguarding accounts are closed by the programme team.".into())
        },
    })
}

/// Erases the signed-in participant's account after they confirm with their password.
#[server(endpoint = "erase_my_account")]
pub async fn erase_my_account(password: String, confirm: Option<String>) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, clear_session_cookie, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let mut errors = domain::FieldErrors::new();
    if confirm.as_deref() != Some("yes") {
        errors.add("confirm", "Tick the box to confirm you want your account deleted");
    }
    let ok = services::accounts::check_password(&me.db, me.id, &password).await?;
    if !ok {
        errors.add("password", "Your password is not correct");
    }
    if !errors.is_empty() {
        return form(Err(AppError::Validation(errors)));
    }
    let r = services::privacy::erase(&me.db, me.id, Some(me.id), now()).await.map_err(AppError::from);
    if r.is_ok() {
        clear_session_cookie(&me.settings);
        leptos_axum::redirect("/?erased=1");
    }
    form(r.map(|_| ()))
}
