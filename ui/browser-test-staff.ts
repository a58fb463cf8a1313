// Sign-in secrets for the browser tests: every staff member of the ward file gets one (the brain
// refuses to start with a staff member it cannot create an account for).
import { loadWard } from '../robot/index.js';

export const testPassword = (username: string): string => `browser-test-${username}-pass`;

export function testStaffSecrets(wardFile: string): Record<string, { password: string }> {
  return Object.fromEntries(loadWard(wardFile).people.staff.map((s) => [s.username, { password: testPassword(s.username) }]));
}
