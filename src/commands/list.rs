//! `fanout list`: the models and workloads, one line each.

use std::process::ExitCode;

use fanout_core::Workload;
use fanout_registry::Interpreter;

pub fn list() -> ExitCode {
    println!("models:");
    let pythons = fanout_registry::Pythons::find();
    for model in fanout_registry::MODELS.iter() {
        let note = match (
            model.deprecated,
            model.interpreter(),
            pythons.for_model(model),
        ) {
            (true, _, _) => " [deprecated]",
            (_, Some(_), Ok(())) => " [available]",
            (_, Some(Interpreter::Default), Err(_)) => " [not set up: run scripts/python/setup.sh]",
            (_, Some(_), Err(_)) => " [not set up: run scripts/python/setup.sh --free-threaded]",
            _ => "",
        };
        println!("  {:<28} {}{note}", model.name, model.description);
    }
    println!("workloads:");
    for name in Workload::built_in_names() {
        let workload = Workload::load(name).expect("built-in workloads are valid");
        println!("  {:<28} {}", name, workload.description());
    }
    ExitCode::SUCCESS
}
