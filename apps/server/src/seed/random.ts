/** A small seeded PRNG (mulberry32): the demo and bench data are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one element with the given PRNG. */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** An integer in [min, max]. */
export function between(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建文红梅宇晨浩然欣怡子涵思远志国海燕佳慧博俊峰雪琳振东晓光新民春雷立新卫东红旗永胜建华丽娟凯旋瑞敏';

/** A plausible Chinese name (fictional). */
export function chineseName(rand: () => number): string {
  const surname = pick(rand, [...SURNAMES]);
  const given = Array.from({ length: rand() < 0.35 ? 1 : 2 }, () => pick(rand, [...GIVEN])).join('');
  return surname + given;
}

/** A plausible mainland mobile number (fictional, 1xx-prefixed). */
export function mobileNumber(rand: () => number): string {
  const prefix = pick(rand, ['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '186', '187', '188', '189']);
  return prefix + String(Math.floor(rand() * 1e8)).padStart(8, '0');
}
