import type { HelpSetting, HelpType } from './types';

export interface HelpTypeDefinition {
  id: HelpType;
  /** Paragraph of SGB VIII as written in office statistics, e.g. "§ 34". */
  paragraph: string;
  setting: HelpSetting;
  /** True for help outside the family home (Fremdunterbringung). */
  outOfHome: boolean;
}

/** Help types of SGB VIII used in the Kinder- und Jugendhilfestatistik. Labels: i18n `help.<id>`. */
export const HELP_TYPES: readonly HelpTypeDefinition[] = [
  { id: '27.2', paragraph: '§ 27 Abs. 2', setting: 'ambulant', outOfHome: false },
  { id: '28', paragraph: '§ 28', setting: 'ambulant', outOfHome: false },
  { id: '29', paragraph: '§ 29', setting: 'ambulant', outOfHome: false },
  { id: '30', paragraph: '§ 30', setting: 'ambulant', outOfHome: false },
  { id: '31', paragraph: '§ 31', setting: 'ambulant', outOfHome: false },
  { id: '32', paragraph: '§ 32', setting: 'teilstationaer', outOfHome: false },
  { id: '33', paragraph: '§ 33', setting: 'stationaer', outOfHome: true },
  { id: '34', paragraph: '§ 34', setting: 'stationaer', outOfHome: true },
  { id: '35', paragraph: '§ 35', setting: 'ambulant', outOfHome: false },
  { id: '35a', paragraph: '§ 35a', setting: 'ambulant', outOfHome: false },
  { id: '41', paragraph: '§ 41', setting: 'stationaer', outOfHome: true },
];

export function helpTypeById(id: HelpType): HelpTypeDefinition {
  const found = HELP_TYPES.find((helpType) => helpType.id === id);
  if (!found) throw new Error(`Unknown help type "${id}"`);
  return found;
}

/**
 * The help type an office table writes: "§ 34", "34", "§34 SGB VIII", "§ 27 Abs. 2", "27.2",
 * "35a", "§ 35 a"; null when it names none of `HELP_TYPES`.
 */
export function parseHelpType(raw: string | number | null | undefined): HelpType | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw).toLowerCase().replace(/sgb\s*viii/g, '').replace(/§/g, '').trim();
  if (text === '') return null;
  if (/^27\s*(abs\.?\s*2|\.\s*2|\(2\)|,\s*2)$/.test(text)) return '27.2';
  const match = /^(\d{2})\s*(a)?\b/.exec(text);
  if (!match) return null;
  const id = `${match[1]}${match[2] ?? ''}`;
  return HELP_TYPES.some((definition) => definition.id === id) ? (id as HelpType) : null;
}
