//! What both command-line examples share: the command-line options they have in common, loading
//! `tactful.toml` into a coach, and one diagnostic model with its renderers (human, GitHub
//! workflow commands, SARIF 2.1.0).
#![allow(dead_code)]

pub mod cli;
pub mod diag;

use std::path::Path;
use tactful::{Coach, Config};

/// The configuration (given, or `tactful.toml` in the working directory) and the coach it
/// describes, with the pack files it names; the built-in default without one.
pub fn load(config: Option<&Path>) -> Result<(Coach, Config), String> {
    let path = config.map(Path::to_path_buf).or_else(|| {
        let p = Path::new("tactful.toml");
        p.exists().then(|| p.to_path_buf())
    });
    let Some(path) = path else {
        return Ok((
            Coach::try_default().map_err(|e| e.to_string())?,
            Config::default(),
        ));
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
    let config = Config::parse(&name, &text).map_err(|e| e.to_string())?;
    let coach = Coach::from_config_with(&config, |p| std::fs::read_to_string(p))
        .map_err(|e| e.to_string())?;
    for w in coach.warnings() {
        eprintln!("warning: {w}");
    }
    Ok((coach, config))
}
