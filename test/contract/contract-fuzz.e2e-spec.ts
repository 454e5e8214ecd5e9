import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { leaks } from '../support/secret-scan.js';
import { startContractWorld, type ContractWorld, type FuzzCaller } from './contract-world.js';
import { loadDocument, operationsOf, type Operation } from './openapi-document.js';
import { Counts } from './counts.js';
import { requestArbitrary, type FuzzRequest } from './requests.js';
import { ResponseValidator } from './response-validator.js';

type Response = Awaited<ReturnType<NestFastifyApplication['inject']>>;

const document = loadDocument();
// Logout ends the callers' sessions, so it goes last.
const operations = operationsOf(document).sort((a, b) => Number(a.operationId === 'logout') - Number(b.operationId === 'logout'));
const validator = new ResponseValidator(document);

/** Requests per operation and caller; the slow ones (password hashing, Odoo round trips, syncs) get fewer. */
const RUNS = 25;
const FEWER_RUNS: Record<string, number> = {
  createUser: 10,
  resetPassword: 10,
  // A wrong current password counts as a failed login: past a few, each one waits longer.
  changePassword: 8,
  login: 15,
  configureOdoo: 20,
  syncUsers: 5,
  testOdoo: 5,
  triggerSync: 8,
  createOpportunity: 12,
  salesDashboard: 12,
  listAccounts: 10,
};
/** `FUZZ_SCALE=10 npm test -- test/contract` searches ten times longer. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

describe('contract fuzzing of every operation in openapi.json', () => {
  let world: ContractWorld;
  const counts = new Counts();

  beforeAll(async () => {
    world = await startContractWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.settle();
    await world?.sales.fake.stop();
    await world?.sales.app.close();
  });

  it.each(operations.map((operation) => [operation.key, operation] as const))(
    '%s answers within its contract',
    async (_key, operation) => {
      for (const caller of world.callers) await fuzz(world, operation, caller, counts);
      await world.settle();
      if (operation.operationId === 'configureOdoo') await world.restoreOdoo();
    },
    60_000 * SCALE,
  );

  it('sent requests to every documented operation', () => {
    console.log(counts.summary(operations));
    expect([...counts.operations].sort()).toEqual(operations.map((operation) => operation.key).sort());
  });
});

async function fuzz(world: ContractWorld, operation: Operation, caller: FuzzCaller, counts: Counts): Promise<void> {
  const requests = requestArbitrary(document, operation, caller.authorization, world.hints[operation.operationId] ?? {});
  await fc.assert(
    fc.asyncProperty(requests.map(printable), async (request) => {
      const leaked = leaks.length;
      const response = await send(world.sales.app, request);
      counts.add(operation, response.statusCode);
      const problem = leaks.length > leaked ? `a secret in the answer: ${leaks.at(-1)}` : problemWith(operation, request, response);
      if (problem) throw new Error(`${caller.name}: ${describeRequest(request)}\n-> ${response.statusCode} ${clip(response.body, 1000)}\n${problem}`);
    }),
    // No shrinking: every step would be another request (some hash a password); the first failure is printed in full.
    { numRuns: (FEWER_RUNS[operation.operationId] ?? RUNS) * SCALE, endOnFailure: true },
  );
}

function send(app: NestFastifyApplication, request: FuzzRequest): Promise<Response> {
  return app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    payload: request.payload,
    remoteAddress: request.remoteAddress,
  });
}

/** What is wrong with an answer, or undefined when it keeps the contract. */
function problemWith(operation: Operation, request: FuzzRequest, response: Response): string | undefined {
  const status = response.statusCode;
  if (status >= 500) return `a server error`;
  if (status >= 400) return errorShapeProblem(response);
  if (status < 200 || status >= 300) return `status ${status}, which no operation documents`;
  if (request.invalid) return `a success for a request its documentation forbids (${request.invalid})`;
  return successProblem(operation, response);
}

function errorShapeProblem(response: Response): string | undefined {
  const body = parsed(response);
  if (body === undefined) return 'an error answer that is not JSON';
  const verdict = validator.validateError(body);
  if (!verdict.valid) return `not the one error shape:\n${verdict.errors}`;
  if (body.status !== response.statusCode) return `error body status ${String(body.status)} differs from the HTTP status`;
  if (body.request_id !== response.headers['x-request-id']) return 'request_id differs from the x-request-id header';
  return undefined;
}

function successProblem(operation: Operation, response: Response): string | undefined {
  const status = response.statusCode;
  if (!operation.responses[String(status)]) return `status ${status} is not documented for ${operation.key}`;
  const schema = validator.documentedSchema(operation, status);
  if (!schema) return response.body === '' ? undefined : 'a body where the documentation has none';
  const body = parsed(response);
  if (body === undefined) return 'a success answer that is not JSON';
  const verdict = validator.validate(`${operation.key} ${status}`, schema, body);
  return verdict.valid ? undefined : `not the documented ${status} schema:\n${verdict.errors}`;
}

function parsed(response: Response): Record<string, unknown> | undefined {
  if (!String(response.headers['content-type']).startsWith('application/json')) return undefined;
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
}

/** fast-check prints counterexamples with this, so 100k-character strings stay readable. */
function printable(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

function describeRequest(request: FuzzRequest): string {
  const { authorization, ...headers } = request.headers;
  const lines = [`${request.method} ${clip(request.url, 300)}`, `authorization: ${clip(String(authorization), 80)}`, `headers: ${clip(JSON.stringify(headers), 300)}`];
  if (request.payload !== undefined) lines.push(`body: ${clip(request.payload, 500)}`);
  if (request.invalid) lines.push(`invalid: ${clip(request.invalid, 200)}`);
  return lines.join('\n');
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}... (${text.length} characters)`;
}
