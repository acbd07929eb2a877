/**
 * The page's ActionCatalog: every question goes to the extension side, which holds
 * the IAM action data (dist/iam-data.jsonl); answers are memoized, so a service's data crosses the
 * channel once and only for the services a policy names.
 */
import { memoizeCatalog, type ActionCatalog } from '../../core/policy/catalog';
import type { CatalogCalls, CatalogMethod, CatalogReply, CatalogRequest } from '../protocol';

export type Send = (request: CatalogRequest) => void;

export class CatalogClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly catalog: ActionCatalog;

  constructor(private readonly send: Send) {
    this.catalog = memoizeCatalog({
      services: () => this.call('services', {}),
      service: async (prefix) => (await this.call('service', { prefix })) ?? undefined,
      conditionKey: async (key) => (await this.call('conditionKey', { key })) ?? undefined,
      globalConditionKeys: () => this.call('globalConditionKeys', {}),
    });
  }

  private call<M extends CatalogMethod>(
    method: M,
    params: CatalogCalls[M]['params'],
  ): Promise<CatalogCalls[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ type: 'catalog', id, method, params } as CatalogRequest);
    });
  }

  /** Settles the request a reply answers (replies are matched by id). */
  receive(reply: CatalogReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new Error(reply.error));
  }
}
