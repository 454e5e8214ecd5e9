import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { ListReceivablesQueryDto } from './dto/list-receivables.query.dto.js';
import { ReceivablePageDto } from './dto/receivable.dto.js';
import { ReceivablesService } from './receivables.service.js';

@ApiTags('receivables')
@Auth()
@Controller('receivables')
export class ReceivablesController {
  constructor(private readonly receivables: ReceivablesService) {}

  /**
   * Open customer invoices and credit notes (posted, not fully paid) of the salespeople in the caller's scope
   * (all for admins), with the amount due and its age as in Odoo's aged receivable report (not due, 1-30,
   * 31-60, 61-90, 91-120, older days past due), totals per bucket and per customer (commercial partner), per
   * invoice currency and per company currency.
   */
  @Get()
  @ApiOkResponse({ type: ReceivablePageDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  listReceivables(@CurrentUser() user: AuthenticatedUser, @Query() query: ListReceivablesQueryDto): Promise<ReceivablePageDto> {
    return this.receivables.list(user, query);
  }
}
