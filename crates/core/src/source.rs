//! What a discovered input file is: its path relative to the input root and its role. The
//! walk that finds files belongs to the caller (the binary's `discover` stage); ingestion
//! only needs to know what each file is.

use std::path::PathBuf;

/// What a discovered file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A file to read articles from (whatever its extension: unsupported ones become errors).
    Articles,
    /// A `metadata.jsonl` manifest for its directory.
    Manifest,
    /// A `NAME.meta.json` sidecar for the file `NAME` beside it.
    Sidecar,
}

impl Role {
    /// The role of a file, from its name alone (SPEC §2).
    pub fn of(rel: &str) -> Role {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name == "metadata.jsonl" {
            Role::Manifest
        } else if name.ends_with(".meta.json") {
            Role::Sidecar
        } else {
            Role::Articles
        }
    }
}

/// A file found under the input root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Path relative to the input root, with `/` separators.
    pub rel: String,
    pub path: PathBuf,
    pub role: Role,
}

impl Found {
    /// A found file, its role taken from its name.
    pub fn new(rel: String, path: PathBuf) -> Found {
        let role = Role::of(&rel);
        Found { rel, path, role }
    }
}
