import type { Channel } from '@duban/shared';
import { sendDingtalkRobot } from './dingtalk-robot';
import { sendEmail } from './email';
import { sendSms } from './sms';
import type { Sender } from './types';
import { sendWecomApp } from './wecom-app';
import { sendWecomRobot } from './wecom-robot';

/** The sender of each channel. */
export const SENDERS: Record<Channel, Sender> = {
  'wecom-robot': sendWecomRobot,
  'wecom-app': sendWecomApp,
  'dingtalk-robot': (req) => sendDingtalkRobot(req),
  sms: sendSms,
  email: sendEmail,
};
