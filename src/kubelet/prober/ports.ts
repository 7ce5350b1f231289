/** The port of a probe or hook action (model: pkg/probe ResolveContainerPort). */
import type { ContainerLike } from '../../api/validation/pod/shapes.js';

/**
 * `port` as a number: a number as is; a string names one of the container's ports, or (last
 * resort, as upstream) is a number written as a string. Throws upstream's error when nothing
 * fits or the result is not in 1..65535.
 */
export function resolveContainerPort(port: number | string | undefined, container: ContainerLike): number {
  let resolved: number;
  if (typeof port === 'number') {
    resolved = port;
  } else if (typeof port === 'string') {
    const named = (container.ports ?? []).find((p) => p.name === port);
    if (named) {
      resolved = named.containerPort ?? 0;
    } else if (/^[+-]?\d+$/.test(port)) {
      resolved = Number(port);
    } else {
      throw new Error(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
    }
  } else {
    throw new Error(`intOrString had no kind: {Type:0 IntVal:0 StrVal:}`);
  }
  if (Number.isInteger(resolved) && resolved > 0 && resolved < 65536) return resolved;
  throw new Error(`invalid port number: ${resolved}`);
}
