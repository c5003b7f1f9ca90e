//! Private key files: mode 0600 at creation, strict loading, round trips and no secret in
//! `Debug` output or error messages.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crypto::{KeyFileError, SigningKeyPair, b64u_encode};

fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Writes `text` to `path` with mode 0600, as a hand-edited key file would be.
fn write_private(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
}

fn key_json(path: &Path) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn write_new_creates_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notary.jwk");

    SigningKeyPair::generate().write_new(&path).unwrap();

    assert_eq!(mode_of(&path), 0o600);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec!["notary.jwk"], "temporary file left behind");
}

#[test]
fn file_is_private_okp_jwk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    let seed = [0x42; 32];
    let key = SigningKeyPair::from_seed(&seed);
    key.write_new(&path).unwrap();

    let jwk = key_json(&path);
    assert_eq!(jwk["kty"], "OKP");
    assert_eq!(jwk["crv"], "Ed25519");
    assert_eq!(jwk["x"], key.public_key().x().as_str());
    assert_eq!(jwk["d"], b64u_encode(&seed).as_str());
    assert_eq!(jwk["kid"], key.kid().as_str());
}

#[test]
fn load_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    let key = SigningKeyPair::generate();
    key.write_new(&path).unwrap();

    let loaded = SigningKeyPair::load(&path).unwrap();
    assert_eq!(loaded.public_key(), key.public_key());
    assert_eq!(loaded.kid(), key.kid());
    assert_eq!(loaded.sign(b"receipt"), key.sign(b"receipt"));
}

#[test]
fn load_rejects_group_readable_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    SigningKeyPair::generate().write_new(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

    let error = SigningKeyPair::load(&path).unwrap_err();
    assert!(
        matches!(error, KeyFileError::InsecurePermissions { mode: 0o644, .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("chmod 600"), "{message}");
}

#[test]
fn load_rejects_other_access_bits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    SigningKeyPair::generate().write_new(&path).unwrap();

    for mode in [0o640, 0o604, 0o620, 0o601] {
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        let error = SigningKeyPair::load(&path).unwrap_err();
        assert!(
            matches!(error, KeyFileError::InsecurePermissions { .. }),
            "{mode:o}: {error}"
        );
    }

    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    assert!(SigningKeyPair::load(&path).is_ok(), "read-only owner file");
}

#[test]
fn write_new_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    let first = SigningKeyPair::generate();
    first.write_new(&path).unwrap();

    let error = SigningKeyPair::generate().write_new(&path).unwrap_err();
    assert!(
        matches!(error, KeyFileError::AlreadyExists { .. }),
        "{error}"
    );
    assert_eq!(SigningKeyPair::load(&path).unwrap().kid(), first.kid());
}

#[test]
fn load_or_create_creates_then_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/keys/notary.jwk");

    let (created, was_created) = SigningKeyPair::load_or_create(&path).unwrap();
    assert!(was_created);
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(mode_of(&dir.path().join("data/keys")) & 0o077, 0);

    let (loaded, was_created) = SigningKeyPair::load_or_create(&path).unwrap();
    assert!(!was_created);
    assert_eq!(loaded.kid(), created.kid());
}

#[test]
fn load_or_create_keeps_insecure_file_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    SigningKeyPair::generate().write_new(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

    let error = SigningKeyPair::load_or_create(&path).unwrap_err();
    assert!(
        matches!(error, KeyFileError::InsecurePermissions { .. }),
        "{error}"
    );
}

#[test]
fn load_missing_file_is_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let error = SigningKeyPair::load(&dir.path().join("absent.jwk")).unwrap_err();
    assert!(matches!(error, KeyFileError::Io { .. }), "{error}");
}

#[test]
fn load_rejects_directory() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("key.jwk");
    fs::create_dir(&folder).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o700)).unwrap();

    let error = SigningKeyPair::load(&folder).unwrap_err();
    assert!(matches!(error, KeyFileError::NotAFile { .. }), "{error}");
}

#[test]
fn load_rejects_bad_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    write_private(&path, "{not json");

    let error = SigningKeyPair::load(&path).unwrap_err();
    assert!(matches!(error, KeyFileError::InvalidJson { .. }), "{error}");
}

/// Writes a valid key file, lets `edit` change one member, and loads it again.
fn load_edited(edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> KeyFileError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    SigningKeyPair::generate().write_new(&path).unwrap();

    let mut jwk = key_json(&path);
    edit(&mut jwk);
    write_private(&path, &serde_json::to_string(&jwk).unwrap());
    SigningKeyPair::load(&path).unwrap_err()
}

#[test]
fn load_rejects_wrong_kty() {
    let error = load_edited(|jwk| {
        jwk.insert("kty".into(), "EC".into());
    });
    assert!(
        matches!(error, KeyFileError::WrongKeyType { .. }),
        "{error}"
    );
}

#[test]
fn load_rejects_wrong_crv() {
    let error = load_edited(|jwk| {
        jwk.insert("crv".into(), "X25519".into());
    });
    assert!(matches!(error, KeyFileError::WrongCurve { .. }), "{error}");
}

#[test]
fn load_rejects_x_of_another_key() {
    let other = SigningKeyPair::generate().public_key().x();
    let error = load_edited(|jwk| {
        jwk.insert("x".into(), other.into());
    });
    assert!(
        matches!(error, KeyFileError::PublicKeyMismatch { .. }),
        "{error}"
    );
}

#[test]
fn load_rejects_weak_x() {
    // The identity point: y = 1.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let error = load_edited(|jwk| {
        jwk.insert("x".into(), b64u_encode(&identity).into());
    });
    assert!(
        matches!(error, KeyFileError::InvalidPublicKey { .. }),
        "{error}"
    );
}

#[test]
fn load_rejects_short_d() {
    let error = load_edited(|jwk| {
        jwk.insert("d".into(), b64u_encode(&[1; 31]).into());
    });
    assert!(
        matches!(error, KeyFileError::InvalidPrivateKey { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("31 bytes"), "{error}");
}

#[test]
fn load_rejects_missing_d() {
    let error = load_edited(|jwk| {
        jwk.remove("d");
    });
    assert!(matches!(error, KeyFileError::InvalidJson { .. }), "{error}");
}

#[test]
fn secret_absent_from_debug_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.jwk");
    let seed = [0x5a; 32];
    let key = SigningKeyPair::from_seed(&seed);
    key.write_new(&path).unwrap();
    let d = b64u_encode(&seed);

    let debug = format!("{key:?}");
    assert!(debug.contains(&key.kid()), "{debug}");
    assert!(!debug.contains(&d), "{debug}");
    assert!(!debug.contains("5a5a"), "{debug}");

    let loaded = SigningKeyPair::load(&path).unwrap();
    assert!(!format!("{loaded:?}").contains(&d));

    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let error = SigningKeyPair::load(&path).unwrap_err();
    assert!(!error.to_string().contains(&d));
    assert!(!format!("{error:?}").contains(&d));
}
