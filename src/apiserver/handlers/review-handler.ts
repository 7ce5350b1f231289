import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotFoundError, StatusError } from '../../util/errors.js';
import type { RequestInfo } from '../http/request-info.js';
import { writeJSON } from '../http/status.js';
import type { ReviewResource } from '../registry/resource.js';
import { readObject } from './read-object.js';

type ResourceRequest = Extract<RequestInfo, { isResourceRequest: true }>;

/** Serves create-only review resources: the posted object comes back with its status. */
export class ReviewHandler {
  private readonly byPath = new Map<string, ReviewResource>();

  constructor(reviews: readonly ReviewResource[]) {
    for (const review of reviews) {
      const def = review.definition;
      this.byPath.set(`${def.group}/${def.version}/${def.resource}`, review);
    }
  }

  /** Whether the request is for one of the review resources. */
  handles(info: ResourceRequest): boolean {
    return this.byPath.has(`${info.apiGroup}/${info.apiVersion}/${info.resource}`);
  }

  async handle(req: IncomingMessage, res: ServerResponse, info: ResourceRequest, query: URLSearchParams): Promise<void> {
    const review = this.byPath.get(`${info.apiGroup}/${info.apiVersion}/${info.resource}`);
    if (!review || info.subresource !== '' || info.name !== '') throw new NotFoundError('the server could not find the requested resource');
    if (info.verb !== 'create') throw new StatusError('MethodNotAllowed', 405, `${info.verb} is not supported on ${review.definition.resource}`);
    if (review.definition.namespaced && info.namespace === '') throw new NotFoundError('the server could not find the requested resource');
    const object = await readObject(req, res, review, query);
    writeJSON(res, 201, review.review(object, info.namespace));
  }
}
