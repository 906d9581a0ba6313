/**
 * Guard against server-side request forgery: outbound requests made on behalf of data
 * people entered (column links, feeds, webhooks) must not reach loopback, private,
 * link-local or cloud-metadata addresses unless configuration allows it for that purpose.
 * Pure Node (dns, net): no framework.
 */
import * as dns from 'node:dns';
import { BlockList, isIP } from 'node:net';

export class BlockedAddressError extends Error {
  readonly code = 'EADDRBLOCKED';
  constructor(readonly host: string, readonly address: string) {
    super(`出站请求被拒绝:${host} 解析到内网/保留地址 ${address}(如确需访问内网,请在配置中允许)`);
  }
}

export class UnsupportedProtocolError extends Error {
  readonly code = 'EPROTOCOL';
  constructor(readonly protocol: string) {
    super(`只允许 http 和 https 链接,不支持 ${protocol}`);
  }
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (also Alibaba Cloud metadata 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['fd00:ec2::', 32], // AWS metadata over IPv6 (inside fc00::/7, kept for clarity)
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses that outbound requests must not reach by default. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Checks what can be checked without a DNS lookup: the protocol, and the host when it is
 * an IP literal (Node does not call `lookup` for those). Throws the errors above.
 */
export function assertUrlAllowed(url: URL | string, allowPrivate: boolean): URL {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UnsupportedProtocolError(parsed.protocol);
  const host = hostOf(parsed);
  if (!allowPrivate && isIP(host) && isForbiddenAddress(host)) throw new BlockedAddressError(host, host);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw new BlockedAddressError(host, '127.0.0.1');
  return parsed;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` replacement for http(s) agents: resolves, then refuses the connection when
 * any resolved address is forbidden. Used on every connection, so redirects and DNS answers
 * that change between checks (rebinding) are caught too.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions | number | LookupCallback, callback?: LookupCallback): void => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const opts: dns.LookupOptions = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
    dns.lookup(hostname, { ...opts, all: true }, (error, addresses) => {
      if (error) return cb(error, opts.all ? [] : '', undefined);
      const list = addresses as dns.LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isForbiddenAddress(a.address));
      if (bad) return cb(new BlockedAddressError(hostname, bad.address) as unknown as NodeJS.ErrnoException, opts.all ? [] : '', undefined);
      if (opts.all) return cb(null, list);
      const first = list[0];
      cb(null, first.address, first.family);
    });
  };
}
