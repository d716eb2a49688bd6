//! Services: list, YAML, endpoints.

use k8s_openapi::api::core::v1::{Endpoints, Service as KService};
use tianqi_core::kube::resources::{
    EndpointAddress, ObjectYaml, Service, ServiceEndpoints, ServicePort,
};

use super::{name_ns, time, yaml_of};
use crate::error::KubeError;
use crate::ClusterClient;

fn service(s: &KService) -> Service {
    let (namespace, name) = name_ns(&s.metadata);
    let spec = s.spec.as_ref();
    Service {
        namespace,
        name,
        type_: spec
            .and_then(|s| s.type_.clone())
            .unwrap_or_else(|| "ClusterIP".into()),
        cluster_ip: spec.and_then(|s| s.cluster_ip.clone()),
        ports: spec
            .and_then(|s| s.ports.as_ref())
            .map(|ports| {
                ports
                    .iter()
                    .map(|p| ServicePort {
                        name: p.name.clone(),
                        protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                        port: p.port,
                        target_port: p.target_port.as_ref().map(|t| match t {
                            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => {
                                n.to_string()
                            }
                            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(
                                s,
                            ) => s.clone(),
                        }),
                        node_port: p.node_port,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        created_at: time(s.metadata.creation_timestamp.as_ref()),
    }
}

impl ClusterClient {
    /// The services in a namespace, by name.
    pub async fn services(&self, ns: &str) -> Result<Vec<Service>, KubeError> {
        let mut out: Vec<Service> = self
            .list_in::<KService>(ns, None)
            .await?
            .iter()
            .map(service)
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    pub async fn service_yaml(&self, ns: &str, name: &str) -> Result<ObjectYaml, KubeError> {
        let o = self.get_in::<KService>(ns, name).await?;
        yaml_of("Service", &o.metadata, &o)
    }

    /// The service and the addresses behind it (its Endpoints object; none
    /// yet is an empty list, not an error).
    pub async fn service_endpoints(
        &self,
        ns: &str,
        name: &str,
    ) -> Result<ServiceEndpoints, KubeError> {
        let svc = service(&self.get_in::<KService>(ns, name).await?);
        let ep = match self.get_in::<Endpoints>(ns, name).await {
            Ok(ep) => Some(ep),
            Err(KubeError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let mut addresses = Vec::new();
        for subset in ep.iter().flat_map(|e| e.subsets.iter().flatten()) {
            for (list, ready) in [
                (&subset.addresses, true),
                (&subset.not_ready_addresses, false),
            ] {
                for a in list.iter().flatten() {
                    addresses.push(EndpointAddress {
                        ip: a.ip.clone(),
                        pod: a
                            .target_ref
                            .as_ref()
                            .filter(|t| t.kind.as_deref() == Some("Pod"))
                            .and_then(|t| t.name.clone()),
                        node: a.node_name.clone(),
                        ready,
                    });
                }
            }
        }
        Ok(ServiceEndpoints {
            service: svc,
            addresses,
        })
    }
}
