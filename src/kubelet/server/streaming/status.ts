/**
 * The metav1.Status objects the kubelet writes on the error channel when an exec or attach ends
 * (model: kubelet cri/streaming/remotecommand httpstream.go ServeExec/ServeAttach). Field order
 * and empty `metadata` match Go's json.Marshal of metav1.Status.
 */

export interface StreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

export function successStatus(): StreamStatus {
  return { metadata: {}, status: 'Success' };
}

/** A command that ran and exited non-zero; `cmd` is printed as Go prints a []string. */
export function nonZeroExitStatus(cmd: string[], exitCode: number): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** apierrors.NewInternalError(err). */
export function internalErrorStatus(message: string): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}
