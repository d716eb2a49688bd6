//! The catalog: what the platform can hand out — images, compute nodes and
//! product specs — with their validation rules and capacity arithmetic.

pub mod address;
pub mod capacity;
pub mod image;
pub mod node;
pub mod pem;
pub mod quantity;
pub mod sanity;
pub mod spec;
