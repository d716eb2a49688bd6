//! The in-container half of `ssh -L`: `tianqi-relay HOST PORT` connects to
//! HOST:PORT from inside the instance and copies stdin → socket and socket →
//! stdout (the jump host carries those over a Docker exec, so it works on
//! nodes whose container addresses the server cannot route to). EOF on stdin
//! half-closes the socket; it exits when the socket's side is done. Std only,
//! built static by build.rs so it runs in any Linux image.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(host), Some(port)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: tianqi-relay HOST PORT");
        return ExitCode::from(2);
    };
    let Ok(port) = port.parse::<u16>() else {
        eprintln!("tianqi-relay: bad port {port}");
        return ExitCode::from(2);
    };
    let sock = match TcpStream::connect((host.as_str(), port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tianqi-relay: connect {host}:{port}: {e}");
            return ExitCode::from(1);
        }
    };
    let _ = sock.set_nodelay(true);
    let Ok(mut up) = sock.try_clone() else {
        return ExitCode::from(1);
    };
    let inbound = std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if up.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = up.shutdown(Shutdown::Write);
    });
    let mut down = sock;
    let mut stdout = std::io::stdout().lock();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match down.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if stdout.write_all(&buf[..n]).and_then(|()| stdout.flush()).is_err() {
                    break;
                }
            }
        }
    }
    drop(inbound);
    ExitCode::SUCCESS
}
