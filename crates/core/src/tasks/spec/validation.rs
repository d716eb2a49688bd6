//! From what a client sends to a checked [`TaskSpec`]: defaults laid over, every
//! field checked and named when wrong.

use super::*;

impl TaskFields {
    /// These fields on top of `base` (given fields win). Setting an interval
    /// drops a cron expression and the other way round.
    pub fn over(self, mut base: TaskFields) -> TaskFields {
        let patch = self;
        if patch.interval_minutes.is_some() || patch.interval_seconds.is_some() {
            base.cron = None;
            base.interval_minutes = None;
            base.interval_seconds = None;
        }
        if patch.cron.is_some() {
            base.interval_minutes = None;
            base.interval_seconds = None;
        }
        overlay!(
            base,
            patch,
            id,
            name,
            description,
            execute_path,
            script_path,
            args,
            shell,
            command,
            cwd,
            environment,
            interval_minutes,
            interval_seconds,
            cron,
            timezone,
            mode,
            max_restarts,
            min_uptime,
            stop_exit_codes,
            enabled,
            timeout,
            retry_count,
            retry_delay,
            retry_backoff,
            overlap,
            catch_up,
            kill_timeout,
            target,
            image_id,
            spec_id,
        );
        base
    }

    /// Checks every field and builds the definition. Errors name the field.
    pub fn into_spec(self, ctx: &ValidateContext<'_>) -> Result<TaskSpec> {
        let d = TaskSpec::default();
        let name = self
            .name
            .clone()
            .or_else(|| self.id.clone())
            .unwrap_or_default();
        validate::name("name", &name, NAME_MAX)?;
        let description = self.description.unwrap_or_default();
        validate::text("description", &description, DESCRIPTION_MAX)?;

        let shell = self.shell.unwrap_or(false);
        let command = self.command.filter(|c| !c.is_empty());
        let execute_path = self.execute_path.filter(|s| !s.is_empty());
        let script_path = self.script_path.filter(|s| !s.is_empty());
        let args = self.args.unwrap_or_default();
        if args.len() > ARGS_MAX || args.iter().any(|a| a.len() > ARG_MAX || a.contains('\0')) {
            return Err(Error::validation(
                "args",
                format!("args must be at most {ARGS_MAX} arguments of at most {ARG_MAX} bytes, without NUL"),
            ));
        }
        if shell {
            let Some(c) = &command else {
                return Err(Error::validation(
                    "command",
                    "command is required with shell: true",
                ));
            };
            if c.len() > ARG_MAX || c.contains('\0') {
                return Err(Error::validation(
                    "command",
                    format!("command must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
            if execute_path.is_some() || script_path.is_some() {
                return Err(Error::validation(
                    "shell",
                    "shell: true runs `command`; leave execute_path and script_path empty",
                ));
            }
        } else {
            if command.is_some() {
                return Err(Error::validation(
                    "command",
                    "command is a shell line and needs shell: true; use execute_path, script_path and args for a program",
                ));
            }
            if execute_path.is_none() && script_path.is_none() {
                return Err(Error::validation(
                    "execute_path",
                    "execute_path or script_path is required",
                ));
            }
        }
        let target = self.target.unwrap_or_default();
        let in_container = target == Target::Container;
        let (image_id, spec_id) = if in_container {
            let image_id = self.image_id.ok_or_else(|| {
                Error::validation("image_id", "image_id is required with target container")
            })?;
            let spec_id = self.spec_id.ok_or_else(|| {
                Error::validation("spec_id", "spec_id is required with target container")
            })?;
            (Some(image_id), Some(spec_id))
        } else {
            // A host task has no image: what a switch from container left
            // behind is dropped.
            (None, None)
        };
        if let Some(x) = execute_path.as_ref().filter(|_| in_container) {
            // Inside the image: the server's PATH says nothing about it.
            if x.contains('\0') || x.len() > ARG_MAX {
                return Err(Error::validation(
                    "execute_path",
                    format!("execute_path must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
        } else if let Some(x) = &execute_path {
            let known = (!x.contains('\0')) && ctx.resolve.resolve(x).is_some();
            if !known {
                return Err(Error::validation(
                    "execute_path",
                    format!("execute_path `{x}` is not an executable on this server (an absolute path, or a name on its PATH)"),
                ));
            }
        }
        let cwd = self.cwd.filter(|s| !s.is_empty());
        if in_container {
            // Paths inside the image: the script as given (relative to the
            // working directory), the working directory absolute.
            if let Some(s) = script_path
                .as_ref()
                .filter(|s| s.contains('\0') || s.len() > ARG_MAX)
            {
                return Err(Error::validation(
                    "script_path",
                    format!("script_path `{s}` must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
            if let Some(c) = cwd
                .as_ref()
                .filter(|c| !c.starts_with('/') || c.contains('\0'))
            {
                return Err(Error::validation(
                    "cwd",
                    format!("cwd `{c}` must be an absolute path inside the container"),
                ));
            }
        } else {
            if let Some(s) = &script_path {
                path_under("script_path", s, ctx.scripts_root)?;
            }
            if let Some(c) = &cwd {
                path_under("cwd", c, ctx.scripts_root)?;
            }
        }
        let environment = self.environment.unwrap_or_default();
        if environment.len() > ENV_MAX {
            return Err(Error::validation(
                "environment",
                format!("environment must have at most {ENV_MAX} variables"),
            ));
        }
        for (k, v) in &environment {
            let ok = !k.is_empty()
                && !k.contains('=')
                && !k.contains('\0')
                && !k.starts_with(|c: char| c.is_ascii_digit());
            if !ok {
                return Err(Error::validation(
                    "environment",
                    format!(
                        "environment: `{k}` is not a variable name (no `=`, NUL or leading digit)"
                    ),
                ));
            }
            if v.contains('\0') || v.len() > ARG_MAX {
                return Err(Error::validation(
                    "environment",
                    format!("environment: the value of `{k}` must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
        }

        let interval_seconds = match (self.interval_minutes, self.interval_seconds) {
            (Some(_), Some(_)) => {
                return Err(Error::validation(
                    "interval_minutes",
                    "give interval_minutes or interval_seconds, not both",
                ))
            }
            (Some(m), None) => {
                if !m.is_finite() || m <= 0.0 || m > 525_600.0 {
                    return Err(Error::validation(
                        "interval_minutes",
                        "interval_minutes must be greater than 0 and at most a year",
                    ));
                }
                Some(((m * 60.0).round() as u64).max(1))
            }
            (None, Some(0)) => {
                return Err(Error::validation(
                    "interval_seconds",
                    "interval_seconds must be greater than 0",
                ))
            }
            (None, s) => s,
        };
        let cron = self.cron.filter(|c| !c.trim().is_empty());
        if cron.is_some() && interval_seconds.is_some() {
            return Err(Error::validation(
                "cron",
                "give an interval or a cron expression, not both",
            ));
        }
        let timezone = self
            .timezone
            .filter(|t| !t.is_empty())
            .unwrap_or(d.timezone);
        // Parses cron and timezone (errors name them).
        Schedule::build(interval_seconds, cron.as_deref(), &timezone)?;

        let min_uptime_ms = match self.min_uptime {
            Some(v) => secs_f64("min_uptime", v, false)?,
            None => d.min_uptime_ms,
        };
        let retry_delay_ms = match self.retry_delay {
            Some(v) => secs_f64("retry_delay", v, false)?,
            None => 0,
        };
        let retry_backoff = self.retry_backoff.unwrap_or(1.0);
        if !retry_backoff.is_finite() || !(1.0..=10.0).contains(&retry_backoff) {
            return Err(Error::validation(
                "retry_backoff",
                "retry_backoff must be between 1 and 10",
            ));
        }
        let retry_count = self.retry_count.unwrap_or(0);
        if retry_count > 100 {
            return Err(Error::validation(
                "retry_count",
                "retry_count must be at most 100",
            ));
        }
        let max_restarts = self.max_restarts.unwrap_or(d.max_restarts);
        if max_restarts > 10_000 {
            return Err(Error::validation(
                "max_restarts",
                "max_restarts must be at most 10000",
            ));
        }
        let stop_exit_codes = self.stop_exit_codes.unwrap_or_default();
        if stop_exit_codes.iter().any(|c| !(0..=255).contains(c)) {
            return Err(Error::validation(
                "stop_exit_codes",
                "stop_exit_codes must be exit codes between 0 and 255",
            ));
        }
        let kill_timeout =
            bounded_secs("kill_timeout", self.kill_timeout.unwrap_or(d.kill_timeout))?;
        if kill_timeout == 0 {
            return Err(Error::validation(
                "kill_timeout",
                "kill_timeout must be at least 1 second",
            ));
        }
        Ok(TaskSpec {
            name,
            description,
            execute_path,
            script_path,
            args,
            shell,
            command,
            cwd,
            environment,
            interval_seconds,
            cron,
            timezone,
            mode: self.mode.unwrap_or_default(),
            max_restarts,
            min_uptime_ms,
            stop_exit_codes,
            enabled: self.enabled.unwrap_or(true),
            timeout: bounded_secs("timeout", self.timeout.unwrap_or(d.timeout))?,
            retry_count,
            retry_delay_ms,
            retry_backoff,
            overlap: self.overlap.unwrap_or_default(),
            catch_up: self.catch_up.unwrap_or_default(),
            kill_timeout,
            target,
            image_id,
            spec_id,
        })
    }
}
