import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth';

const MB = 1024 * 1024;

/** Megabytes for people: whole numbers from 10 MB up, one decimal below (0.4 MB, 20 MB, 31 MB). */
export function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return mb >= 10 ? String(Math.round(mb)) : String(Math.round(mb * 10) / 10);
}

/**
 * A check for files about to be uploaded: one larger than the server accepts (MAX_UPLOAD_MB, from /api/auth/me) is
 * refused in the browser with a message, before a byte of it is sent. Returns true when the file may go.
 */
export function useUploadLimit(): (file: { name: string; size: number }) => boolean {
  const { data: me } = useMe();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (file) => {
    if (!me || file.size <= me.maxUploadBytes) return true;
    void message.error(t('common.fileTooLarge', { name: file.name, size: megabytes(file.size), max: megabytes(me.maxUploadBytes) }));
    return false;
  };
}
