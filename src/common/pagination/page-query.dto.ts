import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_PAGE_SIZE = 200;

/** `?page=&page_size=` of every paginated list. */
export class PageQueryDto {
  /** 1-based page number. */
  // Explicit: the Swagger plugin takes a property with an initializer for a required one.
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  /** Items per page, at most 200. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  page_size: number = 50;
}

export function skipOf(query: PageQueryDto): number {
  return (query.page - 1) * query.page_size;
}
