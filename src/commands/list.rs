//! `fanout list`: the models, workloads and suites, one line each.

use std::process::ExitCode;

use fanout_core::Workload;
use fanout_core::suites::Suites;
use fanout_registry::Interpreter;

use crate::cli::ListArgs;

pub fn list(args: ListArgs) -> ExitCode {
    let suites = Suites::get();
    if let Some(name) = args.suite {
        let selection = match suites.select(&name) {
            Ok(selection) => selection,
            Err(message) => return super::bad_input(message),
        };
        for part in &selection.parts {
            match &part.script {
                Some(_) => println!("{} {}", part.name, part.command(selection.repeat)),
                None => println!("{}", part.name),
            }
        }
        return ExitCode::SUCCESS;
    }
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
    println!("suites (fanout run --suite NAME, or SUITE.PART for one part):");
    for (name, suite) in &suites.suites {
        let parts: Vec<&str> = suite.parts.iter().map(|p| p.name.as_str()).collect();
        println!("  {:<28} {}", name, parts.join(", "));
    }
    println!(
        "  {:<28} a lesson's experiment (fanout lesson lists them)",
        "lesson.NAME"
    );
    ExitCode::SUCCESS
}
