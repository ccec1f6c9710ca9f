/**
 * Documents the graph does not serve get a 400 and a contract code, never a 500 (docs/contract.md,
 * "Errors"): validation rules (rules.ts) and the choice of the operation to run (operation-choice.ts).
 */
export {
  KnownOperationTypesRule,
  NoNulInStringsRule,
  NoShadowingAliasesRule,
  documentValidationRules,
  fieldNamesByType,
  nulInVariables,
} from './rules.js';
export { operationChoicePlugin } from './operation-choice.js';
