import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NodeCondition } from '../shared/node-types.js';
import { computeZoneState, decideDisruption, DEFAULT_EVICTION_RATES, zoneKey, type ZoneState } from './zones.js';

const ready: NodeCondition = { type: 'Ready', status: 'True' };
const unknown: NodeCondition = { type: 'Ready', status: 'Unknown' };
const notReady: NodeCondition = { type: 'Ready', status: 'False' };

describe('zones', () => {
  test('zoneKey joins region and zone, beta labels first', () => {
    assert.equal(zoneKey({ metadata: {} }), '');
    assert.equal(zoneKey({ metadata: { labels: { 'topology.kubernetes.io/zone': 'a' } } }), ':\x00:a');
    assert.equal(zoneKey({ metadata: { labels: { 'topology.kubernetes.io/region': 'r', 'failure-domain.beta.kubernetes.io/zone': 'b', 'topology.kubernetes.io/zone': 'a' } } }), 'r:\x00:b');
  });

  test('computeZoneState: full without Ready nodes, partial above the threshold with more than 2 not Ready', () => {
    assert.equal(computeZoneState([unknown, notReady], 0.55).state, 'FullDisruption');
    assert.equal(computeZoneState([ready, unknown], 0.55).state, 'Normal');
    assert.equal(computeZoneState([ready, unknown, unknown, undefined], 0.55).state, 'PartialDisruption');
    assert.equal(computeZoneState([ready, ready, unknown, unknown, unknown, ready, ready], 0.55).state, 'Normal');
  });

  test('one dead node of two: the zone stays Normal at the default rate', () => {
    const d = decideDisruption(new Map([['', 'Initial' as ZoneState]]), new Map([['', [ready, unknown]]]), DEFAULT_EVICTION_RATES);
    assert.equal(d.kind, 'steady');
    assert.deepEqual([...d.states], [['', 'Normal']]);
    assert.deepEqual([...d.rates], [['', 0.1]]);
  });

  test('every zone fully disrupted: enter, stop tainting; some node back: exit with rates per state', () => {
    const previous = new Map<string, ZoneState>([['a', 'Normal'], ['b', 'Normal']]);
    const enter = decideDisruption(previous, new Map([['a', [unknown]], ['b', [unknown, unknown]]]), DEFAULT_EVICTION_RATES);
    assert.equal(enter.kind, 'enter-full-disruption');
    assert.deepEqual([...enter.rates], [['a', 0], ['b', 0]]);
    const still = decideDisruption(enter.states, new Map([['a', [unknown]], ['b', [unknown, unknown]]]), DEFAULT_EVICTION_RATES);
    assert.equal(still.kind, 'steady');
    assert.equal(still.rates.size, 0);
    const exit = decideDisruption(still.states, new Map([['a', [ready]], ['b', [unknown, unknown]]]), DEFAULT_EVICTION_RATES);
    assert.equal(exit.kind, 'exit-full-disruption');
    assert.deepEqual([...exit.states], [['a', 'Normal'], ['b', 'FullDisruption']]);
    assert.deepEqual([...exit.rates], [['a', 0.1], ['b', 0.1]]);
  });

  test('a partially disrupted small zone stops tainting; zones without nodes are forgotten', () => {
    const d = decideDisruption(new Map<string, ZoneState>([['a', 'Normal'], ['gone', 'Normal']]), new Map([['a', [ready, unknown, unknown, unknown]], ['c', [ready]]]), DEFAULT_EVICTION_RATES);
    assert.deepEqual([...d.states].sort(), [['a', 'PartialDisruption'], ['c', 'Normal']]);
    assert.deepEqual([...d.rates].sort(), [['a', 0], ['c', 0.1]]);
  });
});
