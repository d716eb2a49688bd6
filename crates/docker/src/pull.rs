//! Pulling an image onto a node, as a stream of progress events.

use bollard::image::CreateImageOptions;
use bollard::Docker;
use futures::{Stream, StreamExt};
use serde::Serialize;
use utoipa::ToSchema;

use crate::DriverError;

/// One step of a pull, as Docker reports it per layer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PullEvent {
    /// Layer id (short digest), empty for whole-image messages.
    pub layer: String,
    /// Docker's status text: "Pulling fs layer", "Downloading", "Pull complete", …
    pub status: String,
    /// Bytes done and in all for this layer, when Docker says.
    pub current: Option<i64>,
    pub total: Option<i64>,
}

/// `registry/repo:tag` → (`registry/repo`, `tag`). The port of a registry is not a tag.
fn split_tag(reference: &str) -> (&str, &str) {
    if reference.contains('@') {
        return (reference, "");
    }
    match reference.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (reference, "latest"),
    }
}

/// Pulls `reference`; the stream ends after the last event or the first error.
pub fn pull_image(
    docker: &Docker,
    reference: &str,
) -> impl Stream<Item = Result<PullEvent, DriverError>> {
    let (name, tag) = split_tag(reference);
    let options = CreateImageOptions {
        from_image: name.to_owned(),
        tag: tag.to_owned(),
        ..Default::default()
    };
    docker.create_image(Some(options), None, None).map(|item| {
        let info = item?;
        if let Some(err) = info.error {
            return Err(DriverError::Api(err));
        }
        let detail = info.progress_detail.unwrap_or_default();
        Ok(PullEvent {
            layer: info.id.unwrap_or_default(),
            status: info.status.unwrap_or_default(),
            current: detail.current,
            total: detail.total,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::split_tag;

    #[test]
    fn tags() {
        assert_eq!(split_tag("busybox"), ("busybox", "latest"));
        assert_eq!(split_tag("a/b:1.0"), ("a/b", "1.0"));
        assert_eq!(
            split_tag("127.0.0.1:5000/a/b"),
            ("127.0.0.1:5000/a/b", "latest")
        );
        assert_eq!(
            split_tag("127.0.0.1:5000/a/b:v2"),
            ("127.0.0.1:5000/a/b", "v2")
        );
    }
}
