/**
 * Category names in the UI language: the name a project gave a category, else the built-in
 * label from the dictionaries, else (a category the project does not know) its id.
 */
import { categoryDefinition, isBuiltInCategory, type CategoryDefinition } from '../domain/categories';
import type { MessageKey } from '../i18n';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function categoryLabelIn(categories: readonly CategoryDefinition[], id: string, t: Translate): string {
  const definition = categoryDefinition(categories, id);
  if (definition.label !== null) return definition.label;
  return isBuiltInCategory(definition.id) ? t(`category.${definition.id}` as MessageKey) : definition.id;
}
