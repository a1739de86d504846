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
pub mod routes;
pub mod split;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::layout::{Footer, Header};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Route, Router, Routes},
    path,
};
use pages::status;

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
    /// The split build's manifest: which lazily loaded chunks each split point needs.
    manifest: String,
    /// The split build's loader of those chunks.
    split: String,
}

fn asset_names(options: &LeptosOptions) -> AssetNames {
    let base = options.output_name.to_string();
    // cargo-leptos names the wasm after the output; a bare `wasm-bindgen` build adds `_bg`.
    let wasm_base = if option_env!("LEPTOS_OUTPUT_NAME").is_none() { format!("{base}_bg") } else { base.clone() };
    let mut names = AssetNames {
        js: base.clone(),
        wasm: wasm_base,
        css: base,
        manifest: "__wasm_split_manifest.json".into(),
        split: "__wasm_split.______________________.js".into(),
    };
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
                "manifest" => names.manifest = format!("__wasm_split_manifest.{hash}.json"),
                "split" => names.split = format!("__wasm_split.{hash}.js"),
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
///
/// A split build (`cargo leptos build --split`) also writes a manifest of its chunks: given
/// it, the server names the chunks of the page it renders in the head (`rel=preload`), so
/// they download alongside the main bundle instead of after it.
#[component]
fn Hydration(options: LeptosOptions) -> impl IntoView {
    let pkg = options.site_pkg_dir.to_string();
    let AssetNames { js, wasm, manifest, split, .. } = asset_names(&options);
    // A split build's loader of the lazily loaded chunks, named so it downloads early.
    let loader = split_chunks(&options, &pkg, &manifest).then(|| format!("/{pkg}/{split}"));
    let script = format!(
        "(() => {{ const go = () => import('/{pkg}/{js}.js').then(m => m.default({{ module_or_path: '/{pkg}/{wasm}.wasm' }}).then(() => m.hydrate())); \
         if ('requestIdleCallback' in window) {{ requestIdleCallback(go, {{ timeout: 2000 }}); }} else {{ setTimeout(go, 0); }} }})();"
    );
    view! {
        {loader.map(|href| view! { <link rel="modulepreload" href=href /> })}
        <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script>
    }
    .into_any()
}

/// Hands the split build's manifest to the renderer (read once per process), for
/// [`split::preload_chunks`]; false for a build without `--split`.
fn split_chunks(options: &LeptosOptions, pkg: &str, manifest: &str) -> bool {
    #[cfg(feature = "ssr")]
    {
        static CHUNKS: std::sync::OnceLock<Option<split::SplitChunks>> = std::sync::OnceLock::new();
        let chunks = CHUNKS.get_or_init(|| split::SplitChunks::load(options.site_root.as_ref(), pkg, manifest));
        if let Some(c) = chunks {
            provide_context(c.clone());
        }
        chunks.is_some()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (options, pkg, manifest);
        false
    }
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
                    <Route path=path!("/") view={Lazy::<routes::HomeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/register") view={Lazy::<routes::RegisterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/help") view={Lazy::<routes::HelpRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/contact") view={Lazy::<routes::ContactRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/policies") view={Lazy::<routes::PoliciesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/impact") view={Lazy::<routes::PublicImpactRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/next-steps") view={Lazy::<routes::NextStepsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/get-involved") view={Lazy::<routes::GetInvolvedRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/get-involved/partner") view={Lazy::<routes::PartnerRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/get-involved/in-kind") view={Lazy::<routes::InKindRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/policies/accept") view={Lazy::<routes::AcceptPoliciesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/policies/:slug") view={Lazy::<routes::PolicyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<routes::LoginRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login/verify") view={Lazy::<routes::LoginCodeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view={Lazy::<routes::ForgotPasswordRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view={Lazy::<routes::ResetPasswordRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/dashboard") view={Lazy::<routes::DashboardRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<routes::AccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view={Lazy::<routes::UsersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/training") view={Lazy::<routes::CourseAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/help") view={Lazy::<routes::HelpAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/help/:id") view={Lazy::<routes::HelpEditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/policies") view={Lazy::<routes::PolicyAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/policies/:id") view={Lazy::<routes::PolicyEditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/enquiries") view={Lazy::<routes::EnquiryQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/enquiries/:id") view={Lazy::<routes::EnquiryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/settings") view={Lazy::<routes::SettingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/training/modules/:id") view={Lazy::<routes::ModuleEditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/training/lessons/:id") view={Lazy::<routes::LessonEditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/profile") view={Lazy::<routes::ProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/training") view={Lazy::<routes::TrainingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/training/lessons/:id") view={Lazy::<routes::LessonRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/training/modules/:id/quiz") view={Lazy::<routes::QuizRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/workshops") view={Lazy::<routes::WorkshopsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/certificate") view={Lazy::<routes::CertificateRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/verify") view={Lazy::<routes::VerifyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/verify/:code") view={Lazy::<routes::VerifyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/apply") view={Lazy::<routes::ApplyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evaluation/pre") view={Lazy::<routes::PreEvaluationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evaluation/end") view={Lazy::<routes::EndEvaluationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/mentors") view={Lazy::<routes::MentorQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/mentors/:id") view={Lazy::<routes::MentorReviewRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/workshops") view={Lazy::<routes::WorkshopAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/workshops/:id") view={Lazy::<routes::WorkshopRegisterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching") view={Lazy::<routes::MatchingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching/weights") view={Lazy::<routes::WeightsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching/young/:id") view={Lazy::<routes::YoungCandidatesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/matching/runs/:id") view={Lazy::<routes::RunRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/match/:id") view={Lazy::<routes::MatchRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/messages") view={Lazy::<routes::HeldMessagesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/coordinator/messages") view={Lazy::<routes::RelayRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/gifts") view={Lazy::<routes::GiftsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reports/impact") view={Lazy::<routes::ImpactRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/opportunities") view={Lazy::<routes::OpportunitiesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/opportunities/new") view={Lazy::<routes::NewOpportunityRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/opportunities/:id") view={Lazy::<routes::OpportunityRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/opportunities") view={Lazy::<routes::OpportunityAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/reach") view={Lazy::<routes::ReachRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/community") view={Lazy::<routes::CommunityRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/community/resources") view={Lazy::<routes::ResourcesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/community/network") view={Lazy::<routes::NetworkDirectoryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/programme") view={Lazy::<routes::ProgrammeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/questionnaires") view={Lazy::<routes::InstrumentsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/gifts") view={Lazy::<routes::GiftRegisterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/relationships") view={Lazy::<routes::RelationshipsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/concern") view={Lazy::<routes::ReportConcernRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/safeguarding") view={Lazy::<routes::CaseQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/safeguarding/cases/:id") view={Lazy::<routes::CaseRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view={Lazy::<routes::AuditLogRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view={Lazy::<routes::PrivacyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/mail") view={Lazy::<routes::MailOutboxRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe") view={Lazy::<routes::UnsubscribeRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
