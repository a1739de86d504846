//! The client's network address, behind the reverse proxies and load balancers of a real
//! deployment. A request's TCP peer is the proxy there, so the address the proxy saw is read
//! from `X-Forwarded-For` (or the standard `Forwarded` header), but only when the peer is one
//! of the proxies the operator trusts (`TANDEM_TRUSTED_PROXIES`): anyone else could write
//! any address into those headers. Throttling and the audit log use this address.

use http::HeaderMap;
use std::net::IpAddr;

/// One address or a CIDR range (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| format!("`{text}` is not an address or a CIDR range"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => {
                p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("`{text}`: bad prefix length"))?
            }
            None => max,
        };
        Ok(Cidr { network, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 peer may arrive as an IPv4-mapped IPv6 address on a dual-stack socket.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                masked(u32::from(n).into(), self.prefix, 32) == masked(u32::from(a).into(), self.prefix, 32)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                masked(u128::from(n), self.prefix, 128) == masked(u128::from(a), self.prefix, 128)
            }
            _ => false,
        }
    }
}

fn masked(bits: u128, prefix: u8, width: u32) -> u128 {
    if prefix == 0 { 0 } else { bits >> (width - u32::from(prefix)) }
}

/// The proxies whose forwarding headers are believed; empty by default (no proxy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// A comma- or space-separated list of addresses and CIDR ranges.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(Cidr::parse)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }
}

/// The client's address as this server should count it, put on each request by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The client's address: the peer itself unless it is a trusted proxy; then the right-most
/// forwarded address that is not a trusted proxy (each proxy appends the address it saw, so
/// entries further left were written by the client and cannot be believed). If every entry
/// is a trusted proxy the left-most is taken; an entry that is not an address stops the walk
/// at the last trusted hop.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    if !trusted.trusts(peer) {
        return peer;
    }
    let chain = forwarded_chain(headers);
    let mut client = peer;
    for entry in chain.iter().rev() {
        let Some(ip) = entry else { return client };
        client = *ip;
        if !trusted.trusts(*ip) {
            return client;
        }
    }
    client
}

/// The forwarded addresses, left (client) to right (nearest proxy); `None` for an entry that
/// is not an address ("unknown", an obfuscated name). `X-Forwarded-For` when present, else
/// the `for=` parameters of `Forwarded` (RFC 7239).
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_string())
            .collect()
    };
    let xff = values("x-forwarded-for");
    if !xff.is_empty() {
        return xff.iter().map(|s| parse_node(s)).collect();
    }
    values("forwarded")
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim().eq_ignore_ascii_case("for").then(|| parse_node(v.trim().trim_matches('"')))
            })
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse().ok());
    }
    node.rsplit_once(':').and_then(|(ip, _)| ip.parse::<std::net::Ipv4Addr>().ok()).map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().expect("header"));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn ranges() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7 2001:db8::/32").expect("list");
        assert!(t.trusts(ip("10.200.3.4")) && t.trusts(ip("192.168.1.7")) && t.trusts(ip("2001:db8:1::9")));
        assert!(!t.trusts(ip("11.0.0.1")) && !t.trusts(ip("192.168.1.8")) && !t.trusts(ip("2001:db9::1")));
        assert!(t.trusts(ip("::ffff:10.1.1.1")), "IPv4-mapped peers");
        assert!(TrustedProxies::parse("0.0.0.0/0").expect("all").trusts(ip("8.8.8.8")));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err() && TrustedProxies::parse("proxy.local").is_err());
        assert_eq!(TrustedProxies::parse(" ").expect("empty"), TrustedProxies::default());
    }

    #[test]
    fn believes_only_trusted_hops() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").expect("list");
        let forged = headers(&[("x-forwarded-for", "1.2.3.4")]);
        // An untrusted peer's header changes nothing.
        assert_eq!(client_address(ip("203.0.113.5"), &forged, &trusted), ip("203.0.113.5"));
        assert_eq!(client_address(ip("203.0.113.5"), &forged, &TrustedProxies::default()), ip("203.0.113.5"));
        // Through the proxy: the address it saw, not what the client claimed before it.
        let via = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7")]);
        assert_eq!(client_address(ip("10.0.0.2"), &via, &trusted), ip("198.51.100.7"));
        // Two trusted proxies in a row.
        let two = headers(&[("x-forwarded-for", "198.51.100.7, 10.0.0.9")]);
        assert_eq!(client_address(ip("10.0.0.2"), &two, &trusted), ip("198.51.100.7"));
        // Several header lines are one list; ports and brackets are understood.
        let lines = headers(&[("x-forwarded-for", "1.1.1.1"), ("x-forwarded-for", "198.51.100.8:5555")]);
        assert_eq!(client_address(ip("10.0.0.2"), &lines, &trusted), ip("198.51.100.8"));
        // The standard header when there is no X-Forwarded-For.
        let std = headers(&[("forwarded", "for=192.0.2.60;proto=https, for=\"[2001:db8:cafe::17]:4711\"")]);
        assert_eq!(client_address(ip("10.0.0.2"), &std, &trusted), ip("2001:db8:cafe::17"));
        // Nothing forwarded, or garbage: the proxy itself.
        assert_eq!(client_address(ip("10.0.0.2"), &HeaderMap::new(), &trusted), ip("10.0.0.2"));
        let junk = headers(&[("x-forwarded-for", "unknown")]);
        assert_eq!(client_address(ip("10.0.0.2"), &junk, &trusted), ip("10.0.0.2"));
        // Only proxies in the chain: the left-most.
        let all = headers(&[("x-forwarded-for", "10.1.1.1, 10.2.2.2")]);
        assert_eq!(client_address(ip("10.0.0.2"), &all, &trusted), ip("10.1.1.1"));
    }
}
