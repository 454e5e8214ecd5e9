/** One sample line of Prometheus' text format: `name{label="value",...} value`. */
const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/**
 * The sum of the samples of `name` whose labels include `labels` (all of its samples when none are given); 0 when
 * there are none, as for a counter nothing has counted yet.
 */
export function sample(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, label, value]) => [label, value]));
    if (Object.entries(labels).every(([label, value]) => found[label] === value)) sum += valueOf(match[3]);
  }
  return sum;
}

function valueOf(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
