import { z } from 'zod';

/** Sets zod's messages to Chinese (zh-CN) once, on whichever side imports the shared package. */
z.config(z.locales.zhCN());
z.config({
  // A missing field reads better as "必填" than as a type mismatch with undefined.
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? '必填项，不能为空' : undefined),
});
