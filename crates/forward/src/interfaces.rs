//! This server's own addresses: the default source addresses of new rules
//! (the old console's "获取服务器IP").

use std::net::IpAddr;

/// Every address of this machine's interfaces except loopback and IPv6
/// link-local ones (which need a scope to bind), IPv4 first, no duplicates.
pub fn server_addresses() -> std::io::Result<Vec<IpAddr>> {
    let mut out: Vec<IpAddr> = Vec::new();
    for ifa in nix::ifaddrs::getifaddrs().map_err(std::io::Error::from)? {
        let Some(addr) = ifa.address else { continue };
        let ip = if let Some(v4) = addr.as_sockaddr_in() {
            IpAddr::V4(v4.ip())
        } else if let Some(v6) = addr.as_sockaddr_in6() {
            IpAddr::V6(v6.ip())
        } else {
            continue;
        };
        if usable(ip) && !out.contains(&ip) {
            out.push(ip);
        }
    }
    out.sort_by_key(|ip| (ip.is_ipv6(), *ip));
    Ok(out)
}

fn usable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !v4.is_loopback() && !v4.is_unspecified(),
        IpAddr::V6(v6) => {
            !v6.is_loopback() && !v6.is_unspecified() && (v6.segments()[0] & 0xffc0) != 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_no_loopback() {
        let list = server_addresses().unwrap();
        assert!(list.iter().all(|ip| !ip.is_loopback()), "{list:?}");
        assert!(!usable("fe80::1".parse().unwrap()));
        assert!(usable("2001:db8::1".parse().unwrap()));
        assert!(usable("192.0.2.7".parse().unwrap()));
    }
}
