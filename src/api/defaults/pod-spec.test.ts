import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PodSpecLike } from '../validation/pod-spec.js';
import { defaultPod, defaultPodSpec, defaultPodTemplateSpec, imageTag } from './pod-spec.js';

describe('imageTag (upstream ParseImageName)', () => {
  test('untagged images are latest; digests have no tag; registry ports are not tags', () => {
    assert.equal(imageTag('busybox'), 'latest');
    assert.equal(imageTag('busybox:1.36'), '1.36');
    assert.equal(imageTag('localhost:5000/busybox'), 'latest');
    assert.equal(imageTag('localhost:5000/busybox:1.36'), '1.36');
    assert.equal(imageTag('busybox@sha256:abcd'), '');
  });
});

describe('defaultPodSpec', () => {
  test('fills pod spec and container defaults as upstream', () => {
    const spec: PodSpecLike = {
      containers: [
        { name: 'a', image: 'nginx', ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } } },
        { name: 'b', image: 'nginx:1.27', imagePullPolicy: 'Never' },
      ],
      volumes: [{ name: 'v' }, { name: 's', secret: { secretName: 's' } }, { name: 'h', hostPath: { path: '/x' } }],
      serviceAccount: 'robot',
    };
    defaultPodSpec(spec);
    assert.deepEqual(spec, {
      containers: [
        {
          name: 'a',
          image: 'nginx',
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        },
        { name: 'b', image: 'nginx:1.27', imagePullPolicy: 'Never', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} },
      ],
      volumes: [
        { name: 'v', emptyDir: {} },
        { name: 's', secret: { secretName: 's', defaultMode: 420 } },
        { name: 'h', hostPath: { path: '/x', type: '' } },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      serviceAccount: 'robot',
      serviceAccountName: 'robot',
    });
  });

  test('keeps what is set, and canonicalizes quantities', () => {
    const spec: PodSpecLike = { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '0.5', memory: '1024Mi' } } }], restartPolicy: 'Never', terminationGracePeriodSeconds: 0 };
    defaultPodSpec(spec);
    assert.equal(spec.restartPolicy, 'Never');
    assert.equal(spec.terminationGracePeriodSeconds, 0);
    assert.deepEqual(spec.containers![0]!.resources, { limits: { cpu: '500m', memory: '1Gi' } });
  });

  test('templates get the pod spec defaults but not the pod-only ones', () => {
    const template = { spec: { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1' } } }] } as PodSpecLike };
    defaultPodTemplateSpec(template);
    assert.equal(template.spec['enableServiceLinks'], undefined);
    assert.deepEqual(template.spec.containers![0]!.resources, { limits: { cpu: '1' } });
  });
});

describe('defaultPod (SetDefaults_Pod)', () => {
  test('requests default to limits; enableServiceLinks; host ports on the host network', () => {
    const spec: PodSpecLike = {
      hostNetwork: true,
      containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 8080 }], resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }],
    };
    defaultPod(spec);
    assert.deepEqual(spec.containers![0]!.resources, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    assert.deepEqual(spec.containers![0]!.ports, [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
    assert.equal(spec['enableServiceLinks'], true);
  });
});
