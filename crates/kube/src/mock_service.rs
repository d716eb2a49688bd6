//! A `tower::Service` for layer-(1) tests: each request the client sends is
//! handed to the test, which answers it (or holds it) through [`Handle`].
//! Written here rather than taken from `tower-test`, whose proc-macro
//! dependencies turn on `syn` features nothing else uses: the test build's
//! dependencies would then differ from the binary's, and every debug build
//! after the tests (fuzz, e2e) would rebuild most of the tree.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{Request, Response};
use kube::client::Body;
use tokio::sync::{mpsc, oneshot};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Exchange = (Request<Body>, oneshot::Sender<Response<Body>>);

/// The client's side: give it to `kube::Client::new`.
pub struct Mock {
    requests: mpsc::UnboundedSender<Exchange>,
}

/// The test's side: the requests, in the order they were sent.
pub struct Handle {
    requests: mpsc::UnboundedReceiver<Exchange>,
}

/// Answers one request.
pub struct SendResponse(oneshot::Sender<Response<Body>>);

pub fn pair() -> (Mock, Handle) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Mock { requests: tx }, Handle { requests: rx })
}

impl Handle {
    /// The next request, or `None` once the client is gone.
    pub async fn next_request(&mut self) -> Option<(Request<Body>, SendResponse)> {
        let (req, answer) = self.requests.recv().await?;
        Some((req, SendResponse(answer)))
    }
}

impl SendResponse {
    pub fn send_response(self, response: Response<Body>) {
        // The client may have given up (a timeout test): nobody to tell.
        let _ = self.0.send(response);
    }
}

impl tower::Service<Request<Body>> for Mock {
    type Response = Response<Body>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let (tx, rx) = oneshot::channel();
        let sent = self.requests.send((req, tx));
        Box::pin(async move {
            sent.map_err(|_| "the test's handle is gone")?;
            rx.await
                .map_err(|_| "the test dropped the request unanswered".into())
        })
    }
}
