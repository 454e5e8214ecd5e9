import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { IsOmittable } from '../../common/validation/is-omittable.js';
import { ENTITY_TYPES, type EntityType } from '../../data-lake/lake-record.js';
import { SYNC_STATUSES, SYNC_TRIGGERS, type SyncStatus, type SyncTrigger } from '../schemas/sync-log.schema.js';

export class TriggerSyncDto {
  /** Entities to sync; all six when omitted. @example ["opportunity", "invoice"] */
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ENTITY_TYPES.length)
  @ArrayUnique()
  @IsIn(ENTITY_TYPES, { each: true })
  @ApiProperty({ enum: ENTITY_TYPES, isArray: true, required: false })
  entities?: EntityType[];

  /** Read everything again instead of only what changed since the last run. */
  @IsOmittable()
  @IsBoolean()
  full_resync?: boolean;

  /** Apply soft deletes even when more than the allowed share of an entity is gone from Odoo. */
  @IsOmittable()
  @IsBoolean()
  force_deletions?: boolean;
}

export class SyncStartedDto {
  /** @example "0d9f3a5e-7c1b-4a7e-9a52-3f0b1c2d4e5f" */
  sync_id!: string;
  /** @example "running" */
  status!: 'running';
}

export class EntityStatsDto {
  /** `pending`, `running`, `completed` or `failed`. @example "completed" */
  status!: string;
  /** Records read from Odoo. @example 1200 */
  fetched!: number;
  inserted!: number;
  updated!: number;
  /** Read again but identical: not rewritten. */
  unchanged!: number;
  /** Soft-deleted: no longer in Odoo. */
  deleted!: number;
  /** Deleted before, back in Odoo now. */
  restored!: number;
  errors!: number;
  duration_seconds!: number;
  error?: string;
  /** Deletions held back by the mass-deletion guard. */
  deletions_withheld?: number;
}

export class SyncLogDto {
  id!: string;
  started_at!: Date;
  completed_at!: Date | null;
  @ApiProperty({ enum: SYNC_STATUSES })
  status!: SyncStatus;
  @ApiProperty({ enum: SYNC_TRIGGERS })
  trigger!: SyncTrigger;
  /** User id, for manual runs. */
  triggered_by!: string | null;
  duration_seconds!: number | null;
  /** Per entity type. */
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(EntityStatsDto) } })
  stats!: Record<string, EntityStatsDto>;
  error_message!: string | null;
}

export class SyncLogPageDto {
  items!: SyncLogDto[];
  total!: number;
  page!: number;
  page_size!: number;
}

export class ListSyncLogsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(SYNC_STATUSES)
  status?: SyncStatus;

  @IsOptional()
  @IsIn(SYNC_TRIGGERS)
  trigger?: SyncTrigger;
}

export class BackgroundSyncStatusDto {
  enabled!: boolean;
  /** @example 300 */
  interval_seconds!: number;
  /** The newest scheduled or manual run. */
  last_run!: SyncLogDto | null;
  /** When this instance next tries to start a scheduled run. */
  next_run_at!: Date | null;
  running!: boolean;
  running_sync_id!: string | null;
  /** The instance holding the sync lease. */
  running_instance!: string | null;
  /** The instance that answered. */
  this_instance!: string;
}

export class SyncHealthDto {
  @ApiProperty({ enum: ['healthy', 'degraded', 'failing'] })
  status!: 'healthy' | 'degraded' | 'failing';
  /** Why it is not healthy. @example ["last successful sync 27 minutes ago (interval 5 minutes)"] */
  reasons!: string[];
  last_success_at!: Date | null;
  consecutive_failures!: number;
  /** Entity types whose last success is older than three intervals. */
  stale_entities!: string[];
}

