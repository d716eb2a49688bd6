//! Where a container can be reached: its address on its networks.

use std::net::IpAddr;

use bollard::Docker;

use crate::DriverError;

/// The running container's IP address (the first network that has one,
/// IPv4 before IPv6); `None` when it does not exist, is not running, or is
/// on no network with an address (`--network none`).
pub async fn container_ip(docker: &Docker, id: &str) -> Result<Option<IpAddr>, DriverError> {
    let c = match docker.inspect_container(id, None).await {
        Ok(c) => c,
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if !c.state.and_then(|s| s.running).unwrap_or(false) {
        return Ok(None);
    }
    let Some(net) = c.network_settings else {
        return Ok(None);
    };
    let mut found: Vec<IpAddr> = Vec::new();
    for endpoint in net.networks.unwrap_or_default().into_values() {
        for text in [endpoint.ip_address, endpoint.global_ipv6_address]
            .into_iter()
            .flatten()
        {
            if let Ok(ip) = text.parse() {
                found.push(ip);
            }
        }
    }
    // Older engines also say it at the top level.
    if let Some(ip) = net.ip_address.and_then(|t| t.parse().ok()) {
        found.push(ip);
    }
    found.sort_by_key(|ip: &IpAddr| (ip.is_ipv6(), *ip));
    Ok(found.into_iter().next())
}
