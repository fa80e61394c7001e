// The rules file and the condition language of alerts (docs/alert-rules.md): what the alert
// engine, the API and the CLI use.
export { type AlertChannel, CHANNEL_TYPES } from './alertChannels.js'
export { type CompiledCondition, type ConditionResult, compileCondition } from './condition.js'
export { type AlertVariables, CONDITION_VARIABLES, VARIABLE_NAMES, type VariableSpec } from './conditionVariables.js'
export { isValidMachineGlob, machineMatcher } from './machineGlob.js'
export { MISSING_VALUE, TEMPLATE_FIELDS, checkTemplate, defaultMessage, renderTemplate } from './messageTemplate.js'
export { substituteEnv } from './envSubstitution.js'
// Problems in the file are thrown as config/configError's ConfigError, as for every configuration file.
export { type AlertRule, DEFAULT_REPEAT_INTERVAL_SECONDS, SEVERITIES, type Severity, loadAlertRulesFile, parseAlertRules } from './rulesFile.js'
