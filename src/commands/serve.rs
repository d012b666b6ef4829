//! `fanout serve`: the mock server on its own, until killed.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use fanout_harness::limits;

use crate::cli::ServeArgs;

pub fn serve(args: ServeArgs) -> ExitCode {
    limits::raise_open_files_limit();
    let address = SocketAddr::new(args.bind, args.port);
    let server = match fanout_mock::MockServer::start_instances(address, args.instances.into()) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot listen on {}:{}: {err}", args.bind, args.port);
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", server.uri());
    println!("faults on {}", server.fault_uri());
    if args.instances > 1 {
        println!("instances on {}", server.instance_uris().join(" "));
    }
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}
