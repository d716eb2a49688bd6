//! `tianqi user …`: admin recovery on the store itself, without the server.

use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::{Args, Subcommand, ValueEnum};
use tianqi::{open_services, Config, Purpose};
use tianqi_core::catalog::quantity::Price;
use tianqi_core::clock::SystemClock;
use tianqi_core::users::Role;
use tianqi_service::usage::QuotaFields;
use tianqi_service::users::{CreateUser, ResetPassword, UpdateUser, UserListQuery};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user
    Add {
        username: String,
        #[arg(long, value_enum, default_value_t = RoleArg::User)]
        role: RoleArg,
        #[command(flatten)]
        password: PasswordSource,
    },
    /// List users
    List,
    /// Set a user's password (they must change it at next sign-in)
    Passwd {
        username: String,
        #[command(flatten)]
        password: PasswordSource,
    },
    /// Disable a user: they cannot sign in and their tokens stop working
    Disable { username: String },
    /// Enable a disabled user
    Enable { username: String },
    /// Lift a user's sign-in lockout after too many failed attempts
    Unlock { username: String },
    /// Show or set a user's own quota (laid over the default field by field);
    /// the given limits are changed, the others kept
    Quota {
        username: String,
        #[command(flatten)]
        limits: QuotaArgs,
        /// Remove the user's own quota (the default applies)
        #[arg(long, conflicts_with_all = ["max_instances", "max_gpus", "max_cpu_cores", "max_memory_gb", "max_monthly_cost", "max_monthly_gpu_hours"])]
        clear: bool,
    },
}

#[derive(Debug, Args)]
pub struct QuotaArgs {
    /// Instances running or being created at once
    #[arg(long, allow_hyphen_values = true)]
    max_instances: Option<i64>,
    /// GPU cards held at once
    #[arg(long, allow_hyphen_values = true)]
    max_gpus: Option<i64>,
    /// CPU cores held at once
    #[arg(long, allow_hyphen_values = true)]
    max_cpu_cores: Option<f64>,
    /// Memory held at once, GB
    #[arg(long, allow_hyphen_values = true)]
    max_memory_gb: Option<f64>,
    /// Cost this calendar month (UTC), e.g. 500.00
    #[arg(long)]
    max_monthly_cost: Option<String>,
    /// GPU-hours this calendar month (UTC)
    #[arg(long, allow_hyphen_values = true)]
    max_monthly_gpu_hours: Option<i64>,
    /// Stop the user's instances after this many minutes idle
    #[arg(long, allow_hyphen_values = true)]
    idle_stop_minutes: Option<i64>,
}

impl QuotaArgs {
    fn any(&self) -> bool {
        self.max_instances.is_some()
            || self.max_gpus.is_some()
            || self.max_cpu_cores.is_some()
            || self.max_memory_gb.is_some()
            || self.max_monthly_cost.is_some()
            || self.max_monthly_gpu_hours.is_some()
            || self.idle_stop_minutes.is_some()
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Admin,
    User,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::User => Role::User,
        }
    }
}

/// Where the password comes from. Never from an argument: arguments are visible
/// to every user of the machine in the process list.
#[derive(Debug, Args)]
pub struct PasswordSource {
    /// Read the password from the first line of standard input
    #[arg(long)]
    password_stdin: bool,
    /// Generate a random password and print it
    #[arg(long, conflicts_with = "password_stdin")]
    generate: bool,
}

impl PasswordSource {
    /// The password and whether it should be printed (it was generated).
    fn obtain(&self) -> anyhow::Result<(String, bool)> {
        if self.generate {
            return Ok((tianqi_core::crypto::generate_password(), true));
        }
        if self.password_stdin || !std::io::stdin().is_terminal() {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("cannot read the password from standard input")?;
            let p = line.trim_end_matches(['\r', '\n']).to_owned();
            if p.is_empty() {
                bail!("no password on standard input (use --generate for a random one)");
            }
            return Ok((p, false));
        }
        let p = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Repeat password: ")?;
        if p != again {
            bail!("the passwords do not match");
        }
        Ok((p, false))
    }
}

pub async fn run(config: &Config, cmd: UserCommand) -> anyhow::Result<()> {
    let services = open_services(config, Arc::new(SystemClock), Purpose::Cli).await?;
    let result = run_with(&services, cmd).await;
    services.store().close().await;
    result
}

async fn run_with(services: &tianqi_service::Services, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add {
            username,
            role,
            password,
        } => {
            let (pw, show) = password.obtain()?;
            let u = services
                .users
                .create(CreateUser {
                    username,
                    password: pw.clone(),
                    role: role.into(),
                    display_name: String::new(),
                    email: String::new(),
                })
                .await?;
            println!("created user {} (id {}, role {})", u.username, u.id, u.role);
            if show {
                println!("password: {pw}");
            }
        }
        UserCommand::List => {
            let mut page = 1;
            println!(
                "{:>6}  {:<32} {:<6} {:<8} created",
                "id", "username", "role", "enabled"
            );
            loop {
                let p = services
                    .users
                    .list(UserListQuery {
                        page: Some(page),
                        page_size: Some(500),
                        ..UserListQuery::default()
                    })
                    .await?;
                for u in &p.items {
                    println!(
                        "{:>6}  {:<32} {:<6} {:<8} {}",
                        u.id,
                        u.username,
                        u.role,
                        if u.enabled { "yes" } else { "no" },
                        u.created_at.format("%Y-%m-%d %H:%M")
                    );
                }
                if i64::from(page) * 500 >= p.total {
                    break;
                }
                page += 1;
            }
        }
        UserCommand::Passwd { username, password } => {
            let u = services.users.by_name(&username).await?;
            let (pw, show) = password.obtain()?;
            services
                .users
                .reset_password(
                    u.id,
                    ResetPassword {
                        password: pw.clone(),
                    },
                )
                .await?;
            println!(
                "password of {} changed; their sessions were ended",
                u.username
            );
            if show {
                println!("password: {pw}");
            }
        }
        UserCommand::Disable { username } => set_enabled(services, &username, false).await?,
        UserCommand::Enable { username } => set_enabled(services, &username, true).await?,
        UserCommand::Quota {
            username,
            limits,
            clear,
        } => quota(services, &username, limits, clear).await?,
        UserCommand::Unlock { username } => {
            let user = services.users.by_name(&username).await?;
            services.users.unlock(user.id).await?;
            println!("unlocked {}: it may sign in again", user.username);
        }
    }
    Ok(())
}

async fn set_enabled(
    services: &tianqi_service::Services,
    username: &str,
    enabled: bool,
) -> anyhow::Result<()> {
    let u = services.users.by_name(username).await?;
    services
        .users
        .update(
            u.id,
            UpdateUser {
                enabled: Some(enabled),
                ..UpdateUser::default()
            },
        )
        .await?;
    println!(
        "user {} {}",
        u.username,
        if enabled {
            "enabled"
        } else {
            "disabled; their tokens were revoked"
        }
    );
    Ok(())
}

async fn quota(
    services: &tianqi_service::Services,
    username: &str,
    limits: QuotaArgs,
    clear: bool,
) -> anyhow::Result<()> {
    let u = services.users.by_name(username).await?;
    if clear {
        services.usage.delete_quota(u.id).await?;
        println!("quota of {} removed; the default applies", u.username);
        return Ok(());
    }
    let mut q = services.usage.own_quota(u.id).await?.unwrap_or_default();
    if limits.any() {
        let cost = limits
            .max_monthly_cost
            .as_deref()
            .map(|t| Price::parse("max_monthly_cost", t))
            .transpose()?;
        q = QuotaFields {
            max_instances: limits.max_instances.or(q.max_instances),
            max_gpus: limits.max_gpus.or(q.max_gpus),
            max_cpu_cores: limits.max_cpu_cores.or(q.max_cpu_cores),
            max_memory_gb: limits.max_memory_gb.or(q.max_memory_gb),
            max_monthly_cost: cost.or(q.max_monthly_cost),
            max_monthly_gpu_hours: limits.max_monthly_gpu_hours.or(q.max_monthly_gpu_hours),
            idle_stop_minutes: limits.idle_stop_minutes.or(q.idle_stop_minutes),
        };
        q = services.usage.set_quota(Some(u.id), q).await?;
        println!("quota of {} set", u.username);
    }
    println!("{}", serde_json::to_string_pretty(&q)?);
    Ok(())
}
