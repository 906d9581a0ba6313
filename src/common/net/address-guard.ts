/**
 * Guard against server-side request forgery: outbound requests made on behalf of data
 * people entered (column links, feeds, webhooks) must not reach loopback, private,
 * link-local or cloud-metadata addresses unless configuration allows it for that purpose.
 * Pure Node (dns, net): no framework.
 */
import * as dns from 'node:dns';
import { BlockList, connect, isIP, type Socket, type TcpNetConnectOpts } from 'node:net';

export class BlockedAddressError extends Error {
  readonly code = 'EADDRBLOCKED';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`出站请求被拒绝：${host} 解析到内网/保留地址 ${address}（如确需访问内网，请在配置中允许）`);
  }
}

export class UnsupportedProtocolError extends Error {
  readonly code = 'EPROTOCOL';
  constructor(readonly protocol: string) {
    super(`只允许 http 和 https 链接，不支持 ${protocol}`);
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

blocked.addSubnet('fec0::', 10, 'ipv6'); // site-local (deprecated, still private)
blocked.addSubnet('::', 96, 'ipv6'); // IPv4-compatible (deprecated), e.g. ::127.0.0.1

/** IPv6 prefixes that carry an IPv4 address: NAT64 (64:ff9b::/96, last 32 bits) and 6to4 (2002::/16, bits 16-48). */
const nat64 = new BlockList();
nat64.addSubnet('64:ff9b::', 96, 'ipv6');
const sixToFour = new BlockList();
sixToFour.addSubnet('2002::', 16, 'ipv6');

/** The 8 groups of an IPv6 address (no zone) as numbers. */
export function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] =>
    (part ? part.split(':') : []).flatMap((group) => {
      if (!group.includes('.')) return [parseInt(group, 16)];
      const b = group.split('.').map(Number);
      return [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    });
  const [head, tail] = address.split('%')[0].split('::');
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function ipv4Of(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** True for addresses that outbound requests must not reach by default. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1], 'ipv4');
    if (blocked.check(address, 'ipv6')) return true;
    // An IPv4 address carried inside an IPv6 one is judged as that IPv4 address (NAT64 of 127.0.0.1 is loopback).
    const groups = ipv6Groups(address);
    if (nat64.check(address, 'ipv6')) return blocked.check(ipv4Of(groups[6], groups[7]), 'ipv4');
    if (sixToFour.check(address, 'ipv6')) return blocked.check(ipv4Of(groups[1], groups[2]), 'ipv4');
    return false;
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
  assertHostAllowed(hostOf(parsed), allowPrivate);
  return parsed;
}

/** The host part of the check above, for connections that are not http(s) URLs (SMTP). */
export function assertHostAllowed(host: string, allowPrivate: boolean): void {
  if (!allowPrivate && isIP(host) && isForbiddenAddress(host)) throw new BlockedAddressError(host, host);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw new BlockedAddressError(host, '127.0.0.1');
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

/**
 * A TCP connection through the guard (the lookup hook above, so the address checked is the
 * address connected to), resolved once connected. For clients that resolve names themselves
 * but accept a ready socket instead, such as nodemailer's `getSocket`.
 */
export function connectGuarded(host: string, port: number, options: { allowPrivate: boolean; timeoutMs: number }): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    try {
      assertHostAllowed(host, options.allowPrivate);
    } catch (error) {
      reject(error);
      return;
    }
    const socket = connect({ host, port, lookup: guardedLookup(options.allowPrivate) as unknown as TcpNetConnectOpts['lookup'] });
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error(`无法在 ${options.timeoutMs} 毫秒内连接 ${host}：${port}`), { code: 'ETIMEDOUT' })), options.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
