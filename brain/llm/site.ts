// Whether a model endpoint runs on the hospital's own network, judged from its URL alone (no DNS lookup:
// start-up must not depend on a resolver, and a name can resolve differently tomorrow). The default errs
// towards off_site, which only costs tokenisation; a hospital with private DNS names says on_site itself.
import { isIP } from 'node:net';
import type { ModelSite } from './types.js';

function privateIPv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

function privateIPv6(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return privateIPv4(mapped[1]!);
  // fc00::/7 unique local, fe80::/10 link local.
  return /^f[cd][0-9a-f]{0,2}:/.test(v) || /^fe[89ab][0-9a-f]?:/.test(v);
}

/** Suffixes that never resolve on the public internet (RFC 6761/6762/8375, and the .internal TLD ICANN reserved). */
const LOCAL_SUFFIXES = ['.local', '.internal', '.lan', '.home.arpa', '.localhost'];

/**
 * `on_site` for loopback and private-network addresses (127/8, ::1, 10/8, 172.16/12, 192.168/16, link-local,
 * fc00::/7), `localhost`, single-label names (a Docker or Kubernetes service such as `vllm` cannot be a
 * public name) and names under .local, .internal, .lan, .home.arpa; `off_site` for everything else.
 */
export function defaultSite(baseUrl: string): ModelSite {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return 'off_site';
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  const ip = isIP(host);
  if (ip === 4) return privateIPv4(host) ? 'on_site' : 'off_site';
  if (ip === 6) return privateIPv6(host) ? 'on_site' : 'off_site';
  if (host === 'localhost' || !host.includes('.')) return 'on_site';
  return LOCAL_SUFFIXES.some((s) => host.endsWith(s)) ? 'on_site' : 'off_site';
}

/** A URL fit for logs and messages: no user name or password, no query. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
