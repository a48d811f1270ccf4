import type { AttachmentView } from '@duban/shared';

type Row = { id: number; file_name: string; mime: string; size: number; created_at: Date };

/** The API view of an attachment, with the URL it downloads from. */
export function presentAttachment(row: Row): AttachmentView {
  return { id: row.id, fileName: row.file_name, mime: row.mime, size: row.size, url: `/api/attachments/${row.id}`, createdAt: row.created_at.toISOString() };
}

/** RFC 6266 Content-Disposition with the UTF-8 name (filename*) and an ASCII fallback for old clients. */
export function contentDisposition(fileName: string, inline = false): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
