import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ENUM_EN, ENUM_ZH } from './enumLabels';
import { zh } from './zh';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'duban.lang';

/** The language the user chose last, Chinese by default. */
export function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

document.documentElement.lang = initialLang() === 'zh' ? 'zh-CN' : 'en';
void i18n.use(initReactI18next).init({
  resources: { zh: { translation: { ...zh, enum: ENUM_ZH } }, en: { translation: { ...en, enum: ENUM_EN } } },
  lng: initialLang(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});

/** Switches the UI language and remembers it. */
export function setLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export { i18n };
