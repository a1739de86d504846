//! argon2id hashing, off the async runtime so a burst of sign-ins cannot stall other requests.

use crate::ServiceError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    // OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub async fn hash(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(format!("hash: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("join: {e}")))?
}

pub async fn verify(password: String, phc: String) -> Result<bool, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&phc).map_err(|e| ServiceError::Internal(format!("stored hash: {e}")))?;
        Ok(hasher().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("join: {e}")))?
}

/// A real hash of a random string, checked when the email is unknown so that a
/// sign-in for a missing account costs the same time as one for a real account.
pub async fn dummy_verify(password: String) {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    if let Ok(h) = DUMMY.get_or_try_init(|| hash(crate::tokens::new_token())).await {
        let _ = verify(password, h.clone()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2id_round_trip() {
        let h = hash("lantern-meadow-42".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("lantern-meadow-42".into(), h.clone()).await.expect("verify"));
        assert!(!verify("lantern-meadow-43".into(), h.clone()).await.expect("verify"));
        let h2 = hash("lantern-meadow-42".into()).await.expect("hash");
        assert_ne!(h, h2, "salted");
    }
}
