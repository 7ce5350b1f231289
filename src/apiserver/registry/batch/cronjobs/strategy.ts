import { invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { CronError, isKnownTimeZone, parseStandardCron } from '../../../../api/cron/schedule.js';
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { goLabelSelector } from '../../../../api/validation/go-value.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { nonNegative } from '../../../../api/validation/numbers.js';
import { age, AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import { formatLabelSelector, wideColumns } from '../../../table/workload-columns.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { keepStatus, podNameWarnings, resetStatus } from '../../workload-status.js';
import { validateJobSpec, type JobSpec } from '../job-spec.js';

type CronJobSpec = {
  schedule?: string;
  timeZone?: string | null;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: Record<string, unknown>; spec?: JobSpec & { selector?: LabelSelectorSpec | null } };
};
type CronJob = KubeObject & { spec?: CronJobSpec; status?: { active?: unknown[]; lastScheduleTime?: string } };

/** SetDefaults_CronJob (the job template's spec is not a Job: only its pod template is defaulted). */
function applyDefaults(o: KubeObject): void {
  const spec = ((o as CronJob).spec ??= {});
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultPodTemplateSpec(spec.jobTemplate?.spec?.template);
}

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
/** IANA naming rules for each part of a zone name (upstream validTimeZoneCharacters). */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateScheduleFormat, first part: the schedule parses as upstream's cron parser parses it. */
export function validateScheduleSyntax(schedule: string): FieldError[] {
  try {
    parseStandardCron(schedule);
    return [];
  } catch (err) {
    if (!(err instanceof CronError)) throw err;
    return [invalid('spec.schedule', schedule, err.message)];
  }
}

/** validateScheduleFormat, second part: no TZ= unless the stored schedule already had one. */
export function validateScheduleTZ(schedule: string, allowTZ: boolean, timeZone: string | null | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined && timeZone !== null) {
    errors.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errors.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errors;
}

/** validateTimeZone: an explicit IANA zone the host's time zone database knows. */
export function validateTimeZone(timeZone: string | null | undefined): FieldError[] {
  const path = 'spec.timeZone';
  if (timeZone === undefined || timeZone === null) return [];
  if (timeZone === '') return [invalid(path, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) return [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
  }
  const errors: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') errors.push(invalid(path, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  if (!isKnownTimeZone(timeZone)) errors.push(invalid(path, timeZone, `unknown time zone ${timeZone}`));
  return errors;
}

/**
 * validateCronJobSpec without the rules that depend on the stored object (the `TZ` in schedule
 * and time zone checks: `validateZones`).
 */
function validateSpec(o: KubeObject): FieldError[] {
  const spec = (o as CronJob).spec ?? {};
  const errors: FieldError[] = [];
  const schedule = spec.schedule ?? '';
  if (schedule === '') errors.push(required('spec.schedule', ''));
  else errors.push(...validateScheduleSyntax(schedule));
  errors.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  const policy = spec.concurrencyPolicy ?? '';
  if (policy === '') errors.push(required('spec.concurrencyPolicy', ''));
  else if (!CONCURRENCY_POLICIES.includes(policy)) errors.push(notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  // ValidateJobTemplateSpec: a job spec whose selector is always generated.
  const jobSpec = spec.jobTemplate?.spec ?? {};
  errors.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec.selector !== undefined && jobSpec.selector !== null) errors.push(invalid('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) errors.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errors.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errors.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errors;
}

/** The schedule and time zone rules; `old` is the stored spec on updates. */
function validateZones(spec: CronJobSpec, old: CronJobSpec | undefined): FieldError[] {
  const schedule = spec.schedule ?? '';
  const errors = schedule === '' ? [] : validateScheduleTZ(schedule, (old?.schedule ?? '').includes('TZ'), spec.timeZone);
  if (!old || (old.timeZone ?? null) !== (spec.timeZone ?? null)) errors.push(...validateTimeZone(spec.timeZone));
  return errors;
}

/** Jobs are named `<cronjob>-<11 characters>`, and must stay within 63. */
const MAX_NAME_LENGTH = 52;

export const cronJobStrategy: ResourceStrategy = {
  group: 'batch',
  resource: 'cronjobs',
  kind: 'CronJob',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  warningsOnCreate: podNameWarnings,
  applyDefaults,
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  validate: validateSpec,
  // ValidateCronJobCreate: the 52-character name limit applies to new CronJobs only.
  validateCreate: (o) => {
    const errors = validateZones((o as CronJob).spec ?? {}, undefined);
    const name = o.metadata.name ?? '';
    if (name.length > MAX_NAME_LENGTH) errors.push(invalid('metadata.name', name, `must be no more than ${MAX_NAME_LENGTH} characters`));
    return errors;
  },
  validateUpdate: (o, old) => validateZones((o as CronJob).spec ?? {}, (old as CronJob).spec ?? {}),
};

const spec = (o: KubeObject): CronJobSpec => (o as CronJob).spec ?? {};

/** upstream printBoolPtr. */
const printBoolPtr = (value: boolean | undefined): string => (value === undefined ? '<unset>' : value ? 'True' : 'False');

export const cronJobColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Schedule', type: 'string', description: 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.', cell: (o) => spec(o).schedule ?? '' },
  { name: 'Timezone', type: 'string', description: 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones', cell: (o) => spec(o).timeZone ?? '<none>' },
  { name: 'Suspend', type: 'boolean', description: 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', cell: (o) => printBoolPtr(spec(o).suspend) },
  { name: 'Active', type: 'integer', description: 'A list of pointers to currently running jobs.', cell: (o) => (o as CronJob).status?.active?.length ?? 0 },
  {
    name: 'Last Schedule',
    type: 'string',
    description: 'Information when was the last time the job was successfully scheduled.',
    cell: (o, now) => {
      const last = (o as CronJob).status?.lastScheduleTime;
      return last ? age({ metadata: { creationTimestamp: last } }, now) : '<none>';
    },
  },
  AGE_COLUMN,
  ...wideColumns((o) => spec(o).jobTemplate?.spec?.template?.spec?.containers, (o) => formatLabelSelector(spec(o).jobTemplate?.spec?.selector)),
];
