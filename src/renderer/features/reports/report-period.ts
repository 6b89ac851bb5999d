/** A report's period as the date inputs hold it: calendar dates `YYYY-MM-DD`, both inclusive. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/**
 * The month before `today` on this PC's calendar: officers report monthly, a few days into the next
 * month, so that is the period they want first.
 */
export function lastMonth(today: Date): ReportPeriod {
  const first = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  const last = new Date(today.getFullYear(), today.getMonth(), 0);
  return { from: day(first), to: day(last) };
}

/** This month so far (from its first day to today). */
export function thisMonth(today: Date): ReportPeriod {
  return { from: day(new Date(today.getFullYear(), today.getMonth(), 1)), to: day(today) };
}

/** This calendar year so far. */
export function thisYear(today: Date): ReportPeriod {
  return { from: `${today.getFullYear()}-01-01`, to: day(today) };
}

/** Whether the inputs hold a period the report can be made for (both dates, the first not after the last). */
export function isValidPeriod(period: ReportPeriod): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to) && period.from <= period.to;
}

/** The area choice as the select holds it: `all`, `region:<id>` or `district:<id>`. */
export function areaRequest(value: string): { regionId?: string; districtId?: string } {
  const [kind, id] = value.split(':');
  if (kind === 'region' && id) return { regionId: id };
  if (kind === 'district' && id) return { districtId: id };
  return {};
}
