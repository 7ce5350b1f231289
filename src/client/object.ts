/** The parts of an API object every client component reads (metav1.ObjectMeta's essentials). */
export interface KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}
