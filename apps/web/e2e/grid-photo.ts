import type { Page } from 'playwright-core';

/** A small photo made in the page (a canvas as JPEG): a grey street with a coloured heap. */
export async function photo(page: Page, heap: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const b64 = await page.evaluate((colour) => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 240;
    const g = c.getContext('2d');
    if (!g) return '';
    g.fillStyle = '#9aa3ad';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#c9ced4';
    g.fillRect(0, 150, 320, 90);
    g.fillStyle = colour;
    g.beginPath();
    g.ellipse(170, 170, 80, 40, 0, 0, Math.PI * 2);
    g.fill();
    return c.toDataURL('image/jpeg', 0.8).split(',')[1] ?? '';
  }, heap);
  return { name: 'site.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}
