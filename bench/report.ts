// One figure per line, `BENCH <name> <value> <unit>`, so a script can read it; progress goes to stderr.
export function report(name: string, value: number, unit: string): void {
  const shown = Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
  process.stdout.write(`BENCH ${name} ${shown} ${unit}\n`);
}

export function progress(text: string): void {
  process.stderr.write(`  … ${text}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Benchmark {
  name: string;
  /** What it measures and the project's goal, shown before it runs. */
  about: string;
  run(): Promise<void>;
}
