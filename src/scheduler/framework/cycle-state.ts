/**
 * Data plugins share within one scheduling cycle (model: framework.CycleState), under typed keys.
 *
 * Concurrency: a cycle runs on one event loop turn at a time; the binding cycle gets the state
 * after the scheduling cycle is done with it. Preemption `clone()`s the state to try removing
 * pods on a node without disturbing the real cycle: data must implement `clone()` when plugins
 * mutate it from AddPod/RemovePod extensions (immutable data may return itself).
 */
export interface StateData {
  clone(): StateData;
}

/** A typed key; create one per plugin and data type with `stateKey`. */
export interface StateKey<T extends StateData> {
  readonly name: string;
  /** Phantom field carrying T; never set. */
  readonly __type?: T;
}

export function stateKey<T extends StateData>(name: string): StateKey<T> {
  return { name };
}

export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Filter plugins whose PreFilter returned Skip. */
  skipFilterPlugins = new Set<string>();
  /** Score plugins whose PreScore returned Skip. */
  skipScorePlugins = new Set<string>();

  read<T extends StateData>(key: StateKey<T>): T | undefined {
    return this.data.get(key.name) as T | undefined;
  }

  /** Like read, but throws when missing (a plugin whose PreFilter did not run: a bug or Skip). */
  mustRead<T extends StateData>(key: StateKey<T>): T {
    const value = this.data.get(key.name);
    if (value === undefined) throw new Error(`error reading "${key.name}" from cycleState: not found`);
    return value as T;
  }

  write<T extends StateData>(key: StateKey<T>, value: T): void {
    this.data.set(key.name, value);
  }

  delete(key: StateKey<StateData>): void {
    this.data.delete(key.name);
  }

  /** A copy whose data are the values' own clones. */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [name, value] of this.data) copy.data.set(name, value.clone());
    copy.skipFilterPlugins = new Set(this.skipFilterPlugins);
    copy.skipScorePlugins = new Set(this.skipScorePlugins);
    return copy;
  }
}
