import i18n from 'i18next';

/**
 * English for the server's stable error codes (apps/server/src/errors.ts). The server speaks Chinese;
 * in English the web shows these instead, and in Chinese it keeps the server's (often more specific) message.
 */
export const ERROR_EN: Record<string, string> = {
  validation_failed: 'Some of what you entered is not valid; please correct it as shown',
  bad_request: 'The request is malformed',
  invalid_value: 'What you entered has a number out of range or a character that is not allowed (such as a NUL); please check it',
  unauthenticated: 'Please sign in first',
  session_expired: 'Your session timed out; please sign in again',
  invalid_credentials: 'Wrong username or password',
  account_locked: 'Too many failed sign-ins: the account is locked. Try again later or ask the security administrator',
  account_disabled: 'The account is disabled; please contact the administrator',
  csrf_failed: 'The page is out of date; please reload and try again',
  forbidden: 'You are not allowed to do this',
  not_found: 'Not found',
  unit_not_found: 'Unit not found',
  person_not_found: 'Person not found',
  account_not_found: 'Account not found',
  token_not_found: 'API token not found',
  trace_not_found: 'Trace record not found',
  matter_not_found: 'Matter not found',
  category_not_found: 'Category not found',
  extension_not_found: 'Extension request not found',
  category_name_taken: 'A category with this name already exists',
  category_in_use: 'Matters use this category, so it cannot be deleted; disable it instead',
  password_policy: 'The new password does not meet the password policy',
  wrong_password: 'The current password is wrong',
  role_conflict: 'These roles cannot be held together',
  username_taken: 'The username is taken',
  unit_has_children: 'The unit still has sub-units or people and cannot be deleted',
  unit_name_taken: 'A unit with this name already exists under the same parent',
  unit_in_use: 'Matters or other records refer to this unit, so it cannot be deleted; disable it instead',
  division_parent: 'A division or section must belong to a unit',
  unit_cycle: 'The parent unit cannot be the unit itself or one below it',
  version_conflict: 'Someone else changed this record; please reload and try again',
  invalid_transition: 'This action is not possible in the current state',
  import_failed: 'Import failed: the sheet has errors and nothing was imported',
  calendar_import_failed: 'Import failed: the calendar file has errors and no dates were imported',
  file_too_large: 'The file is too large',
  unsupported_file_type: 'This file type is not supported',
  unsupported_media_type: 'This request format is not supported',
  attachment_not_found: 'Attachment not found',
  attachment_not_available: 'Attachment not available: use only your own uploads not yet attached elsewhere',
  notice_not_found: 'Supervision notice not found',
  not_notice_recipient: 'You are not a recipient of this notice and cannot sign for it',
  campaign_not_found: 'Inspection campaign not found',
  rate_limited: 'Too many requests; please try again later',
  request_timeout: 'The request timed out; please try again',
  headers_too_large: 'The request headers are too large',
  inbox_message_not_found: 'Message not found',
  delivery_not_found: 'Delivery not found',
  delivery_not_retryable: 'Only failed or abandoned deliveries can be sent again',
  channel_not_ready: 'The channel is not enabled or not fully configured',
  report_not_found: 'Report not found',
  report_published: 'The report has been issued and can no longer be changed or deleted',
  report_campaign_not_found: 'Inspection campaign not found',
  internal_error: 'Server error; please try again later',
};

/** The message to show for an API error: English by code when the UI is in English, else the server's own. */
export function errorMessage(code: string, serverMessage: string | undefined, status: number): string {
  const known = i18n.language === 'en' ? ERROR_EN[code] : undefined;
  return known ?? serverMessage ?? (i18n.language === 'en' ? `Request failed (${status})` : `请求失败（${status}）`);
}
