import { z } from 'zod';
import { GRID_RATINGS, type GridRating, type GridStatus } from './grid-flow';
import { redactPersonalText } from './open311';
import { citizenProofSchema } from './citizen-pow';
import { bigIdSchema, idSchema, mobileSchema } from './schemas';

/**
 * The citizens' channel (issue 17): a public page per tenant where anyone reports a problem without an account,
 * gets a 受理编号 and a private link, follows the public timeline, rates the result; the rules and bodies here are
 * shared by the server and the page.
 */

/** At most this many photos per citizen report (taken in the page). */
export const CITIZEN_MAX_PHOTOS = 6;
/**
 * The longest description of a problem, whatever the channel (the citizens' page, a 网格长's report, Open311, the
 * 12345 import): 2000 characters. GeoReport v2 allows 4000; we take fewer so a request reads the same everywhere.
 */
export const PROBLEM_DESCRIPTION_MAX = 2000;

/** A photo the page uploaded: its id and the key the upload answered (proves this browser uploaded it). */
export const citizenPhotoRefSchema = z.object({ id: bigIdSchema, key: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: '照片凭据无效，请重新拍照' }) });

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${what}不超过 ${max} 字` })
    .optional()
    .transform((v) => (v ? v : undefined));

/** A citizen's report from the public page. Anonymous by default: name and mobile are optional. */
export const citizenReportSchema = z
  .object({
    categoryId: idSchema,
    description: z.string().trim().min(2, { error: '请用一两句话描述问题（至少 2 个字）' }).max(PROBLEM_DESCRIPTION_MAX, { error: `问题描述不超过 ${PROBLEM_DESCRIPTION_MAX} 字` }),
    address: optionalText(200, '地址'),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    cellId: idSchema.optional(),
    photos: z.array(citizenPhotoRefSchema).max(CITIZEN_MAX_PHOTOS, { error: `照片最多 ${CITIZEN_MAX_PHOTOS} 张` }).default([]),
    name: optionalText(50, '姓名'),
    mobile: z
      .union([mobileSchema, z.literal('')])
      .optional()
      .transform((v) => (v ? v : undefined)),
    /** The proof of work, when the tenant asks for one (citizen-pow.ts). */
    proof: citizenProofSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.lon === undefined) !== (v.lat === undefined)) ctx.addIssue({ code: 'custom', path: ['lat'], message: '经度和纬度须同时提供' });
    if (v.lon === undefined && v.cellId === undefined && !v.address) ctx.addIssue({ code: 'custom', path: ['address'], message: '请定位、在地图上点选位置或填写地址' });
  });
export type CitizenReportInput = z.input<typeof citizenReportSchema>;
export type CitizenReportData = z.output<typeof citizenReportSchema>;

/** Look-up by 受理编号 and the last 4 digits of the mobile given with the report. */
export const citizenLookupSchema = z.object({
  ticket: z.string().trim().toUpperCase().regex(/^[A-Z]{2}\d{6,20}$/, { error: '受理编号格式不正确，请核对（如 WG20261118000123）' }),
  last4: z.string().trim().regex(/^\d{4}$/, { error: '请输入手机号码后 4 位数字' }),
});

/** The private link's token (in the address after /p/<tenant>/t/). */
export const citizenTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, { error: '链接无效，请核对短信或受理回执中的链接' });

/** 回访 by the citizen through the private link. */
export const citizenRatingSchema = z.object({
  rating: z.enum(GRID_RATINGS, { error: '请选择满意、基本满意或不满意' }),
  comment: optionalText(500, '评价意见'),
});

/** "可能已有人反映 — 加入关注": the follower may leave a name and mobile to get the feedback too. */
export const citizenFollowSchema = z.object({
  name: optionalText(50, '姓名'),
  mobile: z
    .union([mobileSchema, z.literal('')])
    .optional()
    .transform((v) => (v ? v : undefined)),
  proof: citizenProofSchema.optional(),
});

/** Open problems near a point, for the duplicate suggestion. */
export const nearbyQuerySchema = z.object({
  categoryId: z.coerce.number().int().positive({ error: '请选择问题类别' }),
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
});

/** Staff merge a duplicate into the problem that stays. */
export const mergeProblemSchema = z
  .object({ intoId: bigIdSchema.optional(), intoTicket: z.string().trim().toUpperCase().max(40).optional(), note: z.string().trim().max(500).optional() })
  .refine((v) => v.intoId !== undefined || !!v.intoTicket, { path: ['intoTicket'], error: '请填写要并入的问题的受理编号' });

/** What staff hid from the public view of a problem, as the problem page lists it. */
export type RedactionView = { id: string; kind: 'text' | 'photo'; text: string | null; photoId: number | null; reason: string; byName: string | null; at: string };

/** Staff hide a photo or a sentence from the public view, with the reason (the reporter is told). */
export const moderationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('photo'), photoId: bigIdSchema, reason: z.string().trim().min(2, { error: '请写明隐去照片的原因' }).max(200) }),
  z.object({ kind: z.literal('text'), text: z.string().trim().min(2, { error: '请选出要隐去的文字（至少 2 个字）' }).max(500), reason: z.string().trim().min(2, { error: '请写明隐去文字的原因' }).max(200) }),
]);
export type ModerationInput = z.infer<typeof moderationSchema>;

/** What replaces a hidden sentence in everything the public sees. */
export const REDACTED_MARK = '【该内容已隐去】';

/** The text as the public sees it: every hidden sentence replaced (longest first, so overlapping ones all go). */
export function redactText(text: string | null, hidden: readonly string[]): string | null {
  if (text === null) return null;
  let out = text;
  for (const h of [...hidden].filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(h).join(REDACTED_MARK);
  return out;
}

/**
 * Free text as the public reads it, on the citizens' pages and through Open311 alike: the sentences staff hid, then
 * personal data (mobiles, ID numbers, e-mail, landlines) masked.
 */
export function publicText(text: string | null, hidden: readonly string[] = []): string | null {
  const moderated = redactText(text, hidden);
  return moderated === null ? null : redactPersonalText(moderated);
}

/** Whether the last 4 digits typed match the stored number (both compared digit for digit). */
export function lastFourMatches(mobile: string | null, last4: string): boolean {
  if (!mobile || !/^\d{4}$/.test(last4)) return false;
  const digits = mobile.replace(/\D/g, '');
  return digits.length >= 4 && digits.slice(-4) === last4;
}

/** A cluster: `reports` of one category in one cell within the window reach the threshold. */
export function clusterReached(reports: number, threshold: number): boolean {
  return reports >= threshold;
}

/**
 * Roles that must call a citizen back and so may see the full number (each time traced): the district platform
 * (督查办) and the 网格长 of the problem's level. Everyone else sees 138****1234.
 */
export const UNMASK_ROLES = ['supervisor', 'grid_leader'] as const;

/** A step on the citizen's public timeline (受理, 派遣 to a unit, 处置 with the after-photos, 结案, 回访, 合并). */
export type PublicStep = { at: string; label: string; text: string | null; unitName: string | null; photos: string[] };

/** What the public sees of a problem: no personal data, no internal notes. */
export type PublicProblem = {
  ticket: string;
  status: GridStatus;
  statusLabel: string;
  categoryName: string;
  description: string;
  address: string | null;
  cellName: string | null;
  reportedAt: string;
  closedAt: string | null;
  rating: GridRating | null;
  /** The citizen may rate now (it is 结案 and not yet rated through this link). */
  canRate: boolean;
  /** A merged problem shows the one it was merged into. */
  mergedIntoTicket: string | null;
  photos: string[];
  steps: PublicStep[];
};

/** The public name of each timeline step's action (others stay internal). */
export const PUBLIC_STEP_LABELS: Record<string, string> = {
  report: '已受理（登记）',
  accept: '已受理',
  register: '已立案',
  reject: '不予立案',
  dispatch: '已派遣',
  handle: '已处置',
  verify: '已结案',
  instant: '已当场处置并结案',
  escalate: '已报上级协调',
  park: '暂缓办理',
  unpark: '恢复办理',
  visit: '已回访',
  merge: '已合并',
  merged_in: '合并了重复反映',
  follow: '有群众加入关注',
  matter_closed: '督办办结',
  supervise: '转入督办',
};

/** The answer to a citizen's report: the ticket and the private link (shown once; not stored in clear). */
export type CitizenReportResult = { ticket: string; token: string; link: string; existing: boolean };

/** A nearby open problem offered as a possible duplicate (no personal data). */
export type NearbyProblem = { ticket: string; categoryName: string; description: string; distanceM: number; statusLabel: string; reportedAt: string; followers: number };

/** A recently resolved problem for the public page. */
export type ResolvedProblem = { ticket: string; categoryName: string; description: string; area: string | null; reportedAt: string; closedAt: string; days: number; afterPhoto: string | null };
