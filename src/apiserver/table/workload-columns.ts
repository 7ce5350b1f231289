/**
 * Cells and columns shared by the workload printers of upstream's printers.go: the wide
 * CONTAINERS/IMAGES/SELECTOR columns (layoutContainerCells, FormatLabelSelector) and label maps
 * (labels.FormatLabels).
 */
import { selectorFromSet } from '../../api/labels/selector.js';
import type { LabelSelectorSpec } from '../../api/labels/label-selector.js';
import { tryLabelSelector } from '../../api/validation/workload.js';
import type { KubeObject } from '../registry/generic/object.js';
import type { TableColumn } from './table.js';

interface Container {
  name?: string;
  image?: string;
}

/** upstream layoutContainerCells: names and images joined by commas. */
export function containerCells(containers: readonly Container[] | undefined): { names: string; images: string } {
  return { names: (containers ?? []).map((c) => c.name ?? '').join(','), images: (containers ?? []).map((c) => c.image ?? '').join(',') };
}

/** metav1.FormatLabelSelector: the selector's string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelectorSpec | null | undefined): string {
  const parsed = tryLabelSelector(selector);
  if (!parsed) return '<error>';
  return parsed.toString() || '<none>';
}

/** labels.FormatLabels: `k=v,…` by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  return selectorFromSet(labels ?? {}).toString() || '<none>';
}

/** The wide CONTAINERS, IMAGES (and SELECTOR, when `selector` is given) columns. */
export function wideColumns(containers: (o: KubeObject) => readonly Container[] | undefined, selector?: (o: KubeObject) => string): TableColumn[] {
  const columns: TableColumn[] = [
    { name: 'Containers', type: 'string', priority: 1, description: 'Names of each container in the template.', cell: (o) => containerCells(containers(o)).names },
    { name: 'Images', type: 'string', priority: 1, description: 'Images referenced by each container in the template.', cell: (o) => containerCells(containers(o)).images },
  ];
  if (selector) columns.push({ name: 'Selector', type: 'string', priority: 1, description: 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', cell: selector });
  return columns;
}
