import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { APPROVAL_STATUSES, ROLES, type ApprovalStatus } from '../../users/user-record.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListUsersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ROLES)
  role?: string;

  /** `true` or `false`. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  is_active?: boolean;

  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  approval_status?: ApprovalStatus;

  /** Linked to an Odoo employee: `true` or `false`. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  odoo_matched?: boolean;

  /** Text in the email or the name, case-insensitive. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
