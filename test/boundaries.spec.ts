import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}
interface CruiseResult {
  summary: { violations: Violation[]; totalCruised: number };
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEPCRUISE = fileURLToPath(new URL('../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url));

/** The layer rule of docs/architecture.md, as `.dependency-cruiser.cjs` states it, over apps/ and libs/. */
function cruise(): CruiseResult {
  // depcruise exits non-zero when it finds violations; its JSON still says which.
  const run = (): string => {
    try {
      return execFileSync(process.execPath, [DEPCRUISE, 'apps', 'libs', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const stdout = (error as { stdout?: string }).stdout;
      if (stdout) return stdout;
      throw error;
    }
  };
  return JSON.parse(run()) as CruiseResult;
}

describe('import boundaries', () => {
  it('no module imports across the layer rule (apps → libs → domain → contracts, domain folders by rank, no cycles)', () => {
    const { summary } = cruise();
    expect(summary.totalCruised).toBeGreaterThan(150);
    expect(summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`)).toEqual([]);
  }, 60_000);
});
