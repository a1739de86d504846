//! Shared by the service test files.

/// Runs one async test body on both backends.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let t = services::testing::TestDb::new(services::testing::Backend::Sqlite).await.expect("sqlite");
                super::$name(t).await;
            }
            #[tokio::test]
            async fn postgres() {
                let t = services::testing::TestDb::new(services::testing::Backend::Postgres)
                    .await
                    .expect("PostgreSQL must be running (the test command starts it)");
                super::$name(t).await;
            }
        }
    )*};
}
