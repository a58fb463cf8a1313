// Sign-in secrets for the ward file's staff in the simulator profile, tests and benchmarks. They are
// printed by `npm start` so people can try the dashboard; a real ward creates accounts with
// `npm run staff -- add` and never uses these.
import type { StaffMember } from '../robot/index.js';

export const DEMO_PIN = '2468';

export function demoPassword(username: string): string {
  return `demo-${username}-pass`;
}

export function demoStaffSecrets(staff: readonly StaffMember[]): Record<string, { password: string; pin: string }> {
  return Object.fromEntries(staff.map((s) => [s.username, { password: demoPassword(s.username), pin: DEMO_PIN }]));
}

/** Signs in over HTTP and returns the bearer token. */
export async function signIn(baseUrl: string, username: string, password = demoPassword(username)): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = await res.json() as { token?: string; errors?: { detail: string }[] };
  if (!res.ok || !body.token) throw new Error(`sign-in of ${username} failed: ${res.status} ${body.errors?.map((e) => e.detail).join('; ') ?? ''}`);
  return body.token;
}
