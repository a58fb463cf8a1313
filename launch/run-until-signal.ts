// Keeps a launch profile up until Ctrl-C or SIGTERM, then closes its parts in reverse order.
export function closeOnSignal(parts: { close(): Promise<void> }[], log: (text: string) => void): void {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    for (const p of [...parts].reverse()) {
      try { await p.close(); } catch (err) { log(`while closing: ${(err as Error).message}`); }
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Start-up failures a person can fix (bad option, bad map, port taken) end with their message, not a stack. */
export function failStartup(err: unknown, usage: string): never {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') {
    console.error(`error: ${e.message}: another program uses that port; choose another with --port or --rosbridge-port`);
  } else if (e instanceof Error && ['LaunchOptionError', 'MapFileError', 'BrainConfigError', 'ModelConfigError'].includes(e.name)) {
    console.error(`error: ${e.message}`);
    if (e.name === 'LaunchOptionError') console.error(`\n${usage}`);
  } else {
    console.error(err);
  }
  process.exit(1);
}
