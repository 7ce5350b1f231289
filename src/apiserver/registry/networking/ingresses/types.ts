import type { KubeObject } from '../../generic/object.js';

/** networking.k8s.io/v1 Ingress (JSON). */
export interface IngressBackend {
  service?: { name?: string; port?: { name?: string; number?: number } };
  resource?: { apiGroup?: string; kind?: string; name?: string };
}
export interface IngressStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string; ports?: { port?: number; protocol?: string; error?: string }[] }[] };
}
export type Ingress = KubeObject & {
  spec?: {
    ingressClassName?: string | null;
    defaultBackend?: IngressBackend;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string | null; backend?: IngressBackend }[] } }[];
  };
  status?: IngressStatus;
};
