import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OdooCallObserver } from '../odoo/odoo.client.js';

/** What a sync run or webhook batch did to the stored records, per entity. */
const RECORD_OUTCOMES = ['inserted', 'updated', 'unchanged', 'deleted', 'restored'] as const;
type RecordCounts = Record<(typeof RECORD_OUTCOMES)[number], number>;

/**
 * Default metrics that are gauges named `..._total`, which Prometheus reserves for counters (`promtool check metrics`
 * refuses them); the open handles they count show in the heap and event loop metrics too.
 */
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * The Prometheus metrics of this instance, in one registry of its own (a test process may run several apps).
 * Labels take a few known values each, never an id: a route is its pattern, a model or entity one of those synced.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  private readLastSyncSuccess: () => Promise<Date | null> = () => Promise.resolve(null);

  readonly httpRequestDuration = this.histogram(
    'http_request_duration_seconds',
    'HTTP requests of the API by method, route pattern and status, and how long they took to answer',
    ['method', 'route', 'status'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );

  private readonly syncRuns = this.counter(
    'sync_runs_total',
    'Sync runs (scheduled, manual) and webhook batches that ended, by trigger and outcome (completed or failed)',
    ['trigger', 'outcome'],
  );

  private readonly syncRunDuration = this.histogram(
    'sync_run_duration_seconds',
    'How long sync runs and webhook batches took, by trigger and outcome',
    ['trigger', 'outcome'],
    [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800],
  );

  private readonly syncRecords = this.counter(
    'sync_records_total',
    'Records sync runs and webhook batches stored, by entity and outcome (inserted, updated, unchanged, deleted, restored)',
    ['entity', 'outcome'],
  );

  private readonly syncLastSuccessAge: Gauge = new Gauge({
    name: 'sync_last_success_age_seconds',
    help: 'Seconds since the newest scheduled or manual sync run completed (+Inf before any did, NaN while the database does not answer)',
    registers: [this.registry],
    collect: async () => {
      try {
        const at = await this.readLastSyncSuccess();
        this.syncLastSuccessAge.set(at ? (Date.now() - at.getTime()) / 1000 : Infinity);
      } catch (error) {
        this.logger.debug(`sync_last_success_age_seconds unknown: ${error instanceof Error ? error.message : String(error)}`);
        this.syncLastSuccessAge.set(NaN);
      }
    },
  });

  private readonly odooCalls = this.counter(
    'odoo_calls_total',
    'Attempts at Odoo model methods by model, method and outcome (ok, unavailable, authentication, access, validation, other)',
    ['model', 'method', 'outcome'],
  );

  private readonly odooCallDuration = this.histogram(
    'odoo_call_duration_seconds',
    'How long attempts at Odoo model methods took, waiting for a free slot under ODOO_MAX_CONCURRENCY included',
    ['model', 'method'],
    [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );

  readonly webhookRequests = this.counter(
    'webhook_requests_total',
    'Odoo webhook requests by outcome: accepted, replayed (received before), refused (4xx) or failed (receipt not recorded)',
    ['outcome'],
  );

  readonly webhookEvents = this.counter(
    'webhook_events_total',
    'Events of accepted Odoo webhook requests: accepted (a synced model) or ignored',
    ['outcome'],
  );

  readonly loginFailures = this.counter('login_failures_total', 'Failed password checks (login, change-password) by reason', ['reason']);

  readonly loginLockouts = this.counter('login_lockouts_total', 'Password attempts refused with 429 by the login limits');

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of MISNAMED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
  }

  /** The sync tells where the last success is read from: `sync_last_success_age_seconds` asks it at every scrape. */
  lastSyncSuccessFrom(read: () => Promise<Date | null>): void {
    this.readLastSyncSuccess = read;
  }

  syncEnded(run: { trigger: string; outcome: 'completed' | 'failed'; seconds: number; records: [entity: string, RecordCounts][] }): void {
    const labels = { trigger: run.trigger, outcome: run.outcome };
    this.syncRuns.inc(labels);
    this.syncRunDuration.observe(labels, run.seconds);
    for (const [entity, counts] of run.records) {
      for (const outcome of RECORD_OUTCOMES) this.syncRecords.inc({ entity, outcome }, counts[outcome]);
    }
  }

  /** The observer of every Odoo client (OdooClientFactory). */
  readonly odooCallEnded: OdooCallObserver = ({ model, method, outcome, seconds }) => {
    this.odooCalls.inc({ model, method, outcome });
    this.odooCallDuration.observe({ model, method }, seconds);
  };

  private counter<T extends string>(name: string, help: string, labelNames: readonly T[] = []): Counter<T> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<T extends string>(name: string, help: string, labelNames: readonly T[], buckets: number[]): Histogram<T> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
