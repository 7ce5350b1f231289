import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObjectLike } from '../object.js';
import { Indexer, NAMESPACE_INDEX } from './indexer.js';
import { keyFor, objectKey, splitKey } from './keys.js';
import { obj } from './testing/helpers.js';

const byApp = (o: KubeObjectLike): string[] => (o.metadata.labels?.['app'] ? [o.metadata.labels['app']] : []);
const names = (objs: KubeObjectLike[]): string[] => objs.map(objectKey).sort();

describe('keys', () => {
  it('uses namespace/name, or name for cluster-scoped objects', () => {
    assert.equal(objectKey(obj('ns', 'a')), 'ns/a');
    assert.equal(objectKey({ metadata: { name: 'node1' } }), 'node1');
    assert.equal(keyFor('', 'node1'), 'node1');
    assert.deepEqual(splitKey('ns/a'), { namespace: 'ns', name: 'a' });
    assert.deepEqual(splitKey('node1'), { namespace: '', name: 'node1' });
    assert.throws(() => objectKey({ metadata: {} }), /no metadata.name/);
  });
});

describe('Indexer', () => {
  it('adds, updates and deletes by key, returning the previous object', () => {
    const idx = new Indexer();
    const a1 = obj('ns', 'a');
    const a2 = obj('ns', 'a', undefined, 'v2');
    assert.equal(idx.add(a1), undefined);
    assert.equal(idx.update(a2), a1);
    assert.equal(idx.getByKey('ns/a'), a2);
    assert.equal(idx.size, 1);
    assert.equal(idx.delete(obj('ns', 'a')), a2);
    assert.equal(idx.delete(obj('ns', 'a')), undefined);
    assert.equal(idx.size, 0);
  });

  it('keeps the namespace index and custom indexes consistent', () => {
    const idx = new Indexer({ app: byApp });
    idx.add(obj('n1', 'a', { app: 'web' }));
    idx.add(obj('n1', 'b', { app: 'db' }));
    idx.add(obj('n2', 'c', { app: 'web' }));
    idx.add({ metadata: { name: 'cluster-wide' } });
    assert.deepEqual(names(idx.byIndex(NAMESPACE_INDEX, 'n1')), ['n1/a', 'n1/b']);
    assert.deepEqual(names(idx.byIndex(NAMESPACE_INDEX, '')), ['cluster-wide']);
    assert.deepEqual(names(idx.byIndex('app', 'web')), ['n1/a', 'n2/c']);
    // A label change moves the object between index values.
    idx.update(obj('n1', 'a', { app: 'db' }));
    assert.deepEqual(names(idx.byIndex('app', 'web')), ['n2/c']);
    assert.deepEqual(names(idx.byIndex('app', 'db')), ['n1/a', 'n1/b']);
    idx.delete(obj('n2', 'c'));
    assert.deepEqual(idx.byIndex('app', 'web'), []);
    assert.deepEqual(idx.listIndexValues('app'), ['db']);
    assert.throws(() => idx.byIndex('nope', 'x'), /index "nope" does not exist/);
  });

  it('replace swaps the whole content and rebuilds indexes', () => {
    const idx = new Indexer({ app: byApp });
    idx.add(obj('n1', 'a', { app: 'web' }));
    idx.replace([obj('n2', 'b', { app: 'db' })]);
    assert.deepEqual(idx.listKeys(), ['n2/b']);
    assert.deepEqual(idx.byIndex('app', 'web'), []);
    assert.deepEqual(names(idx.byIndex('app', 'db')), ['n2/b']);
    assert.deepEqual(idx.byIndex(NAMESPACE_INDEX, 'n1'), []);
  });

  it('indexes existing objects when an indexer is added later, and rejects duplicates', () => {
    const idx = new Indexer();
    idx.add(obj('n1', 'a', { app: 'web' }));
    idx.addIndexers({ app: byApp });
    assert.deepEqual(names(idx.byIndex('app', 'web')), ['n1/a']);
    assert.throws(() => idx.addIndexers({ app: byApp }), /already exists/);
  });
});
