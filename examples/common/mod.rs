//! What both command-line examples share: loading `tactful.toml` into a coach, and escaping
//! GitHub workflow commands.
#![allow(dead_code)]

use std::path::Path;
use std::process::ExitCode;
use tactful::{Coach, Config, Severity};

/// The configuration (given, or `tactful.toml` in the working directory) and the coach it
/// describes, with its extra pack files read from disk; the built-in default without one.
pub(crate) fn load(config: Option<&str>) -> Result<(Coach, Config), String> {
    let path = config.map(str::to_string).or_else(|| {
        Path::new("tactful.toml")
            .exists()
            .then(|| "tactful.toml".to_string())
    });
    let Some(path) = path else {
        return Ok((
            Coach::try_default().map_err(|e| e.to_string())?,
            Config::default(),
        ));
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let config = Config::parse(&path, &text).map_err(|e| e.to_string())?;
    let mut builder = config.apply(Coach::builder()).map_err(|e| e.to_string())?;
    for pack in &config.packs {
        let t = std::fs::read_to_string(pack).map_err(|e| format!("{pack}: {e}"))?;
        builder = builder.add_pack(pack.clone(), t);
    }
    Ok((builder.build().map_err(|e| e.to_string())?, config))
}

/// Escapes the data (or, with `property`, a property value) of a GitHub workflow command.
pub(crate) fn gh_escape(s: &str, property: bool) -> String {
    let mut o = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        o = o.replace(':', "%3A").replace(',', "%2C");
    }
    o
}

/// The GitHub workflow command for a severity.
pub(crate) fn gh_command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The SARIF result level for a severity.
pub(crate) fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Reports a command-line error (an empty one asks for help) and the usage; exit code 2.
pub(crate) fn usage_error(e: &str, usage: &str) -> ExitCode {
    if !e.is_empty() {
        eprintln!("error: {e}");
    }
    eprintln!("{usage}");
    ExitCode::from(2)
}
