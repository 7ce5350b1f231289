/**
 * Runs `main` with a signal that aborts on the first SIGINT or SIGTERM, so it can shut down
 * cleanly; a second signal exits at once with status 130. Handlers are removed when `main` ends.
 */
export async function runUntilSignal(main: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await main(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
