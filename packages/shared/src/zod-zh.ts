import { z } from 'zod';

/** Sets zod's messages to Chinese (zh-CN) once, on whichever side imports the shared package. */
z.config(z.locales.zhCN());
// In the browser zod would compile its parsers with `new Function`, which the Content-Security-Policy forbids
// (script-src 'self', no 'unsafe-eval'); even its probe for that is reported as a violation. The server keeps it.
if ('document' in globalThis) z.config({ jitless: true });
z.config({
  // A missing field reads better as "必填" than as a type mismatch with undefined.
  customError: (issue) => {
    if (issue.code !== 'invalid_type') return undefined;
    if (issue.input === undefined) return '必填项，不能为空';
    // A coerced number (ids in URLs, query parameters) that was missing or not a number arrives as NaN.
    if (issue.expected === 'number' && Number.isNaN(issue.input)) return '应填写数字';
    return undefined;
  },
});
