//! Forms keep what the person typed, whatever the state of the page.
//!
//! Once the page has hydrated, a form stays on screen with its inputs while the server
//! answers. Before that (a slow phone still loading the code) or without JavaScript, the
//! browser posts the form itself and the server function answers a problem with a redirect
//! back to the page, carrying only the error (in the address, as `__path` and `__err`). This
//! layer is the one mechanism for every form in the app: on such a redirect it keeps the
//! non-secret fields that were sent and the error (`services::form_drafts`, one round trip,
//! the same browser session only), sends the browser back to the plain address with a
//! one-time secret in a short-lived cookie, and when that page is rendered gives the error
//! to the page (`app::components::form::KeptFormError`) and puts the values back into that
//! form's inputs, text areas, selects, radios and check boxes. Passwords, two-step codes and
//! tokens are never kept nor echoed, and the address bar shows only the page's address.

use crate::MAX_BODY_BYTES;
use app::ssr::ServerState;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use services::form_drafts::{self, Draft};
use std::cell::{Cell, RefCell};

/// The query parameter an earlier version put the secret in; taken out of addresses.
pub const PARAM: &str = "__form";

/// Fields never kept or written back: passwords, one-time codes, secrets.
pub fn is_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["password", "code", "token", "secret", "ticket"].iter().any(|s| n.contains(s))
}

fn accepts_html(h: &HeaderMap) -> bool {
    h.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

fn is_urlencoded(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// Whose draft it is: a digest of the session cookie, "" when signed out.
fn owner(st: &ServerState, h: &HeaderMap) -> String {
    app::ssr::token_from_headers(h, &st.settings).map(|t| services::tokens::digest(&t)).unwrap_or_default()
}

/// The cookie that carries the one-time secret from the redirect to the page it names.
fn cookie_name(st: &ServerState) -> &'static str {
    if st.settings.secure_cookies { "__Host-tandem_form" } else { "tandem_form" }
}

fn cookie(st: &ServerState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if st.settings.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(st)
    ))
    .ok()
}

/// The address a failed form post returns to, without the error Leptos puts in it (`__path`,
/// `__err`, an encoded message), and that error. The page is reached by the clean address;
/// the error travels with the kept form instead, so the address bar stays readable.
pub fn clean_location(location: &str) -> Option<(String, Option<(String, String)>)> {
    let mut url = url::Url::parse(location).ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
    let find = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let error = find("__path").zip(find("__err"));
    let kept: Vec<&(String, String)> =
        pairs.iter().filter(|(k, _)| !matches!(k.as_str(), "__path" | "__err" | PARAM)).collect();
    {
        let mut q = url.query_pairs_mut();
        q.clear();
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    Some((url.to_string(), error))
}

pub async fn layer(State(st): State<ServerState>, req: Request, next: Next) -> Response {
    let now = chrono::Utc::now();
    let api_form = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && accepts_html(req.headers())
        && is_urlencoded(req.headers());
    if api_form {
        let action = req.uri().path().to_string();
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large").into_response();
        };
        let fields: Vec<(String, String)> =
            url::form_urlencoded::parse(&bytes).into_owned().filter(|(k, _)| !is_secret(k)).collect();
        let owner = owner(&st, &parts.headers);
        let mut res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
        let Some(location) = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned)
        else {
            return res;
        };
        let Some((clean, error)) = clean_location(&location) else { return res };
        if error.is_none() {
            return res;
        }
        match form_drafts::keep(&st.db, &owner, &Draft { action, fields, error }, now).await {
            Ok(token) => {
                if let (Ok(to), Some(c)) = (HeaderValue::from_str(&clean), cookie(&st, &token, KEEP_SECONDS)) {
                    res.headers_mut().insert(header::LOCATION, to);
                    res.headers_mut().append(header::SET_COOKIE, c);
                }
            }
            // Without a kept form the error stays in the address: shown, if not tidy.
            Err(e) => tracing::error!(error = %e, "could not keep a form's values"),
        }
        return res;
    }
    let page = req.method() == Method::GET && accepts_html(req.headers());
    let Some(token) = page.then(|| app::ssr::cookie_from_headers(req.headers(), cookie_name(&st))).flatten() else {
        return next.run(req).await;
    };
    let draft = match form_drafts::take(&st.db, &token, &owner(&st, req.headers()), now).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not read a kept form");
            None
        }
    };
    let mut req = req;
    if let Some((path, err)) = draft.as_ref().and_then(|d| d.error.clone()) {
        req.extensions_mut().insert(app::components::form::KeptFormError { path, err });
    }
    let mut res = next.run(req).await;
    // Read once: the browser forgets the secret with this answer.
    if let Some(c) = cookie(&st, "", 0) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    let Some(draft) = draft else { return res };
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let filled = refill(&page, &draft).unwrap_or_else(|e| {
        tracing::error!(error = %e, "could not put a form's values back");
        page.into_owned()
    });
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(filled))
}

/// How long the browser keeps the secret: as long as the server keeps the form.
const KEEP_SECONDS: i64 = form_drafts::KEEP_FOR.num_seconds();

/// The page with the draft's values put back into its form: the first form posting to the
/// draft's action whose hidden fields (which say which record it is for) match those sent.
pub fn refill(html: &str, draft: &Draft) -> Result<String, lol_html::errors::RewritingError> {
    if draft.action.contains(['"', '\\']) {
        return Ok(html.to_string());
    }
    let form = format!("form[action=\"{}\"]", draft.action);
    let sent = |name: &str, value: &str| draft.fields.iter().any(|(k, v)| k == name && v == value);
    // Pass 1: which of the forms posting there is the one that was sent.
    let matching: RefCell<Vec<bool>> = RefCell::new(Vec::new());
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(form.as_str(), |_el| {
                matching.borrow_mut().push(true);
                Ok(())
            }))
            .append_element_content_handler(element!(format!("{form} input[type=\"hidden\"][name]").as_str(), |el| {
                let name = el.get_attribute("name").unwrap_or_default();
                let value = el.get_attribute("value").unwrap_or_default();
                if !is_secret(&name)
                    && !sent(&name, &value)
                    && let Some(last) = matching.borrow_mut().last_mut()
                {
                    *last = false;
                }
                Ok(())
            })),
    )?;
    let Some(target) = matching.borrow().iter().position(|m| *m) else { return Ok(html.to_string()) };
    // Pass 2: put the values back into that form.
    let current = Cell::new(usize::MAX);
    let index = Cell::new(0usize);
    let used: RefCell<std::collections::HashMap<String, usize>> = RefCell::new(Default::default());
    let select: RefCell<Option<String>> = RefCell::new(None);
    let nth = |name: &str| -> Option<String> {
        let mut used = used.borrow_mut();
        let n = used.entry(name.to_string()).or_insert(0);
        let v = draft.fields.iter().filter(|(k, _)| k == name).nth(*n).map(|(_, v)| v.clone());
        *n += 1;
        v
    };
    let in_target = || current.get() == target;
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(form.as_str(), |_el| {
                current.set(index.get());
                index.set(index.get() + 1);
                Ok(())
            }))
            .append_element_content_handler(element!(format!("{form} input[name]").as_str(), |el| {
                let name = el.get_attribute("name").unwrap_or_default();
                let kind = el.get_attribute("type").unwrap_or_else(|| "text".into()).to_ascii_lowercase();
                if !in_target()
                    || is_secret(&name)
                    || ["hidden", "password", "submit", "button", "file", "image", "reset"].contains(&kind.as_str())
                {
                    return Ok(());
                }
                if kind == "checkbox" || kind == "radio" {
                    let value = el.get_attribute("value").unwrap_or_else(|| "on".into());
                    if sent(&name, &value) {
                        el.set_attribute("checked", "")?;
                    } else {
                        el.remove_attribute("checked");
                    }
                } else if let Some(v) = nth(&name) {
                    el.set_attribute("value", &v.replace('&', "&amp;"))?;
                }
                Ok(())
            }))
            .append_element_content_handler(element!(format!("{form} textarea[name]").as_str(), |el| {
                let name = el.get_attribute("name").unwrap_or_default();
                if in_target()
                    && !is_secret(&name)
                    && let Some(v) = nth(&name)
                {
                    el.set_inner_content(&v, ContentType::Text);
                }
                Ok(())
            }))
            .append_element_content_handler(element!(format!("{form} select").as_str(), |el| {
                *select.borrow_mut() = el.get_attribute("name").filter(|n| in_target() && !is_secret(n));
                Ok(())
            }))
            .append_element_content_handler(element!(format!("{form} select option").as_str(), |el| {
                if let Some(name) = select.borrow().as_deref() {
                    let value = el.get_attribute("value").unwrap_or_default();
                    if sent(name, &value) {
                        el.set_attribute("selected", "")?;
                    } else {
                        el.remove_attribute("selected");
                    }
                }
                Ok(())
            })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(action: &str, fields: &[(&str, &str)]) -> Draft {
        Draft {
            action: action.into(),
            fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            error: None,
        }
    }

    const PAGE: &str = r#"<main>
<form method="post" action="/api/search"><input name="q" value=""></form>
<form method="post" action="/api/register">
<input id="f-name" name="name" type="text">
<input name="email" type="email" value="old@example.org">
<input name="password" type="password">
<input type="hidden" name="ticket" value="t">
<label><input type="radio" name="role" value="mentor" checked></label>
<label><input type="radio" name="role" value="young_person"></label>
<input type="checkbox" name="skills" value="cv"><input type="checkbox" name="skills" value="maths" checked>
<select name="region"><option value="">Choose</option><option value="north" selected>North</option><option value="london">London</option></select>
<textarea name="bio"></textarea>
</form>
<form method="post" action="/api/rate_goal"><input type="hidden" name="goal_id" value="1"><input name="note"></form>
<form method="post" action="/api/rate_goal"><input type="hidden" name="goal_id" value="2"><input name="note"></form>
</main>"#;

    #[test]
    fn every_kind_of_field_gets_its_value_back_and_secrets_never_do() {
        let d = draft(
            "/api/register",
            &[
                ("name", "Amara \"<Okafor>\" &quot; & co"),
                ("email", "amara@example.org"),
                ("password", "hunter2-secret"),
                ("role", "young_person"),
                ("skills", "cv"),
                ("region", "london"),
                ("bio", "I like <b>maths</b>\nand music"),
            ],
        );
        let out = refill(PAGE, &d).expect("rewrite");
        // Escaped for an attribute: a typed "&quot;" stays those six characters.
        assert!(
            out.contains(r#"name="name" type="text" value="Amara &quot;<Okafor>&quot; &amp;quot; &amp; co""#),
            "{out}"
        );
        assert!(out.contains(r#"value="amara@example.org""#) && !out.contains("old@example.org"));
        assert!(!out.contains("hunter2"), "a password is never written back");
        assert!(out.contains(r#"value="young_person" checked="""#) && !out.contains(r#"value="mentor" checked"#));
        assert!(out.contains(r#"value="cv" checked="""#) && !out.contains(r#"value="maths" checked"#));
        assert!(out.contains(r#"<option value="london" selected="">"#) && !out.contains(r#"value="north" selected"#));
        assert!(out.contains("<textarea name=\"bio\">I like &lt;b&gt;maths&lt;/b&gt;\nand music</textarea>"), "{out}");
        // Other forms on the page are left alone.
        assert!(out.contains(r#"<input name="q" value="">"#));
    }

    #[test]
    fn only_the_form_for_the_same_record_is_refilled() {
        let d = draft("/api/rate_goal", &[("goal_id", "2"), ("note", "Halfway there")]);
        let out = refill(PAGE, &d).expect("rewrite");
        assert!(out.contains(r#"value="2"><input name="note" value="Halfway there">"#), "{out}");
        assert!(out.contains(r#"value="1"><input name="note">"#), "{out}");
        // No form for that record: nothing changes.
        let none = refill(PAGE, &draft("/api/rate_goal", &[("goal_id", "3"), ("note", "x")])).expect("rewrite");
        assert_eq!(none, PAGE);
    }

    #[test]
    fn the_address_keeps_only_the_page() {
        let l = "http://127.0.0.1:3000/register?x=1&__form=old&__path=%2Fapi%2Fregister&__err=abc%20def";
        let (clean, error) = clean_location(l).expect("url");
        assert_eq!(clean, "http://127.0.0.1:3000/register?x=1");
        assert_eq!(error, Some(("/api/register".to_string(), "abc def".to_string())));
        let (clean, error) = clean_location("http://h/dashboard?__form=old").expect("url");
        assert_eq!((clean.as_str(), error), ("http://h/dashboard", None));
        assert!(is_secret("new_password") && is_secret("code") && !is_secret("email"));
    }
}
