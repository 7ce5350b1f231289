import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from '../../../../api/field-errors.js';
import { isValidDeletionCost, validatePodAnnotations, validatePodAnnotationsUpdate } from './annotations.js';
import type { Pod } from './types.js';

const pod = (annotations: Record<string, string>, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', annotations },
  spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
});

test('deletion cost: a 32-bit integer without a plus sign or leading zeros', () => {
  for (const ok of ['0', '-5', '2147483647', '-2147483648']) assert.equal(isValidDeletionCost(ok), true, ok);
  for (const bad of ['', '+1', '007', '2147483648', '1.5', 'x']) assert.equal(isValidDeletionCost(bad), false, bad);
  assert.deepEqual(validatePodAnnotations(pod({ 'controller.kubernetes.io/pod-deletion-cost': '+1' })).map(fieldErrorMessage), [
    'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+1": must be a 32bit integer',
  ]);
});

test('mirror pods name their node; the annotation is fixed once created', () => {
  assert.deepEqual(validatePodAnnotations(pod({ 'kubernetes.io/config.mirror': 'x' })).map(fieldErrorMessage), [
    'metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set',
  ]);
  assert.deepEqual(validatePodAnnotations(pod({ 'kubernetes.io/config.mirror': 'x' }, 'n1')), []);
  assert.deepEqual(validatePodAnnotationsUpdate(pod({ 'kubernetes.io/config.mirror': 'x' }, 'n1'), pod({}, 'n1')).map(fieldErrorMessage), [
    'metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation',
  ]);
  assert.deepEqual(validatePodAnnotationsUpdate(pod({}, 'n1'), pod({ 'kubernetes.io/config.mirror': 'x' }, 'n1')).map(fieldErrorMessage), [
    'metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not remove or update mirror pod annotation',
  ]);
});
