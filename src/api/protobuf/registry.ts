import protobuf from 'protobufjs';
import { PROTO_MESSAGES } from './messages.generated.js';

/**
 * The protobufjs types of every generated message, built once on first use (lazily, so a server
 * that never sees protobuf does not pay for it).
 */
let root: protobuf.Root | undefined;

export function protoType(fullName: string): protobuf.Type | undefined {
  root ??= buildRoot();
  try {
    return root.lookupType(fullName);
  } catch {
    return undefined;
  }
}

function buildRoot(): protobuf.Root {
  const built = new protobuf.Root();
  for (const [fullName, fields] of Object.entries(PROTO_MESSAGES)) {
    const dot = fullName.lastIndexOf('.');
    const type = new protobuf.Type(fullName.slice(dot + 1));
    for (const [name, number, fieldType, kind] of fields) {
      if (kind === 'map') type.add(new protobuf.MapField(name, number, 'string', fieldType));
      else type.add(new protobuf.Field(name, number, fieldType, kind === 'repeated' ? 'repeated' : 'optional'));
    }
    built.define(fullName.slice(0, dot)).add(type);
  }
  built.resolveAll();
  return built;
}
