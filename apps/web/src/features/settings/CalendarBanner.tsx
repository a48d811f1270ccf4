import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCalendarCoverage } from '../../api/settings';

/** Workbench notice for calendar admins: next year's (or a deadline year's) holiday notice is not entered yet. */
export function CalendarBanner() {
  const { t } = useTranslation();
  const { data } = useCalendarCoverage();
  if (!data || data.missingYears.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-banner"
      message={t('calendar.missing', { years: data.missingYears.join(t('common.listSep')) })}
      description={
        <>
          {data.provisionalMatters > 0 ? t('calendar.provisionalMatters', { count: data.provisionalMatters }) : t('calendar.missingHelp')}{' '}
          <Link to="/settings/calendar">{t('calendar.goEnter')}</Link>
        </>
      }
    />
  );
}
