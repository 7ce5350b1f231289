import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultPod, defaultPodSpec } from '../defaults/pod-spec.js';
import { fieldErrorMessage } from '../field-errors.js';
import { validatePodSpec, validatePodTemplateSpec, type PodSpecLike } from './pod-spec.js';

/** The messages for `spec` after pod defaulting, as the API server would report them. */
function messages(spec: PodSpecLike): string[] {
  const copy = structuredClone(spec);
  defaultPod(copy);
  return validatePodSpec(copy, 'spec').map(fieldErrorMessage);
}

const one = (container: Record<string, unknown>, extra: Partial<PodSpecLike> = {}): PodSpecLike => ({
  containers: [{ name: 'c', image: 'busybox', ...container }],
  ...extra,
});

describe('validatePodSpec', () => {
  test('a minimal pod is valid', () => {
    assert.deepEqual(messages(one({})), []);
  });

  test('containers are required', () => {
    assert.deepEqual(messages({ containers: [] }), ['spec.containers: Required value']);
  });

  test('container names: DNS-1123 labels, unique across init and app containers', () => {
    assert.deepEqual(
      messages({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'x' }, { name: 'B', image: 'x' }], initContainers: [{ name: 'a', image: 'x' }] }),
      [
        'spec.containers[1].name: Duplicate value: "a"',
        `spec.containers[2].name: Invalid value: "B": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        'spec.initContainers[0].name: Duplicate value: "a"',
      ],
    );
  });

  test('image is required; policies must be known values', () => {
    const spec: PodSpecLike = { containers: [{ name: 'c', imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'Maybe' }] };
    assert.deepEqual(messages(spec), [
      'spec.containers[0].image: Required value',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Maybe": supported values: "File", "FallbackToLogsOnError"',
    ]);
  });

  test('ports: numbers in range, protocols, unique IANA names, unique host ports', () => {
    const spec: PodSpecLike = {
      containers: [
        {
          name: 'c',
          image: 'x',
          ports: [
            { containerPort: 0 },
            { containerPort: 70000, hostPort: 80, protocol: 'ICMP', name: 'http' },
            { containerPort: 81, name: 'http', hostPort: 80 },
            { containerPort: 82, name: 'a--b' },
          ],
        },
        { name: 'd', image: 'x', ports: [{ containerPort: 8080, hostPort: 80, protocol: 'TCP' }] },
      ],
    };
    assert.deepEqual(messages(spec), [
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Duplicate value: "http"',
      'spec.containers[0].ports[3].name: Invalid value: "a--b": must not contain consecutive hyphens',
      'spec.containers[1].ports[0].hostPort: Duplicate value: "/TCP:80"',
    ]);
  });

  test('env: names, and exactly one valueFrom source', () => {
    const spec = one({
      env: [
        { name: '1abc', value: 'x' },
        { name: 'A', valueFrom: {} },
        { name: 'B', value: 'v', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'C', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } },
        { name: 'D', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } },
        { name: 'E', valueFrom: { configMapKeyRef: { name: 'cm' } } },
      ],
    });
    assert.deepEqual(messages(spec), [
      `spec.containers[0].env[0].name: Invalid value: "1abc": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
      'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[3].valueFrom: Invalid value: "": may not have more than one field specified at a time',
      'spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.bogus": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'spec.containers[0].env[5].valueFrom.configMapKeyRef.key: Required value',
    ]);
  });

  test('resources: requests at most limits, with upstream message; names and signs', () => {
    assert.deepEqual(messages(one({ resources: { requests: { cpu: '2', memory: '-1' }, limits: { cpu: '1', gpu: '1' } } })), [
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0',
      // requests default to limits on pods
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ]);
    assert.deepEqual(messages(one({ resources: { requests: { 'example.com/dev': '1' }, limits: { 'example.com/dev': '2' } } })), [
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/dev limit of 2',
    ]);
    assert.deepEqual(messages(one({ resources: { limits: { cpu: 'lots' } } })).length, 2); // limits and defaulted requests
  });

  test('volume mounts name existing volumes, at unique paths', () => {
    const spec = one(
      { volumeMounts: [{ name: 'data', mountPath: '/d' }, { name: 'nope', mountPath: '/d' }, { name: 'data', mountPath: '/e', subPath: '../x' }] },
      { volumes: [{ name: 'data', emptyDir: {} }] },
    );
    assert.deepEqual(messages(spec), [
      'spec.containers[0].volumeMounts[1].name: Not found: "nope"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique',
      `spec.containers[0].volumeMounts[2].subPath: Invalid value: "../x": must not contain '..'`,
    ]);
  });

  test('probes need exactly one handler; liveness success threshold is 1', () => {
    const spec = one({
      livenessProbe: { successThreshold: 2, exec: { command: ['true'] } },
      readinessProbe: {},
      startupProbe: { exec: { command: ['true'] }, httpGet: { port: 80 } },
    });
    assert.deepEqual(messages(spec), [
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
      'spec.containers[0].startupProbe.httpGet: Forbidden: may not specify more than 1 handler type',
    ]);
  });

  test('lifecycle hooks: one handler each; init containers may not have them unless sidecars', () => {
    const spec = one(
      { lifecycle: { preStop: { httpGet: { port: 'no_good' } } } },
      { initContainers: [{ name: 'i', image: 'x', lifecycle: { postStart: { exec: { command: ['x'] } } } }, { name: 's', image: 'x', restartPolicy: 'Always', livenessProbe: { tcpSocket: { port: 1 } } }] },
    );
    assert.deepEqual(messages(spec), [
      'spec.containers[0].lifecycle.preStop.httpGet.port: Invalid value: "no_good": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
  });

  test('volumes: DNS label names, unique, exactly one source, per-source checks', () => {
    const spec = one({}, {
      volumes: [
        { name: 'a', emptyDir: {} },
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: {}, hostPath: { path: '/x' } },
        { name: 'c', secret: {} },
        { name: 'd', configMap: { name: 'cm', defaultMode: 0o1000, items: [{ key: 'k', path: '/abs' }] } },
        { name: 'e', persistentVolumeClaim: {} },
        { name: 'f', hostPath: { path: '/x', type: 'Weird' } },
        { name: 'g', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 60 } }] } },
        { name: 'h', downwardAPI: { items: [{ path: 'labels' }] } },
      ],
    });
    assert.deepEqual(messages(spec), [
      'spec.volumes[1].name: Duplicate value: "a"',
      'spec.volumes[2].emptyDir: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[3].secret.secretName: Required value',
      'spec.volumes[4].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[4].configMap.items[0].path: Invalid value: "/abs": must be a relative path',
      'spec.volumes[5].persistentVolumeClaim.claimName: Required value',
      'spec.volumes[6].hostPath.type: Unsupported value: "Weird": supported values: "", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"',
      'spec.volumes[7].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.volumes[8].downwardAPI.items[0]: Required value: one of fieldRef and resourceFieldRef is required',
    ]);
  });

  test('a volume without a source is an emptyDir (defaulting); without defaulting it has no type', () => {
    assert.deepEqual(messages(one({}, { volumes: [{ name: 'v' }] })), []);
    const raw: PodSpecLike = { containers: [{ name: 'c', image: 'x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', volumes: [{ name: 'v' }] };
    assert.deepEqual(validatePodSpec(raw, 'spec').map(fieldErrorMessage), ['spec.volumes[0]: Required value: must specify a volume type']);
  });

  test('pod-level enums, names and durations', () => {
    const spec = one({}, {
      restartPolicy: 'Sometimes',
      dnsPolicy: 'Weird',
      nodeSelector: { 'bad key!': 'v' },
      terminationGracePeriodSeconds: -1,
      activeDeadlineSeconds: 0,
      serviceAccountName: 'Bad_SA',
      hostname: 'a.b',
    });
    assert.deepEqual(messages(spec), [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Weird": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      `spec.nodeSelector: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `spec.serviceAccountName: Invalid value: "Bad_SA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      'spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      'spec.hostname: Invalid value: "a.b": must not contain dots',
    ]);
  });

  test('tolerations: operators, effects, Exists without value', () => {
    const spec = one({}, {
      tolerations: [
        { key: 'k', operator: 'Exists', value: 'v' },
        { operator: 'Equal', value: 'v' },
        { key: 'k', operator: 'Like' },
        { key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 },
        { key: 'k', effect: 'Sometimes' },
        { operator: 'Exists' },
      ],
    });
    assert.deepEqual(messages(spec), [
      'spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[2].operator: Unsupported value: "Like": supported values: "Equal", "Exists"',
      "spec.tolerations[3].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      'spec.tolerations[4].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  test('dnsPolicy None needs dnsConfig with a nameserver', () => {
    assert.deepEqual(messages(one({}, { dnsPolicy: 'None' })), ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']);
  });
});

describe('validatePodTemplateSpec', () => {
  test('checks the template labels and the spec under the given path', () => {
    const template = { metadata: { labels: { 'a/b/c': 'x' } }, spec: { containers: [{ name: 'c' }] } };
    defaultPodSpec(template.spec);
    assert.deepEqual(validatePodTemplateSpec(template, 'spec.template').map(fieldErrorMessage), [
      `spec.template.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      'spec.template.spec.containers[0].image: Required value',
    ]);
  });

  test('a missing template is required', () => {
    assert.deepEqual(validatePodTemplateSpec(undefined, 'spec.template').map(fieldErrorMessage), ['spec.template: Required value']);
  });
});

describe('null list entries', () => {
  test('decode as empty objects (Go zero values): reported, never a crash', () => {
    const spec = { containers: [null], volumes: [{ name: 'v', secret: { secretName: 's', items: [null] } }], tolerations: [null] } as unknown as PodSpecLike;
    assert.deepEqual(messages(spec), [
      'spec.volumes[0].secret.items[0].key: Required value',
      'spec.volumes[0].secret.items[0].path: Required value',
      'spec.containers[0].name: Required value',
      'spec.containers[0].image: Required value',
      'spec.tolerations[0].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ]);
  });
});
