/**
 * Odoo's clock as its answers show it: the HTTP `Date` header, to the second, of the newest answer seen. Such a
 * moment is never later than Odoo's clock when the next request arrives, whatever this machine's clock says.
 */
export class OdooServerTime {
  private newest: Date | null = null;

  saw(dateHeader: string | null): void {
    const moment = dateHeader ? new Date(dateHeader) : null;
    if (moment && !Number.isNaN(moment.getTime()) && (!this.newest || moment > this.newest)) this.newest = moment;
  }

  /** Null until an answer with a Date header came (a proxy may strip it). */
  get latest(): Date | null {
    return this.newest;
  }
}
