import { columnsViaStored } from '../../generic/conversion.js';
import { READ_WRITE_VERBS, statusSubresource, type ResourceDefinition } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { hpaColumns } from './columns.js';
import { hpaV1Conversion, hpaV1ToV2 } from './conversion.js';
import { hpaStrategy } from './strategy.js';

const PREFIX = '/registry/horizontalpodautoscalers/';

function definition(version: string): ResourceDefinition {
  return {
    group: 'autoscaling',
    version,
    resource: 'horizontalpodautoscalers',
    singularName: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [statusSubresource('HorizontalPodAutoscaler')],
  };
}

/** autoscaling/v2 HorizontalPodAutoscalers: the stored form (the preferred version). */
export const horizontalPodAutoscalersV2: Resource = {
  definition: definition('v2'),
  strategy: hpaStrategy,
  prefix: PREFIX,
  schemaType: 'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler',
  columns: hpaColumns,
};

/** autoscaling/v1 HorizontalPodAutoscalers: the same objects, converted (see conversion.ts). */
export const horizontalPodAutoscalersV1: Resource = {
  definition: definition('v1'),
  strategy: hpaStrategy,
  prefix: PREFIX,
  schemaType: 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler',
  columns: columnsViaStored(hpaColumns, hpaV1ToV2),
  conversion: hpaV1Conversion,
};
