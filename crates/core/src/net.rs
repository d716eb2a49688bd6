//! Network addresses in configuration: allow-lists of addresses and CIDRs.

use std::net::IpAddr;

/// An IPv4 or IPv6 network (`10.0.0.0/8`, `::1/128`, or a bare address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Cidr { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // A v4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
        let ip = ip.to_canonical();
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// A comma-separated allow-list (empty = nobody by address).
pub fn parse_cidrs(s: &str) -> std::result::Result<Vec<Cidr>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Cidr::parse(p).ok_or_else(|| format!("`{p}` is not an address or CIDR")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        let l = parse_cidrs("127.0.0.0/8, ::1/128,10.1.2.3").unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let ok = |s: &str| l.iter().any(|c| c.contains(ip(s)));
        assert!(ok("127.0.0.1") && ok("127.9.9.9") && ok("::1") && ok("10.1.2.3"));
        assert!(ok("::ffff:127.0.0.1"), "v4-mapped clients match v4 nets");
        assert!(!ok("10.1.2.4") && !ok("192.168.1.1") && !ok("::2"));
        assert!(parse_cidrs("10.0.0.0/33").is_err());
        assert!(parse_cidrs("nope").is_err());
        assert!(parse_cidrs("").unwrap().is_empty());
        let all = parse_cidrs("0.0.0.0/0").unwrap();
        assert!(all[0].contains(ip("8.8.8.8")));
    }
}
