//! Get involved (`/get-involved`): become a mentor, partner with the programme
//! (`/get-involved/partner`), offer something in kind (`/get-involved/in-kind`), donate (when
//! the programme has a donation page) and share Tandem with a link that counts who it brings.
//! Anyone reads and sends them, without JavaScript too. The staff report of what sharing
//! brought is on the programme dashboard (`pages::programme`).

use crate::api::get_involved::{OfferInKind, OfferPartnership, load_get_involved};
use crate::components::form::{
    ErrorSummary, Field, FormAlert, SelectField, TextAreaField, outcome, said_or_posted, use_record_form,
};
use crate::pages::status::ErrorPage;
use domain::get_involved::{GetInvolved, OFFERS, ORGANISATION_KINDS, OfferKind, SIZES, ShareLink};
use domain::profiles::REGIONS;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

const THANKS: &str = "Thank you: your message is with the team. We answer within two working days.";

fn regions() -> Vec<(&'static str, &'static str)> {
    REGIONS.iter().map(|r| (*r, *r)).collect()
}

#[component]
pub fn GetInvolvedPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_get_involved());
    view! {
        <Title text="Get involved" />
        <section class="wrap narrow">
            <h1>"Get involved"</h1>
            <p class="lead">"Tandem pairs young people aged 14 to 25 with a volunteer professional, one hour a month for up to a year. Here is how you can help more young people have a mentor."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(g) => involved_view(g),
                })}
            </Suspense>
        </section>
    }
}

fn involved_view(g: GetInvolved) -> AnyView {
    let donate = g.donate_url.clone();
    view! {
        <nav aria-label="On this page" class="panel">
            <ul class="plain-list">
                <li><a href="#mentor">"Become a mentor"</a></li>
                <li><a href="#partner">"Partner with us"</a></li>
                <li><a href="#in-kind">"Offer something in kind"</a></li>
                {donate.is_some().then(|| view! { <li><a href="#donate">"Donate"</a></li> })}
                <li><a href="#share">"Spread the word"</a></li>
            </ul>
        </nav>

        <h2 id="mentor">"Become a mentor"</h2>
        <p>"Share your experience of work with a young person starting out. You need to be 18 or over. After signing up you take a short online course (about 90 minutes, at your own pace) and a two-hour group workshop, and then we match you with a young person whose goals fit your skills."</p>
        {if g.signed_in {
            view! { <p>"Know someone who would make a good mentor? Send them your link below."</p> }.into_any()
        } else {
            view! { <p><a class="button" href="/register?role=mentor">"Sign up as a mentor"</a></p> }.into_any()
        }}

        <h2 id="partner">"Partner with us"</h2>
        <p>"Schools and colleges, youth organisations and community groups bring their young people to Tandem, with a join code and a Mentoring Coordinator who looks after them. Employers give their staff time to mentor, as a corporate partnership."</p>
        <p><a class="button button-secondary" href="/get-involved/partner">"Tell us about your organisation"</a></p>

        <h2 id="in-kind">"Offer something in kind"</h2>
        <p>"A room for a workshop or an induction, laptops or mobile data for young people who have none, or your staff's time and skills."</p>
        <p><a class="button button-secondary" href="/get-involved/in-kind">"Offer something in kind"</a></p>

        {donate.map(|url| view! {
            <h2 id="donate">"Donate"</h2>
            <p>"Every mentor is trained and every relationship is supported by our team. A donation pays for a young person's year of mentoring."</p>
            <p><a class="button button-secondary" href=url rel="noopener">"Donate to Tandem"</a><span class="hint">" on our donation page"</span></p>
        })}

        <h2 id="share">"Spread the word"</h2>
        {if g.links.is_empty() {
            view! {
                <p>"Tell a friend, a colleague or a young person about Tandem."</p>
                <ShareBox link=ShareLink { for_whom: String::new(), url: g.public_link } index=0 />
                <p class="hint">"Signed in, you get a link of your own: we count the people who join through it."</p>
            }.into_any()
        } else {
            view! {
                <p>"Share your link with a friend, a colleague or a young person. We count the people who join through it, so we know what works."</p>
                {g.links.into_iter().enumerate().map(|(index, link)| view! { <ShareBox link index /> }).collect_view()}
            }.into_any()
        }}
    }
    .into_any()
}

/// A link to share: readable and selectable without JavaScript; with it, a button that opens
/// the phone's share sheet (the Web Share API) or else copies the link.
#[component]
fn ShareBox(link: ShareLink, index: usize) -> impl IntoView {
    let id = format!("share-link-{index}");
    let label = match link.for_whom.as_str() {
        "" => "The link to share".to_string(),
        "You" => "Your link".to_string(),
        org => format!("{org}'s link"),
    };
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let said = RwSignal::new(String::new());
    let url = link.url.clone();
    let input_id = id.clone();
    view! {
        <div class="field share">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" readonly value=link.url class="share-link" />
            {move || ready.get().then(|| {
                let url = url.clone();
                let input_id = input_id.clone();
                view! {
                    <button type="button" class="button button-secondary" on:click=move |_| share_or_copy(&url, &input_id, said)>
                        "Share the link"
                    </button>
                }
            })}
            <p class="hint" aria-live="polite">{move || said.get()}</p>
        </div>
    }
}

/// Opens the share sheet where the browser has one; else copies the link, or failing that
/// selects it for the person to copy.
#[cfg(feature = "hydrate")]
fn share_or_copy(url: &str, input_id: &str, said: RwSignal<String>) {
    use leptos::wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use web_sys::js_sys::{Function, Object, Reflect};
    let Ok(nav) = Reflect::get(&window(), &"navigator".into()) else { return };
    let method =
        |obj: &JsValue, name: &str| Reflect::get(obj, &name.into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let select = {
        let input_id = input_id.to_string();
        move || {
            if let Some(input) =
                document().get_element_by_id(&input_id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.select();
            }
        }
    };
    let on = |p: JsValue, done: &'static str, failed: &'static str, fallback: Option<Box<dyn Fn()>>| {
        let Some(then) = method(&p, "then") else { return };
        let ok = Closure::once_into_js(move |_: JsValue| said.set(done.into()));
        let err = Closure::once_into_js(move |_: JsValue| {
            if let Some(f) = fallback {
                f();
            }
            said.set(failed.into());
        });
        let _ = then.call2(&p, &ok, &err);
    };
    if let Some(share) = method(&nav, "share") {
        let data = Object::new();
        let _ = Reflect::set(&data, &"title".into(), &"Tandem".into());
        let _ = Reflect::set(
            &data,
            &"text".into(),
            &"Free one-to-one mentoring for young people aged 14 to 25, by volunteer professionals.".into(),
        );
        let _ = Reflect::set(&data, &"url".into(), &url.into());
        if let Ok(p) = share.call1(&nav, &data) {
            // Closing the share sheet rejects the promise: nothing went wrong.
            on(p, "", "", None);
            return;
        }
    }
    let clipboard = Reflect::get(&nav, &"clipboard".into()).ok().filter(|c| !c.is_undefined());
    if let Some(c) = clipboard
        && let Some(write) = method(&c, "writeText")
        && let Ok(p) = write.call1(&c, &url.into())
    {
        on(
            p,
            "Link copied. Paste it into a message, an email or a post.",
            "The link is selected: copy it with your keyboard or menu.",
            Some(Box::new(select)),
        );
        return;
    }
    select();
    said.set("The link is selected: copy it with your keyboard or menu.".into());
}

#[cfg(not(feature = "hydrate"))]
fn share_or_copy(_: &str, _: &str, _: RwSignal<String>) {}

/// Name and email, asked of a visitor only (a signed-in person's come from their account).
fn sender_fields(signed_in: bool, errors: Signal<domain::FieldErrors>) -> impl IntoView {
    (!signed_in).then(|| view! {
        <Field label="Your full name" name="name" autocomplete="name" errors required=true />
        <Field label="Your email address" name="email" kind="email" autocomplete="email" errors required=true hint="We answer by email" />
    })
}

#[component]
pub fn PartnerPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_get_involved());
    let action = ServerAction::<OfferPartnership>::new();
    view! {
        <Title text="Partner with us" />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/get-involved">"Get involved"</a></p>
            <h1>"Partner with us"</h1>
            <p class="lead">"Tell us about your school, youth organisation, community group or company. The partnerships team will write back within two working days to talk about what would work for you."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(g) => view! { <PartnerForm signed_in=g.signed_in action /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PartnerForm(signed_in: bool, action: ServerAction<OfferPartnership>) -> impl IntoView {
    let (errors, on_submit) = use_record_form(action, move |s: &OfferPartnership| {
        s.input().validate(OfferKind::Partnership, signed_in).err().unwrap_or_default()
    });
    view! {
        {said_or_posted(action, "sent", THANKS)}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=OfferPartnership::url() on:submit=on_submit novalidate class="panel">
            {sender_fields(signed_in, errors)}
            <Field label="Your organisation's name" name="organisation" autocomplete="organization" errors required=true />
            <SelectField label="What kind of organisation is it?" name="kind" errors options=ORGANISATION_KINDS.to_vec() />
            <SelectField label="How many people does it have?" name="size" errors options=SIZES.to_vec() hint="Staff, pupils or members: a rough number is fine." />
            <SelectField label="Region" name="region" errors options=regions() placeholder="Choose a region" />
            <TextAreaField label="How would you like to work with us?" name="message" errors rows=6 hint="For example: how many young people might take part, or how many of your staff might mentor." />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Send to the partnerships team"</button>
        </form>
    }
}

#[component]
pub fn InKindPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_get_involved());
    let action = ServerAction::<OfferInKind>::new();
    view! {
        <Title text="Offer something in kind" />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/get-involved">"Get involved"</a></p>
            <h1>"Offer something in kind"</h1>
            <p class="lead">"Rooms, equipment and skilled time let us run more workshops and inductions, and help young people without a laptop or data take part online."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(g) => view! { <InKindForm signed_in=g.signed_in action /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn InKindForm(signed_in: bool, action: ServerAction<OfferInKind>) -> impl IntoView {
    let (errors, on_submit) = use_record_form(action, move |s: &OfferInKind| {
        s.input().validate(OfferKind::InKind, signed_in).err().unwrap_or_default()
    });
    let offers_error = move || errors.with(|e| e.get("venue").map(str::to_owned));
    view! {
        {said_or_posted(action, "sent", THANKS)}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=OfferInKind::url() on:submit=on_submit novalidate class="panel">
            {sender_fields(signed_in, errors)}
            <Field label="Your organisation (optional)" name="organisation" autocomplete="organization" errors hint="Leave it empty if you are offering as yourself." />
            <fieldset class="field" class:field-invalid=move || offers_error().is_some() aria-describedby=move || offers_error().map(|_| "offers-error")>
                <legend>"What can you offer?"</legend>
                {move || offers_error().map(|m| view! { <p class="error-message" id="offers-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                <div class="checkboxes">
                    {OFFERS.iter().map(|(k, l)| view! {
                        <label class="checkbox">
                            <input type="checkbox" id=format!("f-{k}") name=*k value="on" />
                            <span>{*l}</span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <SelectField label="Region" name="region" errors options=regions() placeholder="Choose a region" hint="Where the venue or equipment is, or where you are." />
            <TextAreaField label="Tell us more" name="message" errors rows=6 hint="What it is, when it is free, and anything we should know." />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Send the offer"</button>
        </form>
    }
}
