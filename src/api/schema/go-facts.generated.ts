/** Placeholder until tools/gen-go-facts.mjs runs. */
export interface GoFieldFacts {
  inline?: true;
  pointer?: true;
  optional?: true;
  required?: true;
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: string;
  listMapKeys?: string[];
  mapType?: string;
  goType?: string;
}
export interface GoTypeFacts {
  atomic?: true;
  fields: Record<string, GoFieldFacts>;
}
export const GO_TYPES: Readonly<Record<string, GoTypeFacts>> = {};
export const GO_ENUMS: Readonly<Record<string, readonly string[]>> = {};
