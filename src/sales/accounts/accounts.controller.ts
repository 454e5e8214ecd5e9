import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { AccountsService } from './accounts.service.js';
import { AccountPageDto } from './dto/account.dto.js';
import { ListAccountsQueryDto } from './dto/list-accounts.query.dto.js';

@ApiTags('accounts')
@Auth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  /**
   * Customer companies from Odoo with their open opportunities, pipeline value, won revenue and amount
   * receivable, counted over the records the caller may see. Admins see every company; anyone else those
   * with an opportunity or invoice they see, or whose salesperson is in their scope.
   */
  @Get('real')
  @ApiOkResponse({ type: AccountPageDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  listAccounts(@CurrentUser() user: AuthenticatedUser, @Query() query: ListAccountsQueryDto): Promise<AccountPageDto> {
    return this.accounts.list(user, query);
  }
}
