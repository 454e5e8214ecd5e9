/** An Odoo record referred to by another one: its id and display name. */
export class RefDto {
  /** @example 7 */
  id!: number;
  /** @example "Ana Lopez" */
  name!: string;
}
