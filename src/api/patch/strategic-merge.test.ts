import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { StatusError } from '../../util/errors.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

/**
 * Cases ported from upstream strategicpatch/patch_test.go, on real types instead of its MergeItem:
 * mergingList → PodSpec.containers (merge key name; value → image, other → workingDir),
 * mergingIntList → ObjectMeta.finalizers, nonMergingList → Container.envFrom (atomic),
 * nested mergingList → Container.ports (key containerPort; value → name, other → hostIP),
 * simpleMap → ObjectMeta.labels, retainKeysMap → ObjectMeta (name, namespace, generateName,
 * labels, finalizers, ownerReferences by uid, managedFields atomic) and DeploymentSpec.strategy,
 * retainKeysMergingList → PodSpec.resourceClaims (merge,retainKeys by name).
 * Each case applies `twoWay` to `original` (giving `twoWayResult`, else `modified`) and
 * `threeWay` to `current` (giving `result`), as upstream's tests do.
 */
const TYPES: Record<string, string> = {
  Pod: 'k8s.io.api.core.v1.Pod',
  PodSpec: 'k8s.io.api.core.v1.PodSpec',
  Container: 'k8s.io.api.core.v1.Container',
  ObjectMeta: 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  DeploymentSpec: 'k8s.io.api.apps.v1.DeploymentSpec',
  ControllerRevision: 'k8s.io.api.apps.v1.ControllerRevision',
};

interface Case {
  description: string;
  type: string;
  original?: unknown;
  twoWay?: unknown;
  modified?: unknown;
  twoWayResult?: unknown;
  current?: unknown;
  threeWay?: unknown;
  result?: unknown;
  error?: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Applies with frozen inputs, so any mutation of them throws. */
function apply(type: string, original: unknown, patch: unknown): unknown {
  const typeName = TYPES[type];
  assert.ok(typeName, `unknown test type ${type}`);
  return applyStrategicMergePatch(typeName, deepFreeze(structuredClone(original ?? {})), deepFreeze(structuredClone(patch)));
}

function run(cases: Case[]): void {
  for (const c of cases) {
    test(`${c.type}: ${c.description}`, () => {
      if (c.error !== undefined) {
        const pattern = c.error;
        assert.throws(() => apply(c.type, c.original, c.twoWay), (err: unknown) => err instanceof StatusError && err.code === 400 && err.message.includes(pattern));
        return;
      }
      if (c.twoWay !== undefined) assert.deepEqual(apply(c.type, c.original, c.twoWay), c.twoWayResult ?? c.modified);
      if (c.threeWay !== undefined) assert.deepEqual(apply(c.type, c.current, c.threeWay), c.result);
    });
  }
}

// upstream customStrategicMergePatchTestCaseData and customStrategicMergePatchRawTestCases
run(parse(`
- description: unique scalars when merging lists
  type: ObjectMeta
  original: {finalizers: [a, b]}
  twoWay: {finalizers: [b, c]}
  modified: {finalizers: [a, b, c]}
- description: delete map from nested map
  type: ObjectMeta
  original: {labels: {key1: '1', key2: '1'}}
  twoWay: {labels: {$patch: delete}}
  modified: {labels: {}}
- description: delete all items from merging list
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2}]}
  twoWay: {containers: [{$patch: replace}]}
  modified: {containers: []}
- description: merge empty merging lists
  type: PodSpec
  original: {containers: []}
  twoWay: {containers: []}
  modified: {containers: []}
- description: delete all keys from map
  type: Container
  original: {name: c1, image: v1}
  twoWay: {$patch: replace}
  modified: {}
- description: add key and delete all keys from map
  type: Container
  original: {name: c1, image: v1}
  twoWay: {workingDir: a, $patch: replace}
  modified: {workingDir: a}
- description: delete all duplicate entries in a merging list
  type: PodSpec
  original: {containers: [{name: c1}, {name: c1}, {name: c2, image: a}, {name: c3}, {name: c3}]}
  twoWay: {containers: [{name: c1, $patch: delete}, {name: c3, $patch: delete}]}
  modified: {containers: [{name: c2, image: a}]}
- description: retainKeys map can add a field when no retainKeys directive present
  type: DeploymentSpec
  original: {strategy: {type: RollingUpdate}}
  twoWay: {strategy: {rollingUpdate: {maxSurge: 1}}}
  modified: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}
- description: retainKeys map can change a field when no retainKeys directive present
  type: DeploymentSpec
  original: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}
  twoWay: {strategy: {rollingUpdate: {maxSurge: 2}}}
  modified: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 2}}}
- description: retainKeys map can delete a field when no retainKeys directive present
  type: DeploymentSpec
  original: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}
  twoWay: {strategy: {rollingUpdate: null}}
  modified: {strategy: {type: RollingUpdate}}
- description: retainKeys map merge an empty map
  type: DeploymentSpec
  original: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}
  twoWay: {strategy: {}}
  modified: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}
- description: retainKeys list can add a field when no retainKeys directive present
  type: PodSpec
  original: {resourceClaims: [{name: bar}, {name: foo}]}
  twoWay: {resourceClaims: [{name: foo, resourceClaimName: a}]}
  modified: {resourceClaims: [{name: bar}, {name: foo, resourceClaimName: a}]}
- description: retainKeys list can delete a field when no retainKeys directive present
  type: PodSpec
  original: {resourceClaims: [{name: bar}, {name: foo, resourceClaimName: a}]}
  twoWay: {resourceClaims: [{name: foo, resourceClaimName: null}]}
  modified: {resourceClaims: [{name: bar}, {name: foo}]}
- description: preserve the order from the patch in a merging list
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2, image: b}, {name: c3}]}
  twoWay: {containers: [{name: c3, image: c}, {name: c1, image: a}, {name: c2, workingDir: x}]}
  modified: {containers: [{name: c3, image: c}, {name: c1, image: a}, {name: c2, image: b, workingDir: x}]}
- description: preserve the order from the patch in a merging list 2
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2, image: b}, {name: c3}]}
  twoWay: {containers: [{name: c3, image: c}, {name: c1, image: a}]}
  modified: {containers: [{name: c2, image: b}, {name: c3, image: c}, {name: c1, image: a}]}
- description: preserve the order from the patch in a merging int list
  type: ObjectMeta
  original: {finalizers: [a, b, c]}
  twoWay: {finalizers: [c, a, b]}
  modified: {finalizers: [c, a, b]}
- description: preserve the order from the patch in a merging int list 2
  type: ObjectMeta
  original: {finalizers: [a, b, c]}
  twoWay: {finalizers: [c, a]}
  modified: {finalizers: [b, c, a]}
- description: $setElementOrder contains item that is not present in the list to be merged
  type: PodSpec
  original: {containers: [{name: c1}, {name: c3}]}
  twoWay: {$setElementOrder/containers: [{name: c3}, {name: c2}, {name: c1}], containers: [{name: c3, image: v3}, {name: c1, image: v1}]}
  modified: {containers: [{name: c3, image: v3}, {name: c1, image: v1}]}
- description: $setElementOrder contains item that is not present in the int list to be merged
  type: ObjectMeta
  original: {finalizers: [a, c]}
  twoWay: {$setElementOrder/finalizers: [c, b, a]}
  modified: {finalizers: [c, a]}
- description: should check if order in $setElementOrder and patch list match
  type: PodSpec
  original: {containers: [{name: c1}, {name: c3}, {name: c2}]}
  twoWay: {$setElementOrder/containers: [{name: c1}, {name: c2}, {name: c3}], containers: [{name: c3, image: v3}, {name: c1, image: v1}]}
  error: doesn't match $setElementOrder list
- description: should check if order in $setElementOrder and patch int list match
  type: ObjectMeta
  original: {finalizers: [a, c, b]}
  twoWay: {$setElementOrder/finalizers: [a, b, c], finalizers: [c, a]}
  error: doesn't match $setElementOrder list
- description: missing merge key should error out
  type: PodSpec
  original: {containers: [{name: c1, image: a}]}
  twoWay: {containers: [{image: b}]}
  error: 'map: map[image:b] does not contain declared merge key: name'
`) as Case[]);

// upstream createStrategicMergePatchTestCaseData
run(parse(`
- description: nil original
  type: Container
  twoWay: {name: '1', image: '1'}
  modified: {name: '1', image: '1'}
  current: {name: '1', workingDir: a}
  threeWay: {image: '1'}
  result: {name: '1', image: '1', workingDir: a}
- description: add field and delete field from map with conflict
  type: Container
  original: {name: '1'}
  twoWay: {name: null, image: '1'}
  modified: {image: '1'}
  current: {name: a, workingDir: a}
  threeWay: {name: null, image: '1'}
  result: {image: '1', workingDir: a}
- description: delete field from nested map with conflict
  type: ObjectMeta
  original: {labels: {key1: '1', key2: '1'}}
  twoWay: {labels: {key2: null}}
  modified: {labels: {key1: '1'}}
  current: {labels: {key1: a, key2: '1', other: a}}
  threeWay: {labels: {key1: '1', key2: null}}
  result: {labels: {key1: '1', other: a}}
- description: add field and delete all fields from map with conflict
  type: Container
  original: {name: '1', image: '1'}
  twoWay: {name: null, image: null, workingDir: a}
  modified: {workingDir: a}
  current: {name: '1', image: '1', workingDir: b}
  threeWay: {name: null, image: null, workingDir: a}
  result: {workingDir: a}
- description: replace list of scalars with conflict
  type: Container
  original: {command: [a, b]}
  twoWay: {command: [b, c]}
  modified: {command: [b, c]}
  current: {command: [a, d]}
  threeWay: {command: [b, c]}
  result: {command: [b, c]}
- description: delete all maps from merging list with conflict
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2}]}
  twoWay: {containers: [{name: c1, $patch: delete}, {name: c2, $patch: delete}]}
  modified: {containers: []}
  current: {containers: [{name: c1, workingDir: a}, {name: c2, workingDir: b}]}
  threeWay: {containers: [{name: c1, $patch: delete}, {name: c2, $patch: delete}]}
  result: {containers: []}
- description: delete all maps from empty merging list
  type: PodSpec
  current: {containers: []}
  threeWay: {containers: [{name: c1, $patch: delete}, {name: c2, $patch: delete}]}
  result: {containers: []}
- description: defined null values should propagate overwrite current fields (with conflict)
  type: Container
  original: {name: '2'}
  twoWay: {name: '1', image: '1', workingDir: null}
  twoWayResult: {name: '1', image: '1'}
  current: {name: a, workingDir: a}
  threeWay: {name: '1', image: '1', workingDir: null}
  result: {name: '1', image: '1'}
`) as Case[]);

// upstream strategicMergePatchRawTestCases: lists of maps
run(parse(`
- description: merge lists of maps
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2, image: v2}]}
  twoWay: {$setElementOrder/containers: [{name: c4}, {name: c1}, {name: c2}, {name: c3}], containers: [{name: c4, image: v4}, {name: c3, image: v3}]}
  modified: {containers: [{name: c4, image: v4}, {name: c1}, {name: c2, image: v2}, {name: c3, image: v3}]}
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c4}, {name: c1}, {name: c2}, {name: c3}], containers: [{name: c4, image: v4}, {name: c3, image: v3}]}
  result: {containers: [{name: c4, image: v4}, {name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}, {name: c3, image: v3}]}
- description: merge lists of maps with conflict
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v3, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}, {name: c3}], containers: [{name: c2, image: v2}, {name: c3, image: v3}]}
  result: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}, {name: c3, image: v3}]}
- description: add field to map in merging list
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2, image: v2}]}
  twoWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c1, image: v1}]}
  modified: {containers: [{name: c1, image: v1}, {name: c2, image: v2}]}
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c1, image: v1}]}
  result: {containers: [{name: c1, image: v1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
- description: add field to map in merging list with conflict
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c3, image: v2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c1, image: v1}, {name: c2, image: v2}]}
  result: {containers: [{name: c1, image: v1, workingDir: a}, {name: c2, image: v2}, {name: c3, image: v2, workingDir: b}]}
- description: delete duplicate field in merging list (a map replaces a list)
  type: PodSpec
  current: {containers: [{name: c1}, {name: c1}]}
  threeWay: {containers: {}}
  result: {containers: {}}
- description: add duplicate field to map in merging list with conflict
  type: PodSpec
  current: {containers: [{name: c1, image: v1, workingDir: a}, {name: c2, image: v3, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c2, image: v2}]}
  result: {containers: [{name: c1, image: v1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
- description: replace map field value in merging list with conflict
  type: PodSpec
  current: {containers: [{name: c1, image: v3, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c1, image: a}]}
  result: {containers: [{name: c1, image: a, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
- description: delete map from merging list
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2}]}
  twoWay: {$setElementOrder/containers: [{name: c2}], containers: [{name: c1, $patch: delete}]}
  modified: {containers: [{name: c2}]}
  current: {containers: [{name: c1}, {name: c2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c2}], containers: [{name: c1, $patch: delete}]}
  result: {containers: [{name: c2, workingDir: b}]}
- description: delete missing map from merging list
  type: PodSpec
  current: {containers: [{name: c2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c2}], containers: [{name: c1, $patch: delete}]}
  result: {containers: [{name: c2, workingDir: b}]}
- description: delete missing map from merging list with conflict
  type: PodSpec
  current: {containers: [{name: c3, workingDir: a}]}
  threeWay: {$setElementOrder/containers: [{name: c2}], containers: [{name: c2}, {name: c1, $patch: delete}]}
  result: {containers: [{name: c2}, {name: c3, workingDir: a}]}
- description: add map and delete map from merging list
  type: PodSpec
  original: {containers: [{name: c1}, {name: c2}]}
  twoWay: {$setElementOrder/containers: [{name: c2}, {name: c3}], containers: [{name: c3}, {name: c1, $patch: delete}]}
  modified: {containers: [{name: c2}, {name: c3}]}
  current: {containers: [{name: c1}, {name: c2, workingDir: b}, {name: c4, workingDir: c}]}
  threeWay: {$setElementOrder/containers: [{name: c2}, {name: c3}], containers: [{name: c3}, {name: c1, $patch: delete}]}
  result: {containers: [{name: c2, workingDir: b}, {name: c4, workingDir: c}, {name: c3}]}
- description: add map and delete map from merging list with conflict
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c4, workingDir: c}]}
  threeWay: {$setElementOrder/containers: [{name: c2}, {name: c3}], containers: [{name: c2}, {name: c3}, {name: c1, $patch: delete}]}
  result: {containers: [{name: c4, workingDir: c}, {name: c2}, {name: c3}]}
- description: delete field from map in merging list with conflict
  type: PodSpec
  current: {containers: [{name: c1, image: a, workingDir: a}, {name: c2, image: v2}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c1, image: null}]}
  result: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2}]}
- description: delete missing field from map in merging list with conflict
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c1, image: null}, {name: c2, image: v2}]}
  result: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
- description: replace non merging list nested in merging list with deletion conflict
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a, envFrom: [{prefix: p2}]}, {name: c2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c2}], containers: [{name: c1, envFrom: [{prefix: p1, configMapRef: {name: x}}]}]}
  result: {containers: [{name: c1, workingDir: a, envFrom: [{prefix: p1, configMapRef: {name: x}}]}, {name: c2, workingDir: b}]}
- description: add field to map in merging list nested in merging list
  type: PodSpec
  original: {containers: [{name: c1, ports: [{containerPort: 1}, {containerPort: 2, name: p2}]}, {name: c2}]}
  twoWay:
    $setElementOrder/containers: [{name: c1}, {name: c2}]
    containers: [{$setElementOrder/ports: [{containerPort: 1}, {containerPort: 2}], name: c1, ports: [{containerPort: 1, name: p1}]}]
  modified: {containers: [{name: c1, ports: [{containerPort: 1, name: p1}, {containerPort: 2, name: p2}]}, {name: c2}]}
- description: add field to map in merging list nested in merging list with value conflict
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a, ports: [{containerPort: 1, name: a, hostIP: c}, {containerPort: 2, name: b, hostIP: d}]}, {name: c2, workingDir: b}]}
  threeWay:
    $setElementOrder/containers: [{name: c1}, {name: c2}]
    containers: [{$setElementOrder/ports: [{containerPort: 1}, {containerPort: 2}], name: c1, ports: [{containerPort: 1, name: p1}, {containerPort: 2, name: p2}]}]
  result: {containers: [{name: c1, workingDir: a, ports: [{containerPort: 1, name: p1, hostIP: c}, {containerPort: 2, name: p2, hostIP: d}]}, {name: c2, workingDir: b}]}
- description: add field to map in merging list nested in merging list with deletion conflict
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a, ports: [{containerPort: 2, name: p2, hostIP: d}]}, {name: c2, workingDir: b}]}
  threeWay:
    $setElementOrder/containers: [{name: c1}, {name: c2}]
    containers: [{$setElementOrder/ports: [{containerPort: 1}, {containerPort: 2}], name: c1, ports: [{containerPort: 1, name: p1}]}]
  result: {containers: [{name: c1, workingDir: a, ports: [{containerPort: 1, name: p1}, {containerPort: 2, name: p2, hostIP: d}]}, {name: c2, workingDir: b}]}
- description: add field to map in merging list nested in merging list with deletion conflict, reordered
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a, ports: [{containerPort: 2, name: p2, hostIP: d}]}, {name: c2, workingDir: b}]}
  threeWay:
    $setElementOrder/containers: [{name: c1}, {name: c2}]
    containers: [{$setElementOrder/ports: [{containerPort: 2}, {containerPort: 1}], name: c1, ports: [{containerPort: 1, name: p1}]}]
  result: {containers: [{name: c1, workingDir: a, ports: [{containerPort: 2, name: p2, hostIP: d}, {containerPort: 1, name: p1}]}, {name: c2, workingDir: b}]}
- description: add map to merging list by pointer with conflict
  type: PodSpec
  current: {initContainers: [{name: c3}]}
  threeWay: {$setElementOrder/initContainers: [{name: c1}, {name: c2}], initContainers: [{name: c1}, {name: c2}]}
  result: {initContainers: [{name: c1}, {name: c2}, {name: c3}]}
- description: delete and reorder in one list, reorder in another
  type: PodSpec
  current: {containers: [{name: a, image: a}, {name: b, image: b}], initContainers: [{name: c, image: c}, {name: d, image: d}]}
  threeWay: {$setElementOrder/containers: [{name: b}], $setElementOrder/initContainers: [{name: d}, {name: c}], containers: [{$patch: delete, name: a}]}
  result: {containers: [{name: b, image: b}], initContainers: [{name: d, image: d}, {name: c, image: c}]}
`) as Case[]);

// upstream strategicMergePatchRawTestCases: element order
run(parse(`
- description: add an item in a list and preserve order
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c3}, {name: c1}, {name: c2}], containers: [{name: c3, image: v3}]}
  result: {containers: [{name: c3, image: v3}, {name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
- description: add multiple items in a list and preserve order
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}]}
  threeWay: {$setElementOrder/containers: [{name: c1}, {name: c4}, {name: c2}, {name: c3}], containers: [{name: c4, image: v4}, {name: c3, image: v3}]}
  result: {containers: [{name: c1, workingDir: a}, {name: c4, image: v4}, {name: c2, image: v2, workingDir: b}, {name: c3, image: v3}]}
- description: delete an item in a list and preserve order
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}, {name: c3, image: v3}]}
  threeWay: {$setElementOrder/containers: [{name: c2}, {name: c1}], containers: [{name: c3, $patch: delete}]}
  result: {containers: [{name: c2, image: v2, workingDir: b}, {name: c1, workingDir: a}]}
- description: change an item in a list and preserve order
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}, {name: c3, image: v3}]}
  threeWay: {$setElementOrder/containers: [{name: c2}, {name: c3}, {name: c1}], containers: [{name: c3, image: x}]}
  result: {containers: [{name: c2, image: v2, workingDir: b}, {name: c3, image: x}, {name: c1, workingDir: a}]}
- description: add and delete an item in a list and preserve order
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c2, image: v2, workingDir: b}, {name: c3, image: v3}]}
  threeWay: {$setElementOrder/containers: [{name: c4}, {name: c2}, {name: c1}], containers: [{name: c4, image: v4}, {name: c3, $patch: delete}]}
  result: {containers: [{name: c4, image: v4}, {name: c2, image: v2, workingDir: b}, {name: c1, workingDir: a}]}
- description: set elements order in a list
  type: PodSpec
  current: {containers: [{name: c1, workingDir: a}, {name: c3}, {name: c4}, {name: c2}]}
  threeWay: {$setElementOrder/containers: [{name: c4}, {name: c2}, {name: c3}, {name: c1}]}
  result: {containers: [{name: c4}, {name: c2}, {name: c3}, {name: c1, workingDir: a}]}
- description: set elements order in a list with server-only items
  type: PodSpec
  current: {containers: [{name: c1}, {name: c3}, {name: c4}, {name: c2}, {name: c9}]}
  threeWay: {$setElementOrder/containers: [{name: c4}, {name: c2}, {name: c3}, {name: c1}]}
  result: {containers: [{name: c4}, {name: c2}, {name: c3}, {name: c1}, {name: c9}]}
- description: set elements order in a list with server-only items 2
  type: PodSpec
  current: {containers: [{name: c1}, {name: c2}, {name: c9}, {name: c3}, {name: c4}]}
  threeWay: {$setElementOrder/containers: [{name: c2}, {name: c1}, {name: c4}, {name: c3}]}
  result: {containers: [{name: c2}, {name: c1}, {name: c9}, {name: c4}, {name: c3}]}
- description: set elements order in a list with server-only items 3
  type: PodSpec
  current: {containers: [{name: c1}, {name: c2}, {name: c7}, {name: c9}, {name: c8}, {name: c3}, {name: c4}]}
  threeWay: {$setElementOrder/containers: [{name: c2}, {name: c1}, {name: c4}, {name: c3}]}
  result: {containers: [{name: c2}, {name: c1}, {name: c7}, {name: c9}, {name: c8}, {name: c4}, {name: c3}]}
- description: behavior of set element order for a merging list with duplicate
  type: PodSpec
  current: {containers: [{name: c1}, {name: c2, image: dup1}, {name: c3}, {name: c2, image: dup2}, {name: c4}]}
  threeWay: {$setElementOrder/containers: [{name: c2}, {name: c1}, {name: c4}, {name: c3}, {name: c2}]}
  result: {containers: [{name: c2, image: dup1}, {name: c2, image: dup2}, {name: c1}, {name: c4}, {name: c3}]}
`) as Case[]);

// upstream strategicMergePatchRawTestCases: lists of primitives
run(parse(`
- description: delete items in lists of scalars
  type: ObjectMeta
  original: {finalizers: [a, b, c]}
  twoWay: {$setElementOrder/finalizers: [a, b], $deleteFromPrimitiveList/finalizers: [c]}
  modified: {finalizers: [a, b]}
  current: {finalizers: [a, b, c, d]}
  threeWay: {$setElementOrder/finalizers: [a, b], $deleteFromPrimitiveList/finalizers: [c]}
  result: {finalizers: [a, b, d]}
- description: delete all duplicate items in lists of scalars
  type: ObjectMeta
  current: {finalizers: [a, b, c, c, d]}
  threeWay: {$setElementOrder/finalizers: [a, b], $deleteFromPrimitiveList/finalizers: [c]}
  result: {finalizers: [a, b, d]}
- description: add and delete items in lists of scalars
  type: ObjectMeta
  original: {finalizers: [a, b, c]}
  twoWay: {$setElementOrder/finalizers: [a, b, d], $deleteFromPrimitiveList/finalizers: [c], finalizers: [d]}
  modified: {finalizers: [a, b, d]}
  current: {finalizers: [a, b, c, d]}
  threeWay: {$setElementOrder/finalizers: [a, b, d], $deleteFromPrimitiveList/finalizers: [c]}
  result: {finalizers: [a, b, d]}
- description: merge lists of scalars
  type: ObjectMeta
  original: {finalizers: [a, b]}
  twoWay: {$setElementOrder/finalizers: [a, b, c], finalizers: [c]}
  modified: {finalizers: [a, b, c]}
  current: {finalizers: [a, b, d]}
  threeWay: {$setElementOrder/finalizers: [a, b, c], finalizers: [c]}
  result: {finalizers: [a, b, c, d]}
- description: add an item in a list of primitives and preserve order
  type: ObjectMeta
  current: {finalizers: [a, d, b]}
  threeWay: {$setElementOrder/finalizers: [c, a, b], finalizers: [c]}
  result: {finalizers: [c, a, d, b]}
- description: delete an item in a list of primitives and preserve order
  type: ObjectMeta
  current: {finalizers: [a, b, c]}
  threeWay: {$setElementOrder/finalizers: [b, a], $deleteFromPrimitiveList/finalizers: [c]}
  result: {finalizers: [b, a]}
- description: add multiple items in a int list and preserve order
  type: ObjectMeta
  current: {finalizers: [a, b]}
  threeWay: {$setElementOrder/finalizers: [a, d, b, c], finalizers: [d, c]}
  result: {finalizers: [a, d, b, c]}
- description: add and delete an item in a int list and preserve order
  type: ObjectMeta
  current: {finalizers: [a, b, c]}
  threeWay: {$setElementOrder/finalizers: [d, b, a], finalizers: [d], $deleteFromPrimitiveList/finalizers: [c]}
  result: {finalizers: [d, b, a]}
- description: set elements order in a int list with server-only items
  type: ObjectMeta
  current: {finalizers: [a, c, d, b, z]}
  threeWay: {$setElementOrder/finalizers: [d, b, c, a]}
  result: {finalizers: [d, b, c, a, z]}
- description: set elements order in a int list with server-only items 2
  type: ObjectMeta
  current: {finalizers: [a, b, z, c, d]}
  threeWay: {$setElementOrder/finalizers: [b, a, d, c]}
  result: {finalizers: [b, a, z, d, c]}
- description: set elements order in a int list with server-only items 3
  type: ObjectMeta
  current: {finalizers: [a, b, x, z, y, c, d]}
  threeWay: {$setElementOrder/finalizers: [b, a, d, c]}
  result: {finalizers: [b, a, x, z, y, d, c]}
- description: behavior of set element order for a merging int list with duplicate
  type: ObjectMeta
  current: {finalizers: [a, b, c, b, d]}
  threeWay: {$setElementOrder/finalizers: [b, a, d, c, b]}
  result: {finalizers: [b, b, a, d, c]}
- description: deleting from a list that is not a merging list still deletes (upstream PR 110472)
  type: Container
  current: {command: [sh, -c, sleep]}
  threeWay: {$deleteFromPrimitiveList/command: [-c]}
  result: {command: [sh, sleep]}
`) as Case[]);

// upstream strategicMergePatchRawTestCases: $retainKeys
run(parse(`
- description: retainKeys map should clear defaulted field (discriminated union)
  type: DeploymentSpec
  current: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}}
  threeWay: {strategy: {$retainKeys: [type], type: Recreate}}
  result: {strategy: {type: Recreate}}
- description: retainKeys map adds a field and clear a field
  type: ObjectMeta
  current: {name: foo, generateName: a}
  threeWay: {$retainKeys: [name, namespace], namespace: bar}
  result: {name: foo, namespace: bar}
- description: retainKeys map deletes a field and clears a field
  type: ObjectMeta
  current: {name: foo, namespace: bar, generateName: a}
  threeWay: {$retainKeys: [name], namespace: null}
  result: {name: foo}
- description: retainKeys map clears a field
  type: ObjectMeta
  current: {name: foo, namespace: bar, generateName: a}
  threeWay: {$retainKeys: [name, namespace]}
  result: {name: foo, namespace: bar}
- description: retainKeys map adds a field in a nested map
  type: ObjectMeta
  current: {name: foo, namespace: bar, labels: {key1: a, key3: c}}
  threeWay: {$retainKeys: [labels, name, namespace], labels: {key2: b}}
  result: {name: foo, namespace: bar, labels: {key1: a, key2: b, key3: c}}
- description: retainKeys map delete nested non-merging list with conflict
  type: ObjectMeta
  current: {name: foo, managedFields: [{manager: a}, {manager: b}, {manager: c}]}
  threeWay: {$retainKeys: [name, namespace], namespace: bar, managedFields: null}
  result: {name: foo, namespace: bar}
- description: retainKeys map nested merging int list with no change
  type: ObjectMeta
  current: {name: foo, finalizers: [a, b, c]}
  threeWay: {$retainKeys: [finalizers, name, namespace], $setElementOrder/finalizers: [a, b], namespace: bar}
  result: {name: foo, namespace: bar, finalizers: [a, b, c]}
- description: retainKeys map adds an item in nested merging int list
  type: ObjectMeta
  current: {name: foo, finalizers: [a, b, c]}
  threeWay: {$setElementOrder/finalizers: [a, b, d], $retainKeys: [finalizers, name], finalizers: [d]}
  result: {name: foo, finalizers: [a, b, d, c]}
- description: retainKeys map deletes an item in nested merging int list
  type: ObjectMeta
  current: {name: foo, finalizers: [a, b, c, d]}
  threeWay: {$retainKeys: [finalizers, name], $deleteFromPrimitiveList/finalizers: [b], $setElementOrder/finalizers: [a, c]}
  result: {name: foo, finalizers: [a, c, d]}
- description: retainKeys map adds an item and deletes an item in nested merging int list
  type: ObjectMeta
  current: {name: foo, finalizers: [a, b, c, d]}
  threeWay: {$retainKeys: [finalizers, name], finalizers: [e], $deleteFromPrimitiveList/finalizers: [b], $setElementOrder/finalizers: [a, c, e]}
  result: {name: foo, finalizers: [a, c, e, d]}
- description: retainKeys map deletes nested merging int list
  type: ObjectMeta
  current: {name: foo, finalizers: [a, b, c]}
  threeWay: {$retainKeys: [name], finalizers: null}
  result: {name: foo}
- description: retainKeys map nested merging list with no change
  type: ObjectMeta
  current: {name: foo, ownerReferences: [{uid: a}, {uid: b}, {uid: c}]}
  threeWay: {$retainKeys: [name, namespace, ownerReferences], $setElementOrder/ownerReferences: [{uid: a}, {uid: b}], namespace: bar}
  result: {name: foo, namespace: bar, ownerReferences: [{uid: a}, {uid: b}, {uid: c}]}
- description: retainKeys map adds an item in nested merging list
  type: ObjectMeta
  current: {name: foo, ownerReferences: [{uid: a}, {uid: b}, {uid: x}]}
  threeWay: {$retainKeys: [name, ownerReferences], $setElementOrder/ownerReferences: [{uid: a}, {uid: b}, {uid: c}], ownerReferences: [{uid: c}]}
  result: {name: foo, ownerReferences: [{uid: a}, {uid: b}, {uid: c}, {uid: x}]}
- description: retainKeys map changes an item in nested merging list
  type: ObjectMeta
  current: {name: foo, ownerReferences: [{uid: a}, {uid: b, name: foo}, {uid: x}]}
  threeWay: {$retainKeys: [name, ownerReferences], $setElementOrder/ownerReferences: [{uid: a}, {uid: b}], ownerReferences: [{uid: b, name: bar}]}
  result: {name: foo, ownerReferences: [{uid: a}, {uid: b, name: bar}, {uid: x}]}
- description: retainKeys map deletes an item in nested merging list
  type: ObjectMeta
  current: {name: foo, ownerReferences: [{uid: a}, {uid: b}, {uid: x}]}
  threeWay: {$retainKeys: [name, ownerReferences], $setElementOrder/ownerReferences: [{uid: a}], ownerReferences: [{uid: b, $patch: delete}]}
  result: {name: foo, ownerReferences: [{uid: a}, {uid: x}]}
- description: retainKeys list of maps clears a field
  type: PodSpec
  current: {resourceClaims: [{name: bar}, {name: foo, resourceClaimName: a, resourceClaimTemplateName: x}]}
  threeWay: {$setElementOrder/resourceClaims: [{name: bar}, {name: foo}], resourceClaims: [{$retainKeys: [name, resourceClaimName], name: foo}]}
  result: {resourceClaims: [{name: bar}, {name: foo, resourceClaimName: a}]}
- description: retainKeys list of maps changes a field and clear a field
  type: PodSpec
  current: {resourceClaims: [{name: bar}, {name: foo, resourceClaimName: old, resourceClaimTemplateName: x}]}
  threeWay: {$setElementOrder/resourceClaims: [{name: bar}, {name: foo}], resourceClaims: [{$retainKeys: [name, resourceClaimName], name: foo, resourceClaimName: new}]}
  result: {resourceClaims: [{name: bar}, {name: foo, resourceClaimName: new}]}
- description: retainKeys list of maps deletes a field and clear a field
  type: PodSpec
  current: {resourceClaims: [{name: bar}, {name: foo, resourceClaimName: a, resourceClaimTemplateName: x}]}
  threeWay: {$setElementOrder/resourceClaims: [{name: bar}, {name: foo}], resourceClaims: [{$retainKeys: [name], name: foo, resourceClaimName: null}]}
  result: {resourceClaims: [{name: bar}, {name: foo}]}
`) as Case[]);

// Fields without patch metadata merge like a JSON merge patch (upstream TestUnknownField, and RawExtension).
run(parse(`
- description: unknown fields are added, merged and removed
  type: Pod
  current: {kind: Pod, scalar: true, complex: {nested: true, keep: 1}, array: [1, 2, 3]}
  threeWay: {scalar: null, complex: {nested: false, added: {x: null, y: 1}}, array: [4]}
  result: {kind: Pod, complex: {nested: false, keep: 1, added: {y: 1}}, array: [4]}
- description: RawExtension content merges like a JSON merge patch
  type: ControllerRevision
  current: {revision: 1, data: {spec: {template: {a: 1, b: 2}}, list: [{name: x}]}}
  threeWay: {data: {spec: {template: {a: null, c: 3}}, list: [{name: y}]}}
  result: {revision: 1, data: {spec: {template: {b: 2, c: 3}}, list: [{name: y}]}}
`) as Case[]);

// Misused directives are 400 Bad Request, worded as upstream words them.
run(parse(`
- {description: unknown $patch on an object, type: PodSpec, original: {}, twoWay: {securityContext: {$patch: merge}}, error: 'unknown patch type: merge in map: map[$patch:merge]'}
- {description: $patch merge in a list, type: PodSpec, original: {containers: [{name: a}]}, twoWay: {containers: [{$patch: merge}]}, error: merging lists cannot yet be specified in the patch}
- {description: unknown $patch in a list, type: PodSpec, original: {containers: [{name: a}]}, twoWay: {containers: [{$patch: nope}]}, error: 'unknown patch type: nope in map: map[$patch:nope]'}
- {description: $patch delete item without merge key, type: PodSpec, original: {containers: [{name: a}]}, twoWay: {containers: [{$patch: delete}]}, error: does not contain declared merge key}
- {description: $retainKeys not a list, type: DeploymentSpec, original: {}, twoWay: {strategy: {$retainKeys: type}}, error: invalid patch format of retainKeys}
- {description: field set but not retained, type: DeploymentSpec, original: {}, twoWay: {strategy: {$retainKeys: [type], rollingUpdate: {}}}, error: invalid patch format of retainKeys}
- {description: $setElementOrder without a field, type: PodSpec, original: {}, twoWay: {$setElementOrderX: []}, error: invalid patch format of setElementOrder list}
- {description: $setElementOrder not a list, type: PodSpec, original: {}, twoWay: {$setElementOrder/containers: {}}, error: 'expected a []interface {}, but received a map[string]interface {}'}
- {description: $setElementOrder item without merge key, type: PodSpec, original: {containers: [{name: a}]}, twoWay: {$setElementOrder/containers: [{image: a}]}, error: does not contain declared merge key}
- {description: $deleteFromPrimitiveList without a field, type: ObjectMeta, original: {}, twoWay: {$deleteFromPrimitiveListfinalizers: [a]}, error: invalid patch format of primitive list}
- {description: $deleteFromPrimitiveList not a list, type: ObjectMeta, original: {finalizers: [a]}, twoWay: {$deleteFromPrimitiveList/finalizers: a}, error: 'expected a []interface {}, but received a string'}
- {description: lists of lists, type: ObjectMeta, original: {finalizers: [a]}, twoWay: {finalizers: [[b]]}, error: lists of lists are not supported}
- {description: mixed element types, type: PodSpec, original: {containers: [{name: a}]}, twoWay: {containers: [b]}, error: list element types are not identical}
`) as Case[]);

test('a patch must be an object; null changes nothing', () => {
  const pod = { metadata: { name: 'p' } };
  for (const patch of [[], 'x', 1, true]) {
    assert.throws(() => applyStrategicMergePatch(TYPES.Pod as string, pod, patch), (err: unknown) => err instanceof StatusError && err.code === 400 && /cannot unmarshal/.test(err.message));
  }
  assert.deepEqual(applyStrategicMergePatch(TYPES.Pod as string, pod, null), pod);
});

test('the result shares nothing with the inputs', () => {
  const original = { metadata: { labels: { a: '1' } }, spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }] }] } };
  const patch = { spec: { tolerations: [{ key: 'k' }] } };
  const result = applyStrategicMergePatch(TYPES.Pod as string, original, patch) as typeof original & typeof patch;
  result.metadata.labels.a = 'changed';
  result.spec.containers[0]?.env.push({ name: 'B', value: '2' });
  result.spec.tolerations.push({ key: 'other' });
  assert.deepEqual(original.metadata.labels, { a: '1' });
  assert.equal(original.spec.containers[0]?.env.length, 1);
  assert.deepEqual(patch.spec.tolerations, [{ key: 'k' }]);
});

test('directives and nulls in content the original lacks do not leak', () => {
  assert.deepEqual(
    apply('PodSpec', {}, parse(`
      $setElementOrder/containers: [{name: web}]
      containers:
      - $setElementOrder/env: [{name: A}]
        name: web
        image: nginx
        args: null
        env: [{name: A, value: '1'}, {name: B, $patch: delete}]
        securityContext: {$retainKeys: [runAsUser], runAsUser: 1}
      securityContext: {$patch: replace, runAsUser: 2, fsGroup: null}
      $deleteFromPrimitiveList/finalizers: [x]
    `)),
    { containers: [{ name: 'web', image: 'nginx', env: [{ name: 'A', value: '1' }], securityContext: { runAsUser: 1 } }], securityContext: { runAsUser: 2 } },
  );
});
