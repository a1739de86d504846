//! Tandem's user interface and server functions, shared by the server (SSR) and the
//! browser (hydration).

// Deeply nested view types (the dashboards) need more than the default query depth in
// release builds.
#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod client_addr;
pub mod components;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::layout::{Footer, Header};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};
use pages::{
    account, admin, auth, certificate, community, course_admin, dashboard, home, instruments, library, mail, matching,
    mentor_admin, mentoring, profile, programme, reports, safeguarding, status, training, workshop_admin, workshops,
    young,
};

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Tandem: one-to-one mentoring for young people. One hour a month, for twelve months." />
                <AutoReload options=options.clone() />
                <Styles options=options.clone() />
                <Hydration options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The site's script, code and styles as the build named them: `tandem.js`, or with the
/// content hash cargo-leptos put in the name (`hash-files`), read from the hash file beside
/// the server binary.
struct AssetNames {
    js: String,
    wasm: String,
    css: String,
}

fn asset_names(options: &LeptosOptions) -> AssetNames {
    let base = options.output_name.to_string();
    // cargo-leptos names the wasm after the output; a bare `wasm-bindgen` build adds `_bg`.
    let wasm_base = if option_env!("LEPTOS_OUTPUT_NAME").is_none() { format!("{base}_bg") } else { base.clone() };
    let mut names = AssetNames { js: base.clone(), wasm: wasm_base, css: base };
    if options.hash_files {
        // The build writes the file before the server starts and it does not change while
        // the server runs: read once per process, not on every page.
        static HASH_FILE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let file = HASH_FILE.get_or_init(|| {
            std::env::current_exe()
                .ok()
                .and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())))
                .and_then(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default()
        });
        for (kind, hash) in file.lines().filter_map(|l| l.split_once(':')) {
            let hash = hash.trim();
            match kind.trim() {
                "js" => names.js = format!("{}.{hash}", options.output_name),
                "wasm" => names.wasm = format!("{}.{hash}", options.output_name),
                "css" => names.css = format!("{}.{hash}", options.output_name),
                _ => {}
            }
        }
    }
    names
}

/// The stylesheet, by its built name.
#[component]
fn Styles(options: LeptosOptions) -> impl IntoView {
    let href = format!("/{}/{}.css", options.site_pkg_dir, asset_names(&options).css);
    view! { <link rel="stylesheet" id="tandem" href=href /> }
}

/// Loads and hydrates the wasm bundle once the browser is first idle. The page is whole as
/// the server sends it, so the bundle is fetched only after the first paint and never
/// competes with it (Leptos's `HydrationScripts defer` does the same, but hints the bundle
/// in the head, so its download still starts before the page has painted).
#[component]
fn Hydration(options: LeptosOptions) -> impl IntoView {
    let pkg = options.site_pkg_dir.to_string();
    let AssetNames { js, wasm, .. } = asset_names(&options);
    let script = format!(
        "(() => {{ const go = () => import('/{pkg}/{js}.js').then(m => m.default({{ module_or_path: '/{pkg}/{wasm}.wasm' }}).then(() => m.hydrate())); \
         if ('requestIdleCallback' in window) {{ requestIdleCallback(go, {{ timeout: 2000 }}); }} else {{ setTimeout(go, 0); }} }})();"
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }.into_any()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser, after hydration: the marker lets end-to-end tests
    // (and curious developers) know the page is interactive.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    let kept_form_error = components::form::provide_kept_form_error();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "Tandem mentoring".to_string() } else { format!("{t} | Tandem mentoring") } />
        {kept_form_error}
        <Router>
            {api::auth::provide_auth()}
            <a class="skip-link" href="#main">"Skip to main content"</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=status::NotFound>
                    <Route path=path!("/") view=home::Home ssr=SsrMode::Async />
                    <Route path=path!("/register") view=auth::RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=auth::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/login/verify") view=auth::LoginCodePage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=auth::ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=auth::ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/dashboard") view=dashboard::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=account::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=admin::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/training") view=course_admin::CourseAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/training/modules/:id") view=course_admin::ModuleEditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/training/lessons/:id") view=course_admin::LessonEditPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=profile::ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/training") view=training::TrainingPage ssr=SsrMode::Async />
                    <Route path=path!("/training/lessons/:id") view=training::LessonPage ssr=SsrMode::Async />
                    <Route path=path!("/training/modules/:id/quiz") view=training::QuizPage ssr=SsrMode::Async />
                    <Route path=path!("/workshops") view=workshops::WorkshopsPage ssr=SsrMode::Async />
                    <Route path=path!("/certificate") view=certificate::CertificatePage ssr=SsrMode::Async />
                    <Route path=path!("/verify") view=certificate::VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/verify/:code") view=certificate::VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/apply") view=young::ApplyPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluation/pre") view=young::PreEvaluationPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluation/end") view=young::EndEvaluationPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/mentors") view=mentor_admin::MentorQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/mentors/:id") view=mentor_admin::MentorReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/workshops") view=workshop_admin::WorkshopAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/workshops/:id") view=workshop_admin::WorkshopRegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching") view=matching::MatchingPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching/weights") view=matching::WeightsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching/young/:id") view=matching::YoungCandidatesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching/runs/:id") view=matching::RunPage ssr=SsrMode::Async />
                    <Route path=path!("/match/:id") view=mentoring::MatchPagePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/messages") view=mentoring::HeldMessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/coordinator/messages") view=mentoring::RelayPage ssr=SsrMode::Async />
                    <Route path=path!("/gifts") view=mentoring::GiftsPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/impact") view=reports::ImpactPage ssr=SsrMode::Async />
                    <Route path=path!("/community") view=community::CommunityPage ssr=SsrMode::Async />
                    <Route path=path!("/community/resources") view=library::ResourcesPage ssr=SsrMode::Async />
                    <Route path=path!("/community/network") view=library::NetworkDirectoryPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/programme") view=programme::ProgrammePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/questionnaires") view=instruments::InstrumentsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/gifts") view=mentoring::GiftRegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/relationships") view=mentoring::RelationshipsPage ssr=SsrMode::Async />
                    <Route path=path!("/concern") view=safeguarding::ReportConcernPage ssr=SsrMode::Async />
                    <Route path=path!("/safeguarding") view=safeguarding::CaseQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/safeguarding/cases/:id") view=safeguarding::CasePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=safeguarding::AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=safeguarding::PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/mail") view=mail::MailOutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe") view=mail::UnsubscribePage ssr=SsrMode::Async />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
