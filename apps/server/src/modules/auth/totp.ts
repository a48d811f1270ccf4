import { randomBytes } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import { sha256 } from '../../lib/crypto';

/** Codes from one step either side of now are accepted (a phone's clock drifts, a person types slowly). */
const TOLERANCE_SECONDS = 30;
const ISSUER = 'Duban 智慧督查';

/** A new base32 TOTP secret (20 bytes, as authenticator apps expect). */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI and its QR code (an SVG data URL, drawn here: nothing leaves the server). */
export async function totpProvisioning(secret: string, username: string): Promise<{ otpauthUri: string; qrDataUrl: string }> {
  const otpauthUri = generateURI({ issuer: ISSUER, label: username, secret });
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}` };
}

/** The time step a valid code belongs to, or null; a step at or before `lastStep` is a replay and refused. */
export function acceptTotp(secret: string, code: string, at: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const r = verifySync({ secret, token: code, epoch: Math.floor(at.getTime() / 1000), epochTolerance: TOLERANCE_SECONDS });
  if (!r.valid || !('timeStep' in r)) return null;
  return lastStep !== null && r.timeStep <= lastStep ? null : r.timeStep;
}

/** The current code for a secret (tests, and the demo's documented secrets). */
export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** Ten single-use recovery codes, `xxxxx-xxxxx` (lower-case base32), to be shown once. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The stored form of a recovery code: SHA-256 of its normalised text (50 random bits, tried under the sign-in lock-out: no slow hash needed). */
export function recoveryCodeHash(code: string): string {
  return sha256(code.trim().toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** True when the text looks like a recovery code rather than a six-digit TOTP code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code.trim());
}
