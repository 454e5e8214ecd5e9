import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { EnvironmentVariables } from '../config/environment.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { SyncAlreadyRunningError } from './sync-already-running.error.js';
import { SyncRunner } from './sync-runner.service.js';

const JOB = 'odoo-background-sync';

/**
 * The seed's background sync: every SYNC_INTERVAL_SECONDS each instance tries to start a run; the lease lets
 * one through, and a run started by any instance within the current interval makes the others skip theirs,
 * so there is one sync per interval however many instances run.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Sync');
  readonly enabled: boolean;
  readonly intervalMs: number;
  nextRunAt: Date | null = null;

  constructor(
    private readonly runner: SyncRunner,
    private readonly integrations: IntegrationsService,
    private readonly registry: SchedulerRegistry,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.enabled = config.get('SYNC_ENABLED', { infer: true });
    this.intervalMs = config.get('SYNC_INTERVAL_SECONDS', { infer: true }) * 1000;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.registry.addInterval(JOB, setInterval(() => void this.tick(), this.intervalMs));
    this.nextRunAt = new Date(Date.now() + this.intervalMs);
  }

  /** One scheduled attempt; never throws (a timer has nobody to throw to). */
  async tick(): Promise<string | null> {
    this.nextRunAt = new Date(Date.now() + this.intervalMs);
    try {
      if (!(await this.integrations.odooConnection())) return null;
      // Timers drift: a run started within the last 90% of an interval counts as this interval's.
      return await this.runner.startScheduled(new Date(Date.now() - this.intervalMs * 0.9));
    } catch (error) {
      if (error instanceof SyncAlreadyRunningError) return null;
      this.logger.warn(`Scheduled sync did not start: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
