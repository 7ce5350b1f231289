import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { applyStrategicMergePatch } from './strategic-merge.js';

/**
 * The patches real kubectl sends (client-side apply's three-way patches, `set image`, `rollout
 * restart`), applied to objects as the server stores them (defaults filled in).
 */
const DEPLOYMENT = 'k8s.io.api.apps.v1.Deployment';

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: unknown[];
  ports?: unknown[];
  volumeMounts?: unknown[];
}

/** The fixture's shape, as far as the expectations below edit it. */
interface Deployment {
  metadata: { annotations: Record<string, string>; finalizers: string[] };
  spec: {
    replicas?: number;
    strategy: unknown;
    template: { metadata: { annotations?: Record<string, string> }; spec: { containers: [Container, Container]; volumes: unknown[] } };
  };
}

const LIVE = parse(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  generation: 1
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{}'
  finalizers: [example.com/a, example.com/b]
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - {containerPort: 80, protocol: TCP}
        - {containerPort: 8080, protocol: TCP}
        env:
        - {name: A, value: '1'}
        - {name: B, value: '2'}
        volumeMounts:
        - {name: data, mountPath: /data}
        terminationMessagePath: /dev/termination-log
        imagePullPolicy: IfNotPresent
      - name: sidecar
        image: busybox:1.36
        args: [sleep, '3600']
      volumes:
      - name: data
        emptyDir: {}
      restartPolicy: Always
      dnsPolicy: ClusterFirst
`) as Deployment;

/** What the server should store: LIVE with `change` made by hand. */
function live(change: (d: Deployment) => void): Deployment {
  const copy = structuredClone(LIVE);
  change(copy);
  return copy;
}

function apply(patch: string): unknown {
  return applyStrategicMergePatch(DEPLOYMENT, LIVE, parse(patch));
}

test('kubectl apply: change an env var, add one, remove another, remove a port, change the image', () => {
  const result = apply(`
    metadata: {annotations: {kubectl.kubernetes.io/last-applied-configuration: '{"new":true}'}}
    spec:
      template:
        spec:
          $setElementOrder/containers: [{name: web}, {name: sidecar}]
          containers:
          - $setElementOrder/env: [{name: A}, {name: C}]
            $setElementOrder/ports: [{containerPort: 80}]
            env: [{name: A, value: '10'}, {name: C, value: '3'}, {$patch: delete, name: B}]
            image: nginx:1.26
            name: web
            ports: [{$patch: delete, containerPort: 8080}]
  `);
  assert.deepEqual(result, live((d) => {
    d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"new":true}';
    const web = d.spec.template.spec.containers[0];
    web.image = 'nginx:1.26';
    web.env = [{ name: 'A', value: '10' }, { name: 'C', value: '3' }];
    web.ports = [{ containerPort: 80, protocol: 'TCP' }];
  }));
});

test('kubectl apply: switch the strategy to Recreate clears rollingUpdate ($retainKeys)', () => {
  assert.deepEqual(apply(`spec: {strategy: {$retainKeys: [type], type: Recreate}}`), live((d) => {
    d.spec.strategy = { type: 'Recreate' };
  }));
});

test('kubectl apply: add a container first, remove the sidecar, reorder', () => {
  const result = apply(`
    spec:
      template:
        spec:
          $setElementOrder/containers: [{name: init}, {name: web}]
          containers:
          - {image: busybox:1.36, name: init, command: [sh, -c, 'echo hi']}
          - {$patch: delete, name: sidecar}
  `);
  assert.deepEqual(result, live((d) => {
    d.spec.template.spec.containers = [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] }, d.spec.template.spec.containers[0]];
  }));
});

test('kubectl apply: a volume changes source (merge,retainKeys) and its mount moves', () => {
  const result = apply(`
    spec:
      template:
        spec:
          $setElementOrder/containers: [{name: web}, {name: sidecar}]
          $setElementOrder/volumes: [{name: data}]
          containers:
          - $setElementOrder/volumeMounts: [{mountPath: /srv}]
            name: web
            volumeMounts: [{mountPath: /srv, name: data}, {$patch: delete, mountPath: /data}]
          volumes: [{$retainKeys: [configMap, name], configMap: {name: cfg}, name: data}]
  `);
  assert.deepEqual(result, live((d) => {
    d.spec.template.spec.containers[0].volumeMounts = [{ mountPath: '/srv', name: 'data' }];
    d.spec.template.spec.volumes = [{ name: 'data', configMap: { name: 'cfg' } }];
  }));
});

test('kubectl apply: removed fields are nulls; removed finalizers a parallel deletion list', () => {
  const result = apply(`
    metadata:
      $setElementOrder/finalizers: [example.com/b, example.com/c]
      $deleteFromPrimitiveList/finalizers: [example.com/a]
      finalizers: [example.com/c]
      annotations: {kubectl.kubernetes.io/last-applied-configuration: null}
    spec:
      replicas: null
      template: {spec: {containers: [{name: sidecar, args: null}], $setElementOrder/containers: [{name: web}, {name: sidecar}]}}
  `);
  assert.deepEqual(result, live((d) => {
    d.metadata.finalizers = ['example.com/b', 'example.com/c'];
    d.metadata.annotations = {};
    delete d.spec.replicas;
    delete d.spec.template.spec.containers[1].args;
  }));
});

test('kubectl set image and kubectl rollout restart', () => {
  assert.deepEqual(
    apply(`{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],"containers":[{"image":"nginx:1.27","name":"web"}]}}}}`),
    live((d) => {
      d.spec.template.spec.containers[0].image = 'nginx:1.27';
    }),
  );
  assert.deepEqual(
    apply(`{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2024-01-01T00:00:00Z"}}}}}`),
    live((d) => {
      d.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' };
    }),
  );
});
