//! How a run's files reach OUTPUT all at once: each run writes into its own folder,
//! `OUTPUT/.runs/<id>/`, and one atomic rename of the link `OUTPUT/.runs/current` switches
//! every table from the previous run to this one. The paths users open
//! (`OUTPUT/articles.parquet`, `OUTPUT/report.html`, …) are links into `.runs/current/`,
//! so they stay the same while what they show changes in one step. A run that fails or is
//! killed before the switch leaves the previous run's files whole; its own folder is
//! removed then or by the next run.
//!
//! A lock file, `OUTPUT/.lock`, holding the writer's process id, keeps two runs from
//! writing into one OUTPUT at once.
//!
//! Where symbolic links are not available (not Unix), files are moved into OUTPUT one by
//! one instead, which is atomic per file only.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// The folder of run folders inside OUTPUT.
pub(super) const RUNS: &str = ".runs";
/// The link naming the current run's folder.
const CURRENT: &str = "current";
const LOCK: &str = ".lock";

/// Holds `OUTPUT/.lock` until dropped.
pub(super) struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the lock, or says who holds it. A lock left by a process that no longer runs is
    /// taken over.
    pub(super) fn take(out: &Path) -> Result<Lock> {
        let path = out.join(LOCK);
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    use std::io::Write as _;
                    writeln!(f, "{}", std::process::id())
                        .with_context(|| format!("writing {}", path.display()))?;
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path).unwrap_or_default();
                    let pid: Option<u32> = holder.trim().parse().ok();
                    if pid.is_some_and(is_running) {
                        bail!(
                            "another covtrack run (process {}) is writing to {}; wait for it to finish, or remove {} if it is not running",
                            pid.unwrap_or_default(),
                            out.display(),
                            path.display()
                        );
                    }
                    // Left behind by a run that was killed: no one holds it.
                    fs::remove_file(&path)
                        .with_context(|| format!("removing the stale lock {}", path.display()))?;
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("creating {}", path.display()));
                }
            }
        }
        bail!("could not take the lock {}", path.display())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        fs::remove_file(&self.path).ok();
    }
}

/// Whether a process with this id is running (on Linux, whether `/proc/PID` exists; where
/// that cannot be told, it is assumed to run).
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// A fresh folder for this run's files, after removing what killed runs left behind.
pub(super) fn new_run_dir(out: &Path) -> Result<PathBuf> {
    let runs = out.join(RUNS);
    fs::create_dir_all(&runs).with_context(|| format!("creating {}", runs.display()))?;
    let current = current_target(out);
    for entry in fs::read_dir(&runs)?.flatten() {
        let name = entry.file_name();
        if name != CURRENT && Some(name.as_os_str()) != current.as_deref().map(|c| c.as_os_str()) {
            fs::remove_dir_all(entry.path()).ok();
        }
    }
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let dir = runs.join(format!("{stamp}-{}", std::process::id()));
    fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// The folder name `.runs/current` points to, if any.
fn current_target(out: &Path) -> Option<PathBuf> {
    fs::read_link(out.join(RUNS).join(CURRENT)).ok()
}

/// The name of the run folder `.runs/current` points to, if any.
pub(super) fn current_name(out: &Path) -> Option<String> {
    current_target(out).map(|t| t.to_string_lossy().into_owned())
}

/// The folder of the current run's files, where `covtrack report` replaces the report.
pub(super) fn current_dir(out: &Path) -> PathBuf {
    match current_target(out) {
        Some(_) => out.join(RUNS).join(CURRENT),
        None => out.to_path_buf(),
    }
}

/// Makes the finished run folder `dir` the current one, in one step.
#[cfg(unix)]
pub(super) fn switch(out: &Path, dir: &Path) -> Result<()> {
    use std::os::unix::fs::symlink;
    let runs = out.join(RUNS);
    let name = dir.file_name().context("run folder has a name")?;
    let previous = current_target(out);
    let next = runs.join(".current.next");
    fs::remove_file(&next).ok();
    symlink(name, &next).with_context(|| format!("linking {}", next.display()))?;
    fs::rename(&next, runs.join(CURRENT))
        .with_context(|| format!("switching {} to the new run", runs.join(CURRENT).display()))?;
    // The step above is the commit; what follows only tidies, and a failure there leaves
    // the new tables in place.
    let files: Vec<std::ffi::OsString> = fs::read_dir(dir)?
        .flatten()
        .map(|e| e.file_name())
        .collect();
    for file in &files {
        link_current(out, Path::new(file))?;
    }
    // Links to files this run did not write (the JSON tables after a Parquet-only run).
    for entry in fs::read_dir(out)?.flatten() {
        let path = entry.path();
        if let Ok(target) = fs::read_link(&path)
            && target.starts_with(Path::new(RUNS).join(CURRENT))
            && !files.iter().any(|f| *f == entry.file_name())
        {
            fs::remove_file(&path).ok();
        }
    }
    if let Some(previous) = previous
        && previous.as_os_str() != name
    {
        fs::remove_dir_all(runs.join(previous)).ok();
    }
    Ok(())
}

/// Makes `OUTPUT/NAME` the link to `.runs/current/NAME`, replacing what was there in one
/// rename.
#[cfg(unix)]
pub(super) fn link_current(out: &Path, name: &Path) -> Result<()> {
    let link = out.join(name);
    let target = Path::new(RUNS).join(CURRENT).join(name);
    if fs::read_link(&link).is_ok_and(|t| t == target) {
        return Ok(());
    }
    let tmp = out.join(format!(".{}.link", name.to_string_lossy()));
    fs::remove_file(&tmp).ok();
    std::os::unix::fs::symlink(&target, &tmp)
        .with_context(|| format!("linking {}", tmp.display()))?;
    fs::rename(&tmp, &link).with_context(|| format!("linking {}", link.display()))
}

/// Files are moved, not linked, where there are no symbolic links.
#[cfg(not(unix))]
pub(super) fn link_current(_out: &Path, _name: &Path) -> Result<()> {
    Ok(())
}

/// Moves the finished run's files into OUTPUT one by one (no symbolic links here).
#[cfg(not(unix))]
pub(super) fn switch(out: &Path, dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)?.flatten() {
        let to = out.join(entry.file_name());
        fs::rename(entry.path(), &to).with_context(|| format!("moving {}", to.display()))?;
    }
    fs::remove_dir_all(dir).ok();
    Ok(())
}
