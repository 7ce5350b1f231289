import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSelector } from '../../api/labels/index.js';
import type { KubeObjectLike } from '../object.js';
import { Indexer } from './indexer.js';
import { objectKey } from './keys.js';
import { Lister } from './lister.js';
import { obj } from './testing/helpers.js';

const names = (objs: KubeObjectLike[]): string[] => objs.map(objectKey).sort();

describe('Lister', () => {
  const idx = new Indexer();
  idx.add(obj('n1', 'a', { app: 'web', tier: 'front' }));
  idx.add(obj('n1', 'b', { app: 'db' }));
  idx.add(obj('n2', 'c', { app: 'web' }));
  idx.add({ metadata: { name: 'node1', labels: { app: 'web' } } });
  const lister = new Lister(idx);

  it('gets by namespace and name, and cluster-scoped objects with namespace ""', () => {
    assert.equal(lister.get('n1', 'a')?.metadata.name, 'a');
    assert.equal(lister.get('n2', 'a'), undefined);
    assert.equal(lister.get('', 'node1')?.metadata.name, 'node1');
    assert.equal(lister.namespaced('n2').get('c')?.metadata.name, 'c');
  });

  it('lists with label selectors, strings or parsed, across or within namespaces', () => {
    assert.equal(lister.list().length, 4);
    assert.deepEqual(names(lister.list('app=web')), ['n1/a', 'n2/c', 'node1']);
    assert.deepEqual(names(lister.list(parseSelector('app in (web),tier'))), ['n1/a']);
    assert.deepEqual(names(lister.list('app!=web')), ['n1/b']);
    assert.deepEqual(names(lister.listNamespace('n1')), ['n1/a', 'n1/b']);
    assert.deepEqual(names(lister.namespaced('n1').list('app=web')), ['n1/a']);
    assert.deepEqual(lister.namespaced('n3').list(), []);
    assert.throws(() => lister.list('app in ('));
  });
});
