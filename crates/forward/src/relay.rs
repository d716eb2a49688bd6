//! Copying one TCP connection both ways.
//!
//! Each direction reads until EOF, then shuts down the other side's write half
//! (so a client that half-closes still gets the whole answer), and counts what
//! it delivered. An error in either direction ends both.
//!
//! Two ways to move the bytes, chosen by `forward.zero_copy`:
//! - splice (Linux): socket → pipe → socket with splice(2); the bytes stay in
//!   the kernel. The pipe is made on the first data, so idle connections cost
//!   no pipe.
//! - buffered: read into a buffer and write it out, the buffer also made on
//!   the first data.
//!
//! Both use the sockets through shared references (`readable`/`try_io`), so
//! the two directions run concurrently on one task without splitting.

use std::io;
use std::net::Shutdown;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::net::TcpStream;

use crate::rule::Counters;
use crate::Settings;

pub(crate) async fn relay(
    client: &TcpStream,
    upstream: &TcpStream,
    counters: &Counters,
    settings: &Settings,
) -> io::Result<()> {
    let size = settings.buffer_size;
    let zero_copy = settings.zero_copy;
    tokio::try_join!(
        one_way(client, upstream, &counters.bytes_in, size, zero_copy),
        one_way(upstream, client, &counters.bytes_out, size, zero_copy),
    )?;
    Ok(())
}

async fn one_way(
    src: &TcpStream,
    dst: &TcpStream,
    counter: &AtomicU64,
    size: usize,
    zero_copy: bool,
) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if zero_copy {
        splice::copy(src, dst, counter, size).await?;
        return half_close(dst);
    }
    let _ = zero_copy;
    buffered(src, dst, counter, size).await?;
    half_close(dst)
}

/// A client connection and a dialed one ([`crate::Dialed`]), copied both
/// ways through a buffer. The dialed end has no half-close, so the client's
/// EOF only ends that direction; the connection ends with the dialed end's
/// EOF (passed on as a FIN), an error either way, or — after the client's
/// EOF — `after_eof` without a byte from the dialed end (a far end that
/// never closes would otherwise hold the connection for ever).
pub(crate) async fn relay_dialed(
    client: TcpStream,
    dialed: crate::Dialed,
    counters: &Counters,
    size: usize,
    after_eof: std::time::Duration,
) -> io::Result<()> {
    let crate::Dialed {
        mut read,
        mut write,
        guard: _guard,
    } = dialed;
    let (mut from_client, mut to_client) = client.into_split();
    let answered = AtomicU64::new(0);
    let up = async {
        copy_counted(&mut from_client, &mut write, &[&counters.bytes_in], size).await?;
        let mut seen = answered.load(Ordering::Relaxed);
        loop {
            tokio::time::sleep(after_eof).await;
            let now = answered.load(Ordering::Relaxed);
            if now == seen {
                return Ok(());
            }
            seen = now;
        }
    };
    let down = async {
        copy_counted(
            &mut read,
            &mut to_client,
            &[&counters.bytes_out, &answered],
            size,
        )
        .await?;
        tokio::io::AsyncWriteExt::shutdown(&mut to_client).await
    };
    tokio::select! {
        r = up => r,
        r = down => r,
    }
}

async fn copy_counted<R, W>(
    src: &mut R,
    dst: &mut W,
    counters: &[&AtomicU64],
    size: usize,
) -> io::Result<()>
where
    R: tokio::io::AsyncRead + Unpin + ?Sized,
    W: tokio::io::AsyncWrite + Unpin + ?Sized,
{
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0; size];
    loop {
        let n = src.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        dst.write_all(&buf[..n]).await?;
        dst.flush().await?;
        for c in counters {
            c.fetch_add(n as u64, Ordering::Relaxed);
        }
    }
}

/// Our EOF: the peer gets it as a FIN and may still answer.
fn half_close(dst: &TcpStream) -> io::Result<()> {
    match socket2::SockRef::from(dst).shutdown(Shutdown::Write) {
        Err(e) if e.kind() != io::ErrorKind::NotConnected => Err(e),
        _ => Ok(()),
    }
}

async fn buffered(
    src: &TcpStream,
    dst: &TcpStream,
    counter: &AtomicU64,
    size: usize,
) -> io::Result<()> {
    let mut buf = Vec::new();
    loop {
        src.readable().await?;
        if buf.is_empty() {
            buf = vec![0; size];
        }
        let n = match src.try_read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        };
        let mut sent = 0;
        while sent < n {
            dst.writable().await?;
            match dst.try_write(&buf[sent..n]) {
                Ok(m) => sent += m,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        counter.fetch_add(n as u64, Ordering::Relaxed);
    }
}

#[cfg(target_os = "linux")]
mod splice {
    use std::io;
    use std::os::fd::OwnedFd;
    use std::sync::atomic::{AtomicU64, Ordering};

    use rustix::pipe::{pipe_with, splice, PipeFlags, SpliceFlags};
    use tokio::io::Interest;
    use tokio::net::TcpStream;

    /// The pipe between the two sockets: (read end, write end).
    fn pipe(size: usize) -> io::Result<(OwnedFd, OwnedFd)> {
        let (r, w) = pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        // A larger pipe moves more per call; the kernel may refuse (limit in
        // /proc/sys/fs/pipe-max-size), and then the default 64 KiB serves.
        let _ = rustix::pipe::fcntl_setpipe_size(&w, size);
        Ok((r, w))
    }

    pub(super) async fn copy(
        src: &TcpStream,
        dst: &TcpStream,
        counter: &AtomicU64,
        size: usize,
    ) -> io::Result<()> {
        let flags = SpliceFlags::MOVE | SpliceFlags::NONBLOCK;
        let mut pipe_fds: Option<(OwnedFd, OwnedFd)> = None;
        loop {
            src.readable().await?;
            let (r, w) = match &pipe_fds {
                Some(p) => p,
                None => pipe_fds.insert(pipe(size)?),
            };
            // The pipe is always empty here (everything read was written out
            // below), so EAGAIN can only mean the socket has nothing: exactly
            // what try_io needs to clear the readiness.
            let n = match src.try_io(Interest::READABLE, || {
                splice(src, None, w, None, size, flags).map_err(io::Error::from)
            }) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Err(e),
            };
            let mut left = n;
            while left > 0 {
                dst.writable().await?;
                match dst.try_io(Interest::WRITABLE, || {
                    splice(r, None, dst, None, left, flags).map_err(io::Error::from)
                }) {
                    Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                    Ok(m) => left -= m,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => return Err(e),
                }
            }
            counter.fetch_add(n as u64, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    use super::*;

    /// A far end that answers once and then neither speaks nor closes: after
    /// the client's EOF the connection ends once it has been quiet for
    /// `after_eof`, not never.
    #[tokio::test]
    async fn a_quiet_far_end_is_closed_after_the_clients_eof() {
        let far = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let far_addr = far.local_addr().unwrap();
        let held = tokio::spawn(async move {
            let (mut s, _) = far.accept().await.unwrap();
            s.write_all(b"hi").await.unwrap();
            let mut sink = Vec::new();
            let _ = s.read_to_end(&mut sink).await;
            tokio::time::sleep(Duration::from_secs(60)).await;
        });
        let front = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let front_addr = front.local_addr().unwrap();
        let relay = tokio::spawn(async move {
            let (client, _) = front.accept().await.unwrap();
            let (read, write) = TcpStream::connect(far_addr).await.unwrap().into_split();
            let dialed = crate::Dialed {
                read: Box::pin(read),
                write: Box::pin(write),
                guard: Box::new(()),
            };
            let counters = Counters::default();
            relay_dialed(client, dialed, &counters, 1024, Duration::from_millis(300)).await
        });
        let mut c = TcpStream::connect(front_addr).await.unwrap();
        c.write_all(b"x").await.unwrap();
        c.shutdown().await.unwrap();
        let started = Instant::now();
        let mut got = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), c.read_to_end(&mut got))
            .await
            .expect("closed after the quiet time")
            .unwrap();
        assert_eq!(got, b"hi");
        assert!(
            started.elapsed() >= Duration::from_millis(250),
            "{:?}",
            started.elapsed()
        );
        relay.await.unwrap().unwrap();
        held.abort();
    }
}
