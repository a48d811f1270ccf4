import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A document as LibreOffice prints it: page count, page size in points and each page's text without whitespace. */
export type Printed = { pages: number; width: number; height: number; pageText: string[] };

const binary = (name: string) => ['/usr/bin', '/usr/local/bin', '/bin'].map((d) => path.join(d, name)).find((p) => fs.existsSync(p));

/** True when soffice, pdfinfo and pdftotext are installed (CI images without them skip print checks). */
export const canPrint = () => Boolean(binary('soffice') && binary('pdfinfo') && binary('pdftotext'));

/** Converts `file` to PDF with LibreOffice (its own profile under `dir`, so parallel runs do not clash) and reads it back. */
export function printWithLibreOffice(file: string, dir: string): Printed {
  const soffice = binary('soffice') ?? 'soffice';
  execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 180_000, stdio: 'ignore' });
  const pdf = path.join(dir, `${path.basename(file, path.extname(file))}.pdf`);
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  // pdftotext ends each page with a form feed; pdftotext spaces CJK and Latin apart, so compare without whitespace.
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8');
  const pageText = text.split('\f').slice(0, pages).map((p) => p.replace(/\s+/g, ''));
  return { pages, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), pageText };
}
