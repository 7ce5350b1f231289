import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptedPatchTypes, prefixFromUserAgent } from './field-manager.js';

test('the default field manager is the User-Agent before its first "/", printable, at most 128 bytes', () => {
  assert.equal(prefixFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd'), 'kubectl');
  assert.equal(prefixFromUserAgent('kube-controller-manager/v1.32.0'), 'kube-controller-manager');
  assert.equal(prefixFromUserAgent('my\tagent\u0007/1'), 'myagent');
  assert.equal(prefixFromUserAgent('x'.repeat(200)), 'x'.repeat(128));
  assert.equal(prefixFromUserAgent(''), '');
});

test('the 415 message lists the patch types in upstream order, apply included', () => {
  assert.equal(
    acceptedPatchTypes(['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json']),
    'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
  );
});
