import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { APPROVAL_STATUSES, ROLES, type ApprovalStatus, type Role } from '../schemas/user.schema.js';

/** The fields an admin may change; any subset. */
export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** false deactivates: the user can no longer sign in, and their tokens stop working. */
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  /** Approve or reject an account, e.g. one created by a first Microsoft sign-in. */
  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  approval_status?: ApprovalStatus;

  /** Only a super admin may grant or revoke this. */
  @IsOptional()
  @IsBoolean()
  is_super_admin?: boolean;
}
