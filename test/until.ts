// Test-only helper shared by every folder's tests: wait for something asynchronous (a socket, a robot,
// a process) by polling, and fail with what was awaited rather than with a bare Jest timeout.

/** Polls `probe` until it returns a truthy value and resolves with it; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 10): Promise<Exclude<T, false | null | undefined>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got) return got as Exclude<T, false | null | undefined>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
