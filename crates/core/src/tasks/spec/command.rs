//! What a checked spec runs: its argv on the host or in a container, its
//! working directory and schedule, and the fields it answers with.

use super::*;

impl TaskSpec {
    /// Back to client fields (for updates on top of it, and export).
    pub fn to_fields(&self, id: &str) -> TaskFields {
        let (interval_minutes, interval_seconds) = match self.interval_seconds {
            Some(s) if s % 60 == 0 => (Some((s / 60) as f64), None),
            Some(s) => (None, Some(s)),
            None => (None, None),
        };
        TaskFields {
            id: Some(id.to_string()),
            name: Some(self.name.clone()),
            description: Some(self.description.clone()),
            execute_path: self.execute_path.clone(),
            script_path: self.script_path.clone(),
            args: Some(self.args.clone()),
            shell: Some(self.shell),
            command: self.command.clone(),
            cwd: self.cwd.clone(),
            environment: Some(self.environment.clone()),
            interval_minutes,
            interval_seconds,
            cron: self.cron.clone(),
            timezone: Some(self.timezone.clone()),
            mode: Some(self.mode),
            max_restarts: Some(self.max_restarts),
            min_uptime: Some(self.min_uptime_ms as f64 / 1000.0),
            stop_exit_codes: Some(self.stop_exit_codes.clone()),
            enabled: Some(self.enabled),
            timeout: Some(self.timeout),
            retry_count: Some(self.retry_count),
            retry_delay: Some(self.retry_delay_ms as f64 / 1000.0),
            retry_backoff: Some(self.retry_backoff),
            overlap: Some(self.overlap),
            catch_up: Some(self.catch_up),
            kill_timeout: Some(self.kill_timeout),
            target: Some(self.target),
            image_id: self.image_id,
            spec_id: self.spec_id,
        }
    }

    /// The schedule (already checked at validation).
    pub fn schedule(&self) -> Result<Schedule> {
        Schedule::build(self.interval_seconds, self.cron.as_deref(), &self.timezone)
    }

    /// The argv of a run: `[execute_path, script, args…]`, or `[script,
    /// args…]`, or — only with `shell: true` — `["/bin/sh", "-c", command]`.
    /// Never a shell string otherwise: every element reaches the program as
    /// one argument.
    pub fn argv(&self, scripts_root: &Path) -> Result<Vec<String>> {
        if self.shell {
            let command = self
                .command
                .clone()
                .ok_or_else(|| Error::validation("command", "command is required"))?;
            return Ok(vec!["/bin/sh".into(), "-c".into(), command]);
        }
        let mut argv = Vec::with_capacity(self.args.len() + 2);
        if let Some(x) = &self.execute_path {
            argv.push(x.clone());
        }
        if let Some(s) = &self.script_path {
            argv.push(
                path_under("script_path", s, scripts_root)?
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        if argv.is_empty() {
            return Err(Error::validation(
                "execute_path",
                "execute_path or script_path is required",
            ));
        }
        argv.extend(self.args.iter().cloned());
        Ok(argv)
    }

    /// The argv of a container run: as [`TaskSpec::argv`], but the paths are
    /// the image's, passed as given (a relative script is relative to the
    /// container's working directory).
    pub fn container_argv(&self) -> Result<Vec<String>> {
        if self.shell {
            let command = self
                .command
                .clone()
                .ok_or_else(|| Error::validation("command", "command is required"))?;
            return Ok(vec!["/bin/sh".into(), "-c".into(), command]);
        }
        let argv: Vec<String> = self
            .execute_path
            .iter()
            .chain(self.script_path.iter())
            .chain(self.args.iter())
            .cloned()
            .collect();
        if self.execute_path.is_none() && self.script_path.is_none() {
            return Err(Error::validation(
                "execute_path",
                "execute_path or script_path is required",
            ));
        }
        Ok(argv)
    }

    /// The working directory of a run: `cwd`, else the scripts root.
    pub fn working_dir(&self, scripts_root: &Path) -> Result<PathBuf> {
        match &self.cwd {
            Some(c) => path_under("cwd", c, scripts_root),
            None => Ok(scripts_root.to_path_buf()),
        }
    }
}
