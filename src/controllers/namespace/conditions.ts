/**
 * The status conditions the namespace controller keeps on a Terminating namespace (model:
 * upstream namespace/deletion/status_condition_utils.go; types, reasons and messages copied).
 * Pure: collects what went wrong during one deletion pass and merges it into the conditions.
 */

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export const NamespaceDeletionDiscoveryFailure = 'NamespaceDeletionDiscoveryFailure';
export const NamespaceDeletionGVParsingFailure = 'NamespaceDeletionGroupVersionParsingFailure';
export const NamespaceDeletionContentFailure = 'NamespaceDeletionContentFailure';
export const NamespaceContentRemaining = 'NamespaceContentRemaining';
export const NamespaceFinalizersRemaining = 'NamespaceFinalizersRemaining';

/** Every condition type the controller maintains, in upstream's order. */
const CONDITION_TYPES = [
  NamespaceDeletionDiscoveryFailure,
  NamespaceDeletionGVParsingFailure,
  NamespaceDeletionContentFailure,
  NamespaceContentRemaining,
  NamespaceFinalizersRemaining,
];

const OK_MESSAGES: Record<string, string> = {
  [NamespaceDeletionDiscoveryFailure]: 'All resources successfully discovered',
  [NamespaceDeletionGVParsingFailure]: 'All legacy kube types successfully parsed',
  [NamespaceDeletionContentFailure]: 'All content successfully deleted, may be waiting on finalization',
  [NamespaceContentRemaining]: 'All content successfully removed',
  [NamespaceFinalizersRemaining]: 'All content-preserving finalizers finished',
};

const OK_REASONS: Record<string, string> = {
  [NamespaceDeletionDiscoveryFailure]: 'ResourcesDiscovered',
  [NamespaceDeletionGVParsingFailure]: 'ParsedGroupVersions',
  [NamespaceDeletionContentFailure]: 'ContentDeleted',
  [NamespaceContentRemaining]: 'ContentRemoved',
  [NamespaceFinalizersRemaining]: 'ContentHasNoFinalizers',
};

/** What remains after a pass: instances per resource (`resource.group`) and per finalizer. */
export interface ContentTotals {
  remainingByResource: Map<string, number>;
  remainingByFinalizer: Map<string, number>;
}

/** Collects one deletion pass's failures (upstream's namespaceConditionUpdater). */
export class NamespaceConditionUpdater {
  private readonly newConditions: NamespaceCondition[] = [];
  private readonly deleteContentErrors: string[] = [];

  constructor(private readonly now: () => string) {}

  /** `failedGroups` as upstream's ErrGroupDiscoveryFailed: group version → error. */
  processDiscoverResourcesErr(failedGroups: ReadonlyMap<string, string>): void {
    const detail = [...failedGroups].map(([gv, err]) => `${gv}: ${err}`).join(', ');
    const message = `Discovery failed for some groups, ${failedGroups.size} failing: unable to retrieve the complete list of server APIs: ${detail}`;
    this.newConditions.push({ type: NamespaceDeletionDiscoveryFailure, status: 'True', lastTransitionTime: this.now(), reason: 'DiscoveryFailed', message });
  }

  processGroupVersionErr(message: string): void {
    this.newConditions.push({ type: NamespaceDeletionGVParsingFailure, status: 'True', lastTransitionTime: this.now(), reason: 'GroupVersionParsingFailed', message });
  }

  processDeleteContentErr(message: string): void {
    this.deleteContentErrors.push(message);
  }

  processContentTotals(totals: ContentTotals): void {
    const byResource = [...totals.remainingByResource].filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
    if (totals.remainingByResource.size > 0) {
      this.newConditions.push({
        type: NamespaceContentRemaining,
        status: 'True',
        lastTransitionTime: this.now(),
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${byResource.join(', ')}`,
      });
    }
    const byFinalizer = [...totals.remainingByFinalizer].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
    if (totals.remainingByFinalizer.size > 0) {
      this.newConditions.push({
        type: NamespaceFinalizersRemaining,
        status: 'True',
        lastTransitionTime: this.now(),
        reason: 'SomeFinalizersRemain',
        message: `Some content in the namespace has finalizers remaining: ${byFinalizer.join(', ')}`,
      });
    }
  }

  /** Merges into `conditions` (mutated); true when anything changed. */
  update(conditions: NamespaceCondition[]): boolean {
    if (!this.newConditions.some((c) => c.type === NamespaceDeletionContentFailure) && this.deleteContentErrors.length > 0) {
      const messages = [...this.deleteContentErrors].sort();
      this.newConditions.push({
        type: NamespaceDeletionContentFailure,
        status: 'True',
        lastTransitionTime: this.now(),
        reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${messages.length} remaining: ${messages.join(', ')}`,
      });
    }
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const next = this.newConditions.find((c) => c.type === type) ?? {
        type,
        status: 'False' as const,
        lastTransitionTime: this.now(),
        reason: OK_REASONS[type],
        message: OK_MESSAGES[type],
      };
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push(next);
        changed = true;
      } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
        if (old.status !== next.status) old.lastTransitionTime = this.now();
        old.status = next.status;
        old.reason = next.reason;
        old.message = next.message;
        changed = true;
      }
    }
    return changed;
  }
}
