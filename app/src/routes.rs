//! The pages, in five groups of lazily loaded code: the public pages (home, registration,
//! signing in), help and contact, the dashboard (where everyone lands after signing in), the
//! other pages of people on the programme (young people, mentors, coordinators, employers)
//! and the staff pages. A phone that opens the home page fetches the runtime and the public pages' code
//! only; a mentor never downloads the staff pages. `cargo leptos build --split` cuts the
//! bundle at the five loaders; code two groups share goes into a chunk of its own, fetched
//! once. A build without `--split` keeps them as ordinary async calls in one bundle.
//!
//! A few groups rather than one chunk per page: wasm-split puts each distinct set of pages
//! that shares a function into its own file, and with a chunk per page (tried: 49 split
//! points) the dashboard alone needed 348 files, which costs far more in round trips on a
//! phone than it saves in bytes.

use crate::pages::{
    account, admin, applications, approvals, audit, auth, certificates, community, dashboard, destinations, documents,
    enquiries, equality, evaluations, get_involved, home, impact, instruments, library, mail, matching, mentoring,
    opportunities, policies, privacy, profiles, programme, public_impact, safeguarding, settings, training, workshops,
};
use crate::split::preload_chunks;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A group of pages behind one lazily loaded function, and a route per page.
macro_rules! page_group {
    ($group:ident, $loader:ident, $preload:ident { $($route:ident => $page:path,)* }) => {
        // The variants are named after the routes they render.
        #[allow(clippy::enum_variant_names)]
        #[derive(Clone, Copy, Debug)]
        enum $group {
            $($route,)*
        }

        /// Renders one page of the group: in the browser, the call that fetches the
        /// group's code the first time.
        #[leptos::lazy]
        fn $loader(page: $group) -> AnyView {
            match page {
                $($group::$route => $page().into_any(),)*
            }
        }

        $(
            #[derive(Debug)]
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    preload_chunks(stringify!($loader));
                    $loader($group::$route).await
                }

                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $preload().await;
                }
            }
        )*
    };
}

page_group!(Public, public_page, __preload_public_page {
    HomeRoute => home::Home,
    RegisterRoute => auth::RegisterPage,
    LoginRoute => auth::LoginPage,
    LoginCodeRoute => auth::LoginCodePage,
    ForgotPasswordRoute => auth::ForgotPasswordPage,
    ResetPasswordRoute => auth::ResetPasswordPage,
    VerifyRoute => certificates::VerifyPage,
    UnsubscribeRoute => mail::UnsubscribePage,
});

// Help and contact are read by anyone, but rarely first: a group of their own keeps their
// code out of what the home and registration pages fetch.
page_group!(Help, help_page, __preload_help_page {
    HelpRoute => documents::HelpPage,
    ContactRoute => enquiries::ContactPage,
    PoliciesRoute => policies::PoliciesPage,
    PolicyRoute => policies::PolicyPage,
    PublicImpactRoute => public_impact::PublicImpactPage,
    NextStepsRoute => destinations::NextStepsPage,
    GetInvolvedRoute => get_involved::GetInvolvedPage,
    PartnerRoute => get_involved::PartnerPage,
    InKindRoute => get_involved::InKindPage,
});

page_group!(Dashboard, dashboard_page, __preload_dashboard_page {
    DashboardRoute => dashboard::DashboardPage,
});

page_group!(Member, member_page, __preload_member_page {
    AccountRoute => account::AccountPage,
    ProfileRoute => profiles::ProfilePage,
    TrainingRoute => training::TrainingPage,
    LessonRoute => training::LessonPage,
    QuizRoute => training::QuizPage,
    WorkshopsRoute => workshops::WorkshopsPage,
    CertificateRoute => certificates::CertificatePage,
    ApplyRoute => applications::ApplyPage,
    PreEvaluationRoute => evaluations::PreEvaluationPage,
    EndEvaluationRoute => evaluations::EndEvaluationPage,
    MatchRoute => mentoring::MatchPagePage,
    RelayRoute => mentoring::RelayPage,
    GiftsRoute => mentoring::GiftsPage,
    CommunityRoute => community::CommunityPage,
    ResourcesRoute => library::ResourcesPage,
    NetworkDirectoryRoute => library::NetworkDirectoryPage,
    ReportConcernRoute => safeguarding::ReportConcernPage,
    PrivacyRoute => privacy::PrivacyPage,
    AcceptPoliciesRoute => policies::AcceptPoliciesPage,
    OpportunitiesRoute => opportunities::BoardPage,
    NewOpportunityRoute => opportunities::NewOpportunityPage,
    OpportunityRoute => opportunities::OpportunityPage,
});

page_group!(Staff, staff_page, __preload_staff_page {
    UsersRoute => admin::UsersPage,
    CourseAdminRoute => training::admin::CourseAdminPage,
    ModuleEditRoute => training::admin::ModuleEditPage,
    LessonEditRoute => training::admin::LessonEditPage,
    MentorQueueRoute => approvals::MentorQueuePage,
    MentorReviewRoute => approvals::MentorReviewPage,
    WorkshopAdminRoute => workshops::admin::WorkshopAdminPage,
    WorkshopRegisterRoute => workshops::admin::WorkshopRegisterPage,
    MatchingRoute => matching::MatchingPage,
    WeightsRoute => matching::WeightsPage,
    YoungCandidatesRoute => matching::YoungCandidatesPage,
    RunRoute => matching::RunPage,
    HeldMessagesRoute => mentoring::HeldMessagesPage,
    ImpactRoute => impact::ImpactPage,
    ReachRoute => equality::ReachPage,
    ProgrammeRoute => programme::ProgrammePage,
    InstrumentsRoute => instruments::InstrumentsPage,
    GiftRegisterRoute => mentoring::GiftRegisterPage,
    RelationshipsRoute => mentoring::RelationshipsPage,
    CaseQueueRoute => safeguarding::CaseQueuePage,
    CaseRoute => safeguarding::CasePage,
    AuditLogRoute => audit::AuditLogPage,
    MailOutboxRoute => mail::MailOutboxPage,
    HelpAdminRoute => documents::HelpAdminPage,
    HelpEditRoute => documents::HelpEditPage,
    PolicyAdminRoute => policies::PolicyAdminPage,
    PolicyEditRoute => documents::HelpEditPage,
    EnquiryQueueRoute => enquiries::EnquiryQueuePage,
    EnquiryRoute => enquiries::EnquiryPage,
    SettingsRoute => settings::SettingsPage,
    OpportunityAdminRoute => opportunities::OpportunityAdminPage,
});
