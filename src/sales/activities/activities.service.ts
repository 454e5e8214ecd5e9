import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { today } from '../common/days.js';
import { LakeReader, type Filter } from '../../data-lake/lake-reader.service.js';
import { checkRange, range, sortSpec } from '../common/query.js';
import { OpportunitiesService } from '../opportunities/opportunities.service.js';
import { hintOf, ownerFilter, VisibilityService } from '../visibility/visibility.service.js';
import { OPEN_ACTIVITY, openActivitiesOf, stateCondition, toActivityDto } from './activity-records.js';
import type { ActivityPageDto, OpportunityActivitiesDto } from './dto/activity.dto.js';
import { ACTIVITY_SORTS, type ListActivitiesQueryDto } from './dto/list-activities.query.dto.js';

/** Open activities: those assigned to a user in the caller's scope, or all those of an opportunity they see. */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly lake: LakeReader,
    private readonly visibility: VisibilityService,
    private readonly opportunities: OpportunitiesService,
  ) {}

  async list(user: AuthenticatedUser, query: ListActivitiesQueryDto): Promise<ActivityPageDto> {
    checkRange(query.date_from, query.date_to, 'date_from/date_to');
    const scope = await this.visibility.scopeOf(user);
    const day = today();
    const filter: Filter = { ...ownerFilter(scope, query.owner), ...OPEN_ACTIVITY };
    if (query.activity_type_id !== undefined) filter.activity_type_id = query.activity_type_id;
    const deadline = { ...range(query.date_from, query.date_to), ...(query.state && stateCondition(query.state, day)) };
    if (Object.keys(deadline).length) filter.date = deadline;
    const { items, total } = await this.lake.page('activity', filter, sortSpec(query.sort, ACTIVITY_SORTS), query);
    return {
      items: items.map((activity) => toActivityDto(activity, day)),
      total,
      page: query.page,
      page_size: query.page_size,
      ...hintOf(scope),
    };
  }

  async ofOpportunity(user: AuthenticatedUser, opportunityId: number): Promise<OpportunityActivitiesDto> {
    await this.opportunities.findVisible(user, opportunityId);
    return { opportunity_id: opportunityId, items: await openActivitiesOf(this.lake, opportunityId) };
  }
}
