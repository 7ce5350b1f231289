/** Image names as ImageLocality and the cache compare them (model: framework/types.go). */
import type { Node } from './api-types.js';

/** Appends `:latest` to a name without a tag or digest (upstream normalizedImageName). */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}

/** Normalized image name → size in bytes, for the images a node reports. */
export function nodeImageSizes(node: Node): Map<string, number> {
  const out = new Map<string, number>();
  for (const image of node.status?.images ?? []) {
    for (const name of image.names ?? []) out.set(normalizedImageName(name), image.sizeBytes ?? 0);
  }
  return out;
}
