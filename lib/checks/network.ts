/**
 * IP addresses and CIDRs as the Kubernetes v1.28 apiserver parses them: the generic parsing the
 * Ingress host rule (lib/ingress.ts), the HTTPRoute hostname rule (lib/http-route.ts) and the
 * NetworkPolicy ipBlocks (lib/network-policy.ts) share. Every check returns `<prop> must ...` when
 * the value would be refused (or silently changed), undefined when it is fine. Each rule names its source.
 *
 * A = k8s.io/apimachinery v0.28.15 pkg/util/validation/validation.go
 * K = k8s.io/kubernetes v1.28.15 pkg/apis/.../validation/validation.go
 */
import { PassedStrings } from './passed-strings';
import { expectString } from './runtime-types';

/**
 * Whether k8s.io/utils/net ParseIPSloppy (what the apiserver uses) reads this as an IP address.
 * Only the IPv4 form matters for host names (an IPv6 address has ':' and fails the DNS rules anyway):
 * four dot-separated decimal fields, each at most 255, leading zeros allowed ("sloppy").
 */
export function isSloppyIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^[0-9]+$/.test(part) && Number(part) <= 255);
}

// ---- CIDRs ------------------------------------------------------------------------------------

interface Cidr { readonly family: 4 | 6; readonly bits: bigint; readonly prefix: number }

function parseIPv4(text: string, strict: boolean): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let address = 0n;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part) || Number(part) > 255) return undefined;
    if (strict && part.length > 1 && part.startsWith('0')) return undefined;
    address = (address << 8n) | BigInt(Number(part));
  }
  return address;
}

function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const items = half.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIPv4(item, false);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  const all = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  return all.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

/**
 * RFC 5952 text of an IPv6 address: lower case, no leading zeros, the longest run (≥ 2) of zero
 * groups as '::'.
 */
export function formatIPv6(bits: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((bits >> BigInt(i * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let runEnd = i;
    while (runEnd < 8 && groups[runEnd] === 0) runEnd++;
    if (runEnd - i > bestLen) { best = i; bestLen = runEnd - i; }
    i = runEnd;
  }
  const hexes = groups.map((group) => group.toString(16));
  if (best < 0) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}

function formatIPv4(bits: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((bits >> shift) & 0xffn)).join('.');
}

function parseCidrLoose(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || text.indexOf('/', slash + 1) >= 0) return undefined;
  const addr = text.slice(0, slash);
  const pfx = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(pfx)) return undefined;
  const prefix = Number(pfx);
  if (addr.includes(':')) {
    const bits = parseIPv6(addr);
    if (bits === undefined || prefix > 128) return undefined;
    return { family: 6, bits, prefix };
  }
  const bits = parseIPv4(addr, false);
  if (bits === undefined || prefix > 32) return undefined;
  return { family: 4, bits, prefix };
}

function networkOf(cidr: Cidr): bigint {
  const width = cidr.family === 4 ? 32n : 128n;
  const host = width - BigInt(cidr.prefix);
  return (cidr.bits >> host) << host;
}

function formatCidr(cidr: Cidr, bits: bigint): string {
  return `${cidr.family === 4 ? formatIPv4(bits) : formatIPv6(bits)}/${cidr.prefix}`;
}

/**
 * The canonical text of a CIDR (network address, RFC 5952 for IPv6), or undefined if it is not one.
 * `10.0.0.1/8` -> `10.0.0.0/8`, `2001:DB8:0::/32` -> `2001:db8::/32`.
 */
export function canonicalCidr(value: string): string | undefined {
  const cidr = parseCidrLoose(value);
  return cidr && formatCidr(cidr, networkOf(cidr));
}

/**
 * A NetworkPolicy ipBlock CIDR. Kubernetes 1.28 (K networking ValidateIPBlock -> K core ValidateCIDR
 * -> k8s.io/utils/net ParseCIDRSloppy) accepts sloppy forms: IPv4 fields with leading zeros,
 * upper-case and zero-padded IPv6, host bits set, IPv4-mapped IPv6. Those are ambiguous (is
 * `010.0.0.0` octal?), are masked silently, and newer apiservers refuse or warn about them
 * (KEP-4858 StrictIPCIDRValidation), so we accept only the canonical form and say what it is:
 * dotted decimal without leading zeros, or RFC 5952 IPv6 (not IPv4-mapped), prefix without
 * leading zeros, and no bits set after the prefix.
 */
export function checkCidr(prop: string, value: unknown): string | undefined {
  const what = "a CIDR in canonical form, e.g. '10.0.0.0/8' or '2001:db8::/32'";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const text = value as string;
  if (CANONICAL_CIDRS.has(text)) return undefined;
  const cidr = parseCidrLoose(text);
  if (!cidr) return `${prop} must be ${what}, got '${text}'`;
  if (cidr.family === 6 && /\./.test(text)) {
    return `${prop} must be ${what} (IPv4-mapped or embedded IPv4 notation is not accepted; `
      + `use an IPv4 CIDR), got '${text}'`;
  }
  const canonical = formatCidr(cidr, networkOf(cidr));
  if (canonical !== text) return `${prop} must be ${what}, got '${text}' (canonical: '${canonical}')`;
  CANONICAL_CIDRS.add(text);
  return undefined;
}

/** CIDRs checkCidr passed: every service of an App usually allows the same egress ranges. */
const CANONICAL_CIDRS = new PassedStrings();

/**
 * K networking ValidateIPBlock: every `except` entry is a strict subset of `cidr` (same family,
 * longer prefix).
 */
export function checkIpBlockExcept(prop: string, cidr: string, except: unknown): string | undefined {
  const bad = checkCidr(prop, except);
  if (bad) return bad;
  const outer = parseCidrLoose(cidr);
  const inner = parseCidrLoose(except as string);
  if (!outer || !inner) return undefined;
  const sameFamily = outer.family === inner.family;
  if (!sameFamily || inner.prefix <= outer.prefix || networkOf({ ...outer, bits: inner.bits }) !== networkOf(outer)) {
    return `${prop} must be a strict subset of the ipBlock cidr '${cidr}', got '${except as string}'`;
  }
  return undefined;
}
