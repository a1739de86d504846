use leptos::prelude::*;
use server::config::Config;
use std::{net::SocketAddr, sync::Arc};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local .env (see .env.example) fills in variables the environment does not set.
    let _ = dotenvy::dotenv();
    let mut leptos_options = get_configuration(None)?.leptos_options;
    let config = Config::from_env(leptos_options.site_addr)?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    if config.json_logs {
        tracing_subscriber::fmt().json().with_current_span(false).with_env_filter(filter).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    // `tandem backup PATH` and `tandem restore PATH` (services::backup); no argument serves.
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => {}
        ["backup", path] => {
            let db = services::db::connect(&config.database_url).await?;
            let done = services::backup::backup(&db, &config.database_url, std::path::Path::new(path)).await?;
            println!("Backed up to {} ({} bytes)", done.path.display(), done.bytes);
            return Ok(());
        }
        ["restore", path] => {
            services::backup::restore(&config.database_url, std::path::Path::new(path)).await?;
            // Opening it applies any migrations newer than the backup.
            services::db::connect(&config.database_url).await?;
            println!("Restored {path} into the database DATABASE_URL names");
            return Ok(());
        }
        _ => {
            eprintln!(
                "usage: tandem            serve Tandem\n       tandem backup PATH   write a backup of DATABASE_URL to PATH\n       tandem restore PATH  restore PATH into an empty DATABASE_URL"
            );
            std::process::exit(2);
        }
    }
    leptos_options.site_addr = config.listen;
    if config.settings.dev_mode {
        tracing::warn!("dev mode: demo data and the dev session secret allowed");
    }
    let db = services::db::connect(&config.database_url).await?;
    if config.demo_data && services::demo::load_if_empty(&db, chrono::Utc::now()).await? {
        tracing::info!("loaded the demo programme (logins are listed in the README)");
    }
    if config.smtp.is_none() {
        tracing::warn!("no SMTP server configured (TANDEM_SMTP_HOST): emails are printed to this log");
    }
    server::spawn_mail_delivery(db.clone(), config.smtp.as_ref(), config.mail_worker.clone())?;
    let settings = Arc::new(config.settings.clone());
    server::spawn_housekeeping(db.clone(), settings.clone());
    server::spawn_figures(db.clone());
    let state = app::ssr::ServerState { db, settings };
    let app = server::router(state, leptos_options);
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!("Tandem listening on http://{}", config.listen);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
