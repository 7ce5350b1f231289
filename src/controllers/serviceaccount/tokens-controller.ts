/**
 * The legacy ServiceAccount token controller (model: upstream pkg/controller/serviceaccount/
 * tokens_controller.go as of v1.32, where token Secrets are no longer generated automatically
 * (LegacyServiceAccountTokenNoAutoGeneration, GA) but Secrets of type
 * `kubernetes.io/service-account-token` that users create are still filled in):
 *
 * - a token Secret naming an existing ServiceAccount (annotation `kubernetes.io/service-account.name`,
 *   and `…uid` when set) gets data `token`, `namespace` and, when a root CA is configured,
 *   `ca.crt`, and the `kubernetes.io/service-account.uid` annotation;
 * - a token Secret whose ServiceAccount does not exist is deleted, and so are a ServiceAccount's
 *   token Secrets once it is deleted;
 * - a deleted token Secret is removed from its ServiceAccount's `secrets` list.
 *
 * Tokens: controllers cannot reach the API server's signing key, so the token is obtained from
 * the TokenRequest API (`serviceaccounts/<name>/token`), bound to the Secret (so it stops
 * authenticating once the Secret is deleted, as a legacy token does) with the longest expiration
 * the API allows (legacy tokens do not expire).
 *
 * The legacy-serviceaccount-token-cleaner (LegacyServiceAccountTokenCleanUp, GA in v1.30) acts
 * only after a token has been unused for a year (its default --legacy-service-account-token-clean-up-period)
 * and is not part of this controller.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import { DeletedFinalStateUnknown } from '../../client/cache/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage, isNotFound, StatusError } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { runRequeueWorkers, type WorkResult } from '../shared/requeue-workers.js';
import { SECRETS, SERVICEACCOUNTS } from '../shared/resources.js';

export const TOKENS_CONTROLLER_NAME = 'serviceaccount-token-controller';
export const SECRET_TYPE_SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
export const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
export const SERVICE_ACCOUNT_UID_KEY = 'kubernetes.io/service-account.uid';
/** The longest expiration TokenRequest validation accepts (2^32 s): legacy tokens do not expire. */
export const TOKEN_EXPIRATION_SECONDS = 2 ** 32;
/** Times a key is retried before it is dropped (upstream's default MaxRetries). */
const MAX_RETRIES = 10;
/** Attempts to remove a deleted Secret from its ServiceAccount on conflicts (RemoveTokenBackoff.Steps). */
const REMOVE_REFERENCE_ATTEMPTS = 10;

export interface Secret extends KubeObjectLike {
  type?: string;
  data?: Record<string, string>;
}

export interface ServiceAccount extends KubeObjectLike {
  secrets?: { name?: string }[];
}

export interface TokensControllerOptions {
  /** PEM of the cluster's root CA, written as `ca.crt` (kube-controller-manager's --root-ca-file); none: no `ca.crt`. */
  rootCA?: string;
}

interface ServiceAccountKey {
  namespace: string;
  name: string;
  uid: string;
}

interface SecretKey {
  namespace: string;
  name: string;
  uid: string;
  saName: string;
  /** '' when the Secret lacks the uid annotation. */
  saUid: string;
}

/** Whether `secret` is a token Secret of `sa` (apiserver serviceaccount.IsServiceAccountToken). */
export function isServiceAccountToken(secret: Secret, sa: { name: string; uid: string }): boolean {
  if (secret.type !== SECRET_TYPE_SERVICE_ACCOUNT_TOKEN) return false;
  const annotations = secret.metadata.annotations ?? {};
  if (annotations[SERVICE_ACCOUNT_NAME_KEY] !== sa.name) return false;
  const uid = annotations[SERVICE_ACCOUNT_UID_KEY];
  return !uid || uid === sa.uid;
}

/** Which of ca.crt, namespace and token `secret` lacks (upstream secretUpdateNeeded). */
export function secretUpdateNeeded(secret: Secret, rootCA: string | undefined): { ca: boolean; namespace: boolean; token: boolean } {
  const data = secret.data ?? {};
  const ca = rootCA !== undefined && rootCA.length > 0 && data['ca.crt'] !== Buffer.from(rootCA).toString('base64');
  return { ca, namespace: !data['namespace'], token: !data['token'] };
}

export class TokensController implements Controller {
  private readonly saQueue: RateLimitingQueue<string>;
  private readonly secretQueue: RateLimitingQueue<string>;
  private readonly serviceAccounts: SharedInformer<ServiceAccount>;
  private readonly secrets: SharedInformer<Secret>;
  private readonly saClient: ResourceClient<ServiceAccount>;
  private readonly secretClient: ResourceClient<Secret>;
  private readonly logger: Logger;

  constructor(
    context: ControllerContext,
    private readonly options: TokensControllerOptions = {},
  ) {
    this.logger = context.logger;
    this.saQueue = new RateLimitingQueue<string>({ clock: context.clock });
    this.secretQueue = new RateLimitingQueue<string>({ clock: context.clock });
    this.saClient = context.client.resource<ServiceAccount>(SERVICEACCOUNTS);
    this.secretClient = context.client.resource<Secret>(SECRETS);
    this.serviceAccounts = context.informer<ServiceAccount>(SERVICEACCOUNTS);
    this.secrets = context.informer<Secret>(SECRETS);
    const saKey = (obj: ServiceAccount | DeletedFinalStateUnknown<ServiceAccount>) => {
      const sa = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
      const key: ServiceAccountKey = { namespace: sa.metadata.namespace ?? '', name: sa.metadata.name ?? '', uid: sa.metadata.uid ?? '' };
      this.saQueue.add(JSON.stringify(key));
    };
    this.serviceAccounts.addEventHandler({ onAdd: saKey, onUpdate: (_old, sa) => saKey(sa), onDelete: saKey });
    const secretKey = (obj: Secret | DeletedFinalStateUnknown<Secret>) => {
      const secret = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
      if (secret.type !== SECRET_TYPE_SERVICE_ACCOUNT_TOKEN) return;
      const annotations = secret.metadata.annotations ?? {};
      const key: SecretKey = {
        namespace: secret.metadata.namespace ?? '',
        name: secret.metadata.name ?? '',
        uid: secret.metadata.uid ?? '',
        saName: annotations[SERVICE_ACCOUNT_NAME_KEY] ?? '',
        saUid: annotations[SERVICE_ACCOUNT_UID_KEY] ?? '',
      };
      this.secretQueue.add(JSON.stringify(key));
    };
    this.secrets.addEventHandler({ onAdd: secretKey, onUpdate: (_old, secret) => secretKey(secret), onDelete: secretKey });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const shutDown = () => {
      this.saQueue.shutDown();
      this.secretQueue.shutDown();
    };
    signal.addEventListener('abort', shutDown, { once: true });
    try {
      await Promise.all([this.serviceAccounts.waitForSync(signal), this.secrets.waitForSync(signal)]);
    } catch {
      return;
    } finally {
      signal.removeEventListener('abort', shutDown);
    }
    await Promise.all([
      runRequeueWorkers(this.saQueue, workers, (key) => this.retryOrForget(this.saQueue, key, () => this.syncServiceAccount(JSON.parse(key) as ServiceAccountKey)), signal, this.logger),
      runRequeueWorkers(this.secretQueue, workers, (key) => this.retryOrForget(this.secretQueue, key, () => this.syncSecret(JSON.parse(key) as SecretKey)), signal, this.logger),
    ]);
  }

  /** Requeues while the sync asks for it, up to MAX_RETRIES times (upstream retryOrForget). */
  private async retryOrForget(queue: RateLimitingQueue<string>, key: string, sync: () => Promise<boolean>): Promise<WorkResult> {
    const retry = await sync();
    if (!retry) return 'forget';
    if (queue.numRequeues(key) < MAX_RETRIES) return 'requeue';
    this.logger.debug({ key, count: queue.numRequeues(key) }, 'retried several times');
    return 'forget';
  }

  /** A deleted ServiceAccount takes its token Secrets with it. Answers whether to retry. */
  private async syncServiceAccount(key: ServiceAccountKey): Promise<boolean> {
    if (!key.namespace || !key.name || !key.uid) return false;
    if (this.cachedServiceAccount(key.namespace, key.name, key.uid)) return false;
    let retry = false;
    for (const secret of this.secrets.indexer.list()) {
      if (secret.metadata.namespace !== key.namespace || !isServiceAccountToken(secret, key)) continue;
      if (await this.deleteToken(secret.metadata.namespace, secret.metadata.name ?? '', secret.metadata.uid ?? '')) retry = true;
    }
    return retry;
  }

  private async syncSecret(key: SecretKey): Promise<boolean> {
    if (!key.namespace || !key.name || !key.uid || !key.saName) return false;
    const cached = this.secrets.indexer.getByKey(`${key.namespace}/${key.name}`);
    const secret = cached?.metadata.uid === key.uid ? cached : undefined;
    if (!secret) {
      // The Secret is gone: drop it from its ServiceAccount's list.
      if (this.cachedServiceAccount(key.namespace, key.saName, key.saUid)) {
        try {
          await this.removeSecretReference(key);
        } catch (err) {
          this.logger.warn({ secret: `${key.namespace}/${key.name}`, err: errorMessage(err) }, 'removing secret reference');
        }
      }
      return false;
    }
    let sa: ServiceAccount | undefined;
    try {
      sa = await this.serviceAccount(key.namespace, key.saName, key.saUid);
    } catch (err) {
      this.logger.warn({ serviceAccount: `${key.namespace}/${key.saName}`, err: errorMessage(err) }, 'getting service account');
      return true;
    }
    if (!sa) return this.deleteToken(key.namespace, key.name, key.uid);
    try {
      await this.generateTokenIfNeeded(sa, secret);
      return false;
    } catch (err) {
      this.logger.warn({ secret: `${key.namespace}/${key.name}`, err: errorMessage(err) }, 'populating serviceaccount token');
      return true;
    }
  }

  /** Deletes a token Secret (uid precondition); answers whether to retry. */
  private async deleteToken(namespace: string, name: string, uid: string): Promise<boolean> {
    try {
      await this.secretClient.namespace(namespace).delete(name, uid ? { preconditions: { uid } } : {});
      return false;
    } catch (err) {
      // NotFound: already gone; Conflict: the uid precondition failed (another Secret now).
      if (isNotFound(err) || (err instanceof StatusError && err.reason === 'Conflict')) return false;
      this.logger.warn({ secret: `${namespace}/${name}`, err: errorMessage(err) }, 'deleting serviceaccount token');
      return true;
    }
  }

  /**
   * Fills in what the Secret lacks, on a fresh copy read from the API; skipped when our cache is
   * behind (the update event brings us back) and on Conflict/NotFound when writing.
   */
  private async generateTokenIfNeeded(sa: ServiceAccount, cached: Secret): Promise<void> {
    const needed = secretUpdateNeeded(cached, this.options.rootCA);
    if (!needed.ca && !needed.namespace && !needed.token) return;
    const namespace = cached.metadata.namespace ?? '';
    const name = cached.metadata.name ?? '';
    const secrets = this.secretClient.namespace(namespace);
    let live: Secret;
    try {
      live = await secrets.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (live.metadata.resourceVersion !== cached.metadata.resourceVersion) {
      this.logger.debug({ secret: `${namespace}/${name}` }, 'secret is not up to date, skipping token population');
      return;
    }
    const liveNeeds = secretUpdateNeeded(live, this.options.rootCA);
    if (!liveNeeds.ca && !liveNeeds.namespace && !liveNeeds.token) return;
    const updated = structuredClone(live);
    const data = (updated.data ??= {});
    if (liveNeeds.ca) data['ca.crt'] = Buffer.from(this.options.rootCA ?? '').toString('base64');
    if (liveNeeds.namespace) data['namespace'] = Buffer.from(namespace).toString('base64');
    if (liveNeeds.token) data['token'] = Buffer.from(await this.requestToken(sa, live)).toString('base64');
    updated.metadata.annotations = { ...updated.metadata.annotations, [SERVICE_ACCOUNT_NAME_KEY]: sa.metadata.name ?? '', [SERVICE_ACCOUNT_UID_KEY]: sa.metadata.uid ?? '' };
    try {
      await secrets.update(updated);
    } catch (err) {
      // Conflict: someone else updated it and we will hear of it; NotFound: nothing left to fill.
      if (isNotFound(err) || (err instanceof StatusError && err.reason === 'Conflict')) return;
      throw err;
    }
  }

  private async requestToken(sa: ServiceAccount, secret: Secret): Promise<string> {
    const request = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        expirationSeconds: TOKEN_EXPIRATION_SECONDS,
        boundObjectRef: { apiVersion: 'v1', kind: 'Secret', name: secret.metadata.name, uid: secret.metadata.uid },
      },
    };
    const answer = await this.saClient.namespace(sa.metadata.namespace ?? '').createSubresource<{ status?: { token?: string } }>(sa.metadata.name ?? '', 'token', request);
    const token = answer.status?.token;
    if (!token) throw new Error(`the TokenRequest for serviceaccount ${sa.metadata.namespace}/${sa.metadata.name} answered no token`);
    return token;
  }

  private async removeSecretReference(key: SecretKey): Promise<void> {
    const client = this.saClient.namespace(key.namespace);
    for (let attempt = 1; ; attempt++) {
      let sa: ServiceAccount;
      try {
        sa = await client.get(key.saName);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      if (key.saUid && key.saUid !== sa.metadata.uid) return;
      if (!(sa.secrets ?? []).some((s) => s.name === key.name)) return;
      const updated = structuredClone(sa);
      updated.secrets = (sa.secrets ?? []).filter((s) => s.name !== key.name);
      try {
        await client.update(updated);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!(err instanceof StatusError && err.reason === 'Conflict') || attempt >= REMOVE_REFERENCE_ATTEMPTS) throw err;
      }
    }
  }

  private cachedServiceAccount(namespace: string, name: string, uid: string): ServiceAccount | undefined {
    const sa = this.serviceAccounts.indexer.getByKey(`${namespace}/${name}`);
    return sa && (!uid || sa.metadata.uid === uid) ? sa : undefined;
  }

  /** From the cache, else a live GET (a Secret may be seen before its ServiceAccount). */
  private async serviceAccount(namespace: string, name: string, uid: string): Promise<ServiceAccount | undefined> {
    const cached = this.cachedServiceAccount(namespace, name, uid);
    if (cached) return cached;
    try {
      const sa = await this.saClient.namespace(namespace).get(name);
      return !uid || sa.metadata.uid === uid ? sa : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
