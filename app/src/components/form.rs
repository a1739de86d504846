//! Accessible form building blocks: labelled fields with hints and inline errors, an
//! error summary, and a submit handler that validates in the browser before sending.

use crate::error::{AppError, Form};
use domain::FieldErrors;
use leptos::{ev::SubmitEvent, form::FromFormData, prelude::*};
use serde::de::DeserializeOwned;
use server_fn::ServerFn;

/// Everything a form page needs from its action: the field errors to show (the browser's own
/// check first, else the server's answer) and the submit handler that validates before sending.
pub fn use_form<S, T>(
    action: ServerAction<S>,
    validate: impl Fn(&S) -> FieldErrors + Clone + 'static,
) -> (Signal<FieldErrors>, impl Fn(SubmitEvent) + Clone + 'static)
where
    S: ServerFn<Error = AppError, Output = Form<T>> + DeserializeOwned + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let client = RwSignal::new(FieldErrors::new());
    (merged_errors(client, outcome(action)), validated_submit(action, client, validate))
}

/// [`use_form`] for a form that adds a record that cannot be taken back (a message, a gift
/// declaration, a reference, a post, a case entry). After a successful send the form is
/// emptied, so nobody sends the same record twice by mistake, and focus moves to the
/// confirmation beside it (a success alert, as [`said`] shows), so a screen reader says what
/// happened. A failed send keeps everything typed, as every form does.
pub fn use_record_form<S, T>(
    action: ServerAction<S>,
    validate: impl Fn(&S) -> FieldErrors + Clone + 'static,
) -> (Signal<FieldErrors>, impl Fn(SubmitEvent) + Clone + 'static)
where
    S: ServerFn<Error = AppError, Output = Form<T>> + DeserializeOwned + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(Form::Done(_))) = action.value().get() {
            clear_and_confirm(S::url());
        }
    });
    use_form(action, validate)
}

/// Empties the forms that post to `url` and focuses the success alert nearest to each (the
/// alert is drawn in the same update, so after the next frame).
fn clear_and_confirm(url: &'static str) {
    use leptos::wasm_bindgen::JsCast;
    let Ok(forms) = document().query_selector_all(&format!("form[action='{url}']")) else { return };
    for n in 0..forms.length() {
        let Some(form) = forms.item(n).and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok()) else { continue };
        form.reset();
        request_animation_frame(move || {
            let mut scope = form.parent_element();
            for _ in 0..3 {
                let Some(el) = scope else { return };
                if let Ok(Some(alert)) = el.query_selector(".alert-success[role='status']") {
                    let _ = alert.set_attribute("tabindex", "-1");
                    if let Ok(alert) = alert.dyn_into::<web_sys::HtmlElement>() {
                        let _ = alert.focus();
                    }
                    return;
                }
                scope = el.parent_element();
            }
        });
    }
}

/// Errors to show: the browser's own check first, else the server's answer.
fn merged_errors<T: Send + Sync + 'static>(
    client: RwSignal<FieldErrors>,
    value: Signal<Option<Result<T, AppError>>>,
) -> Signal<FieldErrors> {
    Signal::derive(move || {
        let c = client.get();
        if !c.is_empty() {
            return c;
        }
        value.with(|v| match v {
            Some(Err(e)) => e.fields(),
            _ => FieldErrors::new(),
        })
    })
}

/// Counts an action's successful answers: the page reloads its data on these only, so a
/// form the server sent back with errors stays on screen with what was typed.
pub fn successes<S, T>(action: ServerAction<S>) -> RwSignal<usize>
where
    S: ServerFn<Error = AppError, Output = Form<T>> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let count = RwSignal::new(0usize);
    Effect::new(move |_| {
        if let Some(Ok(Form::Done(_))) = action.value().get() {
            count.update(|c| *c += 1);
        }
    });
    count
}

/// The latest answer of a form's action, as a plain result: what was done, or the problem
/// (whether it came back as a correctable `Form::Invalid` or as a failed request).
pub fn outcome<S, T>(action: ServerAction<S>) -> Signal<Option<Result<T, AppError>>>
where
    S: ServerFn<Error = AppError, Output = Form<T>> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().map(|r| r.and_then(Form::into_result)))
}

/// One form's action as [`latest_answer_only`] needs it: how many times it was sent, and a
/// way to forget its last answer.
pub trait Answered: Send + Sync {
    fn times_sent(&self) -> usize;
    fn forget(&self);
}

impl<S, T> Answered for ServerAction<S>
where
    S: ServerFn<Error = AppError, Output = Form<T>> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    fn times_sent(&self) -> usize {
        self.version().get()
    }

    fn forget(&self) {
        self.value().set(None);
    }
}

/// Several forms on one page answer one at a time: when one is sent, the others' last
/// answers (a confirmation, or an error about the page as it was) are cleared, so a page
/// never shows "Seat booked" under a cancelled place, or a missing-DBS refusal after the DBS
/// check was recorded.
pub fn latest_answer_only(actions: Vec<std::sync::Arc<dyn Answered>>) {
    for (i, sent) in actions.iter().enumerate() {
        let sent = sent.clone();
        let others: Vec<_> = actions.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, a)| a.clone()).collect();
        Effect::new(move |_| {
            if sent.times_sent() > 0 {
                others.iter().for_each(|a| a.forget());
            }
        });
    }
}

/// A submit handler: reads the form, runs `validate` in the browser and only sends the
/// request when it passes. The inputs keep what was typed either way.
fn validated_submit<S>(
    action: ServerAction<S>,
    client_errors: RwSignal<FieldErrors>,
    validate: impl Fn(&S) -> FieldErrors + Clone + 'static,
) -> impl Fn(SubmitEvent) + Clone + 'static
where
    S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    move |ev: SubmitEvent| {
        ev.prevent_default();
        match S::from_event(&ev) {
            Ok(data) => {
                let errors = validate(&data);
                let ok = errors.is_empty();
                client_errors.set(errors);
                if ok {
                    action.dispatch(data);
                }
            }
            Err(e) => {
                leptos::logging::error!("could not read the form: {e:?}");
                client_errors.set(FieldErrors::single("form", "We could not read the form. Please try again"));
            }
        }
    }
}

/// A one-line answer of a small form: what was done, or the problem.
pub fn said<S, T>(action: ServerAction<S>, done: impl Fn(T) -> String + Send + Sync + 'static) -> impl IntoView
where
    S: ServerFn<Error = AppError, Output = Form<T>> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    move || {
        outcome(action).get().map(|r| match r {
            Ok(t) => view! { <p class="alert alert-success" role="status">{done(t)}</p> }.into_any(),
            Err(e) => view! { <p class="alert alert-error" role="alert">{e.message()}</p> }.into_any(),
        })
    }
}

/// [`said`] for a form whose plain post (without JavaScript) the server sends back to its
/// page with `?{key}=...` (`ssr::back_saying`): until the app sends the form itself, that
/// address says it worked, with the same words.
pub fn said_or_posted<S, T>(action: ServerAction<S>, key: &'static str, text: &'static str) -> impl IntoView
where
    S: ServerFn<Error = AppError, Output = Form<T>> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let posted = leptos_router::hooks::use_query_map().with_untracked(|q| q.get(key).is_some());
    view! {
        {move || (posted && action.value().with(Option::is_none)).then(|| view! {
            <p class="alert alert-success" role="status">{text}</p>
        })}
        {said(action, move |_| text.to_string())}
    }
}

/// A list of the problems at the top of a form, each linking to its field.
#[component]
pub fn ErrorSummary(errors: Signal<FieldErrors>) -> impl IntoView {
    move || {
        let e = errors.get();
        (!e.is_empty()).then(|| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2>"There is a problem"</h2>
                    <ul>
                        {e.0
                            .into_iter()
                            .map(|(field, msg)| view! { <li><a href=format!("#f-{field}")>{msg}</a></li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// A banner for errors that belong to no single field (wrong password, too many attempts...).
#[component]
pub fn FormAlert<T: Send + Sync + 'static>(value: Signal<Option<Result<T, AppError>>>) -> impl IntoView {
    move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation(_))) | None | Some(Ok(_)) => None,
            Some(Err(e)) => Some(view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }),
        })
    }
}

/// The `aria-describedby` of a field: its hint, and its error message while there is one.
fn described_by(
    hint_id: Option<String>,
    err_id: String,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let ids: Vec<String> = hint_id.iter().cloned().chain(error().is_some().then(|| err_id.clone())).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A field's hint and inline error message, with the ids `aria-describedby` points at.
#[component]
fn FieldMessages(name: &'static str, hint: Option<&'static str>, errors: Signal<FieldErrors>) -> impl IntoView {
    let err_id = format!("f-{name}-error");
    let error = move || errors.with(|e| e.get(name).map(str::to_owned));
    view! {
        {hint.map(|h| view! { <p class="hint" id=format!("f-{name}-hint")>{h}</p> })}
        {move || {
            error().map(|m| {
                view! {
                    <p class="error-message" id=err_id.clone()>
                        <span class="visually-hidden">"Error: "</span>
                        {m}
                    </p>
                }
            })
        }}
    }
}

/// A labelled input with an optional hint and its inline error message.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    errors: Signal<FieldErrors>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let error = move || errors.with(|e| e.get(name).map(str::to_owned));
    let described = described_by(hint.is_some().then(|| hint_id.clone()), err_id.clone(), error);
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            <FieldMessages name hint errors />
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described
            />
        </div>
    }
}

/// A labelled list to choose one from, with a first "choose" line, its hint and inline error.
/// `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    errors: Signal<FieldErrors>,
    options: Vec<(&'static str, &'static str)>,
    #[prop(default = "Choose one")] placeholder: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let error = move || errors.with(|e| e.get(name).map(str::to_owned));
    let described = described_by(hint.map(|_| format!("{id}-hint")), format!("{id}-error"), error);
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            <FieldMessages name hint errors />
            <select id=id name=name aria-invalid=move || error().is_some().then_some("true") aria-describedby=described>
                <option value="">{placeholder}</option>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// One checkbox that confirms something, with its hint and inline error. It sends "on"
/// when ticked and nothing otherwise.
#[component]
pub fn CheckboxField(
    label: &'static str,
    name: &'static str,
    errors: Signal<FieldErrors>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let error = move || errors.with(|e| e.get(name).map(str::to_owned));
    let described = described_by(hint.map(|_| format!("{id}-hint")), err_id, error);
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <FieldMessages name hint errors />
            <label class="checkbox">
                <input
                    type="checkbox"
                    id=id
                    name=name
                    value="on"
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=described
                />
                <span>{label}</span>
            </label>
        </div>
    }
}

/// The field for choosing a new password, with the policy as its hint.
#[component]
pub fn NewPasswordField(label: &'static str, name: &'static str, errors: Signal<FieldErrors>) -> impl IntoView {
    view! {
        <Field
            label
            name
            kind="password"
            autocomplete="new-password"
            hint="At least 8 characters. A few unrelated words make a strong password."
            errors
            required=true
        />
    }
}

/// A labelled multi-line text box with a hint and its inline error message.
#[component]
pub fn TextAreaField(
    label: &'static str,
    name: &'static str,
    errors: Signal<FieldErrors>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: String,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = move || errors.with(|e| e.get(name).map(str::to_owned));
    let described = described_by(hint.is_some().then(|| hint_id.clone()), err_id.clone(), error);
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            <FieldMessages name hint errors />
            <textarea id=id name=name rows=rows aria-invalid=move || error().is_some().then_some("true") aria-describedby=described>{value}</textarea>
        </div>
    }
}

/// A form's problem that the server kept for the page it sent the browser back to, instead of
/// writing it into the address (`server::forms`): the server function's path and its encoded
/// error, as Leptos would have put them in `__path` and `__err`.
#[derive(Debug, Clone)]
pub struct KeptFormError {
    pub path: String,
    pub err: String,
}

/// Gives every form's action on this page the problem the server kept for it, as the
/// `ServerActionError` Leptos would have read from the address: on the server from the
/// request, in the browser from the page the server wrote (the returned element), so the page
/// hydrates showing exactly what it was rendered with.
pub fn provide_kept_form_error() -> impl IntoView {
    let kept = read_kept_form_error();
    if let Some((path, err)) = &kept {
        provide_context(leptos::server::ServerActionError::new(path, err));
    }
    kept.map(|(path, err)| view! { <template id="kept-form-error" data-path=path data-err=err></template> })
}

#[cfg(feature = "ssr")]
fn read_kept_form_error() -> Option<(String, String)> {
    let parts = use_context::<http::request::Parts>()?;
    parts.extensions.get::<KeptFormError>().map(|k| (k.path.clone(), k.err.clone()))
}

#[cfg(not(feature = "ssr"))]
fn read_kept_form_error() -> Option<(String, String)> {
    let el = document().get_element_by_id("kept-form-error")?;
    Some((el.get_attribute("data-path")?, el.get_attribute("data-err")?))
}

/// Boxes to tick any of `options`, sent as `name[0]`, `name[1]`... (a server function's
/// `Option<Vec<String>>`), with the question as legend, a hint and the inline error.
pub fn checkbox_list(
    name: &'static str,
    options: &'static [&'static str],
    chosen: Vec<String>,
    errors: Signal<FieldErrors>,
    legend: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let err = move || errors.with(|e| e.get(name).map(str::to_owned));
    view! {
        <fieldset class="field" id=format!("f-{name}") class:field-invalid=move || err().is_some()>
            <legend>{legend}</legend>
            <p class="hint">{hint}</p>
            {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
            <div class="checkboxes">
                {options.iter().enumerate().map(|(i, o)| view! {
                    <label class="radio">
                        <input type="checkbox" name=format!("{name}[{i}]") value=*o checked=chosen.iter().any(|c| c == o) />
                        <span>{*o}</span>
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}
