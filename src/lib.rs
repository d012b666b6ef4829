//! The command line's own library: the model registry, shared by the `fanout` binary and the
//! tests that run every model.

pub mod models;
