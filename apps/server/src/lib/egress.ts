import dns from 'node:dns';
import net from 'node:net';

/**
 * Where the server may call out to (notification channels). Internal addresses — loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local IPv6 and the like —
 * are refused unless a host name, address or CIDR in `allowedHosts` (CHANNEL_ALLOWED_HOSTS) permits them.
 */
export type EgressPolicy = { allowedHosts: readonly string[] };

/** A call to an address the policy refuses; its message is for the admin who configured the channel. */
export class EgressRefusedError extends Error {}

const INTERNAL = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(net4, bits, 'ipv4');
}
for (const [net6, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(net6, bits, 'ipv6');
}

const familyOf = (ip: string): 'ipv4' | 'ipv6' => (net.isIPv6(ip) ? 'ipv6' : 'ipv4');

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet (IPv4-mapped IPv6 included). */
export function isInternalAddress(ip: string): boolean {
  return INTERNAL.check(ip, familyOf(ip));
}

function allowList(policy: EgressPolicy): { names: Set<string>; addresses: net.BlockList } {
  const names = new Set<string>();
  const addresses = new net.BlockList();
  for (const entry of policy.allowedHosts) {
    const [ip, bits] = entry.split('/');
    if (ip && net.isIP(ip) && bits !== undefined) addresses.addSubnet(ip, Number(bits), familyOf(ip));
    else if (ip && net.isIP(ip)) addresses.addAddress(ip, familyOf(ip));
    else names.add(entry.toLowerCase());
  }
  return { names, addresses };
}

/** Why a call to `hostname` resolving to `address` is refused, or null when it may go ahead. */
export function egressRefusal(policy: EgressPolicy, hostname: string, address: string): string | null {
  if (!isInternalAddress(address)) return null;
  const allowed = allowList(policy);
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowed.names.has(name) || allowed.addresses.check(address, familyOf(address))) return null;
  const shown = name === address ? address : `${name}（${address}）`;
  return `渠道地址 ${shown} 是内网或本机地址，服务器不会访问；确需使用内网网关时，请由运维在 CHANNEL_ALLOWED_HOSTS 中允许该地址`;
}

/**
 * A `lookup` for http.request that refuses internal addresses after resolution, so the address checked
 * is the address connected to (a name that resolves to a public address once and 127.0.0.1 next time gains nothing).
 */
export function guardedLookup(policy: EgressPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const refusal = egressRefusal(policy, hostname, a.address);
        if (refusal) return callback(new EgressRefusedError(refusal), '', 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Checks a host given as an IP address (no lookup happens for those) or resolves a name and checks every address. */
export async function checkEgressHost(policy: EgressPolicy, hostname: string): Promise<void> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(bare) ? [bare] : (await dns.promises.lookup(bare, { all: true })).map((a) => a.address);
  for (const address of addresses) {
    const refusal = egressRefusal(policy, bare, address);
    if (refusal) throw new EgressRefusedError(refusal);
  }
}
