//! Kubeconfigs as an admin pastes them, checked before anything uses them.
//!
//! A kubeconfig can make its reader run programs (`exec` credential plugins,
//! `auth-provider`) and read files (`client-certificate`, `client-key`,
//! `certificate-authority`, `tokenFile`). On a server, either would let a
//! cluster's kubeconfig run commands or read files here, so both are refused:
//! credentials and certificates must be embedded (`*-data`, `token`).

use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig};

/// Why a kubeconfig was refused: `path` names the place in the document
/// (`users[admin].user.exec`), `message` says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct KubeconfigProblem {
    pub path: String,
    pub message: String,
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> KubeconfigProblem {
    KubeconfigProblem {
        path: path.into(),
        message: message.into(),
    }
}

/// A parse error without anything the document said: a YAML error can quote
/// the value it choked on, and that value may be a token.
fn redact_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut inside = false;
    for c in s.chars() {
        if c == '"' || c == '`' {
            if !inside {
                out.push_str("\"…\"");
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// A kubeconfig that passed [`CheckedKubeconfig::parse`]: no plugins, no
/// file references, a current context that resolves to a cluster with an
/// `http(s)://` server.
#[derive(Clone)]
pub struct CheckedKubeconfig {
    doc: Kubeconfig,
    server: String,
    context: String,
}

impl std::fmt::Debug for CheckedKubeconfig {
    // Never print the document: it holds credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedKubeconfig")
            .field("server", &self.server)
            .field("context", &self.context)
            .finish_non_exhaustive()
    }
}

/// The most a kubeconfig may weigh; real ones are a few KiB.
pub const MAX_KUBECONFIG_BYTES: usize = 256 * 1024;

impl CheckedKubeconfig {
    pub fn parse(text: &str) -> Result<Self, KubeconfigProblem> {
        if text.trim().is_empty() {
            return Err(problem("kubeconfig", "must not be empty"));
        }
        if text.len() > MAX_KUBECONFIG_BYTES {
            return Err(problem(
                "kubeconfig",
                format!("is larger than {} KiB", MAX_KUBECONFIG_BYTES / 1024),
            ));
        }
        let doc = Kubeconfig::from_yaml(text).map_err(|e| {
            problem(
                "kubeconfig",
                format!(
                    "is not a valid kubeconfig YAML document ({})",
                    redact_quoted(&e.to_string())
                ),
            )
        })?;
        check_plugins_and_files(&doc)?;
        let context = doc
            .current_context
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| problem("current-context", "must name one of the contexts"))?;
        let ctx = doc
            .contexts
            .iter()
            .find(|c| c.name == context)
            .and_then(|c| c.context.as_ref())
            .ok_or_else(|| {
                problem(
                    "current-context",
                    format!("names context {context}, which is not in contexts"),
                )
            })?;
        let cluster = doc
            .clusters
            .iter()
            .find(|c| c.name == ctx.cluster)
            .and_then(|c| c.cluster.as_ref())
            .ok_or_else(|| {
                problem(
                    format!("contexts[{context}].context.cluster"),
                    format!("names cluster {}, which is not in clusters", ctx.cluster),
                )
            })?;
        let server = cluster.server.clone().unwrap_or_default();
        let path = format!("clusters[{}].cluster.server", ctx.cluster);
        if !(server.starts_with("https://") || server.starts_with("http://")) {
            return Err(problem(path, "must be an https:// (or http://) URL"));
        }
        if server.parse::<http::Uri>().is_err() {
            return Err(problem(path, "is not a valid URL"));
        }
        Ok(Self {
            doc,
            server,
            context,
        })
    }

    /// The API server's URL (not a secret: the console shows it).
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The context the client uses.
    pub fn context(&self) -> &str {
        &self.context
    }

    /// The client configuration, with our time limits on every connection.
    pub(crate) async fn client_config(
        &self,
        connect: Duration,
        request: Duration,
    ) -> Result<kube::Config, kube::config::KubeconfigError> {
        let options = KubeConfigOptions {
            context: Some(self.context.clone()),
            ..KubeConfigOptions::default()
        };
        let mut config = kube::Config::from_custom_kubeconfig(self.doc.clone(), &options).await?;
        config.connect_timeout = Some(connect);
        // No per-read limit: a followed log may be quiet for long. Each
        // request-response call is bounded as a whole by `ClusterClient`.
        config.read_timeout = None;
        config.write_timeout = Some(request);
        Ok(config)
    }
}

fn check_plugins_and_files(doc: &Kubeconfig) -> Result<(), KubeconfigProblem> {
    const EMBED: &str = "file references are not allowed on a server; embed the content";
    const PLUGIN: &str =
        "credential plugins would run a command on this server; use a token or embedded client certificate data";
    for (i, u) in doc.auth_infos.iter().enumerate() {
        let name = if u.name.is_empty() {
            i.to_string()
        } else {
            u.name.clone()
        };
        let Some(a) = &u.auth_info else { continue };
        let at = |key: &str| format!("users[{name}].user.{key}");
        if a.exec.is_some() {
            return Err(problem(at("exec"), PLUGIN));
        }
        if a.auth_provider.is_some() {
            return Err(problem(at("auth-provider"), PLUGIN));
        }
        if a.client_certificate.is_some() {
            return Err(problem(
                at("client-certificate"),
                format!("{EMBED} (client-certificate-data)"),
            ));
        }
        if a.client_key.is_some() {
            return Err(problem(
                at("client-key"),
                format!("{EMBED} (client-key-data)"),
            ));
        }
        if a.token_file.is_some() {
            return Err(problem(at("tokenFile"), format!("{EMBED} (token)")));
        }
    }
    for (i, c) in doc.clusters.iter().enumerate() {
        let name = if c.name.is_empty() {
            i.to_string()
        } else {
            c.name.clone()
        };
        let Some(cl) = &c.cluster else { continue };
        let at = |key: &str| format!("clusters[{name}].cluster.{key}");
        if cl.certificate_authority.is_some() {
            return Err(problem(
                at("certificate-authority"),
                format!("{EMBED} (certificate-authority-data)"),
            ));
        }
        if cl.proxy_url.is_some() {
            return Err(problem(
                at("proxy-url"),
                "proxies are not supported; the server connects to the API server directly",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn kubeconfig(user: &str, cluster: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: main\n\
             clusters:\n- name: c1\n  cluster:\n    server: https://10.0.0.1:6443\n{cluster}\
             contexts:\n- name: main\n  context:\n    cluster: c1\n    user: admin\n    namespace: team-a\n\
             users:\n- name: admin\n  user:\n{user}"
        )
    }

    #[test]
    fn an_embedded_token_passes_and_names_server_and_context() {
        let k = CheckedKubeconfig::parse(&kubeconfig("    token: abc.def\n", "")).unwrap();
        assert_eq!(k.server(), "https://10.0.0.1:6443");
        assert_eq!(k.context(), "main");
        assert!(!format!("{k:?}").contains("abc.def"));
    }

    #[test]
    fn plugins_and_file_references_are_refused_by_path() {
        let cases = [
            (
                "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n",
                "",
                "users[admin].user.exec",
            ),
            (
                "    auth-provider:\n      name: gcp\n      config: {}\n",
                "",
                "users[admin].user.auth-provider",
            ),
            (
                "    client-certificate: /etc/passwd\n",
                "",
                "users[admin].user.client-certificate",
            ),
            (
                "    client-key: /root/.ssh/id_rsa\n",
                "",
                "users[admin].user.client-key",
            ),
            (
                "    tokenFile: /var/run/secrets/token\n",
                "",
                "users[admin].user.tokenFile",
            ),
            (
                "    token: t\n",
                "    certificate-authority: /etc/ssl/ca.pem\n",
                "clusters[c1].cluster.certificate-authority",
            ),
            (
                "    token: t\n",
                "    proxy-url: http://proxy:3128\n",
                "clusters[c1].cluster.proxy-url",
            ),
        ];
        for (user, cluster, path) in cases {
            let e = CheckedKubeconfig::parse(&kubeconfig(user, cluster)).unwrap_err();
            assert_eq!(e.path, path, "{e}");
        }
    }

    #[test]
    fn broken_documents_name_what_is_wrong_without_quoting_it() {
        assert_eq!(
            CheckedKubeconfig::parse("  ").unwrap_err().path,
            "kubeconfig"
        );
        let e = CheckedKubeconfig::parse("clusters: \"sekret-token\"\n").unwrap_err();
        assert_eq!(e.path, "kubeconfig");
        assert!(!e.message.contains("sekret"), "{e}");
        let no_ctx = kubeconfig("    token: t\n", "")
            .replace("current-context: main", "current-context: other");
        assert_eq!(
            CheckedKubeconfig::parse(&no_ctx).unwrap_err().path,
            "current-context"
        );
        let bad_server =
            kubeconfig("    token: t\n", "").replace("https://10.0.0.1:6443", "ftp://x");
        assert_eq!(
            CheckedKubeconfig::parse(&bad_server).unwrap_err().path,
            "clusters[c1].cluster.server"
        );
    }

    #[test]
    fn redaction_drops_quoted_values() {
        assert_eq!(
            redact_quoted("invalid type: string \"abc\", expected a sequence"),
            "invalid type: string \"…\", expected a sequence"
        );
    }
}
