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
  const [printed] = printAllWithLibreOffice([file], dir);
  if (!printed) throw new Error(`LibreOffice printed nothing for ${file}`);
  return printed;
}

/** Converts several files in one LibreOffice start (each start costs seconds), in the order given. */
export function printAllWithLibreOffice(files: readonly string[], dir: string): Printed[] {
  const soffice = binary('soffice') ?? 'soffice';
  execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', dir, ...files], { timeout: 300_000, stdio: 'ignore' });
  return files.map((file) => readPdf(path.join(dir, `${path.basename(file, path.extname(file))}.pdf`)));
}

function readPdf(pdf: string): Printed {
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  // pdftotext ends each page with a form feed and spaces CJK and Latin apart: compare without whitespace.
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8');
  const pageText = text.split('\f').slice(0, pages).map((p) => p.replace(/\s+/g, ''));
  return { pages, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), pageText };
}
