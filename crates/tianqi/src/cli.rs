//! Command-line interface.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use tianqi::{shutdown_signal, Config, Server};
use tianqi_config::Layer;
use toml::Value;

use crate::backup_cmd;
use crate::tasks_cmd::{self, TasksCommand};
use crate::user_cmd::{self, UserCommand};

/// `tianqi --version`: the release and the commit it was built from.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("TQ_BUILD_COMMIT"),
    ")"
);

/// 天启 Tianqi — turn a handful of GPU/CPU servers into a shared compute service.
///
/// Configuration comes from (highest first) flags, TIANQI_* environment
/// variables, the TOML file (--config, or ./tianqi.toml when present) and
/// built-in defaults. `tianqi config show` prints what is in effect.
#[derive(Debug, Parser)]
#[command(name = "tianqi", version = VERSION, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// TOML configuration file [default: ./tianqi.toml if it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory for the SQLite database and generated keys [default: ./data]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Use PostgreSQL (postgres://user:pass@host/db) instead of SQLite
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Log format
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Log filter, e.g. `info` or `warn,tianqi_server=debug`
    #[arg(long, global = true, value_name = "FILTER")]
    pub log_level: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the API server (and, later, the console, jump host and workers)
    Serve(ServeArgs),
    /// Inspect the configuration
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage users directly in the store (works while the server is stopped)
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the database and the key files into DEST while the server runs
    Backup {
        /// A new or empty directory
        dest: PathBuf,
    },
    /// Put a backup made by `tianqi backup` back (stop the server first)
    Restore {
        /// The backup directory
        src: PathBuf,
        /// Replace the installation already in the data dir (or the PostgreSQL database's objects)
        #[arg(long)]
        force: bool,
    },
    /// Tasks on the store (import a Mini PM2 tasks.json, list)
    #[command(subcommand)]
    Tasks(TasksCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8890]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration as TOML, secrets masked
    Show,
    /// List every configuration key with its environment variable and default
    Keys,
}

impl GlobalArgs {
    fn flag_layer(&self, listen: Option<&str>) -> Layer {
        let mut values = Vec::new();
        if let Some(d) = &self.data_dir {
            values.push(("data_dir".into(), Value::String(d.display().to_string())));
        }
        if let Some(u) = &self.database_url {
            values.push(("database_url".into(), Value::String(u.clone())));
        }
        if let Some(f) = self.log_format {
            let f = match f {
                LogFormat::Text => "text",
                LogFormat::Json => "json",
            };
            values.push(("log_format".into(), Value::String(f.into())));
        }
        if let Some(l) = &self.log_level {
            values.push(("log_level".into(), Value::String(l.clone())));
        }
        if let Some(l) = listen {
            values.push(("listen".into(), Value::String(l.into())));
        }
        Layer {
            source_name: "the command line".into(),
            values,
        }
    }
}

fn init_logging(config: &Config) -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_level).with_context(|| {
        format!(
            "config key `log_level`: invalid filter {:?}",
            config.log_level
        )
    })?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = if config.log_format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
    result.map_err(|e| anyhow::anyhow!("cannot initialise logging: {e}"))
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let listen = match &cli.command {
        Command::Serve(s) => s.listen.as_deref(),
        _ => None,
    };
    let config = Config::load(cli.global.config.as_deref(), cli.global.flag_layer(listen))?;
    match cli.command {
        Command::Serve(_) => {
            init_logging(&config)?;
            let server = Server::start(config).await?;
            let listener = server.bind().await?;
            server.run(listener, shutdown_signal()).await?;
        }
        Command::Config(ConfigCommand::Show) => print!("{}", config.to_masked_toml()),
        Command::Config(ConfigCommand::Keys) => {
            for key in tianqi_config::known_keys::<Config>() {
                let shown = if key.secret {
                    "\"\" (secret)".to_owned()
                } else {
                    key.default.to_string()
                };
                println!(
                    "{:<36} {:<44} {shown}",
                    key.name,
                    tianqi_config::env_name(&key.name)
                );
            }
        }
        Command::User(cmd) => {
            // Quiet logs: the CLI prints its own results.
            let mut quiet = config.clone();
            quiet.log_level = "warn".into();
            init_logging(&quiet)?;
            user_cmd::run(&config, cmd).await?;
        }
        Command::Backup { dest } => backup_cmd::backup(&config, &dest).await?,
        Command::Restore { src, force } => backup_cmd::restore(&config, &src, force).await?,
        Command::Tasks(cmd) => {
            let mut quiet = config.clone();
            quiet.log_level = "warn".into();
            init_logging(&quiet)?;
            tasks_cmd::run(&config, cmd).await?;
        }
    }
    Ok(())
}
