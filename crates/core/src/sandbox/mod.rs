//! The sandbox's pure rules: runtimes and version matching, limits, the
//! Piston v2 request, the job handed to the in-container runner, and how a
//! stage's observations become Piston's result (status RE/SG/TO/OL/EL/XX).
//!
//! The I/O (warm pool, Docker) lives in `tianqi-sandbox`; everything here is
//! deterministic and unit tested.

pub mod files;
pub mod limits;
pub mod outcome;
pub mod protocol;
pub mod request;
pub mod runtime;

pub use limits::{LimitSettings, Limits, StageLimits};
pub use outcome::{StageObservation, StageResult, Stop};
pub use request::{ExecuteRequest, JobPlan, SourceFile};
pub use runtime::{Runtime, RuntimeSpec, Runtimes};
