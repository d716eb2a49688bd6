//! metrics.k8s.io: the nodes' and pods' current CPU and memory use.

use serde_json::Value;
use tianqi_core::kube::resources::{cpu_millicores, memory_bytes, ClusterUsage, Usage};

use crate::error::KubeError;
use crate::ClusterClient;

const METRICS_ABSENT: &str = "metrics are not available: the cluster does not serve \
     metrics.k8s.io (install metrics-server to see CPU and memory use)";

impl ClusterClient {
    /// GET on metrics.k8s.io; a 404 means metrics-server is not installed.
    async fn metrics(&self, path: &str) -> Result<Value, KubeError> {
        let req = http::Request::get(path)
            .body(Vec::new())
            .map_err(|e| KubeError::Config(e.to_string()))?;
        match self.bounded(self.client.request::<Value>(req)).await {
            Err(KubeError::NotFound(_)) => Err(KubeError::NotServed(METRICS_ABSENT.into())),
            other => other,
        }
    }

    /// The nodes' current use, and their sum.
    pub async fn cluster_usage(&self) -> Result<ClusterUsage, KubeError> {
        let v = self.metrics("/apis/metrics.k8s.io/v1beta1/nodes").await?;
        let mut nodes = usages(&v, false);
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ClusterUsage::of(nodes))
    }

    /// The pods' current use in a namespace (containers summed), by name.
    pub async fn pod_usage(&self, ns: &str) -> Result<Vec<Usage>, KubeError> {
        let v = self
            .metrics(&format!(
                "/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods"
            ))
            .await?;
        let mut pods = usages(&v, true);
        pods.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(pods)
    }
}

/// NodeMetricsList / PodMetricsList items as usages (a pod's containers summed).
fn usages(list: &Value, pods: bool) -> Vec<Usage> {
    let items = list
        .get("items")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    items
        .iter()
        .map(|item| {
            let meta = &item["metadata"];
            let parts: Vec<&Value> = if pods {
                item["containers"]
                    .as_array()
                    .map(|c| c.iter().map(|c| &c["usage"]).collect())
                    .unwrap_or_default()
            } else {
                vec![&item["usage"]]
            };
            Usage {
                namespace: meta["namespace"].as_str().map(str::to_owned),
                name: meta["name"].as_str().unwrap_or_default().to_owned(),
                cpu_millicores: parts
                    .iter()
                    .filter_map(|u| u["cpu"].as_str().and_then(cpu_millicores))
                    .sum(),
                memory_bytes: parts
                    .iter()
                    .filter_map(|u| u["memory"].as_str().and_then(memory_bytes))
                    .sum(),
            }
        })
        .collect()
}
