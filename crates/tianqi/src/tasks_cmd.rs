//! `tianqi tasks …`: tasks on the store itself, without the server (a
//! running server picks imported tasks up when it next starts).

use std::sync::Arc;

use anyhow::{bail, Context};
use clap::Subcommand;
use tianqi::{open_services, Config, Purpose};
use tianqi_core::clock::SystemClock;
use tianqi_core::policy::Principal;
use tianqi_core::users::Role;
use tianqi_service::tasks::TasksFile;

#[derive(Debug, Subcommand)]
pub enum TasksCommand {
    /// Import a Mini PM2 tasks.json (`{"tasks": [...], "settings": {...}}`):
    /// all tasks or none; existing ids are updated
    Import {
        file: std::path::PathBuf,
        /// The admin who will own the tasks [default: tasks.compat.run_as]
        #[arg(long = "as", value_name = "USERNAME")]
        owner: Option<String>,
    },
    /// List every task with its status and next run
    List,
}

pub async fn run(config: &Config, cmd: TasksCommand) -> anyhow::Result<()> {
    let services = open_services(config, Arc::new(SystemClock), Purpose::Cli).await?;
    let result = match cmd {
        TasksCommand::Import { file, owner } => {
            let name = owner.unwrap_or_else(|| config.tasks.compat.run_as.clone());
            let user = services
                .store()
                .user_with_hash(&name)
                .await?
                .map(|(u, _)| u)
                .filter(|u| u.enabled && u.role == Role::Admin);
            let Some(user) = user else {
                bail!("`{name}` is not an enabled admin (host-process tasks are admin-only)");
            };
            let me = Principal {
                user_id: user.id,
                username: user.username,
                role: user.role,
                token_id: 0,
                must_change_password: false,
            };
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let parsed: TasksFile = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a tasks.json file", file.display()))?;
            let report = services
                .tasks
                .import(&me, parsed)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "imported {} task(s): {} created, {} updated",
                report.created.len() + report.updated.len(),
                report.created.len(),
                report.updated.len()
            );
            for note in report.notes {
                println!("note: {note}");
            }
            Ok(())
        }
        TasksCommand::List => {
            let admin = Principal {
                user_id: 0,
                username: String::new(),
                role: Role::Admin,
                token_id: 0,
                must_change_password: false,
            };
            for t in services
                .tasks
                .all_visible(&admin)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                let next = t
                    .next_run_at
                    .map(|d| d.to_rfc3339())
                    .unwrap_or_else(|| "-".into());
                println!("{:<32} {:<10} {next}", t.id, t.status.as_str());
            }
            Ok(())
        }
    };
    services.shutdown().await;
    result
}
