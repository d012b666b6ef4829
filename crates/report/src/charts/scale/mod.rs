//! Scale: the workloads swept to thousands of requests in flight, and their three charts, one
//! module each: where each model breaks, what a request in flight costs at the top of the
//! sweep, and what scaling the mock server out gained.

mod breaking_points;
mod memory_at_scale;
mod server_scale_out;

pub use breaking_points::BreakingPoints;
pub use memory_at_scale::{MemoryAtScale, per_request_kib};
pub use server_scale_out::ServerScaleOut;
