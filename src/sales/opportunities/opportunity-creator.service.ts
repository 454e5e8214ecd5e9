import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { IntegrationsService } from '../../integrations/integrations.service.js';
import { OdooAnswerLostError, OdooError, OdooUnavailableError, OdooValidationError } from '../../odoo/odoo.errors.js';
import { RecordSync } from '../../sync/record-sync.service.js';
import { LakeReader } from '../../data-lake/lake-reader.service.js';
import { inScope, NOT_LINKED_HINT, VisibilityService } from '../visibility/visibility.service.js';
import type { CreateOpportunityDto } from './dto/create-opportunity.dto.js';
import type { OpportunityDto } from './dto/opportunity.dto.js';
import { toOpportunityDto } from './opportunity.mapper.js';
import { CRM_LEAD } from '../../odoo/odoo-models.js';

/**
 * POST /opportunities: Odoo is the source of truth, so the lead is created there first, then read back and
 * stored through the sync's own path; nothing is ever created only locally.
 */
@Injectable()
export class OpportunityCreator {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly recordSync: RecordSync,
    private readonly visibility: VisibilityService,
    private readonly lake: LakeReader,
  ) {}

  async create(user: AuthenticatedUser, input: CreateOpportunityDto): Promise<OpportunityDto> {
    const owner = await this.allowedOwner(user, input.owner_id);
    const client = await this.integrations.odooClient();
    // Never retried: a create that timed out may have been committed, and a retry would make a duplicate.
    const odoo = client.with({ retries: 0 });
    await odoo.uid().catch((error: unknown) => rethrow(error));
    const id = await odoo.create(CRM_LEAD, odooValues(input, owner)).catch((error: unknown) => {
      if (error instanceof OdooAnswerLostError) throw outcomeUnknown(error);
      return rethrow(error);
    });
    try {
      await this.recordSync.syncRecords(CRM_LEAD, [id], 'read_back');
    } catch (error) {
      rethrow(error, id);
    }
    const record = await this.lake.findById('opportunity', id);
    if (!record) throw createdButNotRead(id);
    return toOpportunityDto(record);
  }

  private async allowedOwner(user: AuthenticatedUser, requested: number | undefined): Promise<number> {
    const scope = await this.visibility.scopeOf(user);
    const owner = requested ?? user.odoo_user_id;
    if ((!scope.all && user.odoo_user_id == null) || owner == null) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'ODOO_NOT_LINKED', `Cannot create an opportunity: ${NOT_LINKED_HINT}`, {
        context: { hint: NOT_LINKED_HINT },
      });
    }
    if (!inScope(scope, owner)) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'OWNER_OUT_OF_SCOPE', `You may not assign opportunities to Odoo user ${owner}`);
    }
    return owner;
  }
}

function odooValues(input: CreateOpportunityDto, owner: number): Record<string, unknown> {
  const values: Record<string, unknown> = { name: input.name.trim(), type: input.type ?? 'opportunity', user_id: owner };
  if (input.partner_id !== undefined) values.partner_id = input.partner_id;
  if (input.expected_revenue !== undefined) values.expected_revenue = input.expected_revenue;
  if (input.probability !== undefined) values.probability = input.probability;
  if (input.expected_close !== undefined) values.date_deadline = input.expected_close;
  if (input.stage_id !== undefined) values.stage_id = input.stage_id;
  if (input.team_id !== undefined) values.team_id = input.team_id;
  return values;
}

/** Odoo's failures as API errors; `createdId` when the lead exists in Odoo but could not be read back. */
function rethrow(error: unknown, createdId?: number): never {
  if (createdId !== undefined && error instanceof OdooError) throw createdButNotRead(createdId, error.message);
  if (error instanceof OdooUnavailableError) {
    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, 'ODOO_UNAVAILABLE', `Odoo is unreachable; nothing was created: ${error.message}`);
  }
  if (error instanceof OdooValidationError) {
    throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, 'ODOO_VALIDATION_FAILED', error.message);
  }
  if (error instanceof OdooError) throw new ApiException(HttpStatus.BAD_GATEWAY, 'ODOO_ERROR', error.message);
  throw error;
}

/** The create reached Odoo but its answer was lost: the lead may exist there, and a retry could duplicate it. */
function outcomeUnknown(error: OdooAnswerLostError): ApiException {
  return new ApiException(
    HttpStatus.SERVICE_UNAVAILABLE,
    'ODOO_OUTCOME_UNKNOWN',
    `Odoo did not confirm the creation (${error.message}); the opportunity may have been created there, in which case ` +
      'it appears here after the next sync. Check before creating it again.',
  );
}

function createdButNotRead(id: number, reason?: string): ApiException {
  return new ApiException(
    HttpStatus.SERVICE_UNAVAILABLE,
    'ODOO_READ_BACK_FAILED',
    `The opportunity was created in Odoo (id ${id}) but could not be read back${reason ? `: ${reason}` : ''}; ` +
      'it appears here after the next sync. Do not create it again.',
    { context: { odoo_id: id } },
  );
}
