/** Dates for people, through date-fns with the zh-CN locale. */
import { beijingTime } from './time/day';

/** A moment as the school reads it (Beijing time, whatever the device's zone), e.g. 2026年11月20日 07:30. */
export const formatDateTime = (ms: number) => {
  const { day, hour, minute } = beijingTime(ms);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日 ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
};
