import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createClient, type Client } from '@sales-backend/client/client';

/**
 * The typed client of client/, as a frontend uses it, calling the app in process through `app.inject`: answers pass
 * test-app.ts's secret scans like any other. `remoteAddress` is the client address the app sees.
 */
export function apiClient(app: NestFastifyApplication, { remoteAddress }: { remoteAddress?: string } = {}): Client {
  return createClient({ baseUrl: 'http://localhost', fetch: injectFetch(app, remoteAddress) });
}

function injectFetch(app: NestFastifyApplication, remoteAddress: string | undefined): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const answer = await app.inject({
      method: request.method,
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      payload: request.body ? Buffer.from(await request.arrayBuffer()) : undefined,
      remoteAddress,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const item of [value ?? []].flat()) headers.append(name, String(item));
    }
    return new Response(answer.rawPayload.length > 0 ? answer.rawPayload : null, { status: answer.statusCode, headers });
  };
}

/** What an SDK function of the client resolves to: the data of a success, or the error body of a failure. */
type Answer = { data: unknown; error: unknown; request?: Request; response?: Response };
type Success<A extends Answer> = Extract<A, { error: undefined }>['data'];

/** The data of a successful answer; any other answer fails the test with its status and error body. */
export async function ok<A extends Answer>(call: Promise<A>): Promise<Success<A>> {
  const { data, error, request, response } = await call;
  if (error !== undefined) throw new Error(`${request?.method} ${request?.url}: ${response?.status} ${JSON.stringify(error)}`);
  return data;
}

/** Every item of a paginated route, page by page (at most 200 per page). */
export async function allPages<T>(page: (paging: { page: number; page_size: number }) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  for (let n = 1; ; n++) {
    const body = await page({ page: n, page_size: 200 });
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return items;
  }
}
