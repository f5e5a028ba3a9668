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
