/** PodTemplates (model: pkg/registry/core/podtemplate/strategy.go, v1.32). */
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { validatePodTemplateSpec, type PodTemplateSpecLike } from '../../../../api/validation/pod-spec.js';
import { NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type PodTemplate = KubeObject & { template?: PodTemplateSpecLike };

export const podTemplateStrategy: ResourceStrategy = {
  group: '',
  resource: 'podtemplates',
  kind: 'PodTemplate',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults: (o) => defaultPodTemplateSpec((o as PodTemplate).template),
  validate: (o) => validatePodTemplateSpec((o as PodTemplate).template ?? {}, 'template'),
  // upstream: the template is the spec (generation moves when it changes).
  specChanged: (o, old) => JSON.stringify((o as PodTemplate).template ?? null) !== JSON.stringify((old as PodTemplate).template ?? null),
};

/** upstream FormatLabels: sorted `k=v` pairs joined by commas, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.keys(labels ?? {}).sort().map((k) => `${k}=${labels![k]}`);
  return entries.length === 0 ? '<none>' : entries.join(',');
}

const containers = (o: KubeObject): { name?: string; image?: string }[] => (o as PodTemplate).template?.spec?.containers ?? [];

/** upstream printPodTemplate (no AGE column: upstream prints none for pod templates). */
export const podTemplateColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Containers', type: 'string', description: 'Names of each container in the template.', cell: (o) => containers(o).map((c) => c.name ?? '').join(',') },
  { name: 'Images', type: 'string', description: 'Images referenced by each container in the template.', cell: (o) => containers(o).map((c) => c.image ?? '').join(',') },
  { name: 'Pod Labels', type: 'string', description: 'The labels for the pod template.', cell: (o) => formatLabels((o as PodTemplate).template?.metadata?.labels) },
];

