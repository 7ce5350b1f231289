/**
 * Health endpoints as the Kubernetes API server serves them: `/healthz`, `/livez` and `/readyz`
 * answer `ok` (200) when every check passes; with `?verbose` they list each check
 * (`[+]name ok` / `[-]name failed: reason`); `/readyz/<check>` runs one check. Model:
 * k8s.io/apiserver/pkg/server/healthz.
 */
export interface HealthCheck {
  name: string;
  /** Resolves when healthy; throws with the reason otherwise. */
  check(): Promise<void>;
}

export interface HealthReport {
  code: number;
  body: string;
  /** Failed checks with their reasons, for the log (the body withholds them, as upstream does). */
  failures: { name: string; reason: string }[];
}

export async function runHealthChecks(endpoint: string, checks: readonly HealthCheck[], only: string | undefined, verbose: boolean): Promise<HealthReport> {
  const selected = only === undefined ? checks : checks.filter((c) => c.name === only);
  if (only !== undefined && selected.length === 0) return { code: 404, body: `no health check named "${only}"\n`, failures: [] };
  const results = await Promise.all(
    selected.map(async (c) => {
      try {
        await c.check();
        return { name: c.name, ok: true, reason: '' };
      } catch (err) {
        return { name: c.name, ok: false, reason: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const failures = results.filter((r) => !r.ok).map(({ name, reason }) => ({ name, reason }));
  const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`));
  if (failures.length > 0) {
    // Upstream withholds reasons in the body (they may be sensitive) and logs them instead.
    return { code: 500, body: `${lines.join('\n')}\n${endpoint} check failed\n`, failures };
  }
  return { code: 200, body: verbose ? `${lines.join('\n')}\n${endpoint} check passed\n` : 'ok', failures };
}
