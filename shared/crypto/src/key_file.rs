//! Private key files: an RFC 8037 private OKP JWK (`kty`, `crv`, `x`, `d`, `kid`) that other
//! JOSE tools can read, created with mode 0600 and refused when group or others can access it.

use std::fs::{DirBuilder, File, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::base64url::{b64u_decode, b64u_encode};
use crate::jwk::{CRV_ED25519, KTY_OKP};
use crate::public_key::{KeyError, PublicKey};
use crate::signing_key::SigningKeyPair;

/// Largest key file that [`SigningKeyPair::load`] reads, in bytes. A private JWK is about
/// 200 bytes; the limit only stops a wrong path from pulling a large file into memory.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// Permission bits that must be clear on a key file: any access by group or others.
const GROUP_OTHER_BITS: u32 = 0o077;

/// A key file that cannot be written or loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// An I/O operation on the key file or its folder failed.
    #[error("failed to {action} key file {}: {source}", path.display())]
    Io {
        /// The key file.
        path: PathBuf,
        /// The operation that failed, for example "open".
        action: &'static str,
        /// The operating system's error.
        source: io::Error,
    },

    /// `write_new` found a file already at the path; it never overwrites a key.
    #[error("key file {} already exists; remove it or choose another path", path.display())]
    AlreadyExists {
        /// The key file.
        path: PathBuf,
    },

    /// The path is a folder or a special file.
    #[error("key file {} is not a regular file", path.display())]
    NotAFile {
        /// The key file.
        path: PathBuf,
    },

    /// Group or others have some access to the key file.
    #[error(
        "key file {} has mode {mode:03o}, so group or others can access the private key; run `chmod 600 {}` and consider replacing the key if others could read it",
        path.display(),
        path.display()
    )]
    InsecurePermissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },

    /// The file is larger than any private JWK.
    #[error("key file {} is larger than {limit} bytes, which no private JWK is", path.display())]
    TooLarge {
        /// The key file.
        path: PathBuf,
        /// The size limit, in bytes.
        limit: u64,
    },

    /// The file is not a JSON object with string members `kty`, `crv`, `x` and `d`.
    #[error("key file {} is not a private JWK ({{\"kty\",\"crv\",\"x\",\"d\"}}): {source}", path.display())]
    InvalidJson {
        /// The key file.
        path: PathBuf,
        /// The parser's error; it gives a line and column, never the key.
        source: serde_json::Error,
    },

    /// `kty` is not `OKP`.
    #[error("key file {} has kty {kty:?}; an Ed25519 key has \"OKP\"", path.display())]
    WrongKeyType {
        /// The key file.
        path: PathBuf,
        /// The `kty` found.
        kty: String,
    },

    /// `crv` is not `Ed25519`.
    #[error("key file {} has crv {crv:?}; only \"Ed25519\" is supported", path.display())]
    WrongCurve {
        /// The key file.
        path: PathBuf,
        /// The `crv` found.
        crv: String,
    },

    /// `d` is not a base64url 32-byte seed.
    #[error("key file {} has an invalid private key d: {reason}", path.display())]
    InvalidPrivateKey {
        /// The key file.
        path: PathBuf,
        /// The rejection reason, which never contains the value of `d`.
        reason: String,
    },

    /// `x` is not an acceptable Ed25519 public key.
    #[error("key file {} has an invalid public key x: {source}", path.display())]
    InvalidPublicKey {
        /// The key file.
        path: PathBuf,
        /// The rejection reason.
        source: KeyError,
    },

    /// `x` is a valid key but not the one that belongs to `d`.
    #[error(
        "key file {} is inconsistent: x is not the public key of d; the file is damaged or was edited",
        path.display()
    )]
    PublicKeyMismatch {
        /// The key file.
        path: PathBuf,
    },
}

/// The JSON form of a key file. `kid` is written for the reader's benefit and ignored on
/// load, because the key id is always recomputed from `x`.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
struct PrivateJwk {
    kty: String,
    crv: String,
    x: String,
    d: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
}

impl SigningKeyPair {
    /// Writes this key to a new private JWK file at `path` with mode 0600.
    ///
    /// The file is written in full under a temporary name in the same folder (created with
    /// `O_EXCL` and mode 0600, so group and others never have access) and then moved to `path`
    /// without overwriting. Readers see either no file or the whole key. An existing file is
    /// never replaced: that returns [`KeyFileError::AlreadyExists`].
    pub fn write_new(&self, path: &Path) -> Result<(), KeyFileError> {
        let io_error = |action, source| KeyFileError::Io {
            path: path.to_owned(),
            action,
            source,
        };
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };

        let mut temporary = tempfile::Builder::new()
            .prefix(".tradeseal-key-")
            .suffix(".tmp")
            .permissions(Permissions::from_mode(0o600))
            .tempfile_in(folder)
            .map_err(|source| io_error("create a temporary file for", source))?;

        let contents = self
            .private_jwk_bytes()
            .map_err(|error| io_error("serialize", io::Error::from(error)))?;
        temporary
            .write_all(&contents)
            .map_err(|source| io_error("write", source))?;
        temporary
            .as_file()
            .sync_all()
            .map_err(|source| io_error("sync", source))?;

        temporary
            .persist_noclobber(path)
            .map_err(|error| match error.error.kind() {
                io::ErrorKind::AlreadyExists => KeyFileError::AlreadyExists {
                    path: path.to_owned(),
                },
                _ => io_error("create", error.error),
            })?;

        // Make the new directory entry durable too.
        File::open(folder)
            .and_then(|folder| folder.sync_all())
            .map_err(|source| io_error("sync the folder of", source))
    }

    /// Loads a private JWK key file.
    ///
    /// Rejects a file that group or others can access (with the `chmod 600` fix in the
    /// message), a file that is not a private Ed25519 OKP JWK, and a file whose `x` is not the
    /// public key of its `d`.
    pub fn load(path: &Path) -> Result<Self, KeyFileError> {
        let contents = read_private_file(path)?;

        let jwk: PrivateJwk =
            serde_json::from_slice(&contents).map_err(|source| KeyFileError::InvalidJson {
                path: path.to_owned(),
                source,
            })?;

        key_from_private_jwk(path, &jwk)
    }

    /// Loads the key file at `path`, or generates a key and writes it there (creating missing
    /// parent folders with mode 0700) when no file exists.
    ///
    /// Returns the key and `true` when this call created it. When another process creates the
    /// file at the same time, the file that won is loaded.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), KeyFileError> {
        match Self::load(path) {
            Ok(key) => return Ok((key, false)),
            Err(KeyFileError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }

        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|source| KeyFileError::Io {
                    path: path.to_owned(),
                    action: "create the folder of",
                    source,
                })?;
        }

        let key = Self::generate();
        match key.write_new(path) {
            Ok(()) => Ok((key, true)),
            Err(KeyFileError::AlreadyExists { .. }) => Ok((Self::load(path)?, false)),
            Err(error) => Err(error),
        }
    }

    /// Serializes the private JWK, ending with a newline, into memory that is zeroized on drop.
    fn private_jwk_bytes(&self) -> Result<Zeroizing<Vec<u8>>, serde_json::Error> {
        let public_key = self.public_key();
        let jwk = PrivateJwk {
            kty: KTY_OKP.to_owned(),
            crv: CRV_ED25519.to_owned(),
            x: public_key.x(),
            d: b64u_encode(self.seed().as_slice()),
            kid: Some(self.kid()),
        };

        // Reserve enough up front that the buffer never reallocates and leaves a copy behind.
        let mut bytes = Zeroizing::new(Vec::with_capacity(1024));
        serde_json::to_writer_pretty(&mut *bytes, &jwk)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// Opens `path`, checks that it is a regular file only its owner can access, and reads it
/// into memory that is zeroized on drop.
fn read_private_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, KeyFileError> {
    let io_error = |action, source| KeyFileError::Io {
        path: path.to_owned(),
        action,
        source,
    };

    let file = File::open(path).map_err(|source| io_error("open", source))?;
    // Check the opened file itself, so a rename between the check and the read cannot swap it.
    let metadata = file
        .metadata()
        .map_err(|source| io_error("read the metadata of", source))?;
    if !metadata.is_file() {
        return Err(KeyFileError::NotAFile {
            path: path.to_owned(),
        });
    }
    let mode = metadata.permissions().mode() & 0o7777;
    if mode & GROUP_OTHER_BITS != 0 {
        return Err(KeyFileError::InsecurePermissions {
            path: path.to_owned(),
            mode,
        });
    }

    let mut contents = Zeroizing::new(Vec::with_capacity(1024));
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_end(&mut contents)
        .map_err(|source| io_error("read", source))?;
    if contents.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(KeyFileError::TooLarge {
            path: path.to_owned(),
            limit: MAX_KEY_FILE_BYTES,
        });
    }
    Ok(contents)
}

/// Checks a parsed private JWK and builds the key pair from it.
fn key_from_private_jwk(path: &Path, jwk: &PrivateJwk) -> Result<SigningKeyPair, KeyFileError> {
    if jwk.kty != KTY_OKP {
        return Err(KeyFileError::WrongKeyType {
            path: path.to_owned(),
            kty: jwk.kty.clone(),
        });
    }
    if jwk.crv != CRV_ED25519 {
        return Err(KeyFileError::WrongCurve {
            path: path.to_owned(),
            crv: jwk.crv.clone(),
        });
    }

    let invalid_d = |reason: String| KeyFileError::InvalidPrivateKey {
        path: path.to_owned(),
        reason,
    };
    let d = Zeroizing::new(b64u_decode(&jwk.d).map_err(|error| invalid_d(error.to_string()))?);
    let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
        d.as_slice()
            .try_into()
            .map_err(|_| invalid_d(format!("it is {} bytes; an Ed25519 seed is 32", d.len())))?,
    );

    let stated = b64u_decode(&jwk.x)
        .map_err(KeyError::from)
        .and_then(|x| PublicKey::from_bytes(&x))
        .map_err(|source| KeyFileError::InvalidPublicKey {
            path: path.to_owned(),
            source,
        })?;

    let key = SigningKeyPair::from_seed(&seed);
    if key.public_key() != stated {
        return Err(KeyFileError::PublicKeyMismatch {
            path: path.to_owned(),
        });
    }
    Ok(key)
}
