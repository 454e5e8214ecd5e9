import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AUDIT_TARGET_TYPES,
  type AuditAction,
  type AuditOutcome,
  type AuditTargetType,
} from '../audit-event.js';

/** Ids as this API makes them: uuids, `odoo`; request ids as app.setup.ts accepts them. */
const PLAIN_ID = /^[\w.:-]{1,128}$/;

/** A date, or a date and time with its offset: a time without one would be read in the server's time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function IsInstant() {
  return applyDecorators(
    IsOptional(),
    Matches(INSTANT, { message: '$property must be a date (YYYY-MM-DD) or a date-time with an offset (2026-11-01T08:00:00Z)' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid date' }),
    ApiPropertyOptional({ type: String, format: 'date-time' }),
  );
}

export class ListAuditEventsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  action?: AuditAction;

  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  outcome?: AuditOutcome;

  /** The acting user's id. */
  @IsOptional()
  @IsUUID()
  actor_id?: string;

  /** The acting user's email, case-insensitive. @example "ana.lopez@example.com" */
  @IsOptional()
  @MaxLength(254)
  @IsEmail()
  actor_email?: string;

  @IsOptional()
  @IsIn(AUDIT_TARGET_TYPES)
  @ApiPropertyOptional({ enum: AUDIT_TARGET_TYPES })
  target_type?: AuditTargetType;

  /** The target's id (a user's or sync's id, `odoo` for the integration). */
  @IsOptional()
  @Matches(PLAIN_ID, { message: '$property must be an id (letters, digits, . _ : -)' })
  @ApiPropertyOptional({ pattern: PLAIN_ID.source })
  target_id?: string;

  /** The `x-request-id` of the request that caused the event. */
  @IsOptional()
  @Matches(PLAIN_ID, { message: '$property must be a request id (letters, digits, . _ : -)' })
  @ApiPropertyOptional({ pattern: PLAIN_ID.source })
  request_id?: string;

  /** Events at or after this instant; a date alone is its midnight UTC. @example "2026-11-01T00:00:00Z" */
  @IsInstant()
  from?: string;

  /** Events at or before this instant; a date alone is its midnight UTC. @example "2026-11-30T23:59:59Z" */
  @IsInstant()
  to?: string;
}
