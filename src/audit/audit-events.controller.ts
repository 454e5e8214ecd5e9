import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorators.js';
import { invalidRange } from '../common/errors/common-errors.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import { AuditService } from './audit.service.js';
import { AuditEventPageDto, toAuditEventDto } from './dto/audit-event.dto.js';
import { ListAuditEventsQueryDto } from './dto/list-audit-events.query.dto.js';

/** The audit trail (admin). */
@ApiTags('audit')
@Auth({ admin: true })
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  /** Sign-ins, account and role changes, integration changes and sync triggers, filtered, newest first. */
  @Get()
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  async listAuditEvents(@Query() query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && from > to) {
      throw invalidRange('from, to');
    }
    const { action, outcome, actor_id, actor_email, target_type, target_id, request_id } = query;
    const filter = { action, outcome, actor_id, actor_email: actor_email?.toLowerCase(), target_type, target_id, request_id, from, to };
    const { items, total } = await this.audit.list(filter, query);
    return { items: items.map(toAuditEventDto), total, page: query.page, page_size: query.page_size };
  }
}
