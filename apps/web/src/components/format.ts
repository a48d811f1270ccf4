import dayjs from 'dayjs';

/** 2026-11-22 14:05 in the viewer's clock (the office is in Asia/Shanghai). */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD') : '—';
}
