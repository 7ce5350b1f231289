import { BadRequestError } from '../../../util/errors.js';

const USAGE = 'use etcd://host:port[,host:port...], e.g. etcd://127.0.0.1:2379';
/** host:port, where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
const MEMBER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/**
 * Parses `etcd://host:port[,host:port…]` into its members' `host:port` addresses, in the given
 * order. (`new URL` rejects the comma-separated authority, so this is parsed by hand.)
 */
export function parseEndpoint(endpoint: string): string[] {
  const match = /^etcd:\/\/([^/?#]*)\/?$/.exec(endpoint);
  if (!match) throw new BadRequestError(`invalid etcd endpoint ${JSON.stringify(endpoint)}: ${USAGE}`);
  const members = match[1]!.split(',');
  for (const member of members) {
    const parts = MEMBER.exec(member);
    const port = Number(parts?.[3]);
    if (!parts || port < 1 || port > 65535) {
      throw new BadRequestError(
        `invalid etcd endpoint ${JSON.stringify(endpoint)}: ${JSON.stringify(member)} is not host:port; ${USAGE}`,
      );
    }
  }
  return members;
}
