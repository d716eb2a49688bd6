//! Facades that keep the exact routes and JSON of the systems Tianqi replaces,
//! so their clients keep working unchanged. Each module names the system it
//! imitates; their bodies are deliberately not the project's error shape.

pub mod access;
pub mod matlab;
pub mod piston;
pub mod pm2;
mod pm2_monitor;
