import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable.js';
import { APPROVAL_STATUSES, ROLES, type ApprovalStatus, type Role } from '../user-record.js';

/** The fields an admin may change; any subset. */
export class UpdateUserDto {
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOmittable()
  @IsIn(ROLES)
  role?: Role;

  /** false deactivates: the user can no longer sign in, and their tokens stop working. */
  @IsOmittable()
  @IsBoolean()
  is_active?: boolean;

  /** Approve or reject an account, e.g. one created by a first Microsoft sign-in. */
  @IsOmittable()
  @IsIn(APPROVAL_STATUSES)
  approval_status?: ApprovalStatus;

  /** Only a super admin may grant or revoke this. */
  @IsOmittable()
  @IsBoolean()
  is_super_admin?: boolean;
}
