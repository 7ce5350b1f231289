/** The kubelet's container probes: what the core wires (see manager.ts for the contract). */
export { ProbeManager, type PodStatusProvider, type ProbeManagerOptions } from './manager.js';
export { ResultsManager, type ResultListener, type ResultUpdate } from './results.js';
export { probeKillFor, type ProbeKill } from './kill.js';
export { Prober, type ProbeEventRecorder, type ProbeOutcome } from './prober.js';
export type { ExecRunner } from './exec-probe.js';
export type { ProbeContainerStatus, ProbePod, ProbePodStatus, ProbeResult, ProbeType } from './types.js';
export { httpGet, newRequestForHTTPGetAction, HttpGetError, type HttpGetRequest, type HttpGetResponse } from './http-get.js';
export { containerRef, podRef, runtimeContainerId } from '../container-ref.js';
export { expandCommandOnlyStatic } from './expand.js';
export { formatPod } from '../go-format.js';
