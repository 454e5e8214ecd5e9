import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { LakeReader, type Filter } from '../../data-lake/lake-reader.service.js';
import type { LakeRecord } from '../../data-lake/lake-record.js';
import { openActivitiesOf } from '../activities/activity-records.js';
import { checkRange, range, sortSpec, textSearch } from '../common/query.js';
import { hintOf, ownerFilter, VisibilityService } from '../visibility/visibility.service.js';
import type { OpportunityDetailDto, OpportunityPageDto } from './dto/opportunity.dto.js';
import { OPPORTUNITY_SORTS, type ListOpportunitiesQueryDto } from './dto/list-opportunities.query.dto.js';
import { toOpportunityDetailDto, toOpportunityDto } from './opportunity.mapper.js';

@Injectable()
export class OpportunitiesService {
  constructor(
    private readonly lake: LakeReader,
    private readonly visibility: VisibilityService,
  ) {}

  async list(user: AuthenticatedUser, query: ListOpportunitiesQueryDto): Promise<OpportunityPageDto> {
    checkRange(query.date_from, query.date_to, 'date_from/date_to');
    checkRange(query.probability_min, query.probability_max, 'probability_min/probability_max');
    const scope = await this.visibility.scopeOf(user);
    const filter = { ...ownerFilter(scope, query.owner), ...listFilter(query) };
    const { items, total } = await this.lake.page('opportunity', filter, sortSpec(query.sort, OPPORTUNITY_SORTS), query);
    return { items: items.map(toOpportunityDto), total, page: query.page, page_size: query.page_size, ...hintOf(scope) };
  }

  async get(user: AuthenticatedUser, id: number): Promise<OpportunityDetailDto> {
    const record = await this.findVisible(user, id);
    return toOpportunityDetailDto(record, await openActivitiesOf(this.lake, id));
  }

  /** The opportunity if the caller may see it; 404 otherwise, whether it exists or not. */
  async findVisible(user: AuthenticatedUser, id: number): Promise<LakeRecord> {
    const scope = await this.visibility.scopeOf(user);
    const record = await this.lake.findById('opportunity', id, ownerFilter(scope));
    if (!record) throw new ApiException(HttpStatus.NOT_FOUND, 'OPPORTUNITY_NOT_FOUND', `No opportunity ${id} you can see`);
    return record;
  }
}

function listFilter(query: ListOpportunitiesQueryDto): Filter {
  const filter: Filter = { ...textSearch(query.q) };
  if (query.stage_id !== undefined) filter.stage_id = query.stage_id;
  if (query.team_id !== undefined) filter.team_id = query.team_id;
  if (query.partner_id !== undefined) filter.partner_id = query.partner_id;
  if (query.status !== undefined) filter.status = query.status;
  if (query.type !== undefined) filter.kind = query.type;
  const closing = range(query.date_from, query.date_to);
  if (closing) filter.date = closing;
  const probability = range(query.probability_min, query.probability_max);
  if (probability) filter.probability = probability;
  return filter;
}
