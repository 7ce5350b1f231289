/**
 * The JSON shapes of core/v1 pod spec parts that validation and defaulting read. The schema
 * (src/api/schema) has already checked the JSON types, so these only name the fields; every
 * field is optional because clients may omit any of them.
 */

export type ResourceList = Record<string, unknown>;

export interface ResourceRequirementsLike {
  limits?: ResourceList;
  requests?: ResourceList;
  [field: string]: unknown;
}

export interface ContainerPortLike {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

export interface KeySelectorLike {
  name?: string;
  key?: string;
  optional?: boolean;
}

export interface ObjectFieldSelectorLike {
  apiVersion?: string;
  fieldPath?: string;
}

export interface ResourceFieldSelectorLike {
  containerName?: string;
  resource?: string;
  divisor?: unknown;
}

export interface EnvVarLike {
  name?: string;
  value?: string;
  valueFrom?: {
    fieldRef?: ObjectFieldSelectorLike;
    resourceFieldRef?: ResourceFieldSelectorLike;
    configMapKeyRef?: KeySelectorLike;
    secretKeyRef?: KeySelectorLike;
  };
}

export interface EnvFromSourceLike {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export interface VolumeMountLike {
  name?: string;
  mountPath?: string;
  subPath?: string;
  subPathExpr?: string;
  readOnly?: boolean;
  mountPropagation?: string;
}

export interface HTTPGetActionLike {
  path?: string;
  port?: number | string;
  host?: string;
  scheme?: string;
  httpHeaders?: { name?: string; value?: string }[];
}

/** A probe or lifecycle handler: exactly one action is set. */
export interface HandlerLike {
  exec?: { command?: string[] };
  httpGet?: HTTPGetActionLike;
  tcpSocket?: { port?: number | string; host?: string };
  grpc?: { port?: number; service?: string };
  sleep?: { seconds?: number };
}

export interface ProbeLike extends HandlerLike {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface ContainerLike {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  restartPolicy?: string;
  ports?: ContainerPortLike[];
  env?: EnvVarLike[];
  envFrom?: EnvFromSourceLike[];
  resources?: ResourceRequirementsLike;
  volumeMounts?: VolumeMountLike[];
  livenessProbe?: ProbeLike;
  readinessProbe?: ProbeLike;
  startupProbe?: ProbeLike;
  lifecycle?: { postStart?: HandlerLike; preStop?: HandlerLike };
  [field: string]: unknown;
}

export interface KeyToPathLike {
  key?: string;
  path?: string;
  mode?: number;
}

export interface DownwardAPIFileLike {
  path?: string;
  fieldRef?: ObjectFieldSelectorLike;
  resourceFieldRef?: ResourceFieldSelectorLike;
  mode?: number;
}

export interface ProjectionLike {
  secret?: { name?: string; items?: KeyToPathLike[]; optional?: boolean };
  configMap?: { name?: string; items?: KeyToPathLike[]; optional?: boolean };
  downwardAPI?: { items?: DownwardAPIFileLike[] };
  serviceAccountToken?: { audience?: string; expirationSeconds?: number; path?: string };
  clusterTrustBundle?: Record<string, unknown>;
}

/** A Volume: its name and one source, keyed by the source's field name. */
export interface VolumeLike {
  name?: string;
  hostPath?: { path?: string; type?: string };
  emptyDir?: { medium?: string; sizeLimit?: unknown };
  secret?: { secretName?: string; items?: KeyToPathLike[]; defaultMode?: number; optional?: boolean };
  configMap?: { name?: string; items?: KeyToPathLike[]; defaultMode?: number; optional?: boolean };
  persistentVolumeClaim?: { claimName?: string; readOnly?: boolean };
  downwardAPI?: { items?: DownwardAPIFileLike[]; defaultMode?: number };
  projected?: { sources?: ProjectionLike[]; defaultMode?: number };
  [source: string]: unknown;
}

export interface TolerationLike {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** An ephemeral container (kubectl debug): a container with a target and fewer allowed fields. */
export interface EphemeralContainerLike extends ContainerLike {
  targetContainerName?: string;
}

export interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  ephemeralContainers?: EphemeralContainerLike[];
  volumes?: VolumeLike[];
  restartPolicy?: string;
  dnsPolicy?: string;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name?: string; value?: string }[] };
  nodeSelector?: Record<string, string>;
  tolerations?: TolerationLike[];
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  serviceAccountName?: string;
  schedulerName?: string;
  serviceAccount?: string;
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  priorityClassName?: string;
  priority?: number;
  imagePullSecrets?: { name?: string }[];
  readinessGates?: { conditionType?: string }[];
  [field: string]: unknown;
}

export interface PodTemplateSpecLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec?: PodSpecLike;
}
